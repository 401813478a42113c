"""凭证字 and 凭证号 in columns of their own (金蝶 K/3, 用友 U8's 凭证 over 字 | 号): the voucher reference is the two as
the ERP prints them, "记-12", so 收-12 and 记-12 are two vouchers; a 凭证字号 column, or a number without a word, is
read as it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from reconcile.parsers import parse_file
from reconcile.parsers.voucher_word import earlier_number, voucher_reference

FILES = Path(__file__).resolve().parents[2] / "fixtures" / "journals"


def _serials(name: str, data: bytes | None = None) -> list[str]:
    [pf] = parse_file(data if data is not None else (FILES / name).read_bytes(), name, kind="journal")
    assert pf.ok, [(e.row, e.column, e.message) for e in pf.errors]
    return [ln.serial for ln in pf.lines]


def test_kingdee_k3_word_and_number_columns_xlsx() -> None:
    assert _serials("kingdee_k3_voucher_word_journal_2026-01.xlsx") == ["收-12", "记-12", "付-3"]


def test_yonyou_u8_voucher_over_word_and_number_csv() -> None:
    assert _serials("yonyou_u8_voucher_word_journal_2026-01.csv") == ["收-0012", "记-0012"]


def test_a_combined_column_and_a_number_alone_are_read_as_they_are() -> None:
    both = "日期,凭证字号,摘要,借方金额,贷方金额\n2026-01-05,记-7,货款,100.00,\n".encode()
    assert _serials("a.csv", both) == ["记-7"]
    alone = "日期,凭证号,摘要,借方金额,贷方金额\n2026-01-05,7,货款,100.00,\n".encode()
    assert _serials("b.csv", alone) == ["7"]


def test_hostile_words_are_not_joined_to_the_number() -> None:
    head = "日期,凭证字,凭证号,摘要,借方金额,贷方金额\n"
    rows = (
        '2026-01-05,"=1+1",8,a,100.00,\n'  # a formula is no voucher word
        "2026-01-06,记,,b,100.00,\n"  # a word without a number names no voucher
        "2026-01-07,,9,c,100.00,\n"  # a number without a word stays the number
        "2026-01-08,记,记-10,d,100.00,\n"  # a number that carries its word already
    )
    assert _serials("c.csv", (head + rows).encode()) == ["8", "", "9", "记-10"]


@pytest.mark.parametrize(
    "word,number,expected",
    [("记", "12", "记-12"), ("收", "0012", "收-0012"), (" 银付 ", " -5", "银付-5"), ("2026", "5", "5"), ("", "", "")],
)
def test_voucher_reference(word: str, number: str, expected: str) -> None:
    assert voucher_reference(word, number) == expected


def test_an_earlier_reading_of_the_number_alone_is_the_same_voucher() -> None:
    assert earlier_number("12", "记-12")
    assert not earlier_number("13", "记-12") and not earlier_number("12", "12") and not earlier_number("12", "1-12")
