"""GET /api/v1/accounts/{id}/adjustment: the workbench's 余额调节表 as JSON, XLSX and signed PDF, and its refusals."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader
from rest_framework.test import APIClient

from core.errors import ServiceError
from reconcile.models import BankLine, JournalEntry
from reconcile.render.adjustment import CATEGORIES
from reconcile.services.adjustment import adjustment_table_build
from reconcile.services.matching import match_run_execute, match_run_start
from tests.core.test_document_signatures import _assert_signed_by_the_bank
from tests.factories import api_key
from tests.fixtures.continuity import NOVEMBER, SEPTEMBER, bank_csv, journal, upload  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
END = dt.date(2026, 10, 31)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def api(accountant_a) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(accountant_a)}", HTTP_ACCEPT_LANGUAGE="en")
    return api


@pytest.fixture
def matched(books, accountant_a):
    match_run_execute(run_id=match_run_start(actor=accountant_a, account_id=books.pk, period_end=END).pk)
    return books


def _url(account, **params) -> str:
    query = "&".join(f"{k}={v}" for k, v in {"date": END.isoformat(), **params}.items())
    return f"/api/v1/accounts/{account.pk}/adjustment?{query}"


def test_the_table_as_json_is_the_workbenchs_with_the_ids_of_its_lines(matched, api):
    response = api.get(_url(matched))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    body = response.json()
    assert {
        k: body[k]
        for k in (
            "account_id",
            "account_number",
            "currency",
            "period_end",
            "bank_balance",
            "book_balance",
            "adjusted_bank_balance",
            "adjusted_book_balance",
            "difference",
            "agreed",
            "notices",
            "prepared_by",
        )
    } == {
        "account_id": matched.pk,
        "account_number": matched.number,
        "currency": "CNY",
        "period_end": "2026-10-31",
        "bank_balance": "1250000.00",
        "book_balance": "1198500.00",
        "adjusted_bank_balance": "1200000.00",
        "adjusted_book_balance": "1200000.00",
        "difference": "0.00",
        "agreed": True,
        "notices": [],
        "prepared_by": "accountant_a",
    }
    assert body["company_name"] == matched.customer.legal_name and body["bank_name"] == matched.branch
    assert body["totals"] == {
        "journal_in_not_bank": "30000.00",
        "journal_out_not_bank": "80000.00",
        "bank_in_not_journal": "1650.00",
        "bank_out_not_journal": "150.00",
    }
    cheque = JournalEntry.objects.get(account=matched, voucher_no="10234567")
    assert body["journal_out_not_bank"] == [
        {
            "id": cheque.pk,
            "date": "2026-10-30",
            "amount": "80000.00",
            "summary": "付中科信达设备款",
            "reference": "10234567",
        }
    ]
    fee = BankLine.objects.get(account=matched, serial="SN20261031002")
    assert body["bank_out_not_journal"] == [
        {"id": fee.pk, "date": "2026-10-31", "amount": "150.00", "summary": "手续费", "reference": "SN20261031002"}
    ]
    table = adjustment_table_build(account=matched, period_end=END)
    for category in CATEGORIES:  # the same items as the workbench's table, in its order
        assert [
            (i["id"], i["date"], Decimal(i["amount"]), i["summary"], i["reference"]) for i in body[category.key]
        ] == [(i.line_id, i.date.isoformat(), i.amount, i.summary, i.reference) for i in table.items(category)]


def test_before_matching_every_line_is_outstanding(books, api):
    body = api.get(_url(books)).json()
    assert [len(body[c.key]) for c in CATEGORIES] == [3, 2, 3, 2]
    # every line on both sides: the lists grow, the adjusted balances still agree
    assert (body["adjusted_bank_balance"], body["difference"], body["agreed"]) == ("1448500.00", "0.00", True)


def _cells(data: bytes) -> list[list]:
    wb = load_workbook(io.BytesIO(data), data_only=True)
    return [[c.value for c in row] for ws in wb.worksheets for row in ws.iter_rows()]


@pytest.mark.parametrize("how", ["format", "accept"])
def test_the_xlsx_is_the_workbench_download(matched, api, client, accountant_a, how):
    response = api.get(_url(matched, format="xlsx")) if how == "format" else api.get(_url(matched), HTTP_ACCEPT=XLSX)
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == f'attachment; filename="adjustment-{matched.number}-2026-10-31.xlsx"'
    client.force_login(accountant_a)
    workbench = client.get(reverse("portal:adjustment-xlsx", args=[matched.pk]), {"period": "2026-10-31"})
    assert _cells(response.content) == _cells(workbench.content)
    assert any(1200000 in row for row in _cells(response.content))


@pytest.mark.parametrize("how", ["format", "accept"])
def test_the_pdf_is_the_workbench_download_signed_by_the_bank(matched, api, client, accountant_a, how):
    response = (
        api.get(_url(matched, format="pdf"))
        if how == "format"
        else api.get(_url(matched), HTTP_ACCEPT="application/pdf")
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    _assert_signed_by_the_bank(response.content)
    client.force_login(accountant_a)
    workbench = client.get(reverse("portal:adjustment-pdf", args=[matched.pk]), {"period": "2026-10-31"})

    def text(pdf: bytes) -> str:
        return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)

    assert text(response.content) == text(workbench.content)
    assert "1,200,000.00" in text(response.content)


@pytest.mark.parametrize("fmt", ["json", "xlsx", "pdf"])
def test_a_gap_in_the_history_is_refused_as_in_the_workbench_naming_the_days(
    account_a, upload, journal, accountant_a, fmt
):
    upload("bank", "sep.csv", bank_csv(SEPTEMBER))
    upload("bank", "nov.csv", bank_csv(NOVEMBER))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(accountant_a)}", HTTP_ACCEPT_LANGUAGE="en")
    response = api.get(f"/api/v1/accounts/{account_a.pk}/adjustment?date=2026-11-30&format={fmt}")
    assert response.status_code == 409 and response["Content-Type"] == "application/json"
    body = response.json()
    with pytest.raises(ServiceError) as refused:
        adjustment_table_build(account=account_a, period_end=dt.date(2026, 11, 30))
    assert body == {"code": "balance_gap", "message": refused.value.message}
    assert "do not join up between 2026-10-01 and 2026-11-01" in body["message"]
    assert api.get(f"/api/v1/accounts/{account_a.pk}/adjustment?date=2026-09-30").status_code == 200


def test_the_refusal_is_in_the_callers_language(account_a, upload, journal, accountant_a):
    upload("bank", "sep.csv", bank_csv(SEPTEMBER))
    upload("bank", "nov.csv", bank_csv(NOVEMBER))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(accountant_a)}", HTTP_ACCEPT_LANGUAGE="zh-hans")
    message = api.get(f"/api/v1/accounts/{account_a.pk}/adjustment?date=2026-11-30").json()["message"]
    assert "2026-10-01" in message and "do not join up" not in message


def test_an_account_without_files_says_what_to_upload(account_a, api):
    response = api.get(_url(account_a))
    assert response.status_code == 409
    assert response.json() == {
        "code": "no_files",
        "message": (
            f"No bank statement or journal yet for this period (up to 2026-10-31): upload account {account_a.number}'s "
            "bank statement and its bank journal, then match them here."
        ),
    }


@pytest.mark.parametrize(
    "query,field",
    [
        ("", "date"),
        ("date=2026-10-32", "date"),
        ("date=1899-12-31", "date"),
        ("date=2026-10-31&format=csv", "format"),
        ("date=2026-10-31&format=%00", "format"),
    ],
)
def test_bad_parameters_are_named(books, api, query, field):
    response = api.get(f"/api/v1/accounts/{books.pk}/adjustment?{query}")
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    if "%00" in query:  # refused before any view by the unreadable-input guard, naming the parameter
        assert response.json()["code"] == "unreadable_input" and field in response.json()["message"]
        return
    assert response.json()["code"] == "invalid" and response.json()["message"].startswith(f"{field}: ")


def test_an_accept_header_the_endpoint_cannot_give_is_406(books, api):
    response = api.get(_url(books), HTTP_ACCEPT="text/csv")
    assert response.status_code == 406 and response.json()["code"] == "not_acceptable"
