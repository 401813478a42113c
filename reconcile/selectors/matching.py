"""Reads for matching and the adjustment table: what is open (unmatched) at a period end."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, QuerySet

from reconcile.models import (
    BankAccount,
    BankLine,
    CloseReview,
    JournalEntry,
    MatchLink,
    PeriodClose,
    ReviewState,
    Suggestion,
)
from reconcile.models.imports import OPENING_SOURCES, BalanceCheckpoint, ImportKind


def open_bank_lines(account: BankAccount, period_end: dt.date) -> QuerySet[BankLine]:
    active = MatchLink.objects.active().filter(bank_line=OuterRef("pk"))
    return (
        BankLine.objects.live()
        .filter(account=account, booking_date__lte=period_end)
        .exclude(Exists(active))
        .order_by("booking_date", "pk")
    )


def open_journal_entries(account: BankAccount, period_end: dt.date) -> QuerySet[JournalEntry]:
    active = MatchLink.objects.active().filter(journal_entry=OuterRef("pk"))
    return (
        JournalEntry.objects.live()
        .filter(account=account, booking_date__lte=period_end)
        .exclude(Exists(active))
        .order_by("booking_date", "pk")
    )


def outstanding_at(account: BankAccount, period_end: dt.date) -> tuple[QuerySet[BankLine], QuerySet[JournalEntry]]:
    """未达账项 at a period end: lines dated up to it that were not matched by then.

    A line matched later (its counterpart dated after the period end) was still outstanding at the period end,
    so it belongs in that period's table.
    """
    matched_by_then_bank = MatchLink.objects.active().filter(bank_line=OuterRef("pk"), match__last_date__lte=period_end)
    matched_by_then_journal = MatchLink.objects.active().filter(
        journal_entry=OuterRef("pk"), match__last_date__lte=period_end
    )
    bank = (
        BankLine.objects.live()
        .filter(account=account, booking_date__lte=period_end)
        .exclude(Exists(matched_by_then_bank))
        .order_by("booking_date", "pk")
    )
    journal = (
        JournalEntry.objects.live()
        .filter(account=account, booking_date__lte=period_end)
        .exclude(Exists(matched_by_then_journal))
        .order_by("booking_date", "pk")
    )
    return bank, journal


def sides_without_files(account: BankAccount, period_end: dt.date) -> frozenset[str]:
    """The sides (ImportKind.BANK, ImportKind.JOURNAL) nothing was uploaded for up to a period end: no line dated on
    or before it and no balance a file states at or before it (a file starting after the period end states its
    opening balance at the day before its first line, which is a balance for the period)."""
    missing = set()
    lines = {
        ImportKind.BANK: BankLine.objects.live().filter(account=account, booking_date__lte=period_end),
        ImportKind.JOURNAL: JournalEntry.objects.live().filter(account=account, booking_date__lte=period_end),
    }
    for kind, stored in lines.items():
        if (
            not stored.exists()
            and not BalanceCheckpoint.objects.filter(
                account=account, kind=kind, superseded_by__isnull=True, as_of__lte=period_end
            ).exists()
        ):
            missing.add(kind)
    return frozenset(missing)


def closed_through(account: BankAccount) -> dt.date | None:
    """The latest closed period end of an account (everything up to it is read-only)."""
    close = PeriodClose.objects.in_force().filter(account=account).order_by("-period_end").first()
    return close.period_end if close else None


def review_pending_through(account: BankAccount) -> dt.date | None:
    """The latest period end awaiting review (复核) of an account: its matches stay as submitted (read-only, as a
    closed period's) until the reviewer approves it or returns it."""
    review = CloseReview.objects.filter(account=account, state=ReviewState.SUBMITTED).order_by("-period_end").first()
    return review.period_end if review else None


def account_periods(account: BankAccount) -> list[dt.date]:
    """Month ends that have lines on either side, newest first."""
    import calendar

    months = set(BankLine.objects.live().filter(account=account).dates("booking_date", "month"))
    months |= set(JournalEntry.objects.live().filter(account=account).dates("booking_date", "month"))
    return sorted((dt.date(m.year, m.month, calendar.monthrange(m.year, m.month)[1]) for m in months), reverse=True)


@dataclass(frozen=True)
class SuggestionRow:
    """A suggestion as the workbench shows it: the lines described, not their ids."""

    suggestion: Suggestion
    bank: tuple[str, ...]
    journal: tuple[str, ...]


def _matched_since(bank_ids: set[int], journal_ids: set[int]) -> tuple[set[int], set[int]]:
    """Which of these lines are in an active match: a suggestion holding one was overtaken (another suggestion for
    the same line accepted, or the line matched by hand) and can no longer be accepted, so it is not offered."""
    links = MatchLink.objects.active()
    return (
        set(links.filter(bank_line_id__in=bank_ids).values_list("bank_line_id", flat=True)),
        set(links.filter(journal_entry_id__in=journal_ids).values_list("journal_entry_id", flat=True)),
    )


SUGGESTIONS_SHOWN = 200


def suggestion_rows(account: BankAccount, period_end: dt.date, limit: int = SUGGESTIONS_SHOWN) -> list[SuggestionRow]:
    """The account's suggestions whose lines all fall in or before ``period_end``, with each line described by
    date, amount and counterparty (bank) or voucher and summary (journal), none of them matched since the run: five
    queries whatever the count."""
    return _rows(list(Suggestion.objects.filter(account=account)[:limit]), period_end)


@dataclass(frozen=True)
class SuggestionList:
    """The workbench's suggestions: the best ``rows`` (at most SUGGESTIONS_SHOWN) and how many are ``left`` in all."""

    rows: list[SuggestionRow]
    left: int


def suggestion_list(account: BankAccount, period_end: dt.date, limit: int = SUGGESTIONS_SHOWN) -> SuggestionList:
    """``suggestion_rows`` with the true number left. When the account has more suggestions than ``limit``, which of
    them belong to the period is decided first, by ids only, so the best ``limit`` of the period are shown (the best
    of all might all lie in later months) and ``left`` counts them all (four more queries, only for such a list)."""
    suggestions = list(Suggestion.objects.filter(account=account)[:limit])
    if len(suggestions) < limit:
        rows = _rows(suggestions, period_end)
        return SuggestionList(rows, len(rows))
    shown = _shown(account, period_end)
    best = {s.pk: s for s in Suggestion.objects.filter(pk__in=shown[:limit])}
    return SuggestionList(_rows([best[pk] for pk in shown[:limit] if pk in best], period_end), len(shown))


def _shown(account: BankAccount, period_end: dt.date) -> list[int]:
    """The ids, best first, of the account's suggestions ``suggestion_rows`` would show without its cap. Their line
    ids are JSON lists, which no SQL can join portably (SQLite and PostgreSQL): the ids are read and checked here,
    the lines selected by account rather than by a list of ids (SQLite takes at most 32,766 of them)."""
    ids = list(Suggestion.objects.filter(account=account).values_list("pk", "bank_line_ids", "journal_entry_ids"))
    bank = set(
        BankLine.objects.live().filter(account=account, booking_date__lte=period_end).values_list("pk", flat=True)
    )
    journal = set(
        JournalEntry.objects.live().filter(account=account, booking_date__lte=period_end).values_list("pk", flat=True)
    )
    links = MatchLink.objects.active()
    bank -= set(links.filter(bank_line__account=account).values_list("bank_line_id", flat=True))
    journal -= set(links.filter(journal_entry__account=account).values_list("journal_entry_id", flat=True))
    return [pk for pk, b, j in ids if bank.issuperset(b) and journal.issuperset(j)]


def _rows(suggestions: list[Suggestion], period_end: dt.date) -> list[SuggestionRow]:
    bank_ids = {i for s in suggestions for i in s.bank_line_ids}
    journal_ids = {i for s in suggestions for i in s.journal_entry_ids}
    bank = {
        pk: (day, f"{day:%Y-%m-%d} {amount:,.2f} {name or summary} {serial}".strip())
        for pk, day, amount, name, summary, serial in BankLine.objects.live()
        .filter(pk__in=bank_ids)
        .values_list("pk", "booking_date", "amount", "counterparty_name", "summary", "serial")
    }
    journal = {
        pk: (day, f"{day:%Y-%m-%d} {amount:,.2f} {serial} {summary}".strip())
        for pk, day, amount, serial, summary in JournalEntry.objects.live()
        .filter(pk__in=journal_ids)
        .values_list("pk", "booking_date", "amount", "serial", "summary")
    }
    matched_bank, matched_journal = _matched_since(bank_ids, journal_ids)
    rows = []
    for s in suggestions:
        lines = [bank.get(i) for i in s.bank_line_ids] + [journal.get(i) for i in s.journal_entry_ids]
        if any(line is None or line[0] > period_end for line in lines):
            continue  # a line of a later period (or one gone since the run)
        if matched_bank.intersection(s.bank_line_ids) or matched_journal.intersection(s.journal_entry_ids):
            continue
        rows.append(
            SuggestionRow(
                s, tuple(bank[i][1] for i in s.bank_line_ids), tuple(journal[i][1] for i in s.journal_entry_ids)
            )
        )
    return rows


@dataclass(frozen=True)
class SuggestionDetail:
    """A suggestion with its lines themselves (for the API: ids, dates, amounts, texts)."""

    suggestion: Suggestion
    bank: tuple[BankLine, ...]
    journal: tuple[JournalEntry, ...]


def suggestion_details(account: BankAccount, period_end: dt.date) -> list[SuggestionDetail]:
    """Every suggestion of the account whose lines all lie in or before ``period_end`` and are still live, best first
    and none is matched since the run (as ``suggestion_rows``, without its cap): five queries whatever the count."""
    suggestions = list(Suggestion.objects.filter(account=account).order_by("-score", "pk"))
    bank_ids = {i for s in suggestions for i in s.bank_line_ids}
    journal_ids = {i for s in suggestions for i in s.journal_entry_ids}
    bank = {
        line.pk: line
        for line in BankLine.objects.live().filter(pk__in=bank_ids, account=account, booking_date__lte=period_end)
    }
    journal = {
        entry.pk: entry
        for entry in JournalEntry.objects.live().filter(
            pk__in=journal_ids, account=account, booking_date__lte=period_end
        )
    }
    matched_bank, matched_journal = _matched_since(set(bank), set(journal))
    return [
        SuggestionDetail(s, tuple(bank[i] for i in s.bank_line_ids), tuple(journal[i] for i in s.journal_entry_ids))
        for s in suggestions
        if all(i in bank for i in s.bank_line_ids)
        and all(i in journal for i in s.journal_entry_ids)
        and not (matched_bank.intersection(s.bank_line_ids) or matched_journal.intersection(s.journal_entry_ids))
    ]


@dataclass(frozen=True)
class OpeningItem:
    side: str  # "bank" or "journal"
    pk: int
    date: dt.date
    direction: str
    amount: Decimal
    reference: str
    summary: str
    matched: bool


def opening_items(account: BankAccount) -> list[OpeningItem]:
    """The account's opening outstanding items (初始未达账) on both sides, oldest first, with whether each is matched."""
    bank_active = MatchLink.objects.active().filter(bank_line=OuterRef("pk"))
    journal_active = MatchLink.objects.active().filter(journal_entry=OuterRef("pk"))
    bank = (
        BankLine.objects.live()
        .filter(account=account, source_import__source__in=OPENING_SOURCES)
        .annotate(matched=Exists(bank_active))
        .values_list("pk", "booking_date", "direction", "amount", "voucher_no", "summary", "matched")
    )
    journal = (
        JournalEntry.objects.live()
        .filter(account=account, source_import__source__in=OPENING_SOURCES)
        .annotate(matched=Exists(journal_active))
        .values_list("pk", "booking_date", "direction", "amount", "voucher_no", "summary", "matched")
    )
    items = [OpeningItem("bank", *row) for row in bank] + [OpeningItem("journal", *row) for row in journal]
    return sorted(items, key=lambda item: (item.date, item.side, item.pk))
