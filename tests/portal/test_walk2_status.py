"""A statement answered 调节后相符 does not say "Confirmed (agreed)": the books differed and items explain it."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from tests.fixtures.signing import sign_redirect
from tests.portal.test_answer_pages import (
    _form,
    statement,  # noqa: F401  (the fixture)
)
from tests.statements.test_reconciled_answer import BOOK, DURING, ITEMS

pytestmark = pytest.mark.django_db


def test_the_status_says_agreed_after_adjustment(client, statement, client_a):
    client.force_login(client_a)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with time_machine.travel(DURING, tick=False):
        sign_redirect(
            client, client.post(reverse("portal:statement-adjusted", args=[statement.pk]), _form(BOOK, ITEMS))
        )
        page = client.get(reverse("portal:statement-detail", args=[statement.pk])).content.decode()
    assert "Confirmed (agreed after adjustment)" in page
    assert "Confirmed (agreed)<" not in page


def test_a_plain_agreement_still_says_agreed(client, statement, client_a):
    client.force_login(client_a)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with time_machine.travel(DURING, tick=False):
        sign_redirect(client, client.post(reverse("portal:statement-agree", args=[statement.pk])))
        page = client.get(reverse("portal:statement-detail", args=[statement.pk])).content.decode()
    assert "Confirmed (agreed)<" in page
