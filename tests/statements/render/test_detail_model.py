"""The detail the writers take: what it accepts, what it refuses, and the texts as every format carries them."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from reconcile.parsers.fingerprint import line_fingerprint
from statements.render.detail import TEXT_WIDTHS, DetailLine, carried_text
from tests.statements.render.detail_cases import ACCOUNT, CASES, D, as_parsed, day


def line(**fields: object) -> DetailLine:
    base: dict[str, object] = dict(booking_date=day(5), value_date=None, direction="in", amount=D("10.00"))
    base.update(fields)
    return DetailLine(**base)  # type: ignore[arg-type]


def test_opening_plus_lines_must_give_the_closing_balance() -> None:
    good = CASES["chinese_and_latin"]
    with pytest.raises(ValueError, match=r"differs by \+0\.01"):
        replace(good, closing_balance=good.closing_balance - D("0.01"))
    with pytest.raises(ValueError, match=r"differs by -100\.00"):
        replace(CASES["quiet"], closing_balance=CASES["quiet"].opening_balance + 100)


def test_lines_outside_the_period_are_refused() -> None:
    good = CASES["empty_counterparty"]
    late = replace(good.lines[0], booking_date=dt.date(2026, 11, 1))
    with pytest.raises(ValueError, match="line 1 is booked on 2026-11-01, outside the period"):
        replace(good, lines=(late, *good.lines[1:]))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"amount": D("0.00")}, "positive"),
        ({"amount": D("-1.00")}, "positive"),
        ({"amount": D("1.005")}, "fractions of a cent"),
        ({"amount": 1.5}, "Decimal"),
        ({"amount": D("1e16")}, "out of range"),
        ({"direction": "credit"}, "direction"),
        ({"balance_after": D("0.001")}, "fractions of a cent"),
        ({"booking_date": "2026-10-05"}, "date"),
    ],
)
def test_bad_lines_are_refused(fields: dict[str, object], message: str) -> None:
    with pytest.raises((ValueError, TypeError), match=message):
        line(**fields)


def test_texts_are_held_as_every_format_carries_them() -> None:
    held = line(summary="  a\x00b\r\n\tc\u3000 ", counterparty_name="（全角）ＡＢＣ１２３", purpose="\ud800x\uffff")
    assert (held.summary, held.counterparty_name, held.purpose) == ("a b c", "(全角)ABC123", "x")
    long = line(summary="摘" * 500, serial="S" * 100)
    assert len(long.summary) == TEXT_WIDTHS["summary"] == 200 and len(long.serial) == 64


def test_normalising_changes_no_fingerprint_of_text_without_control_characters() -> None:
    raw = dict(counterparty_name=" 上海  某某（有限）公司 ", summary="ＡＢＣ　货款", counterparty_account="6222 0000")
    held = line(**raw)
    assert held.counterparty_name != raw["counterparty_name"]
    as_imported = replace(as_parsed(held), **raw)  # the texts as a spreadsheet import read them
    assert line_fingerprint(ACCOUNT, as_imported) == line_fingerprint(ACCOUNT, as_parsed(held))


def test_carried_text_is_stable() -> None:
    for text in ("a\x00b", " x  y ", "＝1", "", "\ufffe"):
        assert carried_text(carried_text(text)) == carried_text(text)


def test_statement_fields_are_checked() -> None:
    good = CASES["quiet"]
    for change, message in (
        ({"currency": "RMB1"}, "ISO 4217"),
        ({"account_number": " "}, "account_number"),
        ({"version": 0}, "version"),
        ({"period_end": dt.date(2026, 9, 1)}, "before it starts"),
        ({"opening_balance": 1.0}, "Decimal"),
    ):
        with pytest.raises((ValueError, TypeError), match=message):
            replace(good, **change)
    assert replace(good, currency="cny").currency == "CNY"
    assert (good.total_in, good.total_out, good.count_in, good.count_out) == (Decimal("0.00"), Decimal("0.00"), 0, 0)
