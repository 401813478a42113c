"""The one cell writer every export uses: text is a string cell whatever it starts with; CSV fields are defused."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from core.sheets import csv_text, put, set_text, write_row
from tests.fixtures.hostile import FORMULA_TEXTS


def round_trip(wb: Workbook) -> Workbook:
    buf = io.BytesIO()
    wb.save(buf)
    return load_workbook(io.BytesIO(buf.getvalue()))


@pytest.mark.parametrize("text", FORMULA_TEXTS)
def test_text_is_a_string_cell_with_its_text_intact(text: str) -> None:
    wb = Workbook()
    set_text(wb.active["A1"], text)
    put(wb.active, 2, 1, text)
    cells = [round_trip(wb).active[ref] for ref in ("A1", "A2")]
    for cell in cells:
        assert cell.data_type == "s" and cell.value == text
        assert cell.quotePrefix  # Excel keeps it text when a person edits the cell


def test_plain_text_numbers_and_dates_keep_their_types() -> None:
    wb = Workbook()
    write_row(wb.active, 1, ["上海分行", 12, Decimal("1250000.50"), 0.5, dt.date(2026, 10, 31), None])
    ws = round_trip(wb).active
    row = [ws.cell(1, column) for column in range(1, 7)]
    assert row[0].value == "上海分行" and row[0].data_type == "s" and not row[0].quotePrefix
    assert row[1].value == 12 and row[2].value == 1250000.5 and row[3].value == 0.5
    assert all(c.data_type == "n" for c in row[1:4])
    assert row[4].value == dt.datetime(2026, 10, 31) and row[5].value is None


def test_characters_xml_cannot_hold_do_not_break_the_file() -> None:
    wb = Workbook()
    set_text(wb.active["A1"], "a\x00b\x1fc\td\re\nf")
    assert round_trip(wb).active["A1"].value == "a\ufffdb\ufffdc\td\re\nf"


def test_an_object_is_refused_rather_than_written_as_its_repr() -> None:
    with pytest.raises(TypeError):
        put(Workbook().active, 1, 1, object())  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        put(Workbook().active, 1, 1, True)


@pytest.mark.parametrize("text", FORMULA_TEXTS)
def test_csv_fields_that_start_like_a_formula_get_an_apostrophe(text: str) -> None:
    buf = io.StringIO()
    csv.writer(buf).writerow([csv_text(text), csv_text("ZP-0031"), csv_text("")])
    field, plain, empty = next(csv.reader(io.StringIO(buf.getvalue(), newline="")))
    assert field == "'" + text  # a spreadsheet shows the text, a program strips the one apostrophe
    assert plain == "ZP-0031" and empty == ""
