"""Excel's XML Spreadsheet 2003 (SpreadsheetML) named .xls, as online banking and ERP systems export their "Excel"
files: it was refused as an XML file that is not a camt statement. The files are written here in that shape, with
names, numbers and amounts made up."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from reconcile.parsers import ParseError, detect_format, parse_file

pytestmark = pytest.mark.usefixtures("english")  # the messages asserted on are the English ones

_HEAD = (
    '<?xml version="1.0" encoding="{enc}"?>\n<?mso-application progid="Excel.Sheet"?>\n'
    '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:o="urn:schemas-microsoft-com:office:office"'
    ' xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"'
    ' xmlns:html="http://www.w3.org/TR/REC-html40">\n'
)


def _book(sheets: str, enc: str = "UTF-8") -> bytes:
    return (_HEAD.format(enc=enc) + sheets + "</Workbook>\n").encode("gbk" if enc == "GB2312" else "utf-8")


def _cell(value: str, kind: str = "String", extra: str = "") -> str:
    return f'<Cell{extra}><Data ss:Type="{kind}">{value}</Data></Cell>'


_TITLE = _cell("账户明细查询", extra=' ss:MergeAcross="6"')
_ACCOUNT = _cell("账号：") + _cell("31050161373600001234") + _cell("币种：人民币", extra=' ss:Index="4"')
_HEADER = "".join(_cell(h) for h in ["交易时间", "借方发生额", "贷方发生额", "余额", "对方户名", "对方账号", "摘要"])
_LINE_1 = (
    _cell("2026-05-20T10:11:12.000", "DateTime")
    + "<Cell/>"
    + _cell("100.5", "Number")
    + _cell("1100.5", "Number")
    + _cell("上海恒达贸易有限公司")
    + _cell("6217001234567890123")
    + _cell("货款")
)
_LINE_2 = (
    _cell("2026-05-21T00:00:00.000", "DateTime")
    + _cell("50", "Number")
    + "<Cell/>"
    + _cell("1050.5", "Number")
    + '<Cell ss:Index="7"><Data ss:Type="String"><html:B>手续费</html:B></Data></Cell>'
)
_STATEMENT = (
    '<Worksheet ss:Name="账户明细"><Table>'
    f'<Row>{_TITLE}</Row><Row>{_ACCOUNT}</Row><Row ss:Index="4">{_HEADER}</Row><Row>{_LINE_1}</Row><Row>{_LINE_2}</Row>'
    "</Table></Worksheet>"
)


@pytest.mark.parametrize("enc", ["UTF-8", "GB2312"])
def test_an_excel_xml_spreadsheet_named_xls_is_read_as_the_sheet_excel_shows(enc) -> None:
    data = _book(_STATEMENT, enc)
    assert detect_format(data, "明细.xls") == "xmlss"
    (pf,) = parse_file(data, "明细.xls")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.account_number, pf.currency) == ("31050161373600001234", "CNY")
    assert [(ln.row, ln.booking_date, ln.direction, ln.amount, ln.summary) for ln in pf.lines] == [
        (5, date(2026, 5, 20), "in", Decimal("100.50"), "货款"),
        (6, date(2026, 5, 21), "out", Decimal("50.00"), "手续费"),
    ]
    assert pf.lines[0].counterparty_account == "6217001234567890123"  # text as written, not a float
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("1000.00"), Decimal("1050.50"))


def test_an_excel_xml_spreadsheet_in_gbk_that_does_not_declare_it_is_read() -> None:
    data = _book(_STATEMENT).replace(b' encoding="UTF-8"', b"").decode().encode("gbk")
    (pf,) = parse_file(data, "明细.xls")
    assert pf.ok, [e.message for e in pf.errors]
    assert pf.lines[0].counterparty_name == "上海恒达贸易有限公司"


def test_a_bad_cell_of_an_excel_xml_spreadsheet_names_its_row_and_column() -> None:
    bad = _STATEMENT.replace(_cell("50", "Number"), _cell("5O", "String"))
    (pf,) = parse_file(_book(bad), "明细.xls")
    assert not pf.ok
    (error,) = pf.errors
    assert (error.row, error.column, error.value) == (6, "借方发生额", "5O")


def test_a_journal_in_excel_xml_is_read() -> None:
    header = "".join(_cell(h) for h in ["日期", "凭证字号", "摘要", "借方金额", "贷方金额", "余额"])
    line = "".join([_cell("2026-10-08"), _cell("记-12"), _cell("收货款"), _cell("5000", "Number"), "<Cell/>"])
    line += _cell("105000", "Number")
    sheet = f'<Worksheet ss:Name="日记账"><Table><Row>{header}</Row><Row>{line}</Row></Table></Worksheet>'
    (pf,) = parse_file(_book(sheet), "journal.xls", kind="journal")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.direction, ln.amount, ln.serial) for ln in pf.lines] == [("in", Decimal("5000.00"), "记-12")]


@pytest.mark.parametrize(
    ("data", "code", "words"),
    [
        (_book(_STATEMENT)[:-40], "unreadable", "XML Spreadsheet 2003"),
        (_book('<Worksheet ss:Name="S"><Table></Table></Worksheet>'), "empty_file", ""),
        (_book(_STATEMENT.replace('<Row ss:Index="4">', '<Row ss:Index="x1">')), "unreadable", "x1"),
        (_book(_STATEMENT.replace('<Row ss:Index="4">', f'<Row ss:Index="{"9" * 5000}">')), "unreadable", "99999"),
        (_book(_STATEMENT.replace(' ss:Index="4"', f' ss:Index="{"9" * 5000}"', 1)), "unreadable", "99999"),
    ],
    ids=["cut-off", "no-rows", "bad-index", "row-index-of-5000-digits", "cell-index-of-5000-digits"],
)
def test_a_broken_excel_xml_spreadsheet_is_refused_saying_what_is_wrong(data, code, words) -> None:
    with pytest.raises(ParseError) as refused:
        parse_file(data, "明细.xls")
    assert refused.value.code == code
    assert words in refused.value.message


def test_an_ops_table_in_excel_xml_is_read_as_its_first_sheet() -> None:
    """Agreements, balances and the calendar are read by the same readers: an Excel XML one was refused as XML."""
    from reconcile.sheet_reader import SheetReader

    rows = SheetReader().rows(_book(_STATEMENT), "balances.xls")
    assert rows[0] == (1, ["账户明细查询", "", "", "", "", "", ""])
    assert rows[2][0] == 4 and rows[2][1][:2] == ["交易时间", "借方发生额"]


def test_an_excel_xml_spreadsheet_whose_cells_reach_far_right_is_refused_before_its_grid_is_built() -> None:
    """One ``<Cell ss:Index="16384">`` a row is 70 bytes that ask for 16384 cells: 650 of them, 48 KB, asked for ten
    million cells, 12 s of reading (a 50 MB upload, for ten thousand million). A file holds a cell a byte (at least
    200,000): this one is refused naming the row where its cap is passed."""
    far = '<Row><Cell ss:Index="16384"><Data ss:Type="String">x</Data></Cell></Row>' * 650
    sheet = f'<Worksheet ss:Name="S"><Table><Row>{_HEADER}</Row>{far}</Table></Worksheet>'
    with pytest.raises(ParseError) as refused:
        parse_file(_book(sheet), "明细.xls")
    assert refused.value.code == "unreadable"
    assert "row 14:" in refused.value.message and "more than 200000 cells" in refused.value.message


def test_an_excel_xml_title_merged_across_thousands_of_digits_of_columns_spans_fifty() -> None:
    wide = _STATEMENT.replace(' ss:MergeAcross="6"', f' ss:MergeAcross="{"9" * 5000}"')
    (pf,) = parse_file(_book(wide), "明细.xls")
    assert pf.ok, [e.message for e in pf.errors]
    assert len(pf.lines) == 2


def test_gbk_text_is_told_from_its_characters_without_holding_one_object_each() -> None:
    """Whether bytes are GBK was decided from a list of every non-ASCII character, one object each: a 20 MB Excel
    XML file in GBK held 750 MB. They are counted per distinct character instead."""
    import tracemalloc

    from reconcile.parsers.text import chinese_gbk

    data = ("上海恒达贸易有限公司，货款。" * 70_000).encode("gbk")  # 2 MB, a million characters
    tracemalloc.start()
    try:
        text = chinese_gbk(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert text is not None and text.startswith("上海恒达")
    assert peak < 5 * len(data)  # the text itself (two bytes a character) and a little more


# Run in a fresh process: libxml2 allocates the tree with malloc, which tracemalloc does not see (it measured the
# same 1.5 times the file's size before streaming and after), so the process's peak resident size is measured.
_MEASURE = """
import sys
from pathlib import Path

import django

django.setup()
from reconcile.parsers.types import ParseOptions
from reconcile.parsers.xml_sheet import read_spreadsheet_xml


def peak_kib():
    # VmHWM: this process's own peak (getrusage's ru_maxrss would count the parent's peak: it survives exec).
    return int(Path("/proc/self/status").read_text().split("VmHWM:")[1].split()[0])


data = Path(sys.argv[1]).read_bytes()
before = peak_kib()
sheets = read_spreadsheet_xml(data, ParseOptions())
print(sum(len(s.rows) for s in sheets), (peak_kib() - before) * 1024)
"""


def test_a_large_excel_xml_spreadsheet_is_read_in_memory_bounded_by_its_size(tmp_path) -> None:
    """The whole tree of a 7 MB file took 13 times its size at its peak. Its rows are read as the parser goes and
    forgotten: what is left is the sheet's cells themselves, under twice the file."""
    import subprocess
    import sys
    from pathlib import Path

    rows = 20_000
    line = "<Row>" + _LINE_1 + "</Row>"
    sheet = f'<Worksheet ss:Name="S"><Table><Row>{_HEADER}</Row>{line * rows}</Table></Worksheet>'
    path = tmp_path / "large.xls"
    path.write_bytes(_book(sheet))
    size = path.stat().st_size
    assert size > 7_000_000
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path)],
        cwd=Path(__file__).resolve().parents[3],
        capture_output=True,
        text=True,
        check=True,
    )
    read, grown = map(int, done.stdout.split())
    assert read == rows + 1
    assert grown < 3 * size, f"{grown / size:.1f} times the file's size"


def test_an_excel_xml_spreadsheet_neither_expands_entities_nor_reads_external_ones(tmp_path) -> None:
    """Read as the parser goes, the file is still read without expanding a billion laughs or fetching a file an
    entity names."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    laughs = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{f"&{chr(97 + i)};" * 10}">' for i in range(8)
    )
    cell = (
        '<Worksheet ss:Name="S"><Table><Row><Cell><Data ss:Type="String">v{ref}</Data></Cell></Row></Table></Worksheet>'
    )

    def with_dtd(entities: str, ref: str) -> bytes:
        head = _HEAD.format(enc="UTF-8").replace("<Workbook", f"<!DOCTYPE Workbook [{entities}]>\n<Workbook", 1)
        return (head + cell.format(ref=ref) + "</Workbook>\n").encode()

    with pytest.raises(ParseError) as refused:
        parse_file(with_dtd(laughs, "&i;"), "明细.xls")
    assert refused.value.code == "unreadable"
    from reconcile.parsers.types import ParseOptions
    from reconcile.parsers.xml_sheet import read_spreadsheet_xml

    external = with_dtd(f'<!ENTITY x SYSTEM "{secret.as_uri()}">', "&x;")
    (sheet,) = read_spreadsheet_xml(external, ParseOptions())
    assert "TOP-SECRET" not in repr(sheet.rows)
