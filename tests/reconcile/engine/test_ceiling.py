"""The decidability ceiling (bench/engine/ceiling.py) on hand-made cases whose answer is known by reading them."""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parents[3])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from bench.engine.ceiling import judge, report  # noqa: E402
from bench.engine.generator import Case  # noqa: E402
from reconcile.engine import Line, match  # noqa: E402

D0 = dt.date(2025, 3, 3)


def _b(i: str, day: int, amount: str, cp: str = "", text: str = "TRF", ref: str = "") -> Line:
    return Line(i, D0 + dt.timedelta(days=day), Decimal(amount), "out", ref, cp, text)


def _j(i: str, day: int, amount: str, cp: str = "", text: str = "payment", ref: str = "") -> Line:
    return Line(i, D0 + dt.timedelta(days=day), Decimal(amount), "out", ref, cp, text)


def _pairs(bank: list[Line], journal: list[Line]) -> Case:
    truth = [((b.id,), (j.id,), "1:1") for b, j in zip(bank, journal)]
    return Case(bank=bank, journal=journal, truth=truth)


def test_nameless_pairs_on_one_date_are_not_decidable() -> None:
    case = _pairs([_b("B1", 0, "500.00"), _b("B2", 0, "500.00")], [_j("J1", 0, "500.00"), _j("J2", 0, "500.00")])
    v = judge(case)
    assert v.pair == {
        0: "-same-amount cluster, no name on one side, dates admit several",
        1: "-same-amount cluster, no name on one side, dates admit several",
    }


def test_dates_that_admit_one_assignment_decide() -> None:
    # B1 reaches only J1 (J2 is 4 days away, the window is 3); B2 reaches both: the one full assignment decides both.
    case = _pairs([_b("B1", 0, "500.00"), _b("B2", 3, "500.00")], [_j("J1", 0, "500.00"), _j("J2", 4, "500.00")])
    assert judge(case).pair == {0: "dates leave one assignment", 1: "dates leave one assignment"}


def test_names_of_two_parties_decide_and_a_platform_does_not() -> None:
    named = _pairs(
        [_b("B1", 0, "500.00", cp="ACME TRADING LTD"), _b("B2", 0, "500.00", cp="BETA FOODS LTD")],
        [_j("J1", 0, "500.00", cp="Acme Trading"), _j("J2", 0, "500.00", cp="Beta Foods")],
    )
    assert set(judge(named).pair.values()) == {"names or numbers agree"}
    platform = _pairs(
        [_b("B1", 0, "500.00", cp="支付宝（中国）网络技术有限公司"), _b("B2", 0, "500.00", cp="BETA FOODS LTD")],
        [_j("J1", 0, "500.00", cp="Acme Trading"), _j("J2", 0, "500.00", cp="Beta Foods")],
    )
    v = judge(platform).pair
    assert v[1] == "names or numbers agree"  # Beta's names agree; then Acme's entry is the platform line's only one
    assert v[0] == "the only candidate"


def test_an_invoice_number_outweighs_a_name_two_invoices_share() -> None:
    case = _pairs(
        [
            _b("B1", 0, "500.00", cp="ACME LTD", text="TT INV 4489"),
            _b("B2", 0, "500.00", cp="ACME LTD", text="TT 4770"),
        ],
        [_j("J1", 0, "500.00", cp="Acme", text="INV-04489"), _j("J2", 0, "500.00", cp="Acme", text="INV-04770")],
    )
    assert set(judge(case).pair.values()) == {"agreement among several"}
    no_numbers = _pairs(
        [_b("B1", 0, "500.00", cp="ACME LTD"), _b("B2", 1, "500.00", cp="ACME LTD")],
        [_j("J1", 0, "500.00", cp="Acme"), _j("J2", 1, "500.00", cp="Acme")],
    )
    assert set(judge(no_numbers).pair.values()) == {"-same-amount cluster, same party, dates admit several"}


def test_outside_the_window() -> None:
    case = _pairs([_b("B1", 5, "500.00")], [_j("J1", 0, "500.00")])
    assert judge(case).pair == {0: "-outside the window"}


def _run(extra: list[Line], text: str = "BULK PAYMENT") -> Case:
    bank = [_b("B1", 0, "300.00", text=text)]
    journal = [_j("J1", 0, "100.00", cp="Acme"), _j("J2", 0, "200.00", cp="Beta"), *extra]
    return Case(bank=bank, journal=journal, truth=[(("B1",), ("J1", "J2"), "1:N")])


def test_a_run_is_decidable_only_as_the_one_subset_of_its_total() -> None:
    assert judge(_run([_j("J3", 0, "70.00", cp="Gamma")])).batch == {0: "the only subset"}
    # 50 + 250 also make 300 on the same date: no matcher can pick.
    two = judge(_run([_j("J3", 0, "50.00", cp="Gamma"), _j("J4", 0, "250.00", cp="Delta")]))
    assert two.batch == {0: "-another subset of the total (<=50 lines in the pool)"}
    assert two.batch_dates == two.batch
    # ... unless the bank states how many payments it made and the other subset has another size.
    three = [_j("J3", 0, "50.00", cp="Gamma"), _j("J4", 0, "120.00", cp="Delta"), _j("J5", 0, "130.00", cp="Eps")]
    assert judge(_run(three)).batch[0].startswith("-another subset")
    assert judge(_run(three, text="BULK TRF 2 ITEMS")).batch == {0: "the only subset of the stated count"}


def test_an_alternative_on_other_dates_counts_only_for_the_strict_ceiling() -> None:
    v = judge(_run([_j("J3", -2, "50.00", cp="Gamma"), _j("J4", -2, "250.00", cp="Delta")]))
    assert v.batch[0].startswith("-another subset")
    assert v.batch_dates[0] == "the only subset"


def test_report_puts_the_engine_beside_the_ceiling() -> None:
    case = _pairs(
        [_b("B1", 0, "500.00", cp="ACME TRADING LTD"), _b("B2", 0, "500.00")],
        [_j("J1", 0, "500.00", cp="Acme Trading"), _j("J2", 0, "500.00", cp="Beta Foods")],
    )
    lines = report(case, judge(case), match(case.bank, case.journal, window_days=3))
    assert lines[0].startswith("  1:1: engine ")
    assert "ceiling 100.00% (2)" in lines[0]
