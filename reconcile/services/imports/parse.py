"""Step 2, parse: the kept file read into statements (``ParsedFile``), or why it is refused.

A pushed batch is read as JSON; a file by its content, with the mapping profile chosen at upload, or detected, and
when detection fails in a way a saved profile may cure, with each saved profile in turn.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from django.conf import settings

from reconcile import import_messages  # noqa: F401  (registers the import's message keys this module states)
from reconcile.models import BankAccount, Import, ImportKind, MappingProfile
from reconcile.parsers import errors as parse_errors
from reconcile.parsers.api import parse_file
from reconcile.parsers.json_push import parse_json_lines
from reconcile.parsers.messages import msg
from reconcile.parsers.types import Kind, ParsedFile, ParseOptions, RowError
from reconcile.parsers.types import MappingProfile as ParserProfile
from reconcile.selectors.profiles import profile_named, profiles_for
from reconcile.services.imports.refusal import Refusal, error_dicts, whole_file
from reconcile.services.imports.sources import BATCH_SOURCES

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Parsed:
    """A file read whole: its statements (one per account and period it holds), and the mapping profile it was read
    with (the one chosen at upload, the saved one detection fell back to, or "" for none)."""

    statements: list[ParsedFile]
    profile_name: str


def _parser_profile(saved: MappingProfile | None) -> ParserProfile | None:
    if saved is None:
        return None
    return ParserProfile(
        columns=saved.columns, flag_values=saved.flag_values, header_row=saved.header_row, year=saved.year
    )


# Detection failures a saved profile may cure; anything else is a problem of the file itself.
_PROFILE_CURABLE = {parse_errors.Code.NO_HEADER, parse_errors.Code.MISSING_COLUMN, parse_errors.Code.MISSING_YEAR}


def _kind(record: Import) -> Kind:
    # Import.kind is one of the two (import_receive refuses any other); the parsers take it as a Literal.
    return "bank" if record.kind == ImportKind.BANK else "journal"


def _options(record: Import) -> ParseOptions:
    return ParseOptions(
        max_bytes=settings.IMPORT_MAX_UPLOAD_MB * 1024 * 1024,
        excel_memory_mb=settings.IMPORT_EXCEL_MEMORY_MB,
        excel_seconds=settings.IMPORT_EXCEL_SECONDS,
        account=record.requested_account or None,  # its section of a ledger of several accounts (ledger_sections)
        account_others=_other_accounts(record),
    )


def _other_accounts(record: Import) -> tuple[str, ...]:
    """The numbers of the other accounts of the chosen account's company: a ledger section naming last digits one of
    them ends with too is not read as the chosen account's."""
    chosen = record.requested_account
    if not chosen or record.kind != ImportKind.JOURNAL:
        return ()
    owner = (
        record.customer_id or BankAccount.objects.filter(number=chosen).values_list("customer_id", flat=True).first()
    )
    if owner is None:
        return ()
    return tuple(BankAccount.objects.filter(customer_id=owner).exclude(number=chosen).values_list("number", flat=True))


def _parse_with_profiles(record: Import, data: bytes) -> Parsed:
    """Parse with the chosen profile; without one, detect, and fall back to the saved profiles."""
    options = _options(record)  # read once: each saved profile tried reads the same
    if record.profile_name:
        chosen = profile_named(name=record.profile_name, customer=record.customer)
        if chosen is None:  # deleted between the upload and its processing
            raise parse_errors.ParseError(
                parse_errors.Code.NO_HEADER, msg("import.unknown_profile", name=record.profile_name)
            )
        statements = parse_file(data, record.filename, _kind(record), _parser_profile(chosen), options)
        return Parsed(statements, record.profile_name)
    try:
        return Parsed(parse_file(data, record.filename, _kind(record), options=options), record.profile_name)
    except parse_errors.ParseError as exc:
        if exc.code not in _PROFILE_CURABLE:
            raise
        for saved in profiles_for(kind=record.kind, customer=record.customer):
            try:
                statements = parse_file(data, record.filename, _kind(record), _parser_profile(saved), options)
            except parse_errors.ParseError:
                continue
            return Parsed(statements, saved.name)
        raise


def _row_errors(bad: list[ParsedFile]) -> tuple[list[RowError], int]:
    """Each row problem once, and how many there are. A reader of several statements (an MT940, camt or BAI2 file of
    several accounts) hands every statement the problems of the whole file: listed per statement, a file of twelve
    accounts named each of its rows twelve times and counted twelve times as many."""
    seen: set[int] = set()
    errors: list[RowError] = []
    count = 0
    for pf in bad:
        fresh = [e for e in pf.errors if id(e) not in seen]
        if pf.errors and not fresh:  # the file's problems, already listed with a statement before
            continue
        seen.update(id(e) for e in pf.errors)
        errors.extend(fresh)
        count += max(pf.error_count, len(pf.errors))
    return errors, count


def parse(*, record: Import, data: bytes) -> Parsed | Refusal:
    """The file read, or the refusal that names every bad row (or the one problem of the file as a whole)."""
    try:
        if record.source in BATCH_SOURCES:
            parsed = Parsed([parse_json_lines(json.loads(data), _kind(record))], record.profile_name)
        else:
            parsed = _parse_with_profiles(record, data)
    except parse_errors.ParseError as exc:
        return Refusal(exc.reason, [whole_file(exc.code, exc.reason)], 1)
    except Exception:  # noqa: BLE001 - a reader's defect met on a file nobody foresaw: refuse the file, never a 500
        logger.exception("import %s: the reader failed on %r", record.pk, record.filename)
        reason = msg("import.reader_failed", filename=record.filename, id=record.pk)
        return Refusal(reason, [whole_file(parse_errors.Code.UNREADABLE, reason)], 1)
    bad = [pf for pf in parsed.statements if not pf.ok]
    if bad:
        errors, count = _row_errors(bad)
        return Refusal(msg("import.refused_rows", count=count), error_dicts(errors), count)
    # A statement without transactions stands for a period without movements when it states its balances (the
    # parsers refuse it otherwise); a journal or push without lines has nothing to import.
    if not any(pf.lines for pf in parsed.statements) and (
        record.kind != ImportKind.BANK
        or any(pf.closing_balance is None or pf.period_end is None for pf in parsed.statements)
    ):
        reason = msg("import.no_transactions")
        return Refusal(reason, [whole_file("no_transactions", reason)], 1)
    return parsed
