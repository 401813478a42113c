"""A rule preview's reason writes the amount as the pages write money, with thousands separators (200,000.00), not
as the engine stores it (200000.00)."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from reconcile.reasons import reasons_text
from reconcile.services.rules import match_rule_create
from tests.fixtures.rule_books import import_rows

pytestmark = pytest.mark.django_db

BANK = [("2026-10-05", "设备款", "200000.00", "", "", "SN2")]
JOURNAL = [("2026-10-06", "记-2", "设备款", "", "200000.00", "")]


def test_the_preview_reason_formats_the_amount(client, account_a, accountant_a):
    import_rows(account_a, accountant_a, BANK, JOURNAL)
    rule = match_rule_create(
        actor=accountant_a, fields={"kind": "match", "pattern": "设备款", "account_id": account_a.pk, "days": 3}
    )
    client.force_login(accountant_a)
    url = reverse("portal:match-rule-preview", args=[rule.pk])
    page = html.unescape(client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert f"rule #{rule.pk}: “设备款”, amount 200,000.00, dates 1 day apart" in page
    assert "200000.00" not in page


@pytest.mark.usefixtures("english")
def test_a_fee_reason_formats_the_difference():
    [text] = reasons_text(["金额相差 1234.50（可能为手续费）amount differs by 1234.50, possibly a bank fee"])
    assert text == "the amounts differ by 1,234.50, possibly a bank fee"
