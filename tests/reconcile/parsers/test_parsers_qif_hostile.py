"""QIF files a user may upload by mistake or on purpose: dates no order makes a day, dates written both ways, a
four-digit year below 100 (read as written, not as this century), an amount a spreadsheet wrote as `nan` or `-`.
Each is refused on its line or as a file with a reason, never an error of the program, and no record is left out
without a word."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from reconcile.parsers import ParseError, parse_file
from reconcile.parsers.types import ParseOptions

# The messages are asserted in English; the product speaks Chinese by default.
pytestmark = pytest.mark.usefixtures("english")


def _qif(*records: tuple[str, str]) -> bytes:
    body = "".join(f"D{day}\nT{amount}\nPShop\n^\n" for day, amount in records)
    return f"!Type:Bank\n{body}".encode()


def test_a_date_no_order_makes_a_day_is_refused_on_its_line() -> None:
    [pf] = parse_file(_qif(("13/13/2025", "-5.00")), "x.qif")
    assert not pf.lines
    assert [(e.row, e.column, e.value, e.code) for e in pf.errors] == [(2, "D", "13/13/2025", "bad_date")]


def test_dates_written_day_first_and_month_first_in_one_file_are_refused_naming_both() -> None:
    with pytest.raises(ParseError) as caught:
        parse_file(_qif(("13/01/2025", "-5.00"), ("01/14/2025", "-6.00")), "x.qif")
    text = str(caught.value.message)
    assert caught.value.code == "integrity"
    assert "13/01/2025" in text and "01/14/2025" in text and "line 2" in text and "line 6" in text


def test_a_four_digit_year_below_100_is_not_taken_for_this_century() -> None:
    [pf] = parse_file(_qif(("01/31/0025", "-5.00"), ("01/30/2025", "-6.00")), "x.qif")
    # Read as written, the year 25: the import refuses a line before 1990 as a mistyped date (ancient_date).
    assert [ln.booking_date for ln in pf.lines] == [date(25, 1, 31), date(2025, 1, 30)]


@pytest.mark.parametrize("amount", ["nan", "-", "null", "NaN"])
def test_an_amount_that_reads_as_empty_is_refused_on_its_line_not_left_out(amount: str) -> None:
    [pf] = parse_file(_qif(("12/31/2025", amount), ("12/30/2025", "-6.00")), "x.qif")
    assert len(pf.lines) == 1
    assert [(e.row, e.column, e.value, e.code) for e in pf.errors] == [(2, "T", amount, "missing_value")]


def test_a_file_of_more_records_than_a_statement_may_hold_is_refused_as_other_formats_are() -> None:
    records = [(f"12/{day:02d}/2025", "-1.00") for day in range(1, 6)]
    with pytest.raises(ParseError) as caught:
        parse_file(_qif(*records), "x.qif", options=ParseOptions(max_rows=4))
    assert caught.value.code == "too_many_rows" and "4" in str(caught.value.message)
    [pf] = parse_file(_qif(*records[:4]), "x.qif", options=ParseOptions(max_rows=4))
    assert len(pf.lines) == 4


def test_a_bank_and_a_card_section_in_one_file_are_refused_as_two_accounts() -> None:
    data = b"!Type:Bank\nD12/01/2025\nT-1.00\n^\n!Type:CCard\nD12/13/2025\nT-2.00\n^\n"
    with pytest.raises(ParseError) as caught:
        parse_file(data, "x.qif")
    assert caught.value.code == "unsupported_format"
    assert "several accounts (Bank, CCard)" in str(caught.value.message)


def test_a_nul_byte_in_a_payee_is_refused_once_naming_the_records_field() -> None:
    data = b"!Type:Bank\nD12/01/2025\nT-1.00\nPSh\x00op\n^\nD12/13/2025\nT-2.00\nPShop\n^\n"
    [pf] = parse_file(data, "x.qif")
    assert [(e.row, e.column, e.code) for e in pf.errors] == [(2, "P", "bad_record")]
    assert [ln.row for ln in pf.lines] == [6]


def test_csv_rows_under_a_type_line_are_refused_naming_the_first_that_is_no_qif_field() -> None:
    data = b"!Type:Bank\nDate,Amount,Description\n2025-12-01,-5.00,Shop\n2025-12-02,7.00,Client\n"
    with pytest.raises(ParseError) as caught:
        parse_file(data, "x.qif")
    text = str(caught.value.message)
    assert caught.value.code == "unsupported_format"
    assert "line 3" in text and "2025-12-01,-5.00,Shop" in text and "!Type" in text
    with pytest.raises(ParseError) as caught:
        parse_file(b"!Type:Bank\nD12/01/2025\n1\x00,=HYPERLINK(1)\n^\n", "x.qif")
    assert "\x00" not in str(caught.value.message) and "line 3" in str(caught.value.message)


def test_a_record_not_ended_by_a_caret_is_refused_on_its_line_as_a_file_cut_short() -> None:
    # T-1234.56 cut to T-12 would otherwise be read as an amount the file never held.
    data = b"!Type:Bank\nD12/01/2025\nT-1.00\nPShop\n^\nD12/13/2025\nT-12"
    [pf] = parse_file(data, "x.qif")
    assert [ln.row for ln in pf.lines] == [2]
    assert [(e.row, e.column, e.code) for e in pf.errors] == [(6, "^", "bad_record")]
    with translation.override("en"):
        assert "cut short" in pf.errors[0].reason.render()
