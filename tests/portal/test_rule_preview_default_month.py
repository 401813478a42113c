"""A rule preview without dates runs over the latest month with the account's bank lines (else last month) and says
which month it used. Before, it always took last month, where a new company (and the demo) has no lines yet: 0."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from reconcile.selectors.rules import last_month
from reconcile.services.rules import match_rule_create
from tests.factories import BankAccountFactory, api_key
from tests.fixtures.rule_books import import_rows

pytestmark = pytest.mark.django_db

BANK = [("2026-10-05", "手续费", "20.00", "", "", "SN2"), ("2026-10-20", "手续费", "15.00", "", "", "SN3")]
JOURNAL = [("2026-10-07", "记-2", "银行手续费", "", "20.00", ""), ("2026-10-21", "记-3", "银行手续费", "", "15.00", "")]


def _fee_rule(actor, account=None):
    fields = {"kind": "match", "pattern": "手续费", "max_amount": "50", "days": 3}
    if account is not None:
        fields["account_id"] = account.pk
    return match_rule_create(actor=actor, fields=fields)


def _page(client, rule, language: str, **params) -> str:
    url = reverse("portal:match-rule-preview", args=[rule.pk])
    return client.get(url, params, headers={"accept-language": language}).content.decode()


def test_the_page_uses_the_latest_month_with_lines_and_says_so(client, account_a, accountant_a):
    import_rows(account_a, accountant_a, BANK, JOURNAL)
    rule = _fee_rule(accountant_a, account_a)
    client.force_login(accountant_a)
    page = _page(client, rule, "en")
    assert "This rule would have matched 4 lines from 2026-10-01 to 2026-10-31." in page
    assert "No dates chosen: the preview uses 2026-10, the latest month with bank lines of this account." in page
    assert 'name="date_from" value="2026-10-01"' in page and 'name="date_to" value="2026-10-31"' in page


def test_the_chinese_page_counts_the_same_month(client, account_a, accountant_a):
    import_rows(account_a, accountant_a, BANK, JOURNAL)
    rule = _fee_rule(accountant_a, account_a)
    client.force_login(accountant_a)
    page = _page(client, rule, "zh-hans")
    assert "此规则在 2026-10-01 至 2026-10-31 期间会勾对 4 笔明细。" in page
    assert "未选择日期：预览使用 2026-10，即本账户有银行明细的最近一个月。" in page and "No dates chosen" not in page


def test_chosen_dates_are_kept_and_no_default_is_announced(client, account_a, accountant_a):
    import_rows(account_a, accountant_a, BANK, JOURNAL)
    rule = _fee_rule(accountant_a, account_a)
    client.force_login(accountant_a)
    page = _page(client, rule, "en", date_from="2026-10-10", date_to="2026-10-31")
    assert "This rule would have matched 2 lines from 2026-10-10 to 2026-10-31." in page
    assert "No dates chosen" not in page


def test_a_company_wide_rule_skips_a_first_account_without_lines(client, customer_a, accountant_a):
    first = BankAccountFactory(customer=customer_a, number="31050161373600000009")
    with_lines = BankAccountFactory(customer=customer_a, number="31050161373600000010")
    import_rows(with_lines, accountant_a, BANK, JOURNAL)
    rule = _fee_rule(accountant_a)
    client.force_login(accountant_a)
    page = _page(client, rule, "en")
    assert first.pk < with_lines.pk
    assert f'<option value="{with_lines.pk}" selected>' in page and "matched 4 lines" in page


def test_without_lines_it_is_last_month_and_says_why(client, account_a, accountant_a):
    rule = _fee_rule(accountant_a, account_a)
    client.force_login(accountant_a)
    page = _page(client, rule, "en")
    first, last = last_month(timezone.localdate())
    assert f"No dates chosen: the preview uses last month ({first:%Y-%m}); this account has no bank lines yet." in page
    assert f"from {first} to {last}." in page


def test_the_api_uses_the_latest_month_with_lines(account_a, accountant_a):
    import_rows(account_a, accountant_a, BANK, JOURNAL)
    rule = _fee_rule(accountant_a, account_a)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(accountant_a)}", HTTP_ACCEPT_LANGUAGE="en")
    body = api.get(f"/api/v1/match-rules/{rule.pk}/preview").json()
    assert (body["date_from"], body["date_to"], body["matched_lines"]) == ("2026-10-01", "2026-10-31", 4)


def test_the_month_of_the_latest_line_ends_on_its_last_day(account_a, accountant_a):
    from reconcile.selectors.rules import preview_month

    import_rows(account_a, accountant_a, [("2026-02-03", "手续费", "20.00", "", "", "SN1")], JOURNAL)
    assert preview_month(account_a, dt.date(2026, 12, 6)) == (dt.date(2026, 2, 1), dt.date(2026, 2, 28), True)
