"""What the runs left of one payment voucher, against the one batch line of its total (``stages/voucher_rest.py``):
an ERP books a day's payment runs under one voucher (F110-20250305), the bank shows each run as one debit. While all
the voucher's entries are free, the voucher adds up to none of the runs; once the others were matched, the rest is
the last run's."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reconcile.engine import Line, match

DAY = dt.date(2025, 3, 5)
VOUCHER = "F110-20250305"


def _entries(amounts: list[str], first: int, voucher: str = VOUCHER, offsets: list[int] | None = None) -> list[Line]:
    offsets = offsets or [0] * len(amounts)
    return [
        Line(
            f"GL{first + k}",
            DAY - dt.timedelta(days=d),
            Decimal(a),
            "out",
            voucher,
            "",
            f"INV-0{first + k} SUPPLIER {k}",
        )
        for k, (a, d) in enumerate(zip(amounts, offsets))
    ]


def _total(lines: list[Line]) -> Decimal:
    return sum((x.amount for x in lines), Decimal(0))


def test_the_vouchers_remaining_entries_are_the_last_run() -> None:
    # The other run of the day (its own voucher here) goes by its own evidence; this run's entries, booked over
    # three days, are what is free of the voucher: no one day's entries add up to the debit, the voucher's do.
    first = _entries(["5976.58", "21200.00"], 100, voucher="F110-20250304")
    rest = _entries(["477.43", "2400.00", "18888.13", "11123.21"], 200, offsets=[0, 2, 1, 1])
    bank = [
        Line("B1", DAY, _total(first), "out", "", "", "批量代付"),
        Line("B2", DAY, _total(rest), "out", "", "", "GIRO BULK DEBIT"),
    ]
    (group,) = [g for g in match(bank, [*first, *rest]).groups if g.bank_ids == ("B2",)]
    assert group.journal_ids == tuple(x.id for x in rest)
    assert any("the remaining entries of one voucher F110" in r for r in group.reasons)


def test_a_voucher_whose_rest_misses_the_total_stays_open() -> None:
    rest = _entries(["477.43", "2400.00", "18888.13", "11123.21"], 200, offsets=[0, 2, 1, 1])
    bank = [Line("B2", DAY, _total(rest) + Decimal("0.01"), "out", "", "", "GIRO BULK DEBIT")]
    assert match(bank, rest).groups == []


def test_a_bank_line_not_marked_as_a_batch_takes_no_voucher() -> None:
    rest = _entries(["477.43", "2400.00", "18888.13", "11123.21"], 200, offsets=[0, 2, 1, 1])
    bank = [Line("B2", DAY, _total(rest), "out", "", "", "OUTWARD TT")]
    assert all(g.bank_ids != ("B2",) or "voucher" not in " ".join(g.reasons) for g in match(bank, rest).groups)


def test_two_batch_lines_of_the_total_decide_nothing() -> None:
    rest = _entries(["477.43", "2400.00", "18888.13", "11123.21"], 200, offsets=[0, 2, 1, 1])
    bank = [
        Line("B2", DAY, _total(rest), "out", "", "", "GIRO BULK DEBIT"),
        Line("B3", DAY, _total(rest), "out", "", "", "BULK PAYMENT"),
    ]
    assert match(bank, rest).groups == []
