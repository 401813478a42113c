"""A day's payroll paid in two runs (AUTOPAY OUT BATCH 0293 and 0295): the books hold one salary entry per employee,
the bank one line per run. While both runs' entries are free, the day's salaries add up to neither line; once the small
run's search took its three employees, the day's remaining salary entries are the other run, to the cent
(``batches.batch_stage``, the summary groups again after the searches)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reconcile.engine import Line, match

PAY_DAY = dt.date(2026, 1, 23)
BANK_DAY = dt.date(2026, 1, 26)
BIG = ["43250.00", "24450.00", "23750.00", "28950.00", "50950.00", "43250.00", "55050.00", "54000.00", "15750.00",
       "41500.00", "48950.00", "38150.00", "44800.00", "58950.00"]  # fmt: skip
SMALL = ["61317.00", "37411.00", "38022.00"]


def _salaries(amounts: list[str], first: int) -> list[Line]:
    return [
        Line(
            f"J{first + k}",
            PAY_DAY,
            Decimal(a),
            "out",
            f"JV2601-{first + k:05d}",
            f"员工{first + k}",
            "工资 2026年01月",
        )
        for k, a in enumerate(amounts)
    ]


def _run(name: str, lines: list[Line]) -> Line:
    total = sum((x.amount for x in lines), Decimal(0))
    return Line(name, BANK_DAY, total, "out", f"AP000{name[1:]}", "", f"AUTOPAY OUT BATCH {name[1:]}")


def test_the_days_remaining_salaries_are_the_second_run() -> None:
    big, small = _salaries(BIG, 1000), _salaries(SMALL, 2000)
    bank = [_run("B293", big), _run("B295", small)]
    groups = {g.bank_ids: g.journal_ids for g in match(bank, [*big, *small]).groups}
    assert groups[("B295",)] == tuple(x.id for x in small)
    assert groups[("B293",)] == tuple(x.id for x in big)


def test_remaining_salaries_that_miss_the_total_by_a_cent_stay_open() -> None:
    big, small = _salaries(BIG, 1000), _salaries(SMALL, 2000)
    short = _run("B293", big)._replace(amount=_run("B293", big).amount - Decimal("0.01"))
    groups = {g.bank_ids: g.journal_ids for g in match([short, _run("B295", small)], [*big, *small]).groups}
    assert ("B293",) not in groups
