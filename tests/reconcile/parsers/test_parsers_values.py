"""Value converters, format detection, fingerprints and the JSON push."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from reconcile.parsers import ParsedLine, ParseError, detect_format, line_fingerprint, parse_json_lines
from reconcile.parsers.amounts import parse_amount
from reconcile.parsers.dates import parse_date
from reconcile.parsers.errors import RowProblem


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("1,234.50", "1234.50"),
        ("-1,234.50", "-1234.50"),
        ("1234.5-", "-1234.50"),
        ("(1,234.50)", "-1234.50"),
        ("１２３４.５０", "1234.50"),
        ("¥1,234.50", "1234.50"),
        ("￥-12.00", "-12.00"),
        ("RMB 1 234.50", "1234.50"),
        ("+88", "88.00"),
        (" 0.10 ", "0.10"),
        ("1234.50元", "1234.50"),
        ("－５.００", "-5.00"),
        ("8.850", "8.85"),
        (1234.5, "1234.50"),
        (0.1 + 0.2, "0.30"),
        (50000, "50000.00"),
        (-80000.0, "-80000.00"),
        (1e6, "1000000.00"),
        ("", None),
        (None, None),
        ("-", None),
        ("--", None),
    ],
)
def test_amounts(raw: object, expected: str | None) -> None:
    got = parse_amount(raw)
    assert got == (None if expected is None else Decimal(expected))
    if got is not None:
        assert got.as_tuple().exponent == -2


@pytest.mark.parametrize(
    "raw,code",
    [
        ("12,3a4.00", "bad_amount"),
        ("1,2,3", "bad_amount"),
        ("1.234,567", "bad_amount"),
        ("1.2.3", "bad_amount"),
        ("abc", "bad_amount"),
        ("12.345", "precision"),
        (12.345, "precision"),
        (True, "bad_amount"),
        (float("nan"), "bad_amount"),
    ],
)
def test_bad_amounts(raw: object, code: str) -> None:
    with pytest.raises(RowProblem) as exc:
        parse_amount(raw)
    assert exc.value.code == code


def test_zero_decimal_currency() -> None:
    assert parse_amount("100", "JPY") == Decimal("100.00")
    with pytest.raises(RowProblem):
        parse_amount("100.50", "JPY")


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("2026-10-08", date(2026, 10, 8)),
        ("2026/10/08", date(2026, 10, 8)),
        ("20261008", date(2026, 10, 8)),
        ("2026.10.08", date(2026, 10, 8)),
        ("2026年10月8日", date(2026, 10, 8)),
        ("2026-10-08 14:33:05", date(2026, 10, 8)),
        ("2026/10/8 9:05", date(2026, 10, 8)),
        ("20261008143305", date(2026, 10, 8)),
        ("2026-10-08T14:33:05", date(2026, 10, 8)),
        (datetime(2026, 10, 8, 14, 33), date(2026, 10, 8)),
        (date(2026, 10, 8), date(2026, 10, 8)),
        (46303, date(2026, 10, 8)),
        (46303.6, date(2026, 10, 8)),
        ("46303", date(2026, 10, 8)),
        (20261008, date(2026, 10, 8)),
        ("２０２６－１０－０８", date(2026, 10, 8)),
        ("", None),
        (None, None),
    ],
)
def test_dates(raw: object, expected: date | None) -> None:
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["2026-13-01", "2026-02-30", "10/08/2026", "yesterday", 12.5, "20261340"])
def test_bad_dates(raw: object) -> None:
    with pytest.raises(RowProblem):
        parse_date(raw)


@pytest.mark.parametrize(
    "data,name,fmt",
    [
        (b"PK\x03\x04rest", "a.xls", "xlsx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "a.xlsx", "xls"),
        (
            b'<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">',
            "a.xml",
            "camt.053",
        ),
        (b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.052.001.06">', "a", "camt.052"),
        (b"<Document><BkToCstmrDbtCdtNtfctn>", "a", "camt.054"),
        (b"{1:F01ASNBNL21XXXX0000000000}{2:O940ASNBNL21XXXXN}{4:\n:20:1\n", "a.txt", "mt940"),
        (b":20:X\n:25:1\n:13D:1701191815+0100\n:34F:PLN0\n:61:1701190119CN0,01NTRF\n", "a", "mt942"),
        (b"01,0004,12345,060321,0829,001,80,1,2/\n", "a.txt", "bai2"),
        (b"OFXHEADER:100\nDATA:OFXSGML\n", "a", "ofx"),
        (b"\xef\xbb\xbf<?xml version='1.0'?><?OFX OFXHEADER=\"200\"?><OFX>", "a", "ofx"),
        ("交易日期,交易金额\n".encode("gbk"), "a.txt", "csv"),
        (b'[{"date": "2026-10-08"}]', "a.json", "json"),
    ],
)
def test_detect_by_content(data: bytes, name: str, fmt: str) -> None:
    assert detect_format(data, name) == fmt


def _line(**kw: object) -> ParsedLine:
    base = dict(
        row=3,
        booking_date=date(2026, 10, 8),
        amount=Decimal("100.00"),
        direction="in",
        balance=Decimal("1.00"),
        counterparty_name="恒瑞贸易",
        summary="货款",
    )
    base.update(kw)
    return ParsedLine(**base)  # type: ignore[arg-type]


def test_fingerprint_is_stable_across_exports() -> None:
    fp = line_fingerprint("1100", _line())
    assert fp == line_fingerprint("1100", _line(row=99, purpose="another channel", value_date=date(2026, 10, 9)))
    assert fp == line_fingerprint("1100", _line(counterparty_name="恒瑞贸易 ", summary="货款"))
    assert len(fp) == 64


@pytest.mark.parametrize(
    "change",
    [
        {"amount": Decimal("100.01")},
        {"direction": "out"},
        {"booking_date": date(2026, 10, 9)},
        {"balance": Decimal("101.00")},
        {"summary": "手续费"},
        {"counterparty_name": "中科"},
    ],
)
def test_fingerprint_separates_different_lines(change: dict[str, object]) -> None:
    assert line_fingerprint("1100", _line()) != line_fingerprint("1100", _line(**change))


def test_fingerprint_prefers_serial() -> None:
    a = _line(serial="S1", balance=Decimal("1.00"), summary="x")
    b = _line(serial="S1", balance=Decimal("9.00"), summary="y")
    assert line_fingerprint("1100", a) == line_fingerprint("1100", b)
    assert line_fingerprint("1100", a) != line_fingerprint("1100", _line(serial="S2"))
    assert line_fingerprint("1100", a) != line_fingerprint("2200", a)


def test_json_push_journal() -> None:
    payload = {
        "account_number": "1002.01",
        "currency": "CNY",
        "opening_balance": "1000.00",
        "lines": [
            {"date": "2026-10-08", "serial": "记-1", "summary": "收款", "debit": "500.00", "balance": "1500.00"},
            {
                "date": "2026-10-09",
                "serial": "记-2",
                "summary": "付款",
                "credit": "200.50",
                "balance": "1299.50",
                "voucher_no": "10234567",
                "settlement_method": "转账支票",
            },
            {"booking_date": "2026-10-10", "amount": "-1.50", "balance": "1298.00"},
            {"date": "2026-10-11", "amount": "3.00", "direction": "贷", "balance": "1295.00"},
        ],
    }
    pf = parse_json_lines(payload, kind="journal")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.row, ln.direction, ln.amount) for ln in pf.lines] == [
        (1, "in", Decimal("500.00")),
        (2, "out", Decimal("200.50")),
        (3, "out", Decimal("1.50")),
        (4, "out", Decimal("3.00")),
    ]
    assert pf.lines[1].voucher_no == "10234567" and pf.closing_balance == Decimal("1295.00")


def test_json_push_takes_the_counterparty_under_the_name_the_api_answers_with() -> None:
    """GET .../lines and .../unmatched call it ``counterparty``: a client sending that back must not lose it."""
    pf = parse_json_lines(
        [
            {"date": "2026-10-08", "amount": "5.00", "direction": "in", "counterparty": "Acme Trading GmbH"},
            {
                "date": "2026-10-09",
                "amount": "6.00",
                "direction": "in",
                "counterparty_name": "恒瑞",
                "counterparty": "x",
            },
        ],
        kind="journal",
    )
    assert pf.ok, [e.message for e in pf.errors]
    assert [ln.counterparty_name for ln in pf.lines] == ["Acme Trading GmbH", "恒瑞"]


def test_json_push_collects_every_bad_line() -> None:
    pf = parse_json_lines(
        [
            {"date": "2026-10-08", "amount": "12,3a4.00"},
            {"date": "2026-13-01", "amount": "1.00"},
            {"date": "2026-10-08", "debit": "1.00", "credit": "2.00"},
            "not an object",
            {"date": "2026-10-08"},
            {"date": "2026-10-08", "amount": "1.00", "direction": "sideways"},
            {"date": "2026-10-08", "amount": 0.125},
        ]
    )
    assert [(e.row, e.column, e.code) for e in pf.errors] == [
        (1, "amount", "bad_amount"),
        (2, "date", "bad_date"),
        (3, "debit/credit", "both_sides"),
        (4, None, "bad_record"),
        (5, "amount", "missing_value"),
        (6, "direction", "bad_direction"),
        (7, "amount", "precision"),
    ]
    assert pf.lines == []


@pytest.mark.parametrize("value", [{"x": 1}, ["a"], True, 1.5], ids=["object", "list", "boolean", "fraction"])
def test_json_push_refuses_a_text_that_is_not_text(value: object) -> None:
    # They were stored as Python's repr ("{'x': 1}", "True"): the refusal names the line and the field instead.
    pf = parse_json_lines([{"date": "2026-10-08", "amount": "1.00", "direction": "in", "summary": value}])
    assert [(e.row, e.column, e.code) for e in pf.errors] == [(1, "summary", "bad_record")]
    assert pf.lines == []


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        ("summary", {"x": 1}, '{"x": 1}'),
        ("summary", ["a", "货款"], '["a", "货款"]'),
        ("summary", True, "true"),
        ("amount", ["1.00"], '["1.00"]'),
        ("date", False, "false"),
    ],
)
def test_a_refused_push_value_is_quoted_as_the_json_sent_not_as_python(field: str, value: object, shown: str) -> None:
    # Python's repr (['a'], True, {'x': 1}) is an internal the client never wrote.
    line = {"date": "2026-10-08", "amount": "1.00", "direction": "in", field: value}
    pf = parse_json_lines([line])
    assert [(e.column, e.value) for e in pf.errors] == [(field, shown)]


def test_json_push_refuses_a_period_that_ends_before_it_starts() -> None:
    # The reversed period hid the account's known lines from the import, which then failed on storing them again
    # and told the ERP that "another import stored lines at the same moment".
    pf = parse_json_lines(
        {
            "period_start": "2026-11-30",
            "period_end": "2026-11-01",
            "lines": [{"date": "2026-11-09", "amount": "5.00", "direction": "in"}],
        }
    )
    assert [(e.row, e.column, e.code) for e in pf.errors] == [(None, "period_end", "bad_date")]


def test_json_push_refuses_a_line_outside_the_period_it_states() -> None:
    # Such a line, already stored, was not found as known (the import looks inside the stated period) and the
    # import failed on storing it again, telling the ERP that "another import stored lines at the same moment".
    pf = parse_json_lines(
        {
            "period_start": "2026-11-10",
            "period_end": "2026-11-30",
            "lines": [
                {"date": "2026-11-09", "amount": "5.00", "direction": "in"},
                {"date": "2026-11-10", "amount": "5.00", "direction": "in"},
                {"date": "2026-12-01", "amount": "5.00", "direction": "in"},
            ],
        }
    )
    assert [(e.row, e.column, e.code) for e in pf.errors] == [(1, "date", "bad_date"), (3, "date", "bad_date")]


def test_json_push_takes_a_whole_number_as_a_text() -> None:
    pf = parse_json_lines([{"date": "2026-10-08", "amount": "1.00", "direction": "in", "voucher_no": 10234567}])
    assert pf.ok and pf.lines[0].voucher_no == "10234567"


def test_json_push_balance_chain_is_checked() -> None:
    pf = parse_json_lines(
        {"opening_balance": "10.00", "lines": [{"date": "2026-10-08", "amount": "5.00", "balance": "16.00"}]},
        kind="bank",
    )
    assert [(e.row, e.code) for e in pf.errors] == [(1, "balance_mismatch")]


@pytest.mark.parametrize("payload", [{}, [], {"lines": "x"}, 5])
def test_json_push_shape(payload: object) -> None:
    with pytest.raises(ParseError):
        parse_json_lines(payload)


MT940_THEN_MT942 = (
    ":20:STMT081008\n:25:31050161373600001234\n:28C:1/1\n:60F:C261007CNY1000,00\n"
    ":61:2610081008C100,00NTRFNONREF//SN1\n:86:货款\n:62F:C261008CNY1100,00\n-\n"
    ":20:INTRA1009\n:25:31050161373600001234\n:28C:2/1\n:34F:CNY0,\n:13D:2610091015+0800\n"
    ":61:2610091009D20,00NTRFNONREF//SN2\n:86:手续费\n:90D:1CNY20,00\n:90C:0CNY0,\n-\n"
)


def test_an_mt942_after_an_mt940_keeps_its_lines_out_of_the_closing_balance() -> None:
    from reconcile.parsers import parse_file

    [pf] = parse_file(MT940_THEN_MT942.encode(), "day.sta")
    assert [(ln.booking_date, ln.signed_amount) for ln in pf.lines] == [
        (date(2026, 10, 8), Decimal("100.00")),
        (date(2026, 10, 9), Decimal("-20.00")),
    ]
    assert (pf.closing_balance, pf.closing_lines, pf.ok) == (Decimal("1100.00"), 1, True)  # :62F: counts the first
    # A statement after the interim report closes over everything again.
    [pf] = parse_file(
        (
            MT940_THEN_MT942 + ":20:STMT091009\n:25:31050161373600001234\n:28C:3/1\n"
            ":60F:C261008CNY1100,00\n:61:2610091009D20,00NTRFNONREF//SN2\n:86:手续费\n"
            ":62F:C261009CNY1080,00\n-\n"
        ).encode(),
        "days.sta",
    )
    assert (pf.closing_balance, pf.closing_lines) == (Decimal("1080.00"), None)
