"""The supervisory return rate's page and Excel export: bank operations only, laid out like the return-rate export,
and every text a branch or customer name carries kept as a string cell."""

from __future__ import annotations

import io
import re

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from portal.models import Role
from reconcile.models import BankAccount, Customer
from statements.render.supervisory_xlsx import EXCLUDED_SHEET, FOLLOW_UP_SHEET, RATES_SHEET
from tests.factories import make_user
from tests.fixtures.hostile import FORMULA_TEXTS
from tests.fixtures.supervisory import BJ, SH, TODAY, book  # noqa: F401 - book is a fixture

pytestmark = pytest.mark.django_db
PAGE, EXPORT = "portal:ops-supervisory-rate", "portal:ops-supervisory-rate-export"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY.isoformat() + " 10:00 +0800", tick=False):
        yield


def workbook(data: bytes):
    return load_workbook(io.BytesIO(data))


@pytest.mark.parametrize("name", [PAGE, EXPORT])
def test_only_bank_operations_see_it(client, book, client_a, client_b, accountant_a, name):
    for user in (client_a, client_b, accountant_a, make_user("feed", [Role.BANK_FEED])):
        client.force_login(user)
        assert client.get(reverse(name)).status_code == 403, user
    client.logout()
    anonymous = client.get(reverse(name))
    assert anonymous.status_code == 302 and reverse("portal:login") in anonymous["Location"]


@pytest.mark.parametrize("name", [PAGE, EXPORT])
def test_a_password_only_bank_officer_is_sent_to_the_second_factor(client, ops, settings, name):
    settings.BANK_STAFF_REQUIRE_2FA = True
    client.force_login(ops)
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("portal:second-factor"))


def test_page_shows_the_counts_exclusions_and_follow_up(client, ops, book):
    client.force_login(ops)
    response = client.get(reverse(PAGE), {"period": "2026-09"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    context = response.context
    assert context["period"] == "2026-09"
    september = next(r for r in context["totals"] if r.period == "2026-09")
    assert (september.due, september.received, september.deemed, september.excluded_total) == (6, 3, 2, 3)
    assert {r.branch: r.received for r in context["by_branch"]} == {SH: 3, BJ: 0}
    assert [r.tier for r in context["by_tier"]] == ["high", "normal"]
    assert context["excluded_count"] == 3 and context["follow_up_count"] == 2
    page = response.content.decode()
    for text in (
        "Supervisory return rate",
        "Account closed",
        "Account dormant",
        "Excluded account type",
        "50%",
        book[4].number,
        book[5].number,
    ):
        assert text in page, text
    # An unknown period falls back to the newest; the page never fails on it.
    other = client.get(reverse(PAGE), {"period": "=1+1<script>"})
    assert other.status_code == 200 and other.context["period"] == "2026-10"
    assert "<script>" not in other.content.decode().split("</h1>", 1)[1].split("<footer", 1)[0]


def test_page_with_nothing_dispatched(client, ops):
    client.force_login(ops)
    response = client.get(reverse(PAGE), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and "Nothing dispatched yet." in response.content.decode()


def test_export_is_laid_out_like_the_return_rate_export(client, ops, book):
    client.force_login(ops)
    response = client.get(reverse(EXPORT))
    assert response.status_code == 200 and "supervisory-return-rate.xlsx" in response["Content-Disposition"]
    wb = workbook(response.content)
    assert wb.sheetnames == [RATES_SHEET, EXCLUDED_SHEET, FOLLOW_UP_SHEET]
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2" and ws.print_title_rows == "$1:$1"
        widths = [ws.column_dimensions[chr(ord("A") + i)].width for i in range(ws.max_column)]
        assert all(w and w >= 9 for w in widths), (ws.title, widths)
    rates = wb[RATES_SHEET]
    headers = [c.value for c in rates[1]]
    assert headers[:4] == ["期间", "开户行", "风险等级", "应对账"] and rates.column_dimensions["B"].width >= 20
    rows = [[c.value for c in row] for row in rates.iter_rows(min_row=2)]
    assert [r[0] for r in rows] == ["2026-10", *["2026-09"] * 4, *["2026-08"] * 4, "2026-07"]
    assert [r[1] for r in rows[1:5]] == [SH, SH, BJ, BJ]  # within a period: branch, then tier (high first)
    sh_high = rows[1]
    rate = headers.index("有效对账回收率")
    # due, received, agreed, after adjustment, disagreed, deemed, no answer, rate, closed, dormant, type
    assert sh_high[3:] == [1, 1, 1, 0, 0, 0, 0, 1, 0, 0, 1]
    assert rates.cell(2, rate + 1).number_format == "0.0%"
    assert wb[EXCLUDED_SHEET].max_row == 1 + 4  # 2026-09: closed, dormant, type; 2026-08: dormant
    follow = [[c.value for c in row] for row in wb[FOLLOW_UP_SHEET].iter_rows(min_row=2)]
    assert [(r[0], r[4], r[5]) for r in follow] == [
        (book[4].number, 2, "2026-09、2026-08"),
        (book[5].number, 2, "2026-09、2026-08"),
    ]


@pytest.mark.parametrize("text", FORMULA_TEXTS)
def test_export_keeps_hostile_branch_and_customer_names_as_text(client, ops, book, text):
    BankAccount.objects.update(branch=text)
    Customer.objects.update(legal_name=text)
    client.force_login(ops)
    wb = workbook(client.get(reverse(EXPORT)).content)
    cells = (
        [row[1] for row in wb[RATES_SHEET].iter_rows(min_row=2)]
        + [c for row in wb[EXCLUDED_SHEET].iter_rows(min_row=2) for c in (row[2], row[3])]
        + [c for row in wb[FOLLOW_UP_SHEET].iter_rows(min_row=2) for c in (row[1], row[2])]
    )
    assert len(cells) > 10
    assert all((c.data_type, c.value) == ("s", text) and c.quotePrefix for c in cells)
    assert [c.coordinate for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"] == []


def test_export_with_a_control_character_in_a_branch_name(client, ops, book):
    # \x01, not NUL: PostgreSQL stores no NUL (the input guards refuse one anyway); XML carries neither.
    BankAccount.objects.filter(pk=book[4].pk).update(branch="北京\x01分行")
    client.force_login(ops)
    response = client.get(reverse(EXPORT))
    assert response.status_code == 200
    branches = {row[2].value for row in workbook(response.content)[FOLLOW_UP_SHEET].iter_rows(min_row=2)}
    assert "北京\ufffd分行" in branches


def test_page_with_a_nul_or_a_huge_period(client, ops, book):
    client.force_login(ops)
    nul = client.get(reverse(PAGE), {"period": "2026-09\x00"})
    assert nul.status_code == 400  # the unreadable-input guard, before the view
    huge = client.get(reverse(PAGE), {"period": "9" * 100_000})
    assert huge.status_code == 200 and huge.context["period"] == "2026-10"  # unknown: the newest period


def test_export_from_an_english_page_is_all_chinese(client, ops, book):
    """Its headers are Chinese; the risk tiers and exclusion reasons were written in the page's language ("Normal"
    under 风险等级)."""
    client.force_login(ops)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    wb = workbook(client.get(reverse(EXPORT)).content)
    texts = {row[2].value for row in wb[RATES_SHEET].iter_rows(min_row=2)}
    texts |= {row[4].value for row in wb[EXCLUDED_SHEET].iter_rows(min_row=2)}
    texts |= {row[5].value for row in wb[EXCLUDED_SHEET].iter_rows(min_row=2)}
    texts -= {None, ""}
    assert texts and all(re.search(r"[\u4e00-\u9fff]", text) for text in texts), texts
