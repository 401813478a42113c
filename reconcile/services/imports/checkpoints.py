"""Step 6, checkpoints: the balance checkpoints an import records (reconcile.balances), inside the import's
transaction once each statement's lines are stored: a file's opening balance at the end of the day before its first
line, its closing balance at the end of its last line's day, and what they replace."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from reconcile.balances.checkpoints import day_ends
from reconcile.models import BalanceCheckpoint, BankAccount, BankLine, CheckpointRole, Import, ImportKind, JournalEntry
from reconcile.models.imports import ADDING_SOURCES, OPENING_SOURCES, SOURCE_PUSH
from reconcile.parsers.types import ParsedFile
from reconcile.services.imports.accounts import Placed

ONE_DAY = dt.timedelta(days=1)

# The checkpoints a file gives, per account and role, collected over its statements and saved together.
Checkpoints = dict[tuple[int, str], BalanceCheckpoint]


def collect_checkpoints(*, record: Import, placed: Placed, found: Checkpoints) -> None:
    """The checkpoints of one statement, once its lines are stored, into ``found`` (``record_checkpoints``)."""
    record_checkpoints(record=record, account=placed.account, pf=placed.statement, found=found)


def save_checkpoints(*, found: Checkpoints) -> None:
    BalanceCheckpoint.objects.bulk_create(found.values())


def _closing_day(pf: ParsedFile) -> dt.date | None:
    """The day at whose end the file's closing balance stands: its last line's, or, when lines listed after the
    closing balance are not in it (an MT942's interim lines after an MT940's :62F:), the last counted line's. None
    when a line it does not count falls on that day too (the balance is then not the day's end)."""
    if pf.closing_lines is None:
        return max(line.booking_date for line in pf.lines)
    counted, after = pf.lines[: pf.closing_lines], pf.lines[pf.closing_lines :]
    day = max((line.booking_date for line in counted), default=pf.period_end)
    if day is None or any(line.booking_date <= day for line in after):
        return None
    return day


def _lines(kind: str) -> type[BankLine] | type[JournalEntry]:
    return BankLine if kind == ImportKind.BANK else JournalEntry


def _shared_day_ends(
    record: Import, account: BankAccount, pf: ParsedFile, day: dt.date
) -> tuple[Decimal, Decimal] | None:
    """The balances at the start and the end of ``day`` from every stored line of it (this push's and other
    imports'), chained by their running balances whatever order they arrived in (balances.checkpoints.day_ends). An
    import whose lines of the day carry no running balance counts as one movement from its opening to its closing
    balance when all its lines fall on that day. None when that does not give one run."""
    model = _lines(record.kind)
    rows = (
        model.objects.live()
        .filter(account=account, booking_date=day)
        .exclude(source_import__source__in=OPENING_SOURCES)
        .values_list("source_import_id", "amount", "direction", "balance")
    )
    moves: list[tuple[Decimal, Decimal]] = []
    without: set[int] = set()
    for source, amount, direction, balance in rows:
        if balance is None:
            without.add(source)
        else:
            moves.append((balance - (amount if direction == "in" else -amount), balance))
    for source in without:
        if source == record.pk:
            if {line.booking_date for line in pf.lines} != {day}:
                return None
            ends = (pf.opening_balance, pf.closing_balance)
        else:
            other = Import.objects.filter(pk=source).values_list("opening_balance", "closing_balance").first()
            if other is None or model.objects.filter(source_import_id=source).exclude(booking_date=day).exists():
                return None
            ends = other
        if ends[0] is None or ends[1] is None:
            return None
        moves.append((ends[0], ends[1]))
    return day_ends(moves)


def _push_ends(
    record: Import, account: BankAccount, pf: ParsedFile, first: dt.date, last: dt.date
) -> tuple[Decimal | None, Decimal | None]:
    """An ERP push's opening and closing balance, as checkpoints. A push may be one of several of a day, arriving in
    any order (the afternoon's before the morning's): on a day other imports also have lines for, its own balances
    are not the day's, so the day's are taken from all its lines chained together, and the other pushes' openings
    of the day go (they may not be its start any more; their closings go as any file's do, below). None where the
    day's lines do not chain: less checking, never a false gap."""
    model = _lines(record.kind)
    opening, closing = pf.opening_balance, pf.closing_balance
    for day in {first, last}:
        others = (
            model.objects.live()
            .filter(account=account, booking_date=day)
            .exclude(source_import=record)
            .exclude(source_import__source__in=OPENING_SOURCES)
        )
        if not others.exists():
            continue
        ends = _shared_day_ends(record, account, pf, day)
        if day == first:
            (
                BalanceCheckpoint.objects.filter(
                    account=account,
                    kind=record.kind,
                    role=CheckpointRole.OPENING,
                    as_of=first - ONE_DAY,
                    superseded_by__isnull=True,
                    source_import__source=SOURCE_PUSH,
                )
                .exclude(source_import=record)
                .update(superseded_by=record)
            )
            opening = ends[0] if ends else None
        if day == last:
            closing = ends[1] if ends else None
    return opening, closing


def record_checkpoints(*, record: Import, account: BankAccount, pf: ParsedFile, found: Checkpoints) -> None:
    """The file's opening and closing balances as checkpoints (reconcile.balances), so the stored history can be
    checked to join up and every balance is counted from the nearest one. Collected in ``found`` per account and
    role: a file with several statements of one account gives its earliest opening and its latest closing.

    An exported journal stands for its whole period, so its checkpoints replace those earlier exports gave for
    days inside it; the checkpoints just outside stay, and are what shows that a later export is out of date.
    Otherwise files never replace each other's balances (two that disagree are a break to look at), with one
    exception: the closing balance of a file that, as a later file shows, was exported before its last day ended.
    """
    if record.source in OPENING_SOURCES:
        return
    if not pf.lines:
        _quiet_checkpoints(record, account, pf, found)
        return
    first = min(line.booking_date for line in pf.lines)
    last = max(line.booking_date for line in pf.lines)
    if first == dt.date.min:  # no day before it to hold an opening balance (only ever a mistyped date)
        return
    if record.kind == ImportKind.JOURNAL and record.source not in ADDING_SOURCES:
        start, end = min(pf.period_start or first, first), max(pf.period_end or last, last)
        earlier = BalanceCheckpoint.objects.filter(
            account=account, kind=record.kind, superseded_by__isnull=True
        ).exclude(source_import=record)
        earlier.filter(role=CheckpointRole.OPENING, as_of__range=(start - ONE_DAY, end - ONE_DAY)).update(
            superseded_by=record
        )
        earlier.filter(role=CheckpointRole.CLOSING, as_of__range=(start, end)).update(superseded_by=record)
    model = _lines(record.kind)
    # Another file that ended on a day for which this one brings new lines was exported during that day: its
    # closing balance is not the day's (the rest of the day's lines now join it up with what follows).
    fresh_days = set(
        model.objects.filter(account=account, source_import=record).values_list("booking_date", flat=True).distinct()
    )
    (
        BalanceCheckpoint.objects.filter(
            account=account,
            kind=record.kind,
            role=CheckpointRole.CLOSING,
            as_of__in=fresh_days,
            superseded_by__isnull=True,
        )
        .exclude(source_import=record)
        .update(superseded_by=record)
    )
    # stated, or derived from the running balances by the parser
    opening, closing = pf.opening_balance, pf.closing_balance
    if record.source == SOURCE_PUSH:
        opening, closing = _push_ends(record, account, pf, first, last)
    # Dated by the file's lines, not by the dates it states for its balances: MT940 dates :60F: either the day
    # before the statement or the statement day itself, depending on the bank. The opening balance is the balance
    # before the first line, so at the end of the day before it; the closing one after the last line.
    wanted = [(CheckpointRole.OPENING, first - ONE_DAY, opening)]
    # A file that ends today may have been exported before the day's last booking; its end is not a checkpoint.
    closing_day = _closing_day(pf)
    if closing_day is not None and closing_day < timezone.localdate():
        wanted.append((CheckpointRole.CLOSING, closing_day, closing))
    for role, as_of, balance in wanted:
        if balance is None:
            continue
        key = (account.pk, role)
        known = found.get(key)
        if known is None or (as_of < known.as_of if role == CheckpointRole.OPENING else as_of > known.as_of):
            found[key] = BalanceCheckpoint(
                account=account, kind=record.kind, source_import=record, role=role, as_of=as_of, balance=balance
            )


def _quiet_checkpoints(record: Import, account: BankAccount, pf: ParsedFile, found: Checkpoints) -> None:
    """A statement of a period without movements (the parsers accept one only with its opening and closing balances
    and their days, equal): the balance held all through its period. The opening one is kept at the end of the day
    the statement dates it (MT940 dates :60F: the day before the period or its first day; with nothing booked either
    day's end has that balance), the closing one at the end of the period, once that day is over."""
    if record.kind != ImportKind.BANK or pf.closing_balance is None or pf.period_end is None:
        return
    start = pf.period_start or pf.period_end
    wanted = [
        (CheckpointRole.OPENING, start, pf.opening_balance if pf.opening_balance is not None else pf.closing_balance)
    ]
    if pf.period_end < timezone.localdate():
        wanted.append((CheckpointRole.CLOSING, pf.period_end, pf.closing_balance))
    for role, as_of, balance in wanted:
        key = (account.pk, role)
        known = found.get(key)
        if known is None or (as_of < known.as_of if role == CheckpointRole.OPENING else as_of > known.as_of):
            found[key] = BalanceCheckpoint(
                account=account, kind=record.kind, source_import=record, role=role, as_of=as_of, balance=balance
            )
