"""The rule preview's ?account= of a company-wide rule on hostile input: digits that are no account of the company's
are a 404 (as another company's account is); a value that is not ASCII digits chooses nothing, as letters do (the
default account); never a 500 (``int("²")`` raised though ``"²".isdigit()``)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reconcile.services.rules import match_rule_create

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("raw", "status"), [("²", 200), ("٣", 200), ("abc", 200), ("9999999999999999999", 404)])
def test_an_account_that_is_no_id_is_not_found(client, account_a, accountant_a, raw, status):
    rule = match_rule_create(actor=accountant_a, fields={"kind": "match", "pattern": "手续费", "days": 3})
    client.force_login(accountant_a)
    response = client.get(reverse("portal:match-rule-preview", args=[rule.pk]), {"account": raw})
    assert response.status_code == status
