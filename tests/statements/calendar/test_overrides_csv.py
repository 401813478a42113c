from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from core.errors import ServiceError
from core.tabular import RowsRefused
from statements.calendar import parse_overrides_csv, year_summary

D = dt.date


def test_parses_bytes_with_bom_comments_extra_columns_and_case() -> None:
    data = (
        "\ufeff# official 2027 schedule\n"
        "kind,Date,note\n"
        "\n"
        "HOLIDAY,2027-01-01,元旦\n"
        " workday , 2027-02-20 ,调休上班\n"
        "holiday,2027-01-01,same kind twice is harmless\n"
    ).encode("utf-8")
    assert parse_overrides_csv(data) == {D(2027, 1, 1): "holiday", D(2027, 2, 20): "workday"}


def test_parses_text() -> None:
    assert parse_overrides_csv("date,kind\n2027-10-01,holiday\n") == {D(2027, 10, 1): "holiday"}


def test_all_row_errors_reported_with_line_field_value(english) -> None:
    data = (
        "date,kind\n"  # line 1
        "2027-02-30,holiday\n"  # 2: impossible date
        "2027/03/01,holiday\n"  # 3: wrong separator
        "20270301,holiday\n"  # 4: compact ISO refused
        "2027-03-02,rest\n"  # 5: bad kind
        "2027-03-03,holiday\n"  # 6: ok
        "# comment keeps line numbers honest\n"  # 7
        "2027-03-03,workday\n"  # 8: conflicts with line 6
        "2027-03-04\n"  # 9: missing cell (a short row's cells are empty, as in every table upload)
    )
    with pytest.raises(RowsRefused) as exc:
        parse_overrides_csv(data)
    got = [(e.row, e.column, e.value) for e in exc.value.problems]
    assert got == [
        (2, "date", "2027-02-30"),
        (3, "date", "2027/03/01"),
        (4, "date", "20270301"),
        (5, "kind", "rest"),
        (8, "kind", "workday"),
        (9, "kind", ""),
    ]
    conflict = exc.value.problems[4]
    assert "row 6" in conflict.message and "holiday" in conflict.message
    assert "row 2, column date ('2027-02-30'): " in str(exc.value)
    assert exc.value.code == "calendar_csv" and str(exc.value).startswith("Nothing was loaded")


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ("", "empty_file"),
        ("# only a comment\n", "empty_file"),
        ("day,type\n2027-01-01,holiday\n", "missing_column"),
        ("日子,种类\n".encode("gbk"), "missing_column"),  # GBK is read (as every table upload), its header is not ours
        # neither UTF-8 nor GB18030 nor Windows-1252 (0x81 is no character there; "holiday\xff" is read as Latin text)
        (b"date,kind\n2027-01-01,holiday\x81\n", "encoding"),
    ],
)
def test_file_level_errors(data: str | bytes, code: str) -> None:
    with pytest.raises(ServiceError) as exc:
        parse_overrides_csv(data)
    assert exc.value.code == code and not isinstance(exc.value, RowsRefused)


def test_year_summary() -> None:
    overrides = {
        D(2027, 1, 1): "holiday",  # Fri
        D(2027, 2, 6): "holiday",  # Sat
        D(2027, 2, 8): "holiday",  # Mon
        D(2027, 2, 20): "workday",  # Sat
        D(2028, 1, 3): "workday",  # Mon (redundant but legal)
    }
    (y27, y28) = year_summary(overrides)
    assert (y27.year, y27.holidays, y27.workdays, y27.holidays_on_weekdays, y27.workdays_on_weekends) == (
        2027,
        3,
        1,
        2,
        1,
    )
    assert (y28.year, y28.holidays, y28.workdays, y28.workdays_on_weekends) == (2028, 0, 1, 0)


def test_an_excel_schedule_reads_as_the_csv_does() -> None:
    # One reader for every uploaded table (core.tabular): an Excel sheet with real date cells and a comment row.
    book = Workbook()
    sheet = book.active
    for row in (["# 2027"], ["Date", "Kind", "note"], [D(2027, 1, 1), "holiday", "元旦"], ["2027-02-20", "WORKDAY"]):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    assert parse_overrides_csv(out.getvalue(), "2027.xlsx") == {D(2027, 1, 1): "holiday", D(2027, 2, 20): "workday"}


def test_row_problems_are_told_in_the_readers_language(english) -> None:
    # The frame ("row 2, column date") is in the reader's language: what is wrong is too, in the frame's words.
    data = "date,kind\n2027-02-30,holiday\n2027-03-02,rest\n2027-03-03,holiday\n2027-03-03,workday\n"
    with pytest.raises(RowsRefused) as exc:
        parse_overrides_csv(data)
    messages = [p.message for p in exc.value.problems]
    assert not any("\u4e00" <= ch <= "\u9fff" for message in messages for ch in message), messages
    assert messages[2] == (
        "row 5, column kind ('workday'): conflicts with “holiday” for 2027-03-03 on row 4; keep one of the two rows"
    )


def test_a_second_empty_kind_column_does_not_hide_the_first() -> None:
    assert parse_overrides_csv("date,kind,kind\n2027-01-01,holiday,\n") == {D(2027, 1, 1): "holiday"}


def test_chinese_column_names_are_read_as_the_refusal_promises() -> None:
    # The missing-column message says Chinese or English column names are both accepted.
    data = "日期,类型\n2027-10-01,holiday\n2027-10-09,workday\n".encode("gb18030")
    assert parse_overrides_csv(data) == {D(2027, 10, 1): "holiday", D(2027, 10, 9): "workday"}
