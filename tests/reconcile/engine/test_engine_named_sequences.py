"""One transfer to a named party for several of its invoices, booked one payment per invoice with consecutive numbers
on one day (``stages/named_sequences.py``): FPS DR to WING KEE HARDWARE CO LTD against 付货款 INV-2026-00205 ... 00209.
The bank's English name and the books' Chinese one do not read alike; the numbers, the day and the one party of the
entries tie them together."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reconcile.engine import Line, match

DAY = dt.date(2026, 1, 6)
AMOUNTS = ["863.72", "1000.00", "26259.63", "21900.00", "1923.05"]


def _invoices(party: str | list[str], first: int = 205, days: list[int] | None = None) -> list[Line]:
    parties = party if isinstance(party, list) else [party] * len(AMOUNTS)
    days = days or [0] * len(AMOUNTS)
    return [
        Line(
            f"J{k}",
            DAY + dt.timedelta(days=d),
            Decimal(a),
            "out",
            f"INV-2026-{first + k:05d}",
            p,
            f"付货款 INV-2026-{first + k:05d}",
        )
        for k, (a, p, d) in enumerate(zip(AMOUNTS, parties, days))
    ]


def _others() -> list[Line]:
    """Other suppliers' payments of the days around, numbered elsewhere; some of their subsets add up to the total too."""
    amounts = ["863.72", "26259.63", "1000.00", "21900.00", "1923.05", "500.00", "3100.00"]
    return [
        Line(f"N{k}", DAY, Decimal(a), "out", f"INV-2026-{400 + 3 * k:05d}", f"香港供应商{k}有限公司", "付货款")
        for k, a in enumerate(amounts)
    ]


def _total(lines: list[Line]) -> Decimal:
    return sum((x.amount for x in lines), Decimal(0))


def _bank(total: Decimal, party: str = "WING KEE HARDWARE CO LTD") -> list[Line]:
    return [Line("B1", DAY, total, "out", "FRN2026010696605214", party, "FPS DR")]


def test_a_transfer_to_one_supplier_is_its_consecutive_invoices_of_the_day() -> None:
    # Two of the payments name no party, and the supplier has a third payment that day (another invoice, another
    # transfer): "all of the party's entries of the day" does not hold, the numbers do.
    run = _invoices(["荣记五金", "", "荣记五金", "荣记五金", ""])
    later = Line("L1", DAY, Decimal("3100.00"), "out", "INV-2026-00900", "荣记五金", "付货款 INV-2026-00900")
    (group,) = [g for g in match(_bank(_total(run)), [*run, later, *_others()]).groups if g.bank_ids == ("B1",)]
    assert group.journal_ids == tuple(x.id for x in run)
    assert any(
        "one party's consecutive document numbers of one day INV202600205-INV202600209" in r for r in group.reasons
    )


def test_entries_without_a_name_count_as_the_party_of_the_others() -> None:
    run = _invoices(["荣记五金", "", "荣记五金", "", "荣记五金"])
    groups = match(_bank(_total(run)), run).groups
    assert [(g.bank_ids, g.journal_ids) for g in groups] == [(("B1",), tuple(x.id for x in run))]


def test_consecutive_invoices_of_two_parties_are_no_payment_to_one() -> None:
    run = _invoices(["荣记五金", "荣记五金", "香港大昌五金有限公司", "荣记五金", "荣记五金"])
    assert match(_bank(_total(run)), run).groups == []


def test_invoices_booked_over_two_days_are_left_to_the_other_stages() -> None:
    run = _invoices("荣记五金", days=[0, 0, 1, 1, 1])
    assert match(_bank(_total(run)), run).groups == []


def test_two_transfers_of_the_total_leave_the_invoices_open() -> None:
    run = _invoices("荣记五金")
    bank = [
        *_bank(_total(run)),
        Line("B2", DAY, _total(run), "out", "FRN2026010600000001", "WING KEE HARDWARE CO LTD", "FPS DR"),
    ]
    assert match(bank, run).groups == []


def test_a_bank_line_naming_another_party_in_the_same_script_takes_nothing() -> None:
    run = _invoices(["Wing Kee Hardware", "", "Wing Kee Hardware", "Wing Kee Hardware", ""])
    later = Line("L1", DAY, Decimal("3100.00"), "out", "INV-2026-00900", "Wing Kee Hardware", "付货款 INV-2026-00900")
    assert match(_bank(_total(run), "ACME TRADING GMBH"), [*run, later]).groups == []


def test_entries_naming_no_party_are_no_payment_to_one() -> None:
    run = _invoices("")
    assert match(_bank(_total(run)), run).groups == []
