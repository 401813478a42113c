"""The tabular-import framework (core.tabular): one problem shape, a capped collector, one refusal, one reader."""

from __future__ import annotations

import pytest

from core.errors import ServiceError
from core.tabular import MAX_ERRORS, Problem, Problems, RowsRefused, read_table

ALIASES = {"account_number": ("账号",), "balance": ("余额",), "note": ()}


def test_a_problem_names_row_column_value_and_what_to_do(english) -> None:
    problems = Problems(names={"balance": "the balance"})
    problems.cell(3, "account_number", 12345, "unknown account")
    problems.column(4, "balance", "a balance is required")
    problems.row(5, "two balances for one day")
    cell, column, row = problems.kept
    assert cell == Problem(3, "account_number", "12345", "unknown account", "invalid", "column account_number")
    assert cell.message == "row 3, column account_number ('12345'): unknown account"
    assert column.message == "row 4, the balance: a balance is required" and column.code == "missing_value"
    assert row.message == "row 5: two balances for one day" and row.column is None and row.value is None


def test_the_collector_counts_every_problem_and_keeps_the_first_ones(english) -> None:
    problems = Problems()
    assert not problems
    problems.raise_if_any()  # nothing to refuse
    for line in range(2, MAX_ERRORS + 7):
        problems.row(line, "wrong")
    with pytest.raises(RowsRefused) as info:
        problems.raise_if_any()
    refused = info.value
    assert refused.total == MAX_ERRORS + 5 and len(refused.problems) == MAX_ERRORS and refused.code == "rows_refused"
    lines = refused.message.splitlines()
    assert lines[0] == f"{MAX_ERRORS + 5} problems; nothing was imported. Fix them and upload the file again:"
    assert lines[1] == "row 2: wrong" and lines[-1] == "… and 5 more." and len(lines) == MAX_ERRORS + 2
    assert refused.errors == lines[1:-1]


def test_a_refusal_in_chinese_by_default() -> None:
    problems = Problems()
    problems.cell(2, "date", "2027-02-30", "日期无效")
    message = problems.refusal(head="未导入", code="calendar_csv").message
    assert message == "未导入\n第 2 行“date”列（“2027-02-30”）：日期无效"


def test_read_table_maps_headers_and_skips_empty_rows() -> None:
    data = "账号,余额,其他\n6222 0001,1.00,x\n,,\n6222 0002,,\n".encode("gb18030")
    rows = read_table(data, "b.csv", ALIASES, ("account_number", ("balance", "note")))
    assert [(r.line, r.values) for r in rows] == [
        (2, {"account_number": "6222 0001", "balance": "1.00"}),
        (4, {"account_number": "6222 0002", "balance": ""}),
    ]


def test_comment_rows_and_blank_lines_are_not_part_of_a_commented_table() -> None:
    data = b"# a comment\n\naccount_number,balance\n# 1,2\n3,4\n"
    rows = read_table(data, "b.csv", ALIASES, ("account_number",), comment="#")
    assert [(r.line, r.values) for r in rows] == [(5, {"account_number": "3", "balance": "4"})]
    with pytest.raises(ServiceError) as info:
        read_table(b"# only\n", "b.csv", ALIASES, ("account_number",), comment="#")
    assert info.value.code == "empty_file"


def test_a_missing_column_is_named_with_the_columns_a_header_may_name(english) -> None:
    with pytest.raises(ServiceError) as info:
        read_table(b"note\nx\n", "b.csv", ALIASES, ("account_number", ("balance", "note")))
    assert info.value.code == "missing_column"
    assert info.value.message == (
        "b.csv: the header row lacks the column account_number/账号; the header row names these columns: "
        "account_number/账号, balance/余额, note."
    )


def test_a_nul_byte_in_a_cell_is_refused_naming_the_cell(english) -> None:
    # The readers look for NUL only at the head of a file (binary content); one deeper in would reach the database,
    # which PostgreSQL refuses in text (a 500 instead of a refusal).
    data = b"account_number,balance,other\n" + b"1,2,x\n" * 1000 + b"3,4\x005,\x00\n"
    with pytest.raises(RowsRefused) as info:
        read_table(data, "b.csv", ALIASES, ("account_number",))
    refused = info.value
    assert refused.total == 1 and refused.problems[0].row == 1002 and refused.problems[0].column == "balance"
    assert refused.problems[0].code == "nul_byte" and "\x00" not in refused.message
    assert "row 1002, column balance ('4\ufffd5'): the cell holds a NUL byte" in refused.message


def test_a_column_the_header_names_twice_takes_the_filled_cell_and_refuses_two_values(english) -> None:
    # 余额 and balance name one column: an empty one leaves the other's value (the first used to be overwritten by an
    # empty second); two different values are for a person to choose, not the last column silently.
    data = "account_number,balance,余额\n1,2.00,\n3,,4.00\n5,6.00,6.00\n".encode()
    rows = read_table(data, "b.csv", ALIASES, ("account_number",))
    assert [r.values["balance"] for r in rows] == ["2.00", "4.00", "6.00"]
    with pytest.raises(RowsRefused) as info:
        read_table(data + b"7,8.00,9.00\n", "b.csv", ALIASES, ("account_number",))
    (problem,) = info.value.problems
    assert (problem.row, problem.column, problem.value, problem.code) == (5, "balance", "8.00 / 9.00", "two_values")


@pytest.mark.parametrize(
    ("data", "found"),
    [
        (b"%PDF-1.4\n1 0 obj<<>>endobj\n", "PDF"),
        (b"\x89PNG\r\n\x1a\n" + bytes(40), "PNG"),
        (b"\xff\xd8\xff\xe0" + bytes(40), "JPEG"),
        (b"!Type:Bank\nD10/01/2026\nT-15.00\n^\n", "QIF"),
    ],
)
def test_a_file_that_is_no_table_is_named_as_what_it_is(english, data: bytes, found: str) -> None:
    # The statement parsers' refusal told an ops user uploading the calendar or the balances to download a bank
    # statement from online banking; a table import says what it expected and what it found.
    with pytest.raises(ServiceError) as info:
        read_table(data, "t.dat", {"date": ()}, ("date",))
    assert info.value.message == f"t.dat: expected a CSV or Excel file, found {found}."
