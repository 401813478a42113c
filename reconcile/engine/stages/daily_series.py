"""Stage 4f: a bank line that is the total of consecutive days of one day-stamped series of journal entries.

A shop on a platform books its takings day by day (天猫店8月27日销售回款, 天猫店8月28日销售回款 ..., 微信小店9月1日销售回款
(扣服务费149.35)) and the platform pays them out when the merchant withdraws (支付宝提现, 财付通提现, 京东结算): one
bank credit for the days since the last withdrawal, often more than the matching window back. The entries name the
shop or nobody, the bank line the platform, so no name ties them; what does is the series itself: the same text but
for its date, on consecutive days, adding up to the cent.

A series is the free entries of one direction whose summaries carry a date (8月27日, 08/27, 2025-08-27) and are the
same once the numbers and a bracketed remark are set aside (bank charges aside). A run is entries of one series back
to back in date order, one a day, spanning at most ``MAX_SPAN`` working days, the last within the window of the bank
line; where a series has several entries a day (several shops booked under one label), a run takes one of each day's,
as long as the days' choices stay few (``MAX_RUNS``). Accepted only when the bank line names no party or a payment
platform, exactly one run of any series adds up to it, and no other such bank line near it has the same amount.
"""

from __future__ import annotations

import re
from collections import defaultdict

import numpy as np

from ..distinct import distinct
from ..fields import CATEGORY_CODES, category_code
from ..state import State
from .spans import Span, take_spans

MAX_SPAN = 10  # working days a withdrawal gathers
MAX_PARTS = 12
# Runs of one series ending on one day, at most (see ``_runs``): 4 shops over 4 days are 256.
MAX_RUNS = 256
# 8月27日, 08/27, 2025-08-27; not 27.08, which reads like an amount (扣服务费1.78).
_DAY_STAMP = re.compile(r"\d{1,2}月\d{1,2}日|(?<![\d.])\d{1,2}[/-]\d{1,2}(?![\d.])|\d{4}-\d{1,2}-\d{1,2}")
_REMARK = re.compile(r"[(（][^)）]*[)）]")
_NUMBER = re.compile(r"\d+")
_FEE = CATEGORY_CODES["fee"]
_CHARGES = re.compile(r"\bCHARGES?\b|\bINTEREST\b|利息", re.IGNORECASE)  # the bank's own, day by day


def daily_series_stage(st: State) -> None:
    bank, journal = st.bank, st.journal
    free = np.flatnonzero(st.bank_free)
    if free.size == 0:
        return
    one = free[(bank.cp_code[free] == 0) | bank.platform_of(bank.cp_code[free])]
    if one.size == 0:
        return
    # Only the totals some such bank line has are kept: a year of a busy series has millions of runs, few of them
    # anybody's amount.
    runs = _runs(st, set((bank.cents[one] * 2 + bank.dirn[one]).tolist()))
    if not runs:
        return
    w = st.window

    def evidence(span: Span) -> str:
        first_text = journal.texts[int(journal.text_code[span[2][0]])]
        return f"逐日入账合计 day-by-day entries of one series: {first_text} ..."

    take_spans(
        st,
        one,
        runs,
        reach=w,
        fits=lambda day, run: run[1] - w <= day,
        evidence=evidence,
        veto=lambda run: _two_parties(st, run[2]),
    )


def _two_parties(st: State, members: tuple[int, ...]) -> bool:
    """Whether the entries name two different parties: a shop's takings name the shop or nobody, while a template
    summary (收货款 8月25日) dated day by day is also what every customer's receipt looks like."""
    codes = st.journal.cp_code[list(members)]
    return len(set(st.journal.core_id[codes[codes != 0]].tolist())) > 1


def _runs(st: State, wanted: set[int]) -> dict[int, list[Span]]:
    """Every run of 2..MAX_PARTS entries of one series whose total (``cents * 2 + direction``) is ``wanted``, by
    total."""
    journal = st.journal
    many = np.flatnonzero(st.journal_free)
    if many.size < 2:
        return {}
    codes = journal.text_code[many]
    shape_of: dict[int, str] = {}
    for code in distinct(codes).tolist():
        text = _REMARK.sub("", journal.texts[code])
        # A bank's daily charges are its own lines, not a payout; a remark (扣服务费149.35) does not make takings a fee.
        if _DAY_STAMP.search(text) and category_code(text) != _FEE and not _CHARGES.search(text):
            shape_of[code] = _NUMBER.sub("#", text)
    if not shape_of:
        return {}
    series: dict[tuple[int, str], list[tuple[int, int, int]]] = defaultdict(list)
    for i, code in zip(many.tolist(), codes.tolist()):
        shape = shape_of.get(code)
        if shape is not None:
            series[(int(journal.dirn[i]), shape)].append((int(journal.day[i]), int(journal.rank[i]), i))
    out: dict[int, list[Span]] = defaultdict(list)
    for (dirn, _shape), entries in series.items():
        if len(entries) < 2:
            continue
        entries.sort()
        lines = [i for _d, _r, i in entries]
        cents = dict(zip(lines, journal.cents[lines].tolist()))
        by_day: dict[int, list[int]] = defaultdict(list)
        for d, _r, i in entries:
            by_day[d].append(i)
        days = sorted(by_day)
        for end in range(1, len(days)):
            # The runs ending on this day, one entry a day: several shops booked under one label (天猫店) each have
            # their entry on a day, and one shop's payout is its own entry of each day. Their number is the product of
            # the days' entries; past ``MAX_RUNS`` the days are too full for a sum to tell one shop's from a mix.
            runs: list[tuple[int, tuple[int, ...]]] = [(cents[i], (i,)) for i in by_day[days[end]]]
            for start in range(end - 1, max(-1, end - MAX_PARTS), -1):
                if days[end] - days[start] > MAX_SPAN or len(runs) * len(by_day[days[start]]) > MAX_RUNS:
                    break
                runs = [(cents[i] + total, (i, *members)) for i in by_day[days[start]] for total, members in runs]
                for total, members in runs:
                    key = total * 2 + dirn
                    if key in wanted:
                        out[key].append((days[start], days[end], members))
    return out
