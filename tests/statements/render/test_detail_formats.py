"""What each detail file is, beyond reading back: a spreadsheet of values and string cells, a CSV that opens safely in
Excel, an MT940 in SWIFT's character set and line width that the mt-940 library reads, a camt.053 valid against
ISO's schema."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import mt940
import pytest
from lxml import etree
from openpyxl import load_workbook

from core.sheets import FORMULA_START
from reconcile.parsers.swift_text import MARKER, decode_x, encode_x, read_layout
from statements.render.detail import DetailFormatError
from statements.render.detail_camt import render_detail_camt053
from statements.render.detail_mt940 import render_detail_mt940
from statements.render.detail_tabular import COLUMNS, HEADER_ROW, render_detail_csv, render_detail_xlsx
from tests.fixtures.hostile import FORMULA_TEXTS
from tests.statements.render.detail_cases import CASES, D, day, detail, running

XSD = Path(__file__).resolve().parents[2] / "fixtures" / "iso20022" / "camt.053.001.08.xsd"
MT940_CASES = sorted(set(CASES) - {"extremes"})
_TAG = re.compile(r"^:(20|25|28C|60F|61|86|62F):")
_X_CHARSET = re.compile(r"[A-Za-z0-9/\-?:().,'+ ]*")


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


# --- XLSX -----------------------------------------------------------------------------------------------------------


def test_xlsx_holds_values_string_cells_and_a_frozen_header() -> None:
    detail_ = CASES["hostile"]
    ws = load_workbook(io.BytesIO(render_detail_xlsx(detail_))).active
    assert ws.freeze_panes == f"A{HEADER_ROW + 1}"
    assert [ws.cell(HEADER_ROW, c).value for c in range(1, len(COLUMNS) + 1)] == [name for name, _ in COLUMNS]
    assert all(ws.column_dimensions[chr(64 + c)].width == width for c, (_, width) in enumerate(COLUMNS, start=1))
    cells = [cell for row in ws.iter_rows() for cell in row if cell.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]  # no formula anywhere
    texts = {c.value: c for c in cells if isinstance(c.value, str)}
    hyperlink = texts['=HYPERLINK("http://evil.example","点此")']
    assert hyperlink.data_type == "s" and hyperlink.quotePrefix
    first = HEADER_ROW + 1
    assert ws.cell(first, 7).data_type == "n" and ws.cell(first, 7).value == 1  # 贷方发生额(收入)
    assert ws.cell(first, 8).value == 1001 and ws.cell(first, 8).number_format == "#,##0.00"
    assert ws.cell(first, 1).is_date
    title = {ws.cell(r, c).value: ws.cell(r, c + 1).value for r in range(1, HEADER_ROW) for c in (1, 4)}
    assert title["账号"] == detail_.account_number and title["期初余额"] == 1000 and title["期末余额"] == 997
    assert (title["起始日期"], title["截止日期"], title["总笔数"]) == ("2026-10-01", "2026-10-31", 5)


def test_xlsx_is_the_same_bytes_for_the_same_detail() -> None:
    assert render_detail_xlsx(CASES["chinese_and_latin"]) == render_detail_xlsx(CASES["chinese_and_latin"])


# --- CSV ------------------------------------------------------------------------------------------------------------


def _csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))


def test_csv_has_chinese_bank_headers_and_guards_formulas() -> None:
    rows = _csv_rows(render_detail_csv(CASES["hostile"]))
    header = rows[HEADER_ROW - 1]
    for name in (
        "交易日期",
        "摘要",
        "对方户名",
        "对方账号",
        "借方发生额(支出)",
        "贷方发生额(收入)",
        "余额",
        "交易流水号",
    ):
        assert name in header
    fields = [f for row in rows[HEADER_ROW:] for f in row[8:]]  # the texts from data
    assert fields and not [f for f in fields if f[:1] in FORMULA_START]
    assert '\'=HYPERLINK("http://evil.example","点此")' in fields


@pytest.mark.parametrize("text", FORMULA_TEXTS)
def test_csv_never_starts_a_data_field_like_a_formula(text: str) -> None:
    lines = running(D("0.00"), (day(2), "in", D("1.00"), dict(summary=text, counterparty_name=text)))
    rows = _csv_rows(render_detail_csv(detail(D("0.00"), lines)))
    assert all(f[:1] not in FORMULA_START for f in rows[HEADER_ROW][8:])


def test_csv_keeps_long_digit_strings_as_text_for_spreadsheets() -> None:
    rows = _csv_rows(render_detail_csv(CASES["chinese_and_latin"]))
    line = rows[HEADER_ROW]
    assert line[COLUMNS.index(("对方账号", 24))] == "6222021234567890123\t"  # Excel would show 6.22202E+18


# --- MT940 ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", MT940_CASES)
def test_mt940_lines_are_swift_x_characters_of_at_most_65(case: str) -> None:
    text = render_detail_mt940(CASES[case]).decode("ascii")
    assert text.endswith("\r\n-\r\n") and "\n" not in text.replace("\r\n", "")
    for line in text.split("\r\n")[:-2]:
        assert len(line) <= 65, line
        assert _X_CHARSET.fullmatch(line), line
        assert _TAG.match(line) or not line.startswith((":", "-")), line
        assert not line.endswith(" "), line


@pytest.mark.parametrize("case", MT940_CASES)
def test_the_mt940_library_reads_the_statement(case: str) -> None:
    detail_ = CASES[case]
    data = render_detail_mt940(detail_)
    statement = mt940.models.Transactions(options=mt940.Options(unbounded_details=True))
    statement.parse(data.decode("ascii"))
    assert statement.data["account_identification"] == detail_.account_number
    assert statement.data["final_opening_balance"].amount.amount == detail_.opening_balance
    assert statement.data["final_closing_balance"].amount.amount == detail_.closing_balance
    assert len(statement) == len(detail_.lines)
    for line, tx in zip(detail_.lines, statement, strict=True):
        assert tx.data["amount"].amount == line.signed_amount
        assert tx.data["entry_date"] == line.booking_date
        if line.serial and len(line.serial) <= 16 and line.serial != "NONREF":
            assert tx.data["bank_reference"] == line.serial
        layout = read_layout(tx.data["transaction_details"].replace("\n", ""))
        assert layout is not None and layout.get("summary", "") == line.summary
    # The library's defaults (its 5.0 behaviour) read the same statement too.
    assert len(mt940.parse(data)) == len(detail_.lines)


def test_mt940_refuses_what_swift_amounts_cannot_hold() -> None:
    with pytest.raises(DetailFormatError) as refused:
        render_detail_mt940(CASES["extremes"])
    assert refused.value.fmt == "MT940" and refused.value.line == 1 and "xlsx" in str(refused.value)


@pytest.mark.parametrize(
    "text",
    [
        "中文",
        "上海浦东发展银行股份有限公司",
        "赟",
        "𠀀",
        "问号?斜杠/",
        "??",
        "?0022?",
        "a?b",
        "",
        "蕭愛國",
        "、。“”",
        "Ünïcødé 🙂",
        "2026年10月 货款 (第2期)",
    ],
)
def test_chinese_travels_as_commercial_code_and_comes_back(text: str) -> None:
    encoded = encode_x(text)
    assert _X_CHARSET.fullmatch(encoded) and "/" not in encoded
    assert decode_x(encoded) == text


def test_chinese_commercial_codes_are_the_standard_ones() -> None:
    assert encode_x("中文") == "?0022 2429?"  # the telegraph codes of 中 and 文
    assert encode_x("赟") == "?U8D5F?"  # no code in the mainland book: its code point


def test_another_banks_codewords_are_not_read_as_the_layout() -> None:
    assert read_layout("/EREF/123/NAME/Jan Jansen/REMI/invoice") is None
    assert read_layout(MARKER + "/NAME/?0022 2429?/BALA/D5,00") == {
        "counterparty_name": "中文",
        "balance": Decimal("-5.00"),
    }


# --- camt.053 -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", sorted(CASES))
def test_camt053_validates_against_the_iso_schema(case: str, schema: etree.XMLSchema) -> None:
    doc = etree.fromstring(render_detail_camt053(CASES[case]))
    assert schema.validate(doc), schema.error_log


@pytest.mark.parametrize(
    ("field", "value", "limit"),
    [
        ("counterparty_name", "名" * 141, "140"),
        ("counterparty_bank", "行" * 141, "140"),
        ("counterparty_account", "1" * 35, "34"),
        ("serial", "S" * 36, "35"),
        ("voucher_no", "V" * 36, "35"),
    ],
)
def test_camt053_refuses_what_the_schema_cannot_hold(field: str, value: str, limit: str) -> None:
    lines = running(D("0.00"), (day(2), "in", D("1.00"), {field: value}))
    with pytest.raises(DetailFormatError) as refused:
        render_detail_camt053(detail(D("0.00"), lines))
    assert (refused.value.line, refused.value.field) == (1, field) and limit in str(refused.value)
