"""``match``: the one entry point of the engine."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Mapping, Sequence
from functools import partial

from . import currency
from .account_names import learn_account_names, with_account_reasons
from .bank_narratives import read_narrative_names
from .invoice_aliases import learned_reason
from .mentions import read_names_in_text
from .normalize import RefTable, Side, day_mapper
from .payer_notes import noted_payers, payer_aliases
from .stages.ambiguous import ambiguous_stage, named_stage, pairing_stage
from .stages.batches import batch_stage
from .stages.cheques import cheque_text_stage
from .stages.documents import document_stage
from .stages.exact import reference_stage
from .stages.fee_days import fee_day_stage
from .stages.leftovers import leftover_stage
from .stages.net_fees import net_fee_stage
from .stages.projects import project_stage
from .stages.reversals import reversal_stage
from .stages.stated_runs import stated_run_stage
from .stages.window import late_stage, window_stage
from .state import State
from .types import CalendarLike, Line, MatchGroup, MatchResult

DEFAULT_REFERENCE_DAYS = 30
# 4b: unique once the others were matched, stage 3 again on what is left, the only one-to-one pairing;
# a second round adds a few pairs (CN 100k: 17), a third none.
ELIMINATION_ROUNDS = 2


def match(
    bank: Sequence[Line],
    journal: Sequence[Line],
    window_days: int = 3,
    *,
    calendar: CalendarLike = None,
    reference_days: int = DEFAULT_REFERENCE_DAYS,
    timings: dict[str, float] | None = None,
    aliases: Mapping[str, str] | None = None,
) -> MatchResult:
    """Reconcile bank lines against journal lines.

    ``window_days`` counts working days when ``calendar`` is given (a callable
    ``date -> working-day ordinal`` or an object with ``ordinal(date)``, such
    as ``statements.calendar.WorkdayCalendar``); without a calendar it counts
    plain calendar days.  Shared references may be up to ``reference_days``
    (same unit) apart.

    First, a bank line without a counterparty takes the party its narrative names (a US bank's ACH, wire or Zelle
    text, ``bank_narratives.py``), and a journal line without one the company its summary names (``mentions.py``).
    Stages, each only on the lines the previous ones left free:
    0 a journal entry and the red-ink reversal (冲销) that cancels it leave the pool, unmatched,
    1 reference (a bill's number of 20+ digits whatever the names, ``stages/exact.py``; 1b: a cheque number the
    books write only in the summary, ``stages/cheques.py``), 2 unique
    amount+direction in window, 2c a day's interchangeable bank charges against as many fee entries of the day
    (``stages/fee_days.py``), 2b a document number
    both texts carry (first learning a payer's other name from the pairs 2 and 2b held back for the names:
    two of one customer's invoices it paid, or its payments alone with their amount, ``invoice_aliases.py``),
    3 scored global assignment of same-amount clusters,
    3b a pair booked outside the window but alone with its amount within
    ``reference_days`` and naming the same party (a bank line giving only the party's account number names the
    party two accepted pairs tied that account to, ``account_names.py``),
    3c a bank line net of its charges: the gross entry and the charge entries of its day or voucher, in the other
    direction (a wire net of SHA charges, 贴现 net of the interest, an acquirer's settlement net of MDR), the only
    such combination (``stages/net_fees.py``),
    4 batches (1:N / N:1: a whole day of one summary, party or reference, a party's whole day against a nameless
    or other-script bank line, a line listing several document numbers, a run of consecutively numbered entries
    ``stages/sequences.py``, a platform's payout of a day-stamped series ``stages/daily_series.py``, subset sums;
    payment runs: a bank line with a batch marker and the only subset of journal entries near it that adds up; a
    channel's daily takings total ``stages/channel_totals.py``; a cheque deposit ``stages/cheque_deposits.py``;
    a named transfer against one party's consecutively numbered invoices of a day ``stages/named_sequences.py``;
    the summary groups once more after the subset searches (a day's second payroll run); the rest of a voucher
    against the one free batch-marked line of its total ``stages/voucher_rest.py``),
    4c a payment debited with its charge in one line, as 3c in one direction, where no batch took them,
    4b what the batches left of the same-amount clusters: a pair unique once
    the other lines of its amount were matched (stage 2 again), stage 3 again,
    a pair only one line of each side names (``named_stage``),
    the only one-to-one pairing of a few lines (``pairing_stage``), then twins
    of one party in date order (``ambiguous.DATE_ORDER_TWINS``) and the only
    pairing of the nearest dates (``ambiguous.NEAREST_DATES``; ``stages/nearest_dates.py``), none of these
    eliminations where one line names a party, the other no one, and the party's own line of the amount is open
    elsewhere (``party_elsewhere.py``),
    4d a bank line that states its count of payments (共5笔) and the only set of that many free entries
    in its window that adds up (``stated_runs.py``; off: ``stated_runs.ENABLED``),
    5 suggestions for the rest.  ``groups`` are disjoint; the output is the
    same for any order of the inputs (sorted by line ids).

    ``aliases`` maps a counterparty name to the name of the party it stands for ("ACME GMBH" ->
    "Acme Trading GmbH", an accountant's rule or a learned name): wherever names are compared, the first is
    compared as the second. Exact strings, either side; names not in it are compared as they are.

    ``timings``, if given, receives seconds spent per stage (benchmarks);
    "prepare" covers reading and coding the input once for all stages
    (cents, days, id ranks, references, counterparties, summaries);
    "summary_names" the names read from journal summaries.

    Raises ValueError naming the line for an amount that is not a positive
    Decimal with at most two decimals, an unknown direction, a non-date, or
    a duplicate id within one side.
    """
    if window_days < 0 or reference_days < 0:
        raise ValueError("window_days and reference_days must be >= 0")
    # Millions of small tuples and no reference cycles: the cyclic GC would
    # only rescan them over and over (measured: ~35% of the run at 100k).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        passes, bank, journal = currency.split(bank, journal)
        run = partial(
            _match,
            window_days=window_days,
            calendar=calendar,
            reference_days=reference_days,
            timings=timings,
            aliases=aliases,
        )
        return _match_by_currency(passes, bank, journal, run) if passes else run(bank, journal)
    finally:
        if gc_was_enabled:
            gc.enable()


def _match(
    bank: Sequence[Line],
    journal: Sequence[Line],
    window_days: int,
    calendar: CalendarLike,
    reference_days: int,
    timings: dict[str, float] | None,
    aliases: Mapping[str, str] | None,
) -> MatchResult:
    clock = _Clock(timings)
    day_of = day_mapper(calendar)
    refs = RefTable()  # shared, so equal references get equal ids on both sides
    given = aliases
    aliases = payer_aliases(journal, aliases)  # 收货款(马梅代付): the person stands for the entry's company
    bank_side = Side(bank, "bank", day_of, refs, aliases)
    journal_side = Side(journal, "journal", day_of, refs, aliases)
    st = State(bank_side, journal_side, int(window_days), calendar is not None, int(max(reference_days, window_days)))
    clock.lap("prepare")
    read_narrative_names(bank_side)
    read_names_in_text(journal_side, bank_side)
    clock.lap("summary_names")
    if len(bank_side) and len(journal_side):
        reversal_stage(st)
        clock.lap("0_reversals")
        reference_stage(st)
        cheque_text_stage(st)
        clock.lap("1_reference")
        amb_b, amb_j = window_stage(st)
        fee_day_stage(st)  # the day's charges of one amount, as many at the bank as in the books
        clock.lap("2_window")
        document_stage(st)
        amb_b, amb_j = amb_b[st.bank_free[amb_b]], amb_j[st.journal_free[amb_j]]
        clock.lap("2b_documents")
        project_stage(st, amb_b, amb_j)
        amb_b, amb_j = amb_b[st.bank_free[amb_b]], amb_j[st.journal_free[amb_j]]
        ambiguous_stage(st, amb_b, amb_j)
        clock.lap("3_ambiguous")
        restore_accounts = learn_account_names(st)  # a bare 对方账号 two accepted pairs tie to one party names it
        late_stage(st)
        restore_accounts()
        clock.lap("3b_late")
        net_fee_stage(st)  # a line net of its charges against the gross entry and the charge entries
        clock.lap("3c_net_fees")
        batch_stage(st)
        clock.lap("4_batches")
        net_fee_stage(st, mirror=True)  # a payment and its charge in one debit, where no batch took them
        clock.lap("4c_net_fees_mirror")
        for _ in range(ELIMINATION_ROUNDS):
            taken = len(st.groups)
            amb_b, amb_j = window_stage(st, after_others=True)
            if len(st.groups) > taken:
                ambiguous_stage(st, amb_b, amb_j)
                amb_b, amb_j = amb_b[st.bank_free[amb_b]], amb_j[st.journal_free[amb_j]]
            project_stage(st, amb_b, amb_j)
            amb_b, amb_j = amb_b[st.bank_free[amb_b]], amb_j[st.journal_free[amb_j]]
            named_stage(st, amb_b, amb_j)
            amb_b, amb_j = amb_b[st.bank_free[amb_b]], amb_j[st.journal_free[amb_j]]
            pairing_stage(st, amb_b, amb_j)
            if len(st.groups) == taken:
                break
        clock.lap("4b_elimination")
        stated_run_stage(st)
        clock.lap("4d_stated_runs")
        leftover_stage(st)
        clock.lap("5_suggestions")
    # Sorted by line ids (input-order free), via integer id ranks.
    groups = st.sorted_groups()
    suggestions = st.live_suggestions()
    if aliases is not None and aliases is not given:
        say = noted_payers(bank, journal, aliases, given)
        groups, suggestions = [say(g) for g in groups], [say(s) for s in suggestions]
    groups = with_account_reasons(bank_side, journal_side, groups)
    if "learned_aliases" in bank_side.__dict__:
        proof = learned_reason(bank_side, journal_side)
        groups = [proof(g) for g in groups]
    clock.lap("output")
    return MatchResult(groups=groups, suggestions=suggestions)


def _match_by_currency(
    passes: list[tuple[list[Line], list[Line]]],
    bank: Sequence[Line],
    journal: Sequence[Line],
    run: Callable[[Sequence[Line], Sequence[Line]], MatchResult],
) -> MatchResult:
    """Lines in a currency foreign to the statement (``currency.py``) matched first, each currency on its own with the
    entries naming it; then the rest, with those entries that stayed free. One result, ordered as ``_match`` orders."""
    for side in (bank, [line for p in passes for line in p[0]]), (journal, [line for p in passes for line in p[1]]):
        ids = [line.id for line in side[0]] + [line.id for line in side[1]]
        if len(set(ids)) != len(ids):  # a duplicate split across passes: let one pass name it
            run([*side[0], *side[1]], [])
    groups: list[MatchGroup] = []
    suggestions: list[MatchGroup] = []
    rest_journal = list(journal)
    for fb, fj in passes:
        r = run(fb, fj)
        used = {j for g in r.groups for j in g.journal_ids}
        rest_journal += [j for j in fj if j.id not in used]
        groups += r.groups
        suggestions += r.suggestions
    r = run(bank, rest_journal)
    groups += r.groups
    suggestions += r.suggestions
    # A currency pass only suggested for an entry that the pass of the rest then matched: that suggestion is stale
    # (a suggestion never names a line of a group, as within one pass).
    grouped_bank = {b for g in groups for b in g.bank_ids}
    grouped_journal = {j for g in groups for j in g.journal_ids}
    suggestions = [
        s for s in suggestions if grouped_bank.isdisjoint(s.bank_ids) and grouped_journal.isdisjoint(s.journal_ids)
    ]
    groups.sort(key=lambda g: g.bank_ids[0])
    suggestions.sort(key=lambda g: (g.bank_ids, g.journal_ids))
    return MatchResult(groups=groups, suggestions=suggestions)


class _Clock:
    def __init__(self, sink: dict[str, float] | None) -> None:
        self.sink = sink
        self.last = time.perf_counter()

    def lap(self, name: str) -> None:
        if self.sink is not None:
            now = time.perf_counter()
            self.sink[name] = self.sink.get(name, 0.0) + now - self.last
            self.last = now
