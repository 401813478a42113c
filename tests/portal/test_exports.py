"""Every XLSX the product writes, downloaded as its users download it: text from data stays text (formula injection),
figures are values a non-recalculating reader sees, and each export is laid out to be read.

The exports: the 余额调节表 (an accountant's download, single and in the all-accounts ZIP), the paper mailing list
(ops, per print batch) and the return rates (ops). reconcile_files' outputs are tested in
tests/reconcile/test_reconcile_files.py.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from reconcile.models import BankAccount, BankLine, Customer
from reconcile.render.adjustment_xlsx import (
    CELL_DIFFERENCE,
    DETAIL_SHEET,
    ROW_ADJUSTED,
    ROW_CONCLUSION,
    ROW_SIGN,
    SUMMARY_SHEET,
)
from reconcile.services.adjustment import adjustment_table_build
from statements.models import Agreement, BalanceStatement
from statements.reports import return_rates
from tests.fixtures.hostile import FORMULA_TEXTS
from tests.fixtures.pdf_layout import all_text
from tests.fixtures.statements import PUBLISH_AT

pytestmark = pytest.mark.django_db
END = dt.date(2026, 10, 31)


def workbook(data: bytes, *, values: bool = False) -> Workbook:
    # values=True reads as a previewer or pandas does: a formula's cell would come back empty.
    return load_workbook(io.BytesIO(data), data_only=values)


def text_cells(wb: Workbook) -> dict[str, str]:
    return {
        f"{ws.title}!{c.coordinate}": c.value
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "s"
    }


def assert_no_formula(wb: Workbook) -> None:
    assert [
        (ws.title, c.coordinate) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"
    ] == []


def assert_text_kept(wb: Workbook, text: str, minimum: int) -> None:
    """``text`` is in at least ``minimum`` cells, each a string cell holding exactly it (or it after a label)."""
    holding = [ref for ref, value in text_cells(wb).items() if isinstance(value, str) and value.endswith(text)]
    assert len(holding) >= minimum, (text, holding)
    assert_no_formula(wb)


# --- 余额调节表 -------------------------------------------------------------------------------------------------


def _adjustment(client, account) -> bytes:  # type: ignore[no-untyped-def]
    response = client.get(reverse("portal:adjustment-xlsx", args=[account.pk]), {"period": END.isoformat()})
    assert response.status_code == 200, response.content[:300]
    return response.content


@pytest.mark.parametrize("text", FORMULA_TEXTS)
def test_adjustment_table_keeps_a_payers_summary_as_text(client, books, accountant_a, text):
    """The payer writes the bank line's summary and reference: in the table they are string cells, intact."""
    BankLine.objects.filter(account=books, amount=Decimal("1650.00")).update(
        summary=text, counterparty_name="", serial=text, voucher_no=""
    )
    client.force_login(accountant_a)
    wb = workbook(_adjustment(client, books))
    row = next(r for r in wb[DETAIL_SHEET].iter_rows(min_row=5) if r[4].value == 1650)
    assert (row[2].data_type, row[2].value) == ("s", text)
    assert (row[3].data_type, row[3].value) == ("s", text)
    assert row[3].quotePrefix
    assert_no_formula(wb)
    # The same file inside the all-accounts ZIP.
    archive = client.get(reverse("portal:reconcile-zip"), {"period": END.isoformat()})
    with zipfile.ZipFile(io.BytesIO(archive.content)) as zipped:
        inner = workbook(zipped.read(f"{books.number}-{END}.xlsx"))
    assert_text_kept(inner, text, 2)


def test_adjustment_table_totals_and_conclusion_are_there_without_recalculation(client, books, accountant_a):
    """Read as pandas or a file preview reads it (cached values only): balances, totals, adjusted balances, the
    difference and the conclusion are all there and equal the service's figures."""
    client.force_login(accountant_a)
    wb = workbook(_adjustment(client, books), values=True)
    table = adjustment_table_build(account=books, period_end=END)
    ws = wb[SUMMARY_SHEET]
    figures = {
        ref: ws[ref].value
        for ref in ("B6", "D6", "B7", "B8", "D7", "D8", f"B{ROW_ADJUSTED}", f"D{ROW_ADJUSTED}", CELL_DIFFERENCE)
    }
    assert all(isinstance(v, (int, float)) for v in figures.values()), figures
    assert Decimal(str(figures[f"B{ROW_ADJUSTED}"])) == table.adjusted_bank_balance
    assert Decimal(str(figures[f"D{ROW_ADJUSTED}"])) == table.adjusted_book_balance
    assert Decimal(str(figures[CELL_DIFFERENCE])).quantize(Decimal("0.01")) == table.difference
    conclusion = ws[f"B{ROW_CONCLUSION}"].value
    assert conclusion == ("调节相符" if table.agreed else f"调节不符，差额 {table.difference:,.2f}")
    subtotals = [row[4].value for row in wb[DETAIL_SHEET].iter_rows(min_row=5) if row[3].value == "小计"]
    assert len(subtotals) == 4 and all(isinstance(v, (int, float)) for v in subtotals)


def test_adjustment_table_names_the_preparer_by_name(client, books, accountant_a):
    client.force_login(accountant_a)
    sign = workbook(_adjustment(client, books))[SUMMARY_SHEET][f"A{ROW_SIGN}"]
    assert sign.value == "编制人：accountant_a"  # no name set: the login name, as the only name there is
    accountant_a.last_name, accountant_a.first_name = "张", "敏"
    accountant_a.save()
    assert workbook(_adjustment(client, books))[SUMMARY_SHEET][f"A{ROW_SIGN}"].value == "编制人：张敏"
    pdf = client.get(reverse("portal:adjustment-pdf", args=[books.pk]), {"period": END.isoformat()}).content
    assert "编制人：张敏" in all_text(pdf) and "accountant_a" not in all_text(pdf)


# --- paper mailing list -------------------------------------------------------------------------------------------


def _mailing_list(client, ops) -> Workbook:  # type: ignore[no-untyped-def]
    from statements.models import PaperBatch
    from statements.services.paper import paper_batch_create

    with time_machine.travel(PUBLISH_AT, tick=False):
        batch = paper_batch_create(actor=ops)
    client.force_login(ops)
    response = client.get(reverse("portal:ops-paper-file", args=[batch.pk, "xlsx"]))
    assert response.status_code == 200
    assert PaperBatch.objects.count() == 1
    return workbook(b"".join(response.streaming_content))


@pytest.mark.parametrize("text", FORMULA_TEXTS)
def test_mailing_list_keeps_client_text_as_text(client, paper_published, ops, text):
    """Contact and address come from clients' change requests: string cells with the text intact."""
    Agreement.objects.filter(pk=paper_published.agreement_id).update(contact_name=text, address=text, phone=text)
    Customer.objects.filter(pk=paper_published.account.customer_id).update(legal_name=text)
    wb = _mailing_list(client, ops)
    row = wb.active[2]
    by_title = {wb.active.cell(1, c.column).value: c for c in row}
    for title in ("单位名称", "联系人", "联系电话", "邮寄地址"):
        assert (by_title[title].data_type, by_title[title].value) == ("s", text), title
        assert by_title[title].quotePrefix
    assert_no_formula(wb)


def test_mailing_list_has_postcode_and_phone_and_is_laid_out(client, paper_published, ops):
    Agreement.objects.filter(pk=paper_published.agreement_id).update(postcode="100080", phone="010 6255 1234 转 806")
    ws = _mailing_list(client, ops).active
    header = [c.value for c in ws[1]]
    assert header == [
        "序号",
        "对账单编号",
        "版本",
        "单位名称",
        "账号",
        "联系人",
        "联系电话",
        "邮编",
        "邮寄地址",
        "寄件人",
    ]
    row = {title: c.value for title, c in zip(header, ws[2])}
    assert row["邮编"] == "100080" and row["联系电话"] == "010 6255 1234 转 806"
    assert row["对账单编号"] == paper_published.number and "中关村" in row["邮寄地址"]
    assert ws.cell(2, 8).data_type == "s"  # a postcode is text: 010010 keeps its leading zero
    assert ws.freeze_panes == "A2"
    assert all(ws.column_dimensions[chr(ord("A") + i)].width for i in range(len(header)))


def test_mailing_list_gives_the_mobile_when_there_is_no_contact_phone(client, paper_published, ops):
    ws = _mailing_list(client, ops).active
    assert ws["G1"].value == "联系电话" and ws["G2"].value == "139 0123 4567"


# --- return rates -------------------------------------------------------------------------------------------------


def _later_periods(published: dict) -> None:  # type: ignore[type-arg]
    """Copies of a dispatched statement for 2026-10 and 2026-11 (the fixture publishes 2026-09 and 2026-Q3)."""
    statement = next(st for st in published.values() if st.period == "2026-09")
    for period, n in (("2026-11", 1), ("2026-10", 2)):
        copy = BalanceStatement.objects.get(pk=statement.pk)
        copy.pk = None
        copy.period, copy.number, copy.verification_code = period, f"{statement.number}-{n}", f"COPY{n}"
        copy.save()


def test_return_rates_sort_periods_in_time_order(published):
    _later_periods(published)
    periods = [r.period for r in return_rates(by_branch=False)]
    assert periods == ["2026-11", "2026-10", "2026-Q3", "2026-09"]  # newest first; a quarter after its last month


@pytest.mark.parametrize("text", FORMULA_TEXTS)
def test_rates_export_keeps_branch_names_as_text(client, published, ops, text):
    for statement in published.values():
        BankAccount.objects.filter(pk=statement.account_id).update(branch=text)
    client.force_login(ops)
    wb = workbook(client.get(reverse("portal:ops-rates-export")).content)
    branches = [row[1] for row in wb.active.iter_rows(min_row=2)]
    assert branches and all((c.data_type, c.value) == ("s", text) and c.quotePrefix for c in branches)
    assert_no_formula(wb)


def test_rates_export_is_laid_out_and_in_time_order(client, published, ops):
    _later_periods(published)
    client.force_login(ops)
    ws = workbook(client.get(reverse("portal:ops-rates-export")).content, values=True).active
    assert [c.value for c in ws[1]][:2] == ["期间", "开户行"]
    assert [row[0].value for row in ws.iter_rows(min_row=2)] == ["2026-11", "2026-10", "2026-Q3", "2026-09"]
    assert ws.freeze_panes == "A2"
    headers = [c.value for c in ws[1]]
    widths = [ws.column_dimensions[chr(ord("A") + i)].width for i in range(len(headers))]
    assert all(w and w >= 8 for w in widths) and widths[1] >= 20  # branch names are long
    assert {"相符", "调节后相符", "调节后相符率"} <= set(headers)  # agreed after adjustment is its own series
    rate = ws.cell(2, headers.index("回签率") + 1)
    assert rate.number_format == "0.0%" and isinstance(rate.value, (int, float))
