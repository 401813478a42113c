"""Suggested vouchers for the bank's own fees and interest: over the API and the workbench, into the ERP and back."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from reconcile.models import BankLine, MatchLink
from reconcile.services.imports import import_file
from tests.factories import api_key, make_user
from tests.fixtures.books import import_both

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

END = "2026-10-31"
BANK = (
    "交易日期,摘要,借方发生额,贷方发生额,余额,对方户名,交易流水号\n"
    '2026-10-12,付款,"7,000.00",,"93,000.00",北京中科信达科技有限公司,SN2\n'
    '2026-10-20,手续费,15.00,,"92,985.00",,SN3\n'
    '2026-10-21,"=HYPERLINK(""http://x"",""y"") 服务费",2.50,,"92,982.50",,SN4\n'
    '2026-10-25,结息,,12.34,"92,994.84",,SN5\n'
)
JOURNAL = (
    "日期,凭证字号,摘要,对方科目,结算方式,结算号,借方金额,贷方金额,方向,余额\n"
    '2026-10-01,,期初余额,,,,,,借,"100,000.00"\n'
    '2026-10-12,记-7,付北京中科信达货款,应付账款,电汇,,,"7,000.00",借,"93,000.00"\n'
)


def _api(user) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(user)}", HTTP_ACCEPT_LANGUAGE="en")
    return api


@pytest.fixture
def month(account_a, accountant_a):
    import_both(account_a, accountant_a, BANK, JOURNAL)
    return account_a


def test_the_banks_fees_and_interest_become_vouchers_and_the_rest_is_left_to_the_accountant(month, accountant_a):
    response = _api(accountant_a).get(f"/api/v1/accounts/{month.pk}/vouchers", {"date": END})
    assert response.status_code == 200, response.content
    body = response.json()
    assert [
        (v["kind"], v["direction"], v["amount"], v["summary"], v["debit"]["code"], v["credit"]["code"])
        for v in body["vouchers"]
    ] == [
        ("fee", "out", "15.00", "银行手续费 SN3", "6603", "1002"),
        ("fee", "out", "2.50", "银行手续费 SN4", "6603", "1002"),
        ("interest", "in", "12.34", "银行存款利息 SN5", "1002", "6603"),
    ]
    assert body["vouchers"][0]["bank_line_id"] == BankLine.objects.get(serial="SN3").pk
    # SN2 is matched by the journal's 记-7? Not yet (no run): it is bank-only too, but a supplier payment: not guessed.
    assert [(item["serial"], item["counterparty"]) for item in body["unclassified"]] == [
        ("SN2", "北京中科信达科技有限公司")
    ]


def test_the_import_files_hold_the_layouts_columns_as_text_and_numbers(month, accountant_a):
    api = _api(accountant_a)
    response = api.get(
        f"/api/v1/accounts/{month.pk}/vouchers",
        {"date": END, "format": "xlsx", "layout": "yonyou", "fee_account": "6603.02 财务费用-手续费"},
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"vouchers-yonyou-{month.number}-{END}.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "凭证类别",
        "凭证号",
        "制单日期",
        "附单据数",
        "摘要",
        "科目编码",
        "借方金额",
        "贷方金额",
        "制单人",
    )
    assert rows[1][4:8] == ("银行手续费 SN3", "6603.02", 15, None) and rows[2][5:8] == ("1002", None, 15)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)

    response = api.get(f"/api/v1/accounts/{month.pk}/vouchers", {"date": END, "format": "csv"})
    # The charset named, as the statement detail's CSV names it: a client decoding by the header read Latin-1.
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff日期,凭证字,凭证号")
    table = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert table[1] == [
        "2026-10-20",
        "记",
        "1",
        "1",
        "银行手续费 SN3",
        "6603",
        "财务费用-手续费",
        "15.00",
        "",
        "RMB",
        "1",
        accountant_a.username if not accountant_a.last_name else table[1][-1],
    ]
    assert len(table) == 7


def test_the_voucher_booked_by_the_erp_comes_back_in_its_journal_and_matches_its_bank_line(
    month, accountant_a, django_capture_on_commit_callbacks
):
    api = _api(accountant_a)
    vouchers = api.get(f"/api/v1/accounts/{month.pk}/vouchers", {"date": END}).json()["vouchers"]
    fee = vouchers[0]
    # The ERP imported the voucher and its bank journal now shows the entry (credit of 银行存款, the summary kept).
    journal = (
        "日期,凭证字号,摘要,对方科目,结算方式,结算号,借方金额,贷方金额,方向,余额\n"
        f'{fee["date"]},记-31,{fee["summary"]},{fee["debit"]["name"]},,,,{fee["amount"]},借,"92,985.00"\n'
    )
    record = import_file(
        actor=accountant_a,
        kind="journal",
        data=journal.encode("gb18030"),
        filename="nov.csv",
        account_number=month.number,
        customer=month.customer,
    )
    assert record.status == "done", record.errors
    with django_capture_on_commit_callbacks(execute=True):
        assert api.post(f"/api/v1/accounts/{month.pk}/match-runs", {"date": END}, format="json").status_code == 202
    link = MatchLink.objects.get(active=True, bank_line__serial="SN3")
    assert link.match.links.exclude(journal_entry=None).get().journal_entry.serial == "记-31"
    after = api.get(f"/api/v1/accounts/{month.pk}/vouchers", {"date": END}).json()["vouchers"]
    assert "SN3" not in [v["summary"].split()[-1] for v in after]


def test_other_customers_clients_and_bank_staff_are_refused(month, account_b, client_a, ops, customer_b):
    stranger = make_user("accountant_b", ["accountant"], customer_b)
    assert _api(stranger).get(f"/api/v1/accounts/{month.pk}/vouchers", {"date": END}).status_code == 404
    assert _api(client_a).get(f"/api/v1/accounts/{month.pk}/vouchers", {"date": END}).status_code == 403
    assert _api(ops).get(f"/api/v1/accounts/{month.pk}/vouchers", {"date": END}).status_code in (401, 403)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"format": "pdf"}, "format"),
        ({"layout": "sap"}, "layout"),
        ({"fee_account": "=1+1"}, "fee_account"),
        ({"fee_account": "6603 " + "费" * 200}, "fee_account"),
        # hidden characters in a name that the ERP's import file would carry (README "API": refused in free text)
        ({"bank_account": "1002 银行\u202e存款"}, "bank_account"),
        ({"interest_account": "6603 利息\u0085收入"}, "interest_account"),
        ({"date": "2026-13-01"}, "date"),
    ],
)
def test_bad_parameters_are_named_in_a_400(month, accountant_a, params, field):
    response = _api(accountant_a).get(f"/api/v1/accounts/{month.pk}/vouchers", {"date": END, **params})
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid" and field in response.json()["message"]


def test_the_workbench_links_the_vouchers_workbook(month, accountant_a, client):
    client.force_login(accountant_a)
    page = client.get(f"/reconcile/{month.pk}/?period={END}")
    assert f"/reconcile/{month.pk}/vouchers.xlsx?period={END}&amp;layout=yonyou" in page.content.decode()
    response = client.get(f"/reconcile/{month.pk}/vouchers.xlsx", {"period": END, "layout": "kingdee"})
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("日期", "凭证字", "凭证号") and Decimal(str(rows[1][7])) == Decimal("15")
    # the hostile summary of SN4 is the bank's text, not written into the voucher: the summary is the product's own
    assert rows[3][4] == "银行手续费 SN4"


def test_a_nul_byte_in_a_parameter_is_refused_before_the_view(month, accountant_a):
    response = _api(accountant_a).get(f"/api/v1/accounts/{month.pk}/vouchers", {"date": END, "fee_account": "66\x0003"})
    assert response.status_code == 400 and response.json()["code"] == "unreadable_input"
