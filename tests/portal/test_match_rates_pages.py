"""Match rates on the accountant's home and for bank operations, and their Excel exports (issue 19.5)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reconcile.models import Customer
from tests.factories import BankAccountFactory, make_user
from tests.fixtures.rates_month import END, october

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
# \x01: a control character XML cannot carry that PostgreSQL can store (a NUL never reaches the database: the
# input guards refuse it, and PostgreSQL would too).
HOSTILE = '=HYPERLINK("http://evil","click")\x01 贸易'


@pytest.fixture
def two_months(account_a, account_b):
    october(account_a)
    october(account_b)
    return account_a, account_b


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content)).worksheets[0]


def test_home_shows_charts_and_counts_of_own_accounts_only(client, two_months, accountant_a):
    account_a, account_b = two_months
    client.force_login(accountant_a)
    page = client.get(reverse("portal:reconcile"), {"rates": "2026-10-15"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page.count("<svg") >= 2 and "Match rates, 2026-10" in page
    assert account_a.number in page and account_b.number not in page
    # the account's row: 12 lines, 3 auto, 2 suggestions, 2 manual, 5 open; 6/2/1 outstanding by age
    row = page.rsplit(f"<td>{account_a.number}</td>", 1)[-1].split("</tr>")[0]  # the rates table comes last
    assert [cell.split("</td>")[0] for cell in row.split('<td class="amount">')[1:]] == [
        "12",
        "3",
        "2",
        "2",
        "5",
        "6",
        "2",
        "1",
    ]


def test_company_excel(client, two_months, accountant_a, customer_a):
    customer_a.legal_name = HOSTILE
    customer_a.save(update_fields=["legal_name"])
    client.force_login(accountant_a)
    sheet = _sheet(client.get(reverse("portal:reconcile-rates-xlsx"), {"rates": "2026-10-31"}))
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["C"].width == 36
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 12  # six months, the one account and the company total each
    october_row = next(r for r in rows if r[0].date() == END and r[1] == two_months[0].number)
    assert october_row[3:8] == (12, 3, 2, 2, 5) and october_row[12:] == (6, 2, 1)
    assert october_row[8] == pytest.approx(0.25)
    assert two_months[1].number not in {r[1] for r in rows}  # nothing of customer B
    name_cell = sheet.cell(2, 3)
    assert name_cell.data_type == "s" and name_cell.quotePrefix  # text, never a formula
    assert name_cell.value == '=HYPERLINK("http://evil","click")\ufffd 贸易'


def test_ops_sees_every_workbench_company(client, two_months, ops):
    client.force_login(ops)
    page = client.get(reverse("portal:ops-match-rates"), {"rates": "2026-10-31"}).content.decode()
    for customer in Customer.objects.all():
        assert customer.legal_name in page
    assert page.count("<svg") >= 2
    sheet = _sheet(client.get(reverse("portal:ops-match-rates-xlsx"), {"rates": "2026-10-31"}))
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert sorted(r[1] for r in rows) == sorted(c.legal_name for c in Customer.objects.all())
    assert all(r[3:8] == (12, 3, 2, 2, 5) for r in rows)


def test_ops_excel_shows_each_company_and_its_number_of_accounts_as_the_page(client, two_months, ops, customer_a):
    """The file's second column repeated the company's name where the page shows how many accounts it has."""
    october(BankAccountFactory(customer=customer_a))
    client.force_login(ops)
    page = client.get(reverse("portal:ops-match-rates"), {"rates": "2026-10-31"}, HTTP_ACCEPT_LANGUAGE="en")
    on_page = {row.company: row.accounts for row in page.context["rows"]}
    assert on_page[customer_a.legal_name] == 2
    sheet = _sheet(client.get(reverse("portal:ops-match-rates-xlsx"), {"rates": "2026-10-31"}))
    assert [cell.value for cell in sheet[1]][:4] == ["期间", "单位名称", "账户数", "本期笔数"]
    in_file = {r[1]: r[2] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert in_file == on_page


def test_ops_pages_are_for_bank_operations_only(client, two_months, accountant_a, client_a, customer_a):
    reviewer = make_user("reviewer_a", ["reviewer"], customer_a)
    feed = make_user("feed", ["bank_feed"])
    for user in (accountant_a, client_a, reviewer, feed):
        client.force_login(user)
        for name in ("portal:ops-match-rates", "portal:ops-match-rates-xlsx"):
            assert client.get(reverse(name)).status_code == 403, (user, name)


def test_client_users_cannot_export_company_rates(client, two_months, client_a, ops):
    for user in (client_a, ops):
        client.force_login(user)
        assert client.get(reverse("portal:reconcile-rates-xlsx")).status_code == 403


def test_bad_period_falls_back_to_the_newest_month(client, two_months, accountant_a):
    client.force_login(accountant_a)
    for raw in ("2026-13-40", "\x00", "9999-01-01", "x" * 5000):
        page = client.get(reverse("portal:reconcile"), {"rates": raw}, HTTP_ACCEPT_LANGUAGE="en")
        assert page.status_code in (200, 400)
        if page.status_code == 200:
            assert "Match rates, 2026-11" in page.content.decode()


@pytest.mark.parametrize("name", ["portal:ops-match-rates", "portal:ops-match-rates-xlsx"])
def test_a_password_only_bank_officer_is_sent_to_the_second_factor(client, ops, settings, name):
    settings.BANK_STAFF_REQUIRE_2FA = True
    client.force_login(ops)
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("portal:second-factor"))


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_excel_is_in_one_language_whatever_the_page(client, two_months, accountant_a, language):
    """The headers were bilingual ("期间 Period end") and the total row in the page's language ("Company total"): the
    sheet is one Chinese document, as the bank's other exports (回签率, 有效对账回收率)."""
    client.force_login(accountant_a)
    sheet = _sheet(
        client.get(reverse("portal:reconcile-rates-xlsx"), {"rates": "2026-10-31"}, HTTP_ACCEPT_LANGUAGE=language)
    )
    headers = [cell.value for cell in sheet[1]]
    assert headers[:4] == ["期间", "账户/单位", "单位名称", "本期笔数"]
    assert not any(any("a" <= ch.lower() <= "z" for ch in heading) for heading in headers)
    totals = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True) if row[1] == "公司合计"]
    assert len(totals) == 6  # one a month
