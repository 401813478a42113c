"""Reads for balances: an account's checkpoints and daily movements, where its history does not join up."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache

from django.db.models import Case, DecimalField, F, Max, Min, Sum, When
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formatting import format_amount
from reconcile.balances.checkpoints import (
    ONE_DAY,
    Break,
    Checkpoint,
    Coverage,
    Hole,
    Movements,
    Role,
    Span,
    find_breaks,
    unchecked_holes,
)
from reconcile.models import BalanceCheckpoint, BankAccount, BankLine, Import, ImportKind, ImportStatus, JournalEntry
from reconcile.models.imports import OPENING_SOURCES

_SIGNED = Case(
    When(direction="in", then=F("amount")),
    default=-F("amount"),
    output_field=DecimalField(max_digits=18, decimal_places=2),
)


def _cents(total: object) -> Decimal:
    """A day's total to the cent. SQLite sums the signed CASE in floating point (9.55 - 10.00 comes back as
    -0.4500000000000002), which would make consistent files look one ten-thousandth of a cent apart."""
    return Decimal(str(total or 0)).quantize(Decimal("0.01"))


def _import_day(finished: dt.datetime | None, created: dt.datetime) -> dt.date:
    return timezone.localdate(finished or created)


def _stated_end(
    account_id: int, own_account: int | None, period_end: dt.date | None, last: dt.date, imported: dt.date
) -> dt.date | None:
    """The end of the period an import states for the account, when it is after its last line and was over when the
    file was imported (a file exported during its period may state the whole month); only a one-account file's
    period is the account's."""
    if own_account != account_id or period_end is None or not last < period_end < imported:
        return None
    return period_end


def _checkpoints(accounts: dict[int, BankAccount], kinds: tuple[str, ...]) -> dict[tuple[int, str], list[Checkpoint]]:
    """The live checkpoints of the accounts, per (account id, kind): one query."""
    found: dict[tuple[int, str], list[Checkpoint]] = {}
    rows = BalanceCheckpoint.objects.filter(
        account__in=accounts, kind__in=kinds, superseded_by__isnull=True
    ).values_list(
        "account_id",
        "kind",
        "as_of",
        "balance",
        "role",
        "source_import__filename",
        "source_import_id",
        "source_import__account_id",
        "source_import__period_end",
        "source_import__finished_at",
        "source_import__created_at",
    )
    for account_id, kind, as_of, balance, role, filename, pk, own, period_end, finished, created in rows:
        stated = None
        if role == Role.CLOSING:
            stated = _stated_end(account_id, own, period_end, as_of, _import_day(finished, created))
        found.setdefault((account_id, kind), []).append(
            Checkpoint(
                as_of=as_of,
                balance=balance,
                role=Role(role),
                source=filename or f"#{pk}",
                order=pk,
                stated_through=stated,
            )
        )
    return found


def _coverage(accounts: dict[int, BankAccount], kinds: tuple[str, ...]) -> dict[tuple[int, str], Coverage]:
    """The days the accounts' files cover, per (account id, kind): from each import's first line (or the start it
    states) to its last line (or the end it states), up to the day before it was imported. One query per kind."""
    spans: dict[tuple[int, str], list[Span]] = {}
    with_lines: set[tuple[int, int]] = set()  # (account, import) pairs with stored lines
    for kind, rows in ((ImportKind.BANK, BankLine.objects.all()), (ImportKind.JOURNAL, JournalEntry.objects.all())):
        if kind not in kinds:
            continue
        owned = (
            rows.live()
            .filter(account__in=accounts, source_import__status=ImportStatus.DONE)
            .exclude(source_import__source__in=OPENING_SOURCES)
            .order_by()
            .values(
                "account_id",
                "source_import_id",
                "source_import__filename",
                "source_import__account_id",
                "source_import__period_start",
                "source_import__period_end",
                "source_import__finished_at",
                "source_import__created_at",
            )
            .annotate(first=Min("booking_date"), last=Max("booking_date"))
        )
        for row in owned:
            account_id, own = row["account_id"], row["source_import__account_id"]
            imported = _import_day(row["source_import__finished_at"], row["source_import__created_at"])
            first, last = row["first"], row["last"]
            start = row["source_import__period_start"]
            if own == account_id and start is not None and start < first:
                first = start
            last = _stated_end(account_id, own, row["source_import__period_end"], last, imported) or last
            last = min(last, imported - ONE_DAY)  # the import's own day was not over: more lines could follow
            if first <= last:
                source = row["source_import__filename"] or f"#{row['source_import_id']}"
                spans.setdefault((account_id, kind), []).append(Span(first=first, last=last, source=source))
            with_lines.add((account_id, row["source_import_id"]))
    _quiet_spans(accounts, kinds, with_lines, spans)
    return {key: Coverage(found) for key, found in spans.items()}


def _quiet_spans(
    accounts: dict[int, BankAccount],
    kinds: tuple[str, ...],
    with_lines: set[tuple[int, int]],
    spans: dict[tuple[int, str], list[Span]],
) -> None:
    """The days statements of periods without movements cover (they bring balances and no line): from the day their
    opening balance is dated to the day of their closing balance. One query."""
    rows = (
        BalanceCheckpoint.objects.filter(
            account__in=accounts, kind__in=kinds, superseded_by__isnull=True, source_import__status=ImportStatus.DONE
        )
        .exclude(source_import__source__in=OPENING_SOURCES)
        .values_list(
            "account_id",
            "kind",
            "source_import_id",
            "source_import__filename",
            "source_import__lines_in_file",
            "role",
            "as_of",
        )
    )
    ends: dict[tuple[int, str, int, str, bool], dict[str, dt.date]] = {}
    for account_id, kind, pk, filename, in_file, role, as_of in rows:
        if (account_id, pk) not in with_lines:
            ends.setdefault((account_id, kind, pk, filename or f"#{pk}", in_file == 0), {})[role] = as_of
    for (account_id, kind, _pk, source, quiet), days in ends.items():
        opening, closing = days.get(Role.OPENING.value), days.get(Role.CLOSING.value)
        first = opening or closing
        if not quiet and opening:  # lines all known from other files: it covers from its first line on
            first += ONE_DAY
        last = closing or first
        if first <= last:
            spans.setdefault((account_id, kind), []).append(Span(first=first, last=last, source=source))


def _movements(accounts: dict[int, BankAccount], kinds: tuple[str, ...]) -> dict[tuple[int, str], Movements]:
    """Signed totals per day of the stored lines that move the balance (not opening items, not retired lines), per
    (account id, kind): one query per kind."""
    daily: dict[tuple[int, str], dict[dt.date, Decimal]] = {}
    for kind, rows in ((ImportKind.BANK, BankLine.objects.all()), (ImportKind.JOURNAL, JournalEntry.objects.all())):
        if kind not in kinds:
            continue
        totals = (
            rows.live()
            .filter(account__in=accounts)
            .exclude(source_import__source__in=OPENING_SOURCES)
            .order_by()
            .values("account_id", "booking_date")
            .annotate(total=Sum(_SIGNED))
            .values_list("account_id", "booking_date", "total")
        )
        for account_id, d, total in totals:
            daily.setdefault((account_id, kind), {})[d] = _cents(total)
    return {key: Movements(days) for key, days in daily.items()}


def checkpoints_for(account: BankAccount, kind: str) -> list[Checkpoint]:
    return _checkpoints({account.pk: account}, (kind,)).get((account.pk, kind), [])


def movements_for(account: BankAccount, kind: str) -> Movements:
    return _movements({account.pk: account}, (kind,)).get((account.pk, kind), Movements({}))


def coverage_for(account: BankAccount, kind: str) -> Coverage:
    return _coverage({account.pk: account}, (kind,)).get((account.pk, kind), Coverage())


def bank_balance_on(account: BankAccount, as_of: dt.date) -> tuple[Decimal, str] | None:
    """The balance at the end of ``as_of`` as the bank's own lines state it: the running balance of the last stored
    bank line up to that day, with where it comes from; None when no finished bank statement reaches that day (a
    day after the last import's period could still have lines) or no line up to it states a balance.

    Publishing falls back on it for an account the core banking feed gave no balance (statements asks, reconcile
    owns the lines)."""
    covered = Import.objects.filter(
        account=account, kind=ImportKind.BANK, status=ImportStatus.DONE, period_end__gte=as_of
    ).exists()
    if not covered:
        return None
    line = (
        BankLine.objects.live()
        .filter(account=account, booking_date__lte=as_of, balance__isnull=False)
        .order_by("-booking_date", "-source_import_id", "-row")
        .first()
    )
    if line is None:
        return None
    return line.balance, f"bank line {line.pk} (import #{line.source_import_id}, row {line.row})"


def gaps_of_accounts(
    accounts: list[BankAccount], kinds: tuple[str, ...] = (ImportKind.BANK, ImportKind.JOURNAL)
) -> list[tuple[BankAccount, str]]:
    """Every break of the given accounts (of ``kinds``), described: a constant number of queries however many
    accounts (the home page warns the accountant before month end; the import page shows those of the accounts a
    file touched)."""
    by_pk = {a.pk: a for a in accounts}
    checkpoints = _checkpoints(by_pk, kinds) if by_pk else {}
    if not any(len(found) > 1 for found in checkpoints.values()):
        return []  # nothing to compare: the common case costs one query
    movements = _movements(by_pk, kinds)
    coverage = cache(lambda: _coverage(by_pk, kinds))  # where the missing days lie: one query, only on a break
    return [
        (by_pk[account_id], describe_break(by_pk[account_id], kind, gap))
        for (account_id, kind), points in sorted(checkpoints.items())
        for gap in find_breaks(
            points,
            movements.get((account_id, kind), Movements({})),
            lambda key=(account_id, kind): coverage().get(key, Coverage()),
        )
    ]


def balance_breaks(account: BankAccount, kind: str) -> list[Break]:
    return find_breaks(
        checkpoints_for(account, kind), movements_for(account, kind), lambda: coverage_for(account, kind)
    )


def describe_break(account: BankAccount, kind: str, found: Break) -> str:
    """What is wrong and what to do, for the accountant."""
    one_day = dt.timedelta(days=1)
    earlier, later = found.earlier, found.later
    if earlier.as_of == later.as_of:
        return _(
            "Two files of account %(n)s give different balances at the end of %(day)s: %(a)s gives %(x)s, "
            "%(b)s gives %(y)s. One of them is out of date or belongs to another account: withdraw the wrong "
            "one on its import page, and upload the right one if it is missing."
        ) % {
            "n": account.number,
            "day": earlier.as_of,
            "a": earlier.source,
            "x": format_amount(earlier.balance),
            "b": later.source,
            "y": format_amount(later.balance),
        }
    values = {
        "n": account.number,
        "start": found.start,
        "end": later.as_of,
        "a": earlier.source,
        "x": format_amount(earlier.balance),
        "from": earlier.as_of,
        "carried": format_amount(found.carried),
        "b": later.source,
        "y": format_amount(later.balance),
        "diff": format_amount(found.difference),
    }
    if kind == ImportKind.BANK:
        text = _(
            "The bank statements of account %(n)s do not join up between %(start)s and %(end)s: %(a)s gives "
            "%(x)s at the end of %(from)s, which with the stored lines makes %(carried)s at the end of %(end)s, "
            "but %(b)s gives %(y)s (a difference of %(diff)s). A statement for those days is missing or "
            "incomplete: upload it. (A file uploaded twice or by mistake is withdrawn on its import page.)"
        )
    else:
        text = _(
            "The journal exports of account %(n)s do not join up between %(start)s and %(end)s: %(a)s gives "
            "%(x)s at the end of %(from)s, which with the stored entries makes %(carried)s at the end of "
            "%(end)s, but %(b)s gives %(y)s (a difference of %(diff)s). Entries for those days are missing, or "
            "an export is out of date: export the journal for those days again and upload it."
        )
    text %= values
    if found.start > earlier.as_of + one_day:
        text += " " + _("The stored files cover the days up to %(day)s, so the tables up to then stand.") % {
            "day": found.start - one_day
        }
    return text


def import_gaps(record: Import) -> list[str]:
    """Where the history of the accounts an import touched does not join up (of the import's kind), described:
    shown with the import, so the accountant learns of a missing statement when uploading, not at month end."""
    if record.status != ImportStatus.DONE:
        return []
    accounts = list(BankAccount.objects.filter(pk__in=_touched(record)).order_by("number"))
    return [text for _account, text in gaps_of_accounts(accounts, kinds=(record.kind,))]


def _touched(record: Import) -> set[int]:
    """The accounts an import brought lines or balances to (of a company's import, those the company still holds:
    an account the bank reassigned since is another company's history)."""
    if record.account_id:
        touched = {record.account_id}
    else:
        lines = record.bank_lines if record.kind == ImportKind.BANK else record.journal_entries
        touched = set(record.checkpoints.values_list("account_id", flat=True)) | set(
            lines.order_by().values_list("account_id", flat=True).distinct()
        )
    if record.customer_id is None:
        return touched
    return set(BankAccount.objects.filter(pk__in=touched, customer_id=record.customer_id).values_list("pk", flat=True))


def describe_unchecked(account: BankAccount, kind: str, hole: Hole, counted_back: bool) -> str:
    """A month no file covers, where the balances around it cannot be compared: what it means and what to do. Not a
    gap: an account may well not move for a month, and no statement of a month without movements can be imported."""
    values = {"n": account.number, "first": hole.first, "last": hole.last, "a": hole.before, "b": hole.after}
    if counted_back:
        counted = (
            _(
                "the files before those days show no balances, so the balances before %(first)s are counted back "
                "from those after %(last)s"
            )
            % values
        )
    else:
        counted = (
            _(
                "the files after those days show no balances, so the balances after %(last)s are counted on from "
                "those before %(first)s"
            )
            % values
        )
    values["counted"] = counted
    if kind == ImportKind.BANK:
        return (
            _(
                "Not checked: no bank statement of account %(n)s covers %(first)s to %(last)s (between %(a)s and "
                "%(b)s), and %(counted)s, as if the account did not move in those days; nothing shows whether it "
                "did. If it had movements then, upload the statement for those days (or one with balances); if it "
                "had none, nothing needs doing."
            )
            % values
        )
    return (
        _(
            "Not checked: no journal export of account %(n)s covers %(first)s to %(last)s (between %(a)s and %(b)s), "
            "and %(counted)s, as if nothing was posted on those days; nothing shows whether it was. If entries were "
            "posted then, export the journal for those days and upload it; if there were none, nothing needs "
            "doing."
        )
        % values
    )


def _unchecked(accounts: dict[int, BankAccount], kinds: tuple[str, ...]) -> list[tuple[BankAccount, str, Hole, bool]]:
    checkpoints = _checkpoints(accounts, kinds) if accounts else {}
    if not checkpoints:
        return []  # no balances at all: the tables are refused for that, with its own message
    coverage = _coverage(accounts, kinds)
    return [
        (accounts[account_id], kind, hole, back)
        for (account_id, kind), runs in sorted(coverage.items())
        for hole, back in unchecked_holes(checkpoints.get((account_id, kind), []), runs)
    ]


def table_notices(account: BankAccount, period_end: dt.date) -> list[str]:
    """What the 余额调节表 at ``period_end`` rests on without any file to check it (``describe_unchecked``)."""
    return [
        describe_unchecked(acc, kind, hole, back)
        for acc, kind, hole, back in _unchecked({account.pk: account}, (ImportKind.BANK, ImportKind.JOURNAL))
        if (period_end < hole.first if back else period_end >= hole.last)
    ]


def import_notices(record: Import) -> list[str]:
    """The months no file covers that the balances cannot check, on the accounts an import touched (of its kind)."""
    if record.status != ImportStatus.DONE:
        return []
    accounts = {a.pk: a for a in BankAccount.objects.filter(pk__in=_touched(record))}
    return [describe_unchecked(acc, kind, hole, back) for acc, kind, hole, back in _unchecked(accounts, (record.kind,))]
