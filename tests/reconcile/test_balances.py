"""reconcile.balances: where checkpoints do not join up, and balances counted from the nearest checkpoint."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reconcile.balances.checkpoints import Checkpoint, Movements, Role, balance_at, breaks_affecting, find_breaks

D = dt.date
OPEN, CLOSE = Role.OPENING, Role.CLOSING


def cp(
    as_of: dt.date,
    balance: str,
    role: Role = OPEN,
    source: str = "f",
    order: int = 0,
    stated_through: dt.date | None = None,
) -> Checkpoint:
    return Checkpoint(
        as_of=as_of, balance=Decimal(balance), role=role, source=source, order=order, stated_through=stated_through
    )


# September, October and November movements of one account.
MOVES = Movements(
    {D(2026, 9, 10): Decimal("100.00"), D(2026, 10, 10): Decimal("-30.00"), D(2026, 11, 10): Decimal("5.55")}
)


def test_movements_between_is_after_through():
    assert MOVES.between(D(2026, 9, 9), D(2026, 9, 10)) == Decimal("100.00")
    assert MOVES.between(D(2026, 9, 10), D(2026, 10, 31)) == Decimal("-30.00")
    assert MOVES.between(D(2026, 8, 31), D(2026, 11, 30)) == Decimal("75.55")
    assert MOVES.between(D(2026, 12, 1), D(2026, 12, 31)) == Decimal("0.00")
    assert Movements({}).upto(D(2026, 1, 1)) == Decimal("0.00")


@pytest.mark.parametrize(
    ("checkpoints", "expected"),
    [
        pytest.param([], [], id="none"),
        pytest.param([cp(D(2026, 8, 31), "1000.00")], [], id="one"),
        pytest.param(
            [
                cp(D(2026, 8, 31), "1000.00"),
                cp(D(2026, 9, 30), "1100.00", CLOSE),
                cp(D(2026, 9, 30), "1100.00"),
                cp(D(2026, 10, 31), "1070.00", CLOSE),
            ],
            [],
            id="joined",
        ),
        pytest.param(
            [cp(D(2026, 8, 31), "1000.00", source="sep"), cp(D(2026, 10, 31), "1070.00", source="nov")],
            [],
            id="october-file-missing-but-its-lines-stored",
        ),
        pytest.param(
            [
                cp(D(2026, 8, 31), "1000.00", source="sep"),
                cp(D(2026, 9, 30), "1100.00", CLOSE, "sep"),
                cp(D(2026, 10, 31), "1200.00", source="nov"),
            ],
            [("sep", "nov", "1070.00", "130.00")],
            id="missing-month",
        ),
        pytest.param(
            [cp(D(2026, 9, 30), "1100.00", CLOSE, "a", 1), cp(D(2026, 9, 30), "1150.00", OPEN, "b", 2)],
            [("a", "b", "1100.00", "50.00")],
            id="same-day-disagree",
        ),
        pytest.param(
            [
                cp(D(2026, 8, 31), "1000.00", source="sep"),
                cp(D(2026, 10, 31), "1200.00", source="nov"),
                cp(D(2026, 11, 30), "1205.55", source="dec"),
            ],
            [("sep", "nov", "1070.00", "130.00")],
            id="one-gap-one-break-not-one-per-later-file",
        ),
    ],
)
def test_find_breaks(checkpoints, expected):
    found = find_breaks(checkpoints, MOVES)
    assert [(b.earlier.source, b.later.source, str(b.carried), str(b.difference)) for b in found] == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 8, 31), "1000.00"),  # before the only checkpoint: counted back from it
        (D(2026, 9, 30), "1100.00"),
        (D(2026, 10, 31), "1070.00"),
        (D(2026, 11, 30), "1075.55"),
    ],
)
def test_balance_counts_from_a_later_checkpoint_without_counting_twice(day, expected):
    # The first file had no balances: the only checkpoint is October's opening balance.
    assert balance_at([cp(D(2026, 9, 30), "1100.00")], MOVES, day) == Decimal(expected)


def test_balance_uses_the_nearest_checkpoint_at_or_before_the_day():
    checkpoints = [cp(D(2026, 8, 31), "1000.00"), cp(D(2026, 10, 31), "2000.00")]
    assert balance_at(checkpoints, MOVES, D(2026, 10, 30)) == Decimal("1070.00")
    assert balance_at(checkpoints, MOVES, D(2026, 11, 30)) == Decimal("2005.55")
    assert balance_at([], MOVES, D(2026, 11, 30)) is None


def test_a_break_affects_every_table_after_it_starts():
    (gap,) = find_breaks([cp(D(2026, 9, 30), "1100.00", CLOSE), cp(D(2026, 10, 31), "1200.00")], MOVES)
    assert breaks_affecting([gap], D(2026, 9, 30)) == []
    assert breaks_affecting([gap], D(2026, 10, 15)) == [gap]
    assert breaks_affecting([gap], D(2027, 3, 31)) == [gap]


def test_two_files_disagreeing_at_the_period_end_affect_that_periods_table():
    # January's statement closes at 100.00, February's opens at 130.00: both claim the end of 01-31.
    (gap,) = find_breaks(
        [cp(D(2027, 1, 31), "100.00", CLOSE, "jan", 1), cp(D(2027, 1, 31), "130.00", OPEN, "feb", 2)], Movements({})
    )
    assert breaks_affecting([gap], D(2027, 1, 31)) == [gap]
    assert breaks_affecting([gap], D(2027, 1, 30)) == []


def _m(*pairs: tuple[str, str]) -> list[tuple[Decimal, Decimal]]:
    return [(Decimal(a), Decimal(b)) for a, b in pairs]


@pytest.mark.parametrize(
    ("moves", "expected"),
    [
        pytest.param(_m(("1099.55", "1079.55"), ("1079.55", "1069.55")), ("1099.55", "1069.55"), id="in-order"),
        pytest.param(_m(("1079.55", "1069.55"), ("1099.55", "1079.55")), ("1099.55", "1069.55"), id="afternoon-first"),
        pytest.param(
            _m(("100", "150"), ("150", "100"), ("100", "120")), ("100", "120"), id="back-to-a-balance-then-on"
        ),
        pytest.param(_m(("10", "20")), ("10", "20"), id="one-movement"),
        pytest.param(_m(("1099.55", "1079.55"), ("1069.55", "1059.55")), None, id="a-movement-missing-in-between"),
        pytest.param(_m(("100", "150"), ("100", "150")), None, id="listed-twice"),
        pytest.param(_m(("100", "150"), ("150", "100")), None, id="back-where-it-started"),
        pytest.param(_m(("10", "20"), ("20", "30"), ("50", "60"), ("60", "50")), None, id="a-run-and-a-loop-apart"),
        pytest.param(_m(("10", "10")), None, id="not-a-movement"),
        pytest.param([], None, id="nothing"),
    ],
)
def test_day_ends_chain_a_days_movements_in_any_order(moves, expected):
    from reconcile.balances.checkpoints import day_ends

    found = day_ends(moves)
    assert found == (None if expected is None else (Decimal(expected[0]), Decimal(expected[1])))


# --- what the files cover ----------------------------------------------------------------------------------------


def _cover(*spans: tuple[dt.date, dt.date, str]):
    from reconcile.balances.checkpoints import Coverage, Span

    return Coverage([Span(first=a, last=b, source=s) for a, b, s in spans])


SEP, OCT, NOV = (
    (D(2026, 9, 1), D(2026, 9, 30), "sep"),
    (D(2026, 10, 1), D(2026, 10, 31), "oct"),
    (D(2026, 11, 2), D(2026, 11, 30), "nov"),
)


@pytest.mark.parametrize(
    ("after", "through", "expected"),
    [
        (D(2026, 8, 31), D(2026, 11, 30), D(2026, 11, 1)),  # September and October join: 11-01 is the first hole
        (D(2026, 9, 15), D(2026, 10, 31), None),  # all covered
        (D(2026, 11, 30), D(2026, 12, 31), D(2026, 12, 1)),  # after the last file
        (D(2026, 8, 1), D(2026, 8, 31), D(2026, 8, 2)),  # before the first file
    ],
)
def test_coverage_finds_the_first_day_no_file_covers(after, through, expected):
    assert _cover(NOV, SEP, OCT).first_uncovered(after, through) == expected


def test_coverage_holes_name_the_files_around_them_and_whole_months():
    [hole] = _cover(SEP, (D(2026, 9, 10), D(2026, 9, 20), "sep-part"), NOV).holes()
    assert (hole.first, hole.last, hole.before, hole.after) == (D(2026, 10, 1), D(2026, 11, 1), "sep", "nov")
    assert hole.holds_a_whole_month()
    [short] = _cover((D(2026, 9, 1), D(2026, 9, 28), "sep"), (D(2026, 10, 10), D(2026, 10, 31), "oct")).holes()
    assert not short.holds_a_whole_month()  # 09-29 to 10-09: a quiet week and a half is common
    [december] = _cover((D(2026, 11, 1), D(2026, 11, 30), "nov"), (D(2027, 1, 1), D(2027, 1, 31), "jan")).holes()
    assert december.holds_a_whole_month()


def _gap(checkpoints, coverage=None, moves=MOVES):
    (found,) = find_breaks(checkpoints, moves, coverage)
    return found.start


def test_a_break_starts_after_the_period_the_earlier_file_states():
    # September's statement ends on its 09-20 movement but states its period to 09-30 (:62F:, 截止日期).
    september = cp(D(2026, 9, 20), "1100.00", CLOSE, "sep", stated_through=D(2026, 9, 30))
    october = cp(D(2026, 10, 14), "1150.00", OPEN, "oct")
    assert _gap([september, october]) == D(2026, 10, 1)
    (gap,) = find_breaks([september, october], MOVES)
    assert breaks_affecting([gap], D(2026, 9, 30)) == [] and breaks_affecting([gap], D(2026, 10, 1)) == [gap]
    # Without a stated period, or when a stored movement contradicts it, any day after 09-20 may be the missing one.
    assert _gap([cp(D(2026, 9, 20), "1100.00", CLOSE), october]) == D(2026, 9, 21)
    moved = Movements({D(2026, 9, 10): Decimal("100.00"), D(2026, 9, 25): Decimal("5.00")})
    assert _gap([september, october], moves=moved) == D(2026, 9, 21)
    # A later checkpoint inside the stated period: the two disagree there.
    assert _gap([september, cp(D(2026, 9, 25), "1150.00", OPEN, "late")]) == D(2026, 9, 25)


def test_a_break_starts_on_the_first_day_no_file_covers():
    # September has balances, October's file has none (it covers October), November is missing, December's opens.
    checkpoints = [cp(D(2026, 9, 30), "1100.00", CLOSE, "sep"), cp(D(2026, 11, 30), "1200.00", OPEN, "dec")]
    coverage = _cover(SEP, OCT, (D(2026, 12, 1), D(2026, 12, 31), "dec"))
    assert _gap(checkpoints, coverage) == D(2026, 11, 1)
    # Every day covered: a file is incomplete, anywhere after the earlier balance.
    assert _gap(checkpoints, _cover(SEP, OCT, (D(2026, 11, 1), D(2026, 11, 30), "nov"))) == D(2026, 10, 1)


@pytest.mark.parametrize(
    ("checkpoints", "expected"),
    [
        pytest.param([cp(D(2026, 11, 1), "1075.55", OPEN, "nov")], [(D(2026, 10, 1), True)], id="counted-back"),
        pytest.param([cp(D(2026, 9, 30), "1100.00", CLOSE, "sep")], [(D(2026, 10, 1), False)], id="counted-on"),
        pytest.param(
            [cp(D(2026, 9, 30), "1100.00", CLOSE, "sep"), cp(D(2026, 11, 1), "1075.55", OPEN, "nov")],
            [],
            id="bracketed-by-balances-so-checked",
        ),
        pytest.param([], [], id="no-balances-at-all"),
    ],
)
def test_a_whole_month_no_file_covers_is_unchecked_unless_balances_bracket_it(checkpoints, expected):
    from reconcile.balances.checkpoints import unchecked_holes

    found = unchecked_holes(checkpoints, _cover(SEP, NOV))
    assert [(hole.first, back) for hole, back in found] == expected


def test_coverage_given_as_a_function_is_read_only_once_a_break_is_found():
    calls = []

    def coverage():
        calls.append(1)
        return _cover((D(2026, 9, 1), D(2026, 10, 31), "sep-oct"))

    joined = [cp(D(2026, 9, 30), "1100.00", CLOSE), cp(D(2026, 10, 31), "1070.00")]
    assert find_breaks(joined, MOVES, coverage) == [] and calls == []
    broken = [cp(D(2026, 8, 31), "0.00", CLOSE), cp(D(2026, 9, 30), "1100.00", CLOSE), cp(D(2026, 10, 31), "900.00")]
    found = find_breaks(broken, MOVES, coverage)
    assert len(found) == 2 and calls == [1]
    assert [b.start for b in found] == [b.start for b in find_breaks(broken, MOVES, coverage())]
