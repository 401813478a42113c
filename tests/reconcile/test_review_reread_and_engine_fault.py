"""Review of the re-import's glued-account reading and of the engine-fault handling of a match run."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from reconcile.parsers import parse_file
from reconcile.parsers.types import ParseOptions
from reconcile.services.imports.reread import BANK_TEXTS, same_line

ROOT = Path(__file__).resolve().parents[1] / "fixtures" / "public"


def _cmb_line():
    data = (ROOT / "csv" / "deb_cmb_debit.csv").read_bytes()
    line = parse_file(data, "deb_cmb_debit.csv", options=ParseOptions(check_balances=False))[0].lines[2]
    assert (line.booking_date, line.counterparty_name) == (dt.date(2024, 1, 27), "国网电力有限公司")
    return line


def test_a_name_ending_in_digits_is_not_the_prefix_of_a_longer_number() -> None:
    """The parser splits a number glued to a name only after a Chinese character or a closing bracket: a name that
    ends in a digit ("门店1") is not the stored "门店1234567890" read again, but another payer's line."""
    line = dataclasses.replace(_cmb_line(), counterparty_name="门店1", counterparty_account="")
    stored = (1, "fp", Decimal("81.22"), "", "", "门店1234567890", "一网通支付")
    assert not same_line(stored, line, BANK_TEXTS, True)
    latin = dataclasses.replace(line, counterparty_name="ACME")
    assert not same_line((2, "fp", Decimal("81.22"), "", "", "ACME123456789", "一网通支付"), latin, BANK_TEXTS, True)


def test_a_glued_number_after_a_chinese_name_or_with_a_space_is_still_the_same_line() -> None:
    line = _cmb_line()
    assert same_line(
        (1, "fp", Decimal("81.22"), "", "", "国网电力有限公司99999999999999", "一网通支付"), line, BANK_TEXTS, True
    )
    spaced = dataclasses.replace(line, counterparty_name="Shop 1")
    assert same_line(
        (2, "fp", Decimal("81.22"), "", "", "Shop 1 6211451400111919810", "一网通支付"), spaced, BANK_TEXTS, True
    )


class _Calendar:
    """A working-day calendar stand-in (the engine under test never reads it)."""


def test_an_engine_index_error_is_an_engine_fault_not_a_missing_calendar(monkeypatch) -> None:
    """Only the calendar's own refusal (a LookupError that is no KeyError or IndexError) means a year without a loaded
    calendar. An engine bug raising IndexError with the calendar was run again without it and stored with the note
    that a year had no calendar: a wrong note on a result the engine never gave with the calendar."""
    from reconcile.engine import MatchResult
    from reconcile.services import match_engine

    monkeypatch.setattr(match_engine, "engine_calendar", _Calendar)

    def engine(**kwargs):
        if kwargs.get("calendar") is not None:
            raise IndexError("index 7 is out of bounds for axis 0 with size 7")
        return MatchResult(groups=[], suggestions=[])

    with pytest.raises(match_engine.EngineFault):
        match_engine.engine_result([], [], [], engine=engine)


def test_a_year_without_a_calendar_still_counts_calendar_days(monkeypatch) -> None:
    from reconcile.engine import MatchResult
    from reconcile.services import match_engine

    class YearNotLoaded(LookupError):
        pass

    monkeypatch.setattr(match_engine, "engine_calendar", _Calendar)

    def engine(**kwargs):
        if kwargs.get("calendar") is not None:
            raise YearNotLoaded("2031")
        return MatchResult(groups=[], suggestions=[])

    result, note = match_engine.engine_result([], [], [], engine=engine)
    assert note == match_engine.NO_CALENDAR and result.groups == []


def test_a_bai2_field_holding_no_code_is_quoted_short() -> None:
    """The field's value is quoted in the refusal: 50,000 characters there made a 50,000-character message."""
    from reconcile.parsers import ParseError

    data = (
        "01,122099999,123456789,040621,0200,1,65,,2/\n02,031001234,122099999,1,040620,2359,,2/\n"
        "03,0123456789,USD,010,+4350000,,/\n16,115,450000," + "X" * 50_000 + ",,,/\n49,4800000,3/\n98,4800000,1,5/\n"
        "99,4800000,1,7/\n"
    )
    with pytest.raises(ParseError) as caught:
        parse_file(data.encode(), "long.bai2")
    text = caught.value.reason.render()
    assert caught.value.code == "unreadable" and "XXXX..." in text
    assert len(text) < 400


def test_a_database_fault_reading_the_calendar_is_no_engine_fault(monkeypatch) -> None:
    """The working-day calendar is read from the database: a lost connection there is the database's fault (retried,
    said as such), not the engine's; it failed the run for good as "an internal error of the matching"."""
    from django.db import OperationalError

    from reconcile.services import match_engine

    def lost() -> None:
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(match_engine, "engine_calendar", lost)
    with pytest.raises(OperationalError):
        match_engine.engine_result([], [], [])
