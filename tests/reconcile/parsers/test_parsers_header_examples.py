"""A table whose header row is not found is refused with examples of the headers it needs in the reader's language:
English readers were shown only Chinese ones (“交易日期” with “借方发生额/贷方发生额”)."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from reconcile.parsers import ParseError, parse_file
from reconcile.parsers.messages import msg
from tests.reconcile.parsers.cnparse_kit import csv_bytes, xlsx_bytes

_CJK = re.compile(r"[\u4e00-\u9fff]")
_NO_HEADER = [["Posted On", "Memo", "Sum"], ["2026-10-08", "Invoice 17", "100.00"], ["2026-10-09", "Fee", "-2.00"]]


@pytest.mark.parametrize("data,name", [(csv_bytes(_NO_HEADER), "x.csv"), (xlsx_bytes(_NO_HEADER), "x.xlsx")])
def test_no_header_row_gives_english_examples_to_an_english_reader(data: bytes, name: str) -> None:
    with pytest.raises(ParseError) as exc:
        parse_file(data, name)
    assert exc.value.code == "no_header"
    with translation.override("en"):
        text = exc.value.message
    assert "“Date” with “Debit”/“Credit” or “Amount”, and a “Description”" in text
    assert not _CJK.search(text), text


@pytest.mark.parametrize(
    "key,example",
    [
        ("table.no_date_column", "“Date”, “Transaction Date” or “Posting Date”"),
        ("table.no_amount_column", "“Amount”, or “Debit” and “Credit”"),
    ],
)
def test_a_missing_column_names_english_examples_to_an_english_reader(key: str, example: str) -> None:
    with translation.override("en"):
        text = msg(key).render()
    assert example in text and not _CJK.search(text), text
