"""Attack-style tests of the importers: whatever bytes arrive, ``parse_file`` returns statements or
raises ParseError with a message a person can act on. Never another exception, never an endless loop.

Every hypothesis test is derandomized and small (CI must be deterministic and the folder stays under
a minute); the inputs are described by short tuples (fixture, mutation, offset ...) so a failure
prints a replayable example.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import types
import zipfile
from decimal import Decimal
from functools import cache, lru_cache

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from reconcile.parsers import readers
from reconcile.parsers.api import parse_file
from reconcile.parsers.errors import ParseError
from reconcile.parsers.json_push import parse_json_lines
from reconcile.parsers.types import ParsedFile
from tests.fuzz import fuzzkit as kit

# Shrinking a hang costs the full alarm on every attempt: report the first failing example as found.
FAST = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow],
)

# -- 1. truncated / mutated real files, per format -------------------------------------------------

FIXTURES = kit.fixture_files()
BUILT = {
    "built/bank.csv": lambda: kit.csv_bytes([kit.BANK_HEADER, *kit.BANK_ROWS]),
    "built/bank_gbk.csv": lambda: kit.csv_bytes([kit.BANK_HEADER, *kit.BANK_ROWS], "gbk"),
    "built/bank.xlsx": lambda: kit.xlsx_bytes([kit.BANK_HEADER, *kit.BANK_ROWS]),
    "built/bank_stored.xlsx": lambda: kit.xlsx_bytes([kit.BANK_HEADER, *kit.BANK_ROWS], compression=zipfile.ZIP_STORED),
    "built/bank.xls": lambda: kit.xls_bytes([kit.BANK_HEADER, *kit.BANK_ROWS]),
    "built/statement.bai2": lambda: kit.bai2_bytes([12_345, -2_500, 99]),
    "built/statement.sta": lambda: kit.mt940_bytes(),
    "built/statement.xml": lambda: kit.camt_bytes("12.50"),
    "built/statement.ofx": lambda: kit.ofx_bytes("12.50"),
    "built/statement.qif": lambda: (
        b"!Account\r\nNChecking\r\nTBank\r\n^\r\n!Type:Bank\r\nD12/ 1'25\r\nT1,480.00\r\nPOpening Balance\r\n"
        b"L[Checking]\r\n^\r\nD12/31'25\r\nU-1,234.56\r\nT-1,234.56\r\nN1042\r\nPContoso\r\nSRent\r\n$-1,234.56\r\n^\r\n"
    ),
}


@cache
def sample(name: str) -> bytes:
    return BUILT[name]() if name in BUILT else kit.fixture_bytes(name)


def _family(name: str) -> str:
    suffix = name.rsplit(".", 1)[-1]
    return {
        "sta": "mt940",
        "txt": "mt940",
        "xml": "camt",
        "ofx": "ofx",
        "qif": "qif",
        "bai2": "bai2",
        "csv": "csv",
        "xlsx": "xlsx",
        "xls": "xls",
    }[suffix]


FAMILIES = sorted({_family(n) for n in [*FIXTURES, *BUILT]})


def test_every_format_family_has_samples() -> None:
    # The public fixtures must be found (CI clones main with shared/ beside it); otherwise the
    # mutation tests below would silently test only the built samples.
    assert {_family(n) for n in FIXTURES} >= {"mt940", "camt", "ofx", "bai2"}, kit.FIXTURES
    assert set(FAMILIES) == {"mt940", "camt", "ofx", "qif", "bai2", "csv", "xlsx", "xls"}


mutation = st.tuples(
    st.sampled_from(kit.MUTATIONS),
    st.integers(0, 9_999).map(lambda n: n / 10_000),  # relative offset
    st.integers(1, 64),  # size
    st.integers(0, 255),  # pick
)


@pytest.mark.parametrize("family", FAMILIES)
@FAST
@given(data=st.data())
def test_mutated_samples_are_parsed_or_refused_with_a_reason(family: str, data) -> None:
    names = [n for n in [*FIXTURES, *BUILT] if _family(n) == family]
    name = data.draw(st.sampled_from(names), label="sample")
    op, where, size, pick = data.draw(mutation, label="mutation")
    mutated = kit.mutate(sample(name), op, where, size, pick)
    kit.check_parse_contract_safe(mutated, name.rsplit("/", 1)[-1], seconds=kit.HANG_SECONDS)


@pytest.mark.parametrize("name", [*FIXTURES, *BUILT])
def test_every_truncation_point_of_the_first_kilobyte_and_the_tail(name: str) -> None:
    """Deterministic sweep: cut each sample at regular offsets (files arrive cut by a broken upload)."""
    data = sample(name)
    step = max(len(data) // 12, 1)
    cuts = sorted({*range(1, min(len(data), 1024), 97), *range(step, len(data), step), len(data) - 1})
    outcomes = {
        cut: kit.check_parse_contract_safe(data[:cut], name.rsplit("/", 1)[-1], seconds=kit.HANG_SECONDS)
        for cut in cuts
    }
    # Each cut parsed, was refused row by row, or raised ParseError (checked above); a one-byte file
    # is never a statement.
    assert outcomes[1] != "ok"


# -- 2. random bytes, with and without a format's magic --------------------------------------------

MAGICS = [
    b"",
    b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"<?xml version='1.0'?><Document>",
    b"OFXHEADER:100\n",
    b"!Type:Bank\n",
    b":20:X\n:25:Y\n:61:",
    b"01,",
    b"{",
    b"[",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    "交易日期,金额\n".encode(),
]


@settings(
    max_examples=150, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    magic=st.sampled_from(MAGICS),
    body=st.binary(max_size=2048),
    filename=st.sampled_from(["a.csv", "a.xlsx", "a.xls", "a.txt", "a.sta", "a.xml", "a.ofx", "a.bai2", ""]),
    kind=st.sampled_from(["bank", "journal"]),
)
def test_random_bytes_never_escape_as_another_exception(magic: bytes, body: bytes, filename: str, kind: str) -> None:
    kit.check_parse_contract_safe(magic + body, filename, kind, seconds=kit.HANG_SECONDS)


# -- 3. wrong encodings ----------------------------------------------------------------------------

CSV_TEXT = "交易日期,摘要,借方发生额,贷方发生额,余额,对方户名\n2026-10-08,货款,,30000.00,130000.00,上海恒瑞\n"


@pytest.mark.parametrize(
    "encoding,expected",
    [
        ("gbk", "ok"),  # GBK bytes labelled .csv: the most common Chinese export
        ("gb18030", "ok"),
        ("utf-8-sig", "ok"),
        ("utf-16", "ok"),  # with BOM
        ("utf-16-le", None),  # no BOM: refused or read, never a crash
        ("utf-8-bom+gbk", None),  # an editor put a UTF-8 BOM in front of GBK text
        ("utf-16-be", None),
        ("utf-32", None),
        ("big5", None),
        ("shift_jis", None),
    ],
)
def test_encodings(encoding: str, expected: str | None) -> None:
    if encoding == "utf-8-bom+gbk":
        data = b"\xef\xbb\xbf" + CSV_TEXT.encode("gbk")
    else:
        data = CSV_TEXT.encode(encoding, errors="replace")
    outcome = kit.check_parse_contract(data, "export.csv")
    if expected:
        assert outcome == expected
        [pf] = parse_file(data, "export.csv")
        assert pf.lines[0].counterparty_name == "上海恒瑞"


def test_latin1_csv_is_refused_with_an_encoding_reason_or_read_correctly() -> None:
    data = "Date,Description,Debit,Credit\n2026-10-08,Café crème,,1.00\n".encode("latin-1")
    outcome = kit.check_parse_contract(data, "latin1.csv")
    if outcome == "ok":
        [pf] = parse_file(data, "latin1.csv")
        assert pf.lines[0].summary == "Café crème", "Latin-1 text was read as something else (mojibake)"
    else:
        assert outcome == "encoding", outcome


# -- 4. huge cells, formulas, hostile dates and amounts -------------------------------------------

MB = 1_000_000


def _bank_rows(date_cell: object = "2026-10-08", amount_cell: object = "1.00", summary: object = "货款") -> list:
    return [kit.BANK_HEADER[:4], [date_cell, summary, "", amount_cell]]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("column", ["summary", "amount", "date", "header"])
def test_one_megabyte_cell(fmt: str, column: str) -> None:
    rows = _bank_rows(
        **(
            {"summary": "摘" * MB}
            if column == "summary"
            else {"amount_cell": "9" * MB}
            if column == "amount"
            else {"date_cell": "2" * MB}
            if column == "date"
            else {}
        )
    )
    if column == "header":
        rows[0] = [*rows[0], "H" * MB]
    data = kit.csv_bytes(rows) if fmt == "csv" else kit.xlsx_bytes(rows)
    # Only an endless loop fails here (the hang guard): how fast a megabyte cell is read is no test's business.
    outcome = kit.check_parse_contract_safe(data, f"big.{fmt}", seconds=kit.HANG_SECONDS)
    if column in ("amount", "date"):
        assert outcome != "ok", "a 1 MB amount/date cell was accepted"


def _outcome_errors(data: bytes, filename: str) -> list:
    try:
        files = parse_file(data, filename)
    except ParseError:
        return []
    return [e for pf in files for e in pf.errors]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_excel_formulas_are_not_taken_for_amounts_or_dates(fmt: str) -> None:
    rows = [
        kit.BANK_HEADER[:5],
        ["2026-10-08", '=HYPERLINK("http://x","y")', "", "=SUM(1,2)", ""],
        ["=TODAY()", "货款", "", "1.00", ""],
        ["2026-10-09", "@SUM(A1)", "=1+1", "", "=A1*2"],
    ]
    data = kit.csv_bytes(rows) if fmt == "csv" else kit.xlsx_bytes(rows)
    outcome = kit.check_parse_contract_safe(data, f"formulas.{fmt}")
    assert outcome == "refused", "formula cells must not pass as amounts/dates"
    rows_named = {(e.row, e.column) for e in _outcome_errors(data, f"formulas.{fmt}")}
    assert {r for r, _ in rows_named} >= {2, 3, 4}
    assert all(c for _, c in rows_named)


BAD_DATES_TEXT = [
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "-1",
    "1000000000",
    "0",
    "99999",
    "20261301",
    "2026-13-45",
    "２０２６-１０-０８",
    "2026年2月30日",
    "1e9",
    "NaN",
    "2026-10-08T25:61",
]
BAD_DATES_CELL = [
    -1,
    0,
    1e9,
    -1e9,
    2_958_466,
    1e308,
    float("inf"),
    float("nan"),
    dt.date(1, 1, 1),
    dt.datetime(9999, 12, 31, 23, 59),
    45_000,
    45_000.5,
    True,
]


@pytest.mark.parametrize("value", BAD_DATES_TEXT)
def test_hostile_date_text(value: str) -> None:
    data = kit.csv_bytes(_bank_rows(date_cell=value))
    kit.check_parse_contract(data, "dates.csv")
    if value in ("2026-02-30", "2026-13-45", "2026年2月30日", "-1", "1000000000"):
        [err] = _outcome_errors(data, "dates.csv")
        assert (err.row, err.column, err.code) == (2, "交易日期", "bad_date")


@pytest.mark.parametrize("value", BAD_DATES_CELL, ids=repr)
def test_hostile_date_cells_in_xlsx(value: object) -> None:
    kit.check_parse_contract_safe(kit.xlsx_bytes(_bank_rows(date_cell=value)), "dates.xlsx")


HOSTILE_AMOUNTS = [
    "1e30",
    "1E+30",
    "-0",
    "-0.00",
    "NaN",
    "nan",
    "Infinity",
    "-Infinity",
    "sNaN",
    "１,２３４.５６",
    "1,23,4.5",
    "1" + "0" * 30,
    "9" * 40 + ".99",
    "99999999999999999.00",
    "10000000000000000.00",
    "0.001",
    "1.005",
    "(1,234.56)",
    "1,234.56-",
    "¥-1.00",
    "--1",
    "+-1",
    "1.2.3",
    "١٢٣",
    "½",
    "0x10",
    "1_000.00",
    " ",
    "\u00a01.00",
    "1e-30",
    "¥",
    "元",
    "CNY",
    "+",
    "()",
]


@pytest.mark.parametrize("value", HOSTILE_AMOUNTS)
def test_hostile_amount_text_in_csv(value: str) -> None:
    data = kit.csv_bytes(_bank_rows(amount_cell=value))
    outcome = kit.check_parse_contract(data, "amounts.csv")
    if value == "１,２３４.５６":
        [pf] = parse_file(data, "amounts.csv")
        assert outcome == "ok" and pf.lines[0].amount == Decimal("1234.56")
    if value in ("1,23,4.5", "1.2.3", "0x10"):
        [err] = _outcome_errors(data, "amounts.csv")
        assert (err.row, err.column, err.code) == (2, "贷方发生额", "bad_amount")


@pytest.mark.parametrize(
    "value",
    [1e30, -1e30, 1e16, float("nan"), float("inf"), -0.0, 0.1 + 0.2, 1e-30, 10**30, -(10**20), 123456789012345678],
    ids=repr,
)
def test_hostile_numeric_amount_cells_in_xlsx(value: float | int) -> None:
    kit.check_parse_contract_safe(kit.xlsx_bytes(_bank_rows(amount_cell=value)), "amounts.xlsx")


@pytest.mark.parametrize(
    "value", ["Infinity", "1E+30", "sNaN", "NaN", "-0", "-5.00", "0.00", "1" + "0" * 30, "１.00", "12.345"]
)
def test_hostile_amounts_in_camt(value: str) -> None:
    # camt amounts are unsigned (the direction is CdtDbtInd): a signed or zero <Amt> is not a line.
    kit.check_parse_contract(kit.camt_bytes(value), "camt.xml")


@pytest.mark.parametrize("value", ["Infinity", "1E+30", "sNaN", "NaN", "-0", "1" + "0" * 30, "12.345"])
def test_hostile_amounts_in_ofx(value: str) -> None:
    kit.check_parse_contract(kit.ofx_bytes(value), "bank.ofx")


@pytest.mark.parametrize("cents", [10**30, 10**18, 10**17, 1, -(10**25)], ids=str)
def test_hostile_amounts_in_bai2(cents: int) -> None:
    kit.check_parse_contract_safe(kit.bai2_bytes([cents]), "bank.bai2")


@pytest.mark.parametrize("date6", ["000101", "991231", "260230", "261301", "000000"])
def test_hostile_dates_in_mt940(date6: str) -> None:
    kit.check_parse_contract(kit.mt940_bytes(date6=date6), "bank.sta")


@pytest.mark.parametrize(
    "booking", ["0001-01-01", "9999-12-31", "2026-02-30", "-1", "", "2026-10-08T99:99:99", "99999999999999999999"]
)
def test_hostile_dates_in_camt_and_ofx(booking: str) -> None:
    kit.check_parse_contract(kit.camt_bytes("1.00", booking=booking), "camt.xml")
    kit.check_parse_contract(kit.camt_bytes("1.00", balance_date=booking), "camt.xml")  # <Bal><Dt>
    kit.check_parse_contract(kit.camt_bytes("1.00", period_from=booking), "camt.xml")  # <FrToDt>
    kit.check_parse_contract(kit.ofx_bytes("1.00", posted=booking.replace("-", "")), "bank.ofx")


JOURNAL_YMD = ["年", "月", "日", "凭证号", "摘要", "借方", "贷方", "余额"]


@pytest.mark.parametrize(
    "y,m,d",
    [
        ("2026", "inf", "1"),
        ("2026", "1e400", "1"),
        ("²", "1", "1"),
        ("2026", "nan", "1"),
        ("99999", "1", "1"),
        ("2026", "1", "-1"),
        ("0", "0", "0"),
        ("2026", "13", "1"),
    ],
)
def test_journal_year_month_day_columns(y: str, m: str, d: str) -> None:
    data = kit.csv_bytes([JOURNAL_YMD, [y, m, d, "1", "收款", "1.00", "", ""]])
    kit.check_parse_contract(data, "journal.csv", "journal")


# -- 5. xlsx zip bomb and broken zips --------------------------------------------------------------


@lru_cache(maxsize=1)
def zip_bomb() -> bytes:
    """A real workbook plus one member of 700 MB of zeros: about 3 MB at compresslevel=1, which takes
    ~1 s to build (level 9 gives 0.7 MB but takes ~6 s)."""
    good = kit.xlsx_bytes([kit.BANK_HEADER, *kit.BANK_ROWS])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        with zipfile.ZipFile(io.BytesIO(good)) as src:
            for name in src.namelist():
                zf.writestr(name, src.read(name))
        with zf.open("xl/media/image1.bin", "w", force_zip64=True) as member:
            chunk = bytes(1 << 20)
            for _ in range(700):
                member.write(chunk)
    return out.getvalue()


def test_zip_bomb_is_refused_without_decompressing(monkeypatch) -> None:
    bomb = zip_bomb()
    with zipfile.ZipFile(io.BytesIO(bomb)) as zf:
        assert sum(i.file_size for i in zf.infolist()) > 700 * 1024 * 1024 > 200 * len(bomb)

    def _no_decompress(*args, **kwargs):
        raise AssertionError("the zip bomb was opened for reading")

    monkeypatch.setattr(zipfile.ZipFile, "open", _no_decompress)
    monkeypatch.setattr(zipfile.ZipFile, "read", _no_decompress)
    monkeypatch.setattr(readers, "subprocess", types.SimpleNamespace(run=_no_decompress))  # the calamine child
    with pytest.raises(ParseError) as caught:
        parse_file(bomb, "bomb.xlsx")
    assert caught.value.code == "zip_bomb" and caught.value.message  # refused, and (above) nothing decompressed


def _set_central_directory_version(data: bytes, version: int) -> bytes:
    at = data.index(b"PK\x01\x02")
    return data[: at + 6] + struct.pack("<H", version) + data[at + 8 :]


def test_zip_with_an_unsupported_version_is_refused_as_unreadable() -> None:
    # zipfile raises NotImplementedError("zip file version 20.0") for this: it must become a ParseError.
    data = _set_central_directory_version(kit.xlsx_bytes([kit.BANK_HEADER, *kit.BANK_ROWS]), 200)
    assert kit.check_parse_contract_safe(data, "odd.xlsx") == "unreadable"


def test_truncated_xls_is_refused_not_a_rust_panic() -> None:
    # python-calamine raises pyo3 PanicException (a BaseException) on this cut .xls.
    data = kit.xls_bytes([kit.BANK_HEADER, *kit.BANK_ROWS])[:4096]
    assert kit.check_parse_contract_safe(data, "cut.xls") == "unreadable"


def test_xls_with_four_corrupted_bytes_stays_within_memory() -> None:
    # Found by the mutation test: calamine reads a size from the damaged record and allocates many GB
    # (21 GB RSS, OOM-killed, without a limit). Bytes 2252..2255 of the sample become 03 68 cd 32.
    data = kit.mutate(kit.xls_bytes([kit.BANK_HEADER, *kit.BANK_ROWS]), "flip", 0.4, 4, 7)
    kit.check_parse_contract_isolated(data, "damaged.xls", memory_mb=1500)


@pytest.mark.parametrize("row,column", [(10_000, 16_384), (100_000, 1_000)])
def test_xlsx_with_one_far_away_cell_stays_within_memory_and_time(row: int, column: int) -> None:
    # A 5 KB workbook, no zip bomb: one stray cell far right/down makes the sheet a dense grid of
    # row x column cells (XFD10000 = 164 M cells). Must be refused (or read) within 1.5 GB and 10 s.
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for r, values in enumerate([kit.BANK_HEADER, *kit.BANK_ROWS], start=1):
        for c, value in enumerate(values, start=1):
            ws.cell(row=r, column=c, value=value)
    ws.cell(row=row, column=column, value="x")
    buf = io.BytesIO()
    wb.save(buf)
    assert len(buf.getvalue()) < 10_000
    kit.check_parse_contract_isolated(buf.getvalue(), "stray_cell.xlsx", seconds=kit.HANG_SECONDS, memory_mb=1500)


def test_bai2_cut_after_a_detail_record_does_not_hang() -> None:
    # No 49/98/99 trailers: bai2 0.15's section parser loops forever when the records run out.
    data = b"01,A,B,100215,1459,1,,,2/\n02,B,A,1,091216,2400,,/\n03,123,GBP,010,100,,/\n16,699,971,,,/\n"
    assert kit.check_parse_contract_safe(data, "cut.bai2", seconds=kit.HANG_SECONDS) != "ok", (
        "a cut BAI2 file was accepted"
    )


# -- 6. JSON push ----------------------------------------------------------------------------------

json_leaf = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=30)
)
json_value = st.recursive(
    json_leaf,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=20,
)

LINE_KEYS = [
    "date",
    "booking_date",
    "value_date",
    "amount",
    "direction",
    "debit",
    "credit",
    "balance",
    "currency",
    "summary",
    "serial",
    "counterparty_name",
    "voucher_no",
]
HOSTILE = st.sampled_from(
    [
        "2026-10-08",
        "20261008",
        "2026-02-30",
        "0001-01-01",
        "1.00",
        "-1.00",
        "1e30",
        "NaN",
        "Infinity",
        "１,２３４.５６",
        "1,23,4.5",
        "借",
        "贷",
        "in",
        "out",
        "CNY",
        "JPY",
        "",
        "1" * 40,
        10**30,
        1e30,
        -0.0,
        0,
        1,
        45_000,
        float("nan"),
        None,
        True,
        [],
        {},
        ["CNY"],
        5,
    ]
)
line_value = HOSTILE | json_leaf
line = st.dictionaries(st.sampled_from(LINE_KEYS), line_value, max_size=8)
payload = st.lists(line, max_size=6) | st.fixed_dictionaries(
    {"lines": st.lists(line, max_size=6)},
    optional={
        "currency": line_value,
        "opening_balance": line_value,
        "closing_balance": line_value,
        "period_start": line_value,
        "period_end": line_value,
        "account_number": line_value,
    },
)


def _check_push(value: object, kind: str) -> None:
    with kit.no_hang(3, "parse_json_lines"):
        try:
            pf = parse_json_lines(value, kind)
        except ParseError as exc:
            assert exc.code and exc.message.strip()
            return
    assert isinstance(pf, ParsedFile)
    kit.check_parsed([pf], kind)


@settings(max_examples=120, deadline=None, derandomize=True, database=None)
@given(value=json_value, kind=st.sampled_from(["bank", "journal"]))
def test_json_push_with_random_json(value: object, kind: str) -> None:
    _check_push(value, kind)


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@example(value={"currency": 5, "lines": [{"date": "2026-10-08", "amount": "1.00"}]}, kind="bank")
@example(value=[{"date": "2026-10-08", "amount": 10**30}], kind="bank")
@given(value=payload, kind=st.sampled_from(["bank", "journal"]))
def test_json_push_with_line_shaped_json(value: object, kind: str) -> None:
    _check_push(value, kind)
