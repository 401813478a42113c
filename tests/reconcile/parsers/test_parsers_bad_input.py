"""Bad input: every kind of problem is refused with the row, the column as the file names it, and a reason."""

from __future__ import annotations

import io
import os
import zipfile
from decimal import Decimal

import pytest
from django.utils import translation

from reconcile.parsers import MappingProfile, ParseError, ParseOptions, parse_file
from tests.reconcile.parsers.cnparse_kit import csv_bytes, xlsx_bytes

HEADER = [
    "交易时间",
    "摘要",
    "凭证种类",
    "凭证号码",
    "企业业务编号",
    "发生额",
    "币种",
    "余额",
    "对方账号",
    "对方户名",
    "借贷标志",
    "卡号",
]


def bcm(rows: list[list[object]]) -> list[list[object]]:
    return [["查询账号:", "11001234560001", "户  名:", "杭州示例科技有限公司"], HEADER, *rows]


def row(when: str, amount: object, balance: object, flag: str = "贷") -> list[object]:
    return [when, "货款", "", "", "", amount, "CNY", balance, "6222", "恒瑞贸易", flag, ""]


GOOD = [row("2026-10-08", "100.00", "1100.00"), row("2026-10-09", "50.00", "1050.00", "借")]


def only(files):
    [pf] = files
    return pf


def test_bad_amount_names_row_column_and_value() -> None:
    pf = only(parse_file(xlsx_bytes(bcm([GOOD[0], row("2026-10-09", "12,3a4.00", "1050.00", "借")])), "b.xlsx"))
    [err] = pf.errors
    assert (err.row, err.column, err.value, err.code) == (4, "发生额", "12,3a4.00", "bad_amount")
    assert err.message.startswith("第4行 “发生额” 列：无法识别的金额") and "“12,3a4.00”" in err.message
    assert not pf.ok


def test_bad_date() -> None:
    pf = only(parse_file(xlsx_bytes(bcm([row("2026-13-45", "100.00", "1100.00")])), "b.xlsx"))
    [err] = pf.errors
    assert (err.row, err.column, err.code) == (3, "交易时间", "bad_date")


def test_sub_cent_amount_is_refused_not_rounded() -> None:
    pf = only(parse_file(xlsx_bytes(bcm([row("2026-10-08", "100.005", "1100.00")])), "b.xlsx"))
    assert pf.errors[0].code == "precision" and pf.errors[0].row == 3


def test_unknown_flag_and_zero_one_flags_via_profile() -> None:
    rows = bcm([row("2026-10-08", "100.00", "1100.00", "1"), row("2026-10-09", "50.00", "1050.00", "0")])
    pf = only(parse_file(csv_bytes(rows), "b.csv"))
    assert [(e.row, e.column, e.code) for e in pf.errors] == [
        (3, "借贷标志", "bad_direction"),
        (4, "借贷标志", "bad_direction"),
    ]
    assert "映射配置" in pf.errors[0].message
    profile = MappingProfile(flag_values={"1": "in", "0": "out"})
    pf = only(parse_file(csv_bytes(rows), "b.csv", profile=profile))
    assert pf.ok and [ln.direction for ln in pf.lines] == ["in", "out"]


def test_missing_amount_columns_is_no_header() -> None:
    rows = [["交易日期", "摘要", "对方户名"], ["2026-10-08", "货款", "恒瑞"]]
    with pytest.raises(ParseError) as exc:
        parse_file(csv_bytes(rows), "x.csv")
    assert exc.value.code == "no_header"


def test_missing_credit_column() -> None:
    rows = [["交易日期", "摘要", "借方发生额", "余额"], ["2026-10-08", "货款", "100.00", "1.00"]]
    with pytest.raises(ParseError) as exc:
        parse_file(csv_bytes(rows), "x.csv")
    assert exc.value.code == "missing_column" and "贷方" in exc.value.message


def test_profile_maps_unusual_headers_and_reports_missing_ones() -> None:
    rows = [
        ["入账日", "收付金额", "说明", "结余"],
        ["2026-10-08", "-100.00", "付款", "900.00"],
        ["2026-10-09", "50.00", "收款", "950.00"],
    ]
    profile = MappingProfile(
        columns={"date": "入账日", "amount": "收付金额", "summary": "说明", "balance": "结余"}, header_row=1
    )
    pf = only(parse_file(csv_bytes(rows), "x.csv", profile=profile))
    assert pf.ok and [(ln.direction, ln.amount) for ln in pf.lines] == [
        ("out", Decimal("100.00")),
        ("in", Decimal("50.00")),
    ]
    assert pf.opening_balance == Decimal("1000.00")
    bad = MappingProfile(columns={"date": "入账日", "amount": "发生金额"}, header_row=1)
    with pytest.raises(ParseError) as exc:
        parse_file(csv_bytes(rows), "x.csv", profile=bad)
    assert exc.value.code == "missing_column" and "发生金额" in exc.value.message


def test_control_total_mismatch_names_the_title_row() -> None:
    rows = [
        ["账号", "11001234560001"],
        ["账户名称", "示例"],
        ["总笔数", 2],
        ["借记总额", "60.00", "贷记总额", "100.00"],
        ["交易日期", "借方金额", "贷方金额", "余额"],
        ["20261008", "", "100.00", "1100.00"],
        ["20261009", "50.00", "", "1050.00"],
    ]
    pf = only(parse_file(xlsx_bytes(rows), "spdb.xlsx"))
    [err] = pf.errors
    assert (err.row, err.column, err.code, err.value) == (4, "借记总额", "control_total_mismatch", "60.00")
    assert "50.00" in err.message


def test_line_count_mismatch() -> None:
    rows = [["总笔数", 3], ["交易日期", "借方金额", "贷方金额"], ["20261008", "", "100.00"]]
    pf = only(parse_file(xlsx_bytes(rows), "x.xlsx"))
    assert [(e.row, e.column) for e in pf.errors] == [(1, "总笔数")]


def test_totals_row_at_bottom_is_checked() -> None:
    rows = [
        ["交易日期", "借方金额", "贷方金额", "余额"],
        ["20261008", "", "100.00", "1100.00"],
        ["20261009", "50.00", "", "1050.00"],
        ["合计", "50.00", "101.00", ""],
    ]
    pf = only(parse_file(xlsx_bytes(rows), "x.xlsx"))
    [err] = pf.errors
    assert err.row == 4 and err.code == "control_total_mismatch" and "贷方金额" in err.column
    assert len(pf.lines) == 2


def test_running_balance_mismatch_names_the_row() -> None:
    rows = bcm([GOOD[0], row("2026-10-09", "50.00", "1060.00", "借"), row("2026-10-10", "10.00", "1050.00", "借")])
    pf = only(parse_file(xlsx_bytes(rows), "b.xlsx"))
    # row 4 should read 1050.00; row 5 follows on from what row 4 states, so only row 4 is wrong
    assert [(e.row, e.column, e.code) for e in pf.errors] == [(4, "余额", "balance_mismatch")]
    assert "1050.00" in pf.errors[0].message


def test_opening_balance_counts_the_lines_listed_before_the_first_balance() -> None:
    # Some exports leave the balance cell empty on the first lines of a day; the opening balance is still the
    # balance before the file's first line, not before its first line with a balance.
    rows = bcm([row("2026-10-07", "30.00", ""), GOOD[0], GOOD[1]])
    pf = only(parse_file(xlsx_bytes(rows), "b.xlsx"))
    assert pf.ok
    assert pf.opening_balance == Decimal("970.00") and pf.closing_balance == Decimal("1050.00")


def test_newest_first_file_is_detected() -> None:
    rows = bcm([row("2026-10-10", "10.00", "1040.00", "借"), row("2026-10-09", "50.00", "1050.00", "借"), GOOD[0]])
    pf = only(parse_file(xlsx_bytes(rows), "b.xlsx"))
    assert pf.ok and pf.newest_first
    assert pf.opening_balance == Decimal("1000.00") and pf.closing_balance == Decimal("1040.00")


def test_both_sides_filled() -> None:
    rows = [["交易日期", "借方金额", "贷方金额"], ["20261008", "1.00", "2.00"]]
    pf = only(parse_file(csv_bytes(rows), "x.csv"))
    assert pf.errors[0].code == "both_sides" and pf.errors[0].row == 2


def test_missing_amount_in_a_row() -> None:
    rows = [["交易日期", "借方金额", "贷方金额", "摘要"], ["20261008", "", "", "说明"], ["20261009", "", "3.00", "x"]]
    pf = only(parse_file(csv_bytes(rows), "x.csv"))
    # a row with a date but no amount is an error; rows with neither are notes and are ignored
    assert [(e.row, e.code) for e in pf.errors] == [(2, "missing_value")]


def test_notes_under_the_table_are_not_errors() -> None:
    rows = bcm([*GOOD, [], ["说明：本对账单仅供参考"], ["打印日期：2026-11-01"]])
    pf = only(parse_file(xlsx_bytes(rows), "b.xlsx"))
    assert pf.ok and len(pf.lines) == 2


def test_error_cap_keeps_count() -> None:
    rows = [["交易日期", "交易金额", "摘要"]] + [["2026-10-08", "bad", "x"] for _ in range(300)]
    pf = only(parse_file(csv_bytes(rows), "x.csv", options=ParseOptions(max_errors=200)))
    assert len(pf.errors) == 200 and pf.error_count == 300


@pytest.mark.parametrize(
    "data,code",
    [
        (b"", "empty_file"),
        (b"   \r\n  ", "empty_file"),
        (os.urandom(0) + bytes(range(256)) * 8, "unknown_format"),
        (b"\x80\x81\x82,\xff\xfe\x00", "unknown_format"),
        ("交易日期,交易金额\n2026-10-08,1\n".encode("gbk") + b"\x80\xff", "encoding"),
        (b"<html><table><tr><td>x</td></tr></table></html>", "no_header"),  # a web page table is read as a sheet
        (b"<html><body><p>x</p></body></html>", "unsupported_format"),
        (b'<?xml version="1.0"?><root/>', "unsupported_format"),
        (b"a,b,c\n1,2,3\n", "no_header"),
    ],
)
def test_file_level_refusals(data: bytes, code: str) -> None:
    with pytest.raises(ParseError) as exc:
        parse_file(data, "upload.xls")
    assert exc.value.code == code
    assert exc.value.message


def test_truncated_xlsx_is_unreadable() -> None:
    data = xlsx_bytes(bcm(GOOD))
    with pytest.raises(ParseError) as exc:
        parse_file(data[: len(data) // 2], "b.xlsx")
    assert exc.value.code == "unreadable"


def test_zip_that_is_not_a_workbook_names_what_it_holds() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("readme.txt", "hello")
    with pytest.raises(ParseError) as exc:
        parse_file(buf.getvalue(), "b.xlsx")
    assert exc.value.code == "unsupported_format" and "readme.txt" in exc.value.message


def test_zip_bomb_is_refused_before_reading() -> None:
    data = xlsx_bytes(bcm(GOOD))
    with pytest.raises(ParseError) as exc:
        parse_file(data, "b.xlsx", options=ParseOptions(max_uncompressed_bytes=1000))
    assert exc.value.code == "zip_bomb"


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_row_cap(fmt: str) -> None:
    rows = bcm([row("2026-10-08", "1.00", "") for _ in range(100)])
    data = xlsx_bytes(rows) if fmt == "xlsx" else csv_bytes(rows)
    with pytest.raises(ParseError) as exc:
        parse_file(data, f"b.{fmt}", options=ParseOptions(max_rows=10, header_scan_rows=5))
    assert exc.value.code == "too_many_rows"


def test_file_size_cap() -> None:
    with pytest.raises(ParseError) as exc:
        parse_file(b"x" * 2000, "b.csv", options=ParseOptions(max_bytes=1000))
    assert exc.value.code == "too_large"


def test_broken_camt_xml_is_wrapped() -> None:
    data = (
        b'<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt>'
    )
    with pytest.raises(ParseError) as exc:
        parse_file(data, "c.xml")
    assert exc.value.code == "unreadable"


def test_camt_sub_cent_amount_is_a_row_error() -> None:
    data = (
        b'<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt>'
        b"<Acct><Id><IBAN>X1</IBAN></Id><Ccy>EUR</Ccy></Acct>"
        b'<Ntry><Amt Ccy="EUR">8.855</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-10-08</Dt></BookgDt></Ntry>'
        b'<Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-10-08</Dt></BookgDt></Ntry>'
        b"</Stmt></BkToCstmrStmt></Document>"
    )
    [pf] = parse_file(data, "c.xml")
    [err] = pf.errors
    assert err.code == "precision" and err.row == 1 and err.value == "8.855"
    assert len(pf.lines) == 1


def test_mt940_jpy_fraction_is_refused() -> None:
    data = b":20:X\n:25:ACC\n:28C:1\n:60F:C261008JPY100,\n:61:2610081008C10,5NTRFNONREF\n:62F:C261008JPY110,5\n"
    [pf] = parse_file(data, "x.sta")
    assert pf.errors[0].code == "precision" and pf.errors[0].row == 5


def _camt(amount: str, booking: str = "2026-10-08", frto: str = "") -> bytes:
    return (
        '<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt>'
        f"<Acct><Id><IBAN>X1</IBAN></Id><Ccy>EUR</Ccy></Acct>{frto}"
        f'<Ntry><Amt Ccy="EUR">{amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>{booking}</Dt>'
        "</BookgDt></Ntry>"
        '<Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-10-08</Dt></BookgDt></Ntry>'
        "</Stmt></BkToCstmrStmt></Document>"
    ).encode()


@pytest.mark.parametrize("amount", ["-5.00", "0.00", "-0", "+1.00"])
def test_camt_signed_or_zero_entry_amount_is_a_row_error(amount: str) -> None:
    # camt amounts are unsigned; the direction is CdtDbtInd. A sign would otherwise be dropped silently.
    [pf] = parse_file(_camt(amount), "c.xml")
    [err] = pf.errors
    assert (err.code, err.row, err.value) == ("bad_amount", 1, amount) and "CdtDbtInd" in err.message
    assert not pf.ok


def test_camt_impossible_dates_are_row_errors() -> None:
    [pf] = parse_file(_camt("1.00", booking="2026-02-30"), "c.xml")
    assert [(e.code, e.column) for e in pf.errors] == [("bad_date", "Ntry")]
    frto = "<FrToDt><FrDtTm>2026-13-01T00:00:00</FrDtTm><ToDtTm>2026-10-31T00:00:00</ToDtTm></FrToDt>"
    [pf] = parse_file(_camt("1.00", frto=frto), "c.xml")
    assert [(e.code, e.column, e.value) for e in pf.errors] == [("bad_date", "FrToDt", "2026-13-01T00:00:00")]


def test_mt940_where_every_message_fails_is_refused_with_the_first_reason() -> None:
    # Before: an empty list came back and the row errors were lost, so the upload looked like "nothing".
    data = b":20:X\n:25:ACC\n:28C:1\n:60F:C261008EUR100,\n:61:000000C10,NTRFNONREF\n:62F:C261008EUR110,\n"
    with pytest.raises(ParseError) as exc:
        parse_file(data, "x.sta")
    assert exc.value.code == "unreadable" and "第1行" in exc.value.message


@pytest.mark.parametrize(
    "data",
    [
        b"01,A,B,100215,1459,1,,,2/\n02,B,A,1,091216,2400,,/\n03,123,GBP,010,100,,/\n16,699,971,,,/\n",
        b"01,A,B,100215,1459,1,,,2/\n02,B,A,1,091216,2400,,/\n03,123,GBP,010,100,,/\n16,699,971,,,/\n49,1071,2/\n",
    ],
    ids=["cut-after-16", "cut-after-49"],
)
def test_bai2_cut_before_its_trailers_is_refused_naming_the_open_record(data: bytes) -> None:
    # bai2 0.15 loops forever on these; the structure is checked before the library sees them.
    with pytest.raises(ParseError) as exc:
        parse_file(data, "cut.bai2")
    assert exc.value.code == "unreadable" and "截断" in exc.value.message


def test_bai2_amount_beyond_numeric_18_2_is_a_row_error() -> None:
    data = (
        b"01,A,B,100215,1459,1,,,2/\n02,B,A,1,091216,2400,,/\n03,123,GBP,010,100,,/\n"
        b"16,399,1000000000000000000000,,,/\n49,1000000000000000000100,3/\n98,1000000000000000000100,1,5/\n"
        b"99,1000000000000000000100,1,7/\n"
    )
    [pf] = parse_file(data, "big.bai2")
    assert [(e.code, e.row, e.column) for e in pf.errors] == [("bad_amount", 4, "16")]


def test_bai2_distribution_count_beyond_any_record_is_refused_naming_its_line() -> None:
    count = "9" * 5000
    # A 16 of funds type D says how many day-and-amount pairs follow; five thousand digits there made int() raise.
    data = (
        b"01,A,B,100215,1459,1,,,2/\n02,B,A,1,091216,2400,,/\n03,123,GBP,010,100,,/\n"
        + f"16,399,100,D,{count},1,100/\n".encode()
        + b"49,200,3/\n98,200,1,5/\n99,200,1,7/\n"
    )
    with pytest.raises(ParseError) as exc:
        parse_file(data, "d.bai2")
    assert exc.value.code == "unreadable"
    assert exc.value.message.startswith("第 4 行：BAI2 记录 16 只有 6 个字段（应有 2000006 个）")


def test_bai2_record_continued_on_many_88_lines_gathers_its_fields_in_one_list(monkeypatch) -> None:
    """Each 88 of a record copied all the record's fields gathered so far (a 234 KB file of 40,000 continuations
    took 10 s, a 50 MB one would take days): the fields are gathered in place, each 88 adding only its own."""
    from reconcile.parsers import bai2_file

    seen: list[list[str]] = []
    count = bai2_file._fields_before_text

    def recording(parts: list[str]) -> int:
        seen.append(parts)
        return count(parts)

    monkeypatch.setattr(bai2_file, "_fields_before_text", recording)
    bai2_file._mark_field_ends("16,115,500000,D,1\n" + "88,1,\n" * 50 + "88,1,100/\n")
    assert len(seen) == 51 and all(parts is seen[0] for parts in seen)


def test_workbook_with_a_far_away_cell_is_refused_within_the_memory_cap() -> None:
    # One stray cell at XFD10000 makes the reader build a 164M-cell grid; the child hits its cap and
    # the upload is refused with what to do, while this process is untouched.
    import openpyxl

    wb = openpyxl.Workbook()
    for values in bcm(GOOD):
        wb.active.append(values)
    wb.active.cell(row=10_000, column=16_384, value="x")
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(ParseError) as exc:
        parse_file(buf.getvalue(), "stray.xlsx", options=ParseOptions(excel_memory_mb=512))
    assert exc.value.code == "unreadable" and "512 MB" in exc.value.message and "XFD10000" in exc.value.message


@pytest.mark.parametrize(
    "month,day,ok",
    [("10", "8", True), ("10.0", "8.0", True), ("10.5", "8", False), ("1e1", "8", False), ("10", "nan", False)],
)
def test_journal_month_and_day_cells_are_whole_numbers(month: str, day: str, ok: bool) -> None:
    # `10.5` used to be truncated to October; a half month is not a date.
    from reconcile.parsers.errors import RowProblem
    from reconcile.parsers.journal import ymd_date

    if ok:
        assert ymd_date("2026", month, day, None).isoformat() == "2026-10-08"
    else:
        with pytest.raises(RowProblem) as exc:
            ymd_date("2026", month, day, None)
        assert exc.value.code == "bad_date"


@pytest.mark.parametrize(
    ("kind", "name", "says"),
    [
        ("bank", "journal_2026-10.csv", "upload it as a journal"),
        ("journal", "bank_2026-10.csv", "this looks like a bank statement"),
    ],
)
def test_a_journal_uploaded_as_a_bank_statement_is_named_once(kind, name, says) -> None:
    from pathlib import Path

    data = (Path(__file__).resolve().parents[3] / "portal" / "demo_data" / name).read_bytes()
    [pf] = parse_file(data, name, kind=kind)
    [err] = pf.errors  # one file-level error, not a balance error on every row
    with translation.override("en"):
        assert (err.row, err.code) == (None, "wrong_kind") and says in err.message
    # The same file as what it is has no error at all.
    [right] = parse_file(data, name, kind="journal" if kind == "bank" else "bank")
    assert right.ok


def test_a_refused_amount_does_not_also_cost_the_next_row_a_balance_error() -> None:
    rows = bcm([GOOD[0], row("2026-10-09", "五十", "1150.00"), row("2026-10-10", "10.00", "1140.00", "借")])
    pf = only(parse_file(xlsx_bytes(rows), "b.xlsx"))
    assert [(e.row, e.code) for e in pf.errors] == [(4, "bad_amount")]
    # A real break after the refused row is still found.
    rows = bcm(
        [
            GOOD[0],
            row("2026-10-09", "五十", "1150.00"),
            row("2026-10-10", "10.00", "1140.00", "借"),
            row("2026-10-11", "10.00", "1100.00", "借"),
        ]
    )
    assert [(e.row, e.code) for e in only(parse_file(xlsx_bytes(rows), "b.xlsx")).errors] == [
        (4, "bad_amount"),
        (6, "balance_mismatch"),
    ]


def test_closing_balance_counts_the_lines_listed_after_the_last_balance() -> None:
    rows = bcm([GOOD[0], GOOD[1], row("2026-10-10", "20.00", "", "借")])
    pf = only(parse_file(xlsx_bytes(rows), "b.xlsx"))
    assert pf.ok
    assert pf.opening_balance == Decimal("1000.00") and pf.closing_balance == Decimal("1030.00")


def test_a_pushed_negative_amount_with_a_direction_is_refused() -> None:
    from reconcile.parsers import parse_json_lines

    pf = parse_json_lines({"lines": [{"date": "2026-10-08", "amount": "-5.00", "direction": "in"}]}, kind="bank")
    assert [(e.column, e.code) for e in pf.errors] == [("amount", "bad_amount")]
    signed = parse_json_lines({"lines": [{"date": "2026-10-08", "amount": "-5.00"}]}, kind="bank")
    assert signed.ok and signed.lines[0].direction == "out"  # a signed amount alone says it


@pytest.mark.parametrize("count", ["9" * 5000, "²"], ids=["5000-digits", "superscript-two"])
def test_camt_entry_count_int_cannot_read_is_left_unread_like_any_other_text(count: str) -> None:
    # int() raised on both (a ² is a digit to isdigit()): the whole file failed instead of being read.
    summary = f"<TxsSummry><TtlNtries><NbOfNtries>{count}</NbOfNtries></TtlNtries></TxsSummry>"
    data = _camt("5.00").replace(b"<Ntry>", summary.encode() + b"<Ntry>", 1)
    [pf] = parse_file(data, "c.xml")
    assert pf.ok and len(pf.lines) == 2 and pf.controls.line_count is None


@pytest.mark.parametrize("span", ["9" * 5000, "²"], ids=["5000-digits", "superscript-two"])
def test_html_table_cell_colspan_int_cannot_read_spans_within_the_cap(span: str) -> None:
    # int() raised on both: the file failed with no row or value named.
    html = (
        "<html><body><table><tr><td>交易日期</td><td>收入</td><td>支出</td><td>余额</td></tr>"
        f'<tr><td>2026-05-01</td><td>10.00</td><td></td><td colspan="{span}">110.00</td></tr></table></body></html>'
    )
    [pf] = parse_file(html.encode(), "h.xls")
    assert [(ln.amount, ln.balance) for ln in pf.lines] == [(Decimal("10.00"), Decimal("110.00"))]


def test_nul_byte_in_a_cell_below_the_files_head_is_a_row_error_naming_it() -> None:
    # Only a NUL in the first 4096 characters was refused (binary content); one further down reached PostgreSQL,
    # which stores no NUL in text: the import failed with a server error instead of naming the cell.
    rows = ["交易日期,摘要,对方户名,收入,支出,余额"]
    rows += [f"2026-05-{i % 28 + 1:02d},货款,上海恒达贸易有限公司,1.00,,{i + 1}.00" for i in range(300)]
    rows[250] = rows[250].replace("上海恒达", "上海\x00恒达")
    [pf] = parse_file("\n".join(rows).encode(), "nul.csv")
    assert [(e.row, e.column, e.value, e.code) for e in pf.errors] == [
        (251, "counterparty_name", "上海\ufffd恒达贸易有限公司", "bad_record")
    ]
    with translation.override("en"):
        assert "NUL byte" in pf.errors[0].message


def test_nul_byte_in_a_pushed_line_is_a_row_error_naming_it() -> None:
    from reconcile.parsers import parse_json_lines

    pf = parse_json_lines([{"date": "2026-05-01", "amount": "10.00", "direction": "in", "summary": "货\x00款"}])
    assert [(e.row, e.column, e.value) for e in pf.errors] == [(1, "summary", "货\ufffd款")]
