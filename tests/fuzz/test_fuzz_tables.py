"""Property tests of the tabular-import framework (core.tabular) through the working-day schedule reader: whatever a
person uploads, the answer is the table's rows or a refusal stated for people (a ServiceError), never a crash; and a
well-formed schedule reads back exactly."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import ServiceError
from core.tabular import MAX_ERRORS, RowsRefused, read_table
from statements.calendar import parse_overrides_csv

PROPS = settings(max_examples=300, deadline=None, derandomize=True, database=None)

# Cells and lines made of what breaks CSV readers: separators, quotes, comments, BOMs, wide and Chinese text.
cell = st.one_of(
    st.text(alphabet=list('ab1-,;"# \t日期休　２\ufeff'), max_size=8),
    st.sampled_from(["date", "kind", "Date", "holiday", "WORKDAY", "2027-01-01", "2027-02-30"]),
)
line = st.lists(cell, max_size=5).map(",".join)
table = st.lists(line, max_size=12).map("\n".join)


@PROPS
@given(text=table, encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
def test_any_schedule_text_reads_or_is_refused_for_people(text: str, encoding: str) -> None:
    data = text.encode(encoding)
    try:
        days = parse_overrides_csv(data, "x.csv")
    except RowsRefused as refused:
        assert 0 < len(refused.problems) <= MAX_ERRORS and refused.total >= len(refused.problems)
        assert all(p.row >= 1 and p.message for p in refused.problems)
    except ServiceError as refused:
        assert refused.message.startswith("x.csv")
    else:
        assert all(isinstance(d, dt.date) and k in ("holiday", "workday") for d, k in days.items())


@PROPS
@given(data=st.binary(max_size=300))
def test_any_bytes_read_as_rows_or_are_refused(data: bytes) -> None:
    try:
        rows = read_table(data, "x.csv", {"a": ("甲",), "b": ()}, ("a",))
    except ServiceError as refused:
        assert refused.message.startswith("x.csv")
    else:
        assert all(set(r.values) <= {"a", "b"} and any(r.values.values()) for r in rows)


schedule = st.dictionaries(
    st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2099, 12, 31)),
    st.sampled_from(["holiday", "workday"]),
    max_size=40,
)


@PROPS
@given(days=schedule, upper=st.booleans(), note=st.booleans())
def test_a_well_formed_schedule_reads_back_exactly(days: dict[dt.date, str], upper: bool, note: bool) -> None:
    header = "kind,date" + (",note" if note else "")
    rows = [f"{k.upper() if upper else k},{d.isoformat()}" + (",调休" if note else "") for d, k in days.items()]
    data = "\n".join(["# schedule", header, *rows]).encode()
    assert parse_overrides_csv(data) == days
