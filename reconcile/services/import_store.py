"""Storing parsed lines (called inside import_process's transaction)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.db import connection
from django.utils import timezone

from core.errors import FactError
from reconcile.fingerprints import (
    bank_fingerprints,
    entered_separately,
    journal_fingerprints,
    opening_fingerprints,
    opening_keys,
)
from reconcile.models import (
    BalanceCheckpoint,
    BankAccount,
    BankLine,
    Import,
    ImportKind,
    JournalEntry,
)
from reconcile.models.imports import ADDING_SOURCES, OPENING_SOURCES, SOURCE_OPENING_ENTRY
from reconcile.models.matching import active_link_q
from reconcile.parsers.messages import Msg, msg
from reconcile.parsers.types import ParsedFile, ParsedLine
from reconcile.selectors_matching import closed_through
from reconcile.services.import_accounts import account_for_import, by_company
from reconcile.services.import_checkpoints import record_checkpoints
from reconcile.services.opening_checks import refuse_lines_before_opening_items, refuse_misplaced_opening_items
from reconcile.validators import is_account_number, normalize_account_number

BATCH = 2000
LOOKUP_CHUNK = 900  # stays under SQLite's bound-parameter limit with room to spare


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _existing(model: type[BankLine], account: BankAccount, prints: list[str]) -> tuple[set[str], dict[str, int]]:
    """The fingerprints the account already has: those of live lines, and those of retired lines (a withdrawn
    import's) with their ids, which come back when a file holding them is imported again."""
    live: set[str] = set()
    retired: dict[str, int] = {}
    for chunk in _chunks(prints, LOOKUP_CHUNK):
        rows = model.objects.filter(account=account, fingerprint__in=chunk).values_list(
            "fingerprint", "pk", "removed_at"
        )
        for fp, pk, removed_at in rows:
            if removed_at is None:
                live.add(fp)
            else:
                retired[fp] = pk
    return live, retired


def _cut(text: str | None, size: int) -> str:
    return (text or "")[:size]


BANK_COLUMNS = [
    "account",
    "source_import",
    "row",
    "booking_date",
    "value_date",
    "amount",
    "direction",
    "balance",
    "counterparty_name",
    "counterparty_account",
    "counterparty_bank",
    "summary",
    "purpose",
    "serial",
    "voucher_no",
    "fingerprint",
    "bank_fed",
]


def _bulk_insert(model: type[BankLine] | type[JournalEntry], columns: list[str], rows: list[tuple]) -> None:
    """The rows in one statement stream: ``COPY ... FROM STDIN`` on PostgreSQL, plain INSERTs with executemany elsewhere.

    Profiling a 100k-line import showed Django's bulk_create spending most of the import in per-field compiler work
    (1.6M prepare calls); these values are already validated, typed and cut to their column sizes by the parser, and
    the database's constraints still check every row. On PostgreSQL even executemany paid a round trip per batch and
    the server's per-statement work (8 of 11.9 s at 100k lines); COPY sends the rows as one stream, inside the
    import's transaction, so a refused row still rolls the whole file back."""
    ops = connection.ops
    table = ops.quote_name(model._meta.db_table)
    names = ", ".join(ops.quote_name(model._meta.get_field(c).column) for c in columns)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])


def _refuse_closed(account: BankAccount, changes: list[tuple[int | None, Any]]) -> None:
    """Refuse an import that would change a closed period: (row, date) of each line it adds, retires or restores.

    A closed period is read-only until reopened (the workbench refuses matching in it, and its 余额调节表 was signed
    off); an import is a change like any other. Lines the account already has are not changes, so importing the
    same statement again stays harmless.
    """
    frozen_until = closed_through(account)
    if frozen_until is None:
        return
    inside = sorted((day, row or 0) for row, day in changes if day <= frozen_until)
    if inside:
        day, row = inside[0]
        first = (
            msg("import.closed_first_row", row=row, date=day) if row else msg("import.closed_first_dropped", date=day)
        )
        raise FactError(
            msg("import.closed_period", count=len(inside), account=account.number, end=frozen_until, first=first),
            code="period_closed",
        )


def _refuse_future(pf: ParsedFile) -> None:
    """A bank cannot have booked a transaction after today (Beijing time): such a row is a typo or a wrong
    date format, and would sit in the wrong period. (Journals may hold post-dated vouchers; they are not checked.)"""
    today = timezone.localdate()
    late = [line for line in pf.lines if line.booking_date > today]
    if late:
        first = min(late, key=lambda line: (line.booking_date, line.row or 0))
        raise FactError(
            msg("import.future_date", row=first.row or "-", date=first.booking_date, today=today, count=len(late)),
            code="future_date",
        )


def _bank_row(account: BankAccount, record: Import, line: ParsedLine, fingerprint: str) -> tuple:
    return (
        account.pk,
        record.pk,
        line.row,
        line.booking_date,
        line.value_date,
        line.amount,
        line.direction,
        line.balance,
        _cut(line.counterparty_name, 200),
        _cut(line.counterparty_account, 64),
        _cut(line.counterparty_bank, 200),
        _cut(line.summary, 200),
        _cut(line.purpose, 300),
        _cut(line.serial, 64),
        _cut(line.voucher_no, 64),
        fingerprint,
        record.bank_fed,
    )


JOURNAL_COLUMNS = [
    "account",
    "source_import",
    "row",
    "date",
    "amount",
    "direction",
    "balance",
    "voucher",
    "settlement_method",
    "settlement_no",
    "summary",
    "counterparty",
    "counter_subject",
    "fingerprint",
]


def _journal_row(account: BankAccount, record: Import, line: ParsedLine, fingerprint: str) -> tuple:
    return (
        account.pk,
        record.pk,
        line.row,
        line.booking_date,
        line.amount,
        line.direction,
        line.balance,
        _cut(line.serial, 64),
        _cut(line.settlement_method, 64),
        _cut(line.voucher_no, 64),
        _cut(line.summary, 200),
        _cut(line.counterparty_name, 200),
        _cut(line.counter_subject, 200),
        fingerprint,
    )


def _fingerprints(record: Import, account: BankAccount, pf: ParsedFile) -> list[str]:
    """The lines' fingerprints. An opening item entered in the workbench is a new item each time it is entered
    (two equal cheques written on one day are both outstanding), so it takes the next copy number its details do not
    have yet (the same form sent twice is the same batch, refused as a file imported before); an opening-items file
    numbers its identical rows as any file does, so an item entered in the workbench, or stored from an earlier
    file, is "already known" there."""
    if record.source == SOURCE_OPENING_ENTRY:
        model = BankLine if record.kind == ImportKind.BANK else JournalEntry

        def live(prints: list[str]) -> set[str]:  # a retired copy (an item removed by mistake) is taken again
            return set(
                model.objects.live()
                .filter(account=account, fingerprint__in=prints)
                .values_list("fingerprint", flat=True)
            )

        return entered_separately(opening_keys(record.kind, account.number, pf.lines), live)
    if record.source in OPENING_SOURCES:
        return opening_fingerprints(record.kind, account.number, pf.lines)
    make = bank_fingerprints if record.kind == ImportKind.BANK else journal_fingerprints
    return make(account.number, pf.lines)


def _store_bank(record: Import, account: BankAccount, pf: ParsedFile) -> tuple[int, int]:
    prints = _fingerprints(record, account, pf)
    known, retired = _existing(BankLine, account, prints)
    fresh, seen, dated, restored = [], set(), [], []
    for line, fp in zip(pf.lines, prints, strict=True):
        if fp in known or fp in seen:
            continue
        seen.add(fp)
        dated.append((line.row, line.booking_date))
        if fp in retired:  # brought by a withdrawn import: back, now as this file's line
            restored.append(retired[fp])
        else:
            fresh.append(_bank_row(account, record, line, fp))
    _refuse_closed(account, dated)
    if restored:
        BankLine.objects.filter(pk__in=restored).update(
            removed_at=None, removed_by=None, source_import=record, bank_fed=record.bank_fed
        )
    if record.bank_fed and known:
        # The bank feeds lines a company copy brought first: they are the bank's own from now on, and this feed's
        # (withdrawing the company's upload no longer takes them away).
        for chunk in _chunks(sorted(known), LOOKUP_CHUNK):
            BankLine.objects.live().filter(account=account, fingerprint__in=chunk, bank_fed=False).update(
                bank_fed=True, source_import=record
            )
    _bulk_insert(BankLine, BANK_COLUMNS, fresh)
    stored = len(fresh) + len(restored)
    return stored, len(pf.lines) - stored


def _store_journal(record: Import, account: BankAccount, pf: ParsedFile) -> tuple[int, int, int]:
    """A re-export of the same period replaces the entries in it: keep the unchanged, retire the gone.

    An entry that is matched to bank lines cannot silently disappear: the re-export is refused, naming it.
    Retired entries stay in the table (removed_at) so matches and audit history keep their rows.
    """

    prints = _fingerprints(record, account, pf)
    start = pf.period_start or min(line.booking_date for line in pf.lines)
    end = pf.period_end or max(line.booking_date for line in pf.lines)
    in_range = JournalEntry.objects.filter(account=account, date__range=(start, end))
    current = dict(in_range.live().values_list("fingerprint", "pk"))
    incoming = set(prints)
    # Only an exported journal file stands for the whole of its period. An ERP push or an opening item entered
    # in the workbench adds entries and never retires others; and opening items (初始未达账) are not part of any
    # export, so no file retires them either.
    if record.source in ADDING_SOURCES:
        gone = []
    else:
        openings = set(in_range.filter(source_import__source__in=OPENING_SOURCES).values_list("pk", flat=True))
        gone = [pk for fp, pk in current.items() if fp not in incoming and pk not in openings]
    matched = JournalEntry.objects.filter(active_link_q("links__"), pk__in=gone).values_list(
        "row", "voucher", "date", "amount"
    )[:10]
    if matched:
        listed = "; ".join(f"{d} {v or '-'} {a:,.2f}" for _, v, d, a in matched)
        raise FactError(msg("import.matched_entries_dropped", entries=listed))
    retired = dict(
        in_range.retired().filter(fingerprint__in=list(incoming - set(current))).values_list("fingerprint", "pk")
    )
    fresh = [
        _journal_row(account, record, line, fp)
        for line, fp in zip(pf.lines, prints, strict=True)
        if fp not in current and fp not in retired
    ]
    # What this file adds or restores (its rows), and what it retires (entries the file no longer has).
    _refuse_closed(
        account,
        [(line.row, line.booking_date) for line, fp in zip(pf.lines, prints, strict=True) if fp not in current]
        + [(None, day) for day in JournalEntry.objects.filter(pk__in=gone).values_list("date", flat=True)],
    )
    if gone:
        JournalEntry.objects.filter(pk__in=gone).update(removed_at=timezone.now(), removed_by=record)
    if retired:  # back in the books after a correction, or after the import that brought them was withdrawn
        JournalEntry.objects.filter(pk__in=list(retired.values())).update(
            removed_at=None, removed_by=None, source_import=record
        )
    _bulk_insert(JournalEntry, JOURNAL_COLUMNS, fresh)
    stored = len(fresh) + len(retired)  # restored entries are this file's now, as new ones are
    return stored, len(pf.lines) - stored, len(gone)


_CURRENCY_FORM = re.compile(r"^[A-Z]{3}$")


def _account_numbers(parsed: list[ParsedFile], chosen: str) -> list[str]:
    """The account each statement goes to. A file that names its accounts goes to them; the account chosen at upload
    is for a file that does not say (or names another form of it). A file holding several accounts' statements is
    imported into each of them: a chosen account that is not one of them is refused, saying so."""
    stated = [normalize_account_number(pf.account_number or "") for pf in parsed]
    distinct = list(dict.fromkeys(n for n in stated if n))
    if not chosen:
        return stated
    if len(distinct) > 1:
        if chosen not in distinct or "" in stated:
            raise FactError(
                msg("import.several_accounts_chosen", n=len(distinct), accounts=distinct), code="several_accounts"
            )
        return stated
    return [chosen] * len(parsed)


def _check_account(number: str, pf: ParsedFile) -> None:
    if not number:
        raise FactError(msg("import.no_account"), code="no_account")
    if "*" in number:  # a card number the export shows masked (6222****1234)
        raise FactError(msg("import.masked_account", number=number), code="no_account")
    if not is_account_number(number):
        raise FactError(msg("import.bad_account", number=number), code="bad_account")
    if pf.currency and not _CURRENCY_FORM.match(pf.currency):
        raise FactError(msg("import.bad_currency", currency=pf.currency), code="bad_currency")


def _notes(parsed: list[ParsedFile], numbers: list[str]) -> list[dict[str, Any]]:
    """What the import tells beyond its counts (Import.notes): bookings of 0.00 it did not store, statements of
    periods without movements, files read as credit card statements."""
    notes: list[Msg] = []
    zero = sorted({row for pf in parsed for row in pf.zero_rows})
    if zero:
        shown = ", ".join(map(str, zero[:20])) + (" …" if len(zero) > 20 else "")
        notes.append(msg("import.note_zero_rows", count=len(zero), rows=shown))
    for pf, number in zip(parsed, numbers, strict=True):
        if not pf.lines and pf.closing_balance is not None:
            notes.append(
                msg(
                    "import.note_quiet",
                    number=number,
                    start=pf.period_start or pf.period_end,
                    end=pf.period_end,
                    balance=f"{pf.closing_balance:,.2f}",
                )
            )
    if any(pf.credit_card for pf in parsed):
        notes.append(msg("import.note_credit_card"))
    return [note.to_json() for note in notes]


def store_parsed(*, record: Import, parsed: list[ParsedFile], account_number: str, actor: Any) -> None:
    numbers = _account_numbers(parsed, normalize_account_number(account_number))
    registered: list[str] = []
    stored = known = removed = 0
    total_in = total_out = Decimal("0.00")
    accounts = []
    checkpoints: dict[tuple[int, str], BalanceCheckpoint] = {}
    # Who imported decides whether an unknown account may be registered: the uploader, not the task's actor (a
    # queued import is processed by a worker with no actor).
    company_upload = by_company(record.uploaded_by)
    for pf, number in zip(parsed, numbers, strict=True):
        _check_account(number, pf)
        account = account_for_import(
            number=number,
            currency=pf.currency,
            customer=record.customer,
            actor=actor,
            registered=registered,
            company_upload=company_upload,
        )
        accounts.append(account)
        # Opening items lie before everything else the account holds, whichever arrives first.
        if record.source in OPENING_SOURCES:
            refuse_misplaced_opening_items(record, account, pf)
        else:
            refuse_lines_before_opening_items(record, account, pf)
        if record.kind == ImportKind.BANK:
            _refuse_future(pf)
            n_new, n_known = _store_bank(record, account, pf)
        else:
            n_new, n_known, n_gone = _store_journal(record, account, pf)
            removed += n_gone
        record_checkpoints(record, account, pf, checkpoints)
        stored += n_new
        known += n_known
        total_in += pf.total_in
        total_out += pf.total_out
    BalanceCheckpoint.objects.bulk_create(checkpoints.values())
    first, last = parsed[0], parsed[-1]
    record.format = first.format
    record.account = accounts[0] if len({a.pk for a in accounts}) == 1 else None
    record.customer = record.customer or accounts[0].customer
    record.lines_in_file = sum(len(pf.lines) for pf in parsed)
    record.lines_stored, record.lines_known, record.lines_removed = stored, known, removed
    record.total_in, record.total_out = total_in, total_out
    record.opening_balance = first.opening_balance
    record.closing_balance = last.closing_balance
    # A statement without movements covers the days it states (the parsers refuse one that states none).
    starts = [pf.period_start or min((ln.booking_date for ln in pf.lines), default=pf.period_end) for pf in parsed]
    ends = [pf.period_end or max((ln.booking_date for ln in pf.lines), default=pf.period_start) for pf in parsed]
    record.period_start = min(day for day in starts if day is not None)
    record.period_end = max(day for day in ends if day is not None)
    record.accounts_registered = registered
    record.notes = _notes(parsed, numbers)
