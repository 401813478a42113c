"""Importing bank statements and ERP journals: all-or-nothing, idempotent, audited.

Two steps so the web upload can run the heavy part as a task: `import_receive` stores the file and a
pending Import row; `import_process` (the task body, also called directly by the command) parses,
resolves the accounts and stores the lines in one transaction. Nothing from a refused file is
stored except the refusal itself (the Import row with its error report).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import FactError, ServiceError
from core.roles import supplies_bank_lines
from reconcile import import_messages  # noqa: F401  (registers the import's message keys this module states)
from reconcile.models import Customer, Import, ImportKind, ImportStatus, MappingProfile
from reconcile.models.imports import ADDING_SOURCES as ADDING_SOURCES  # noqa: F401  (defined beside the sources)
from reconcile.models.imports import OPENING_SOURCES, SOURCE_OPENING, SOURCE_OPENING_ENTRY, SOURCE_PUSH
from reconcile.parsers import errors as parse_errors
from reconcile.parsers.api import parse_file
from reconcile.parsers.json_push import parse_json_lines
from reconcile.parsers.messages import Msg, msg
from reconcile.parsers.types import MappingProfile as ParserProfile
from reconcile.parsers.types import ParsedFile, ParseOptions, RowError
from reconcile.selectors_profiles import profile_named, profiles_for
from reconcile.services.audit import audit_record
from reconcile.services.import_accounts import account_of_company, by_company
from reconcile.services.import_store import store_parsed
from reconcile.validators import normalize_account_number, validate_account_number

MAX_ERRORS_SHOWN = 200
PUSH = SOURCE_PUSH  # Import.source of a JSON batch pushed over the ERP direct link
OPENING = SOURCE_OPENING  # Import.source of a file of opening outstanding items (初始未达账, import_file --opening)
OPENING_ENTRY = SOURCE_OPENING_ENTRY  # Import.source of one opening item entered in the workbench (a JSON batch)
# Batches import_push builds (read as JSON, whatever their name); every other import is a file, read by its content.
BATCH_SOURCES = (PUSH, OPENING_ENTRY)
PUSH_FILENAME = "push.json"  # a pushed batch (not an uploaded file) is stored under this name


class DuplicateFile(FactError):
    code = "duplicate_file"


@dataclass(frozen=True)
class Refusal:
    """Why an import is refused, as facts: the reason, and each problem found (``RowError.to_json`` dicts)."""

    reason: Msg | None
    errors: list[dict[str, Any]]
    error_count: int
    text: str = ""  # a reason only known as text (a validation message of another module)


def _storage_path(sha256: str) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / sha256[:2] / f"{sha256}.bin"


def _already_imported(sha256: str, kind: str) -> Import | None:
    return Import.objects.filter(sha256=sha256, kind=kind, status=ImportStatus.DONE).first()


def _duplicate(previous: Import) -> Msg:
    when = timezone.localtime(previous.finished_at or previous.created_at).strftime("%Y-%m-%d %H:%M")
    return msg("import.duplicate", when=when, id=previous.pk)


def import_receive(
    *,
    actor: Any,
    kind: str,
    data: bytes,
    filename: str,
    account_number: str = "",
    profile_name: str = "",
    customer: Customer | None = None,
    source: str = "upload",
) -> Import:
    """Keep the uploaded bytes and create a pending import; refuses a file imported before."""
    if kind not in ImportKind.values:
        raise ServiceError(_("Unknown import kind %(kind)s; use bank or journal.") % {"kind": kind})
    if not data:
        raise ServiceError(_("The file %(name)s is empty.") % {"name": filename or "?"})
    limit = settings.IMPORT_MAX_UPLOAD_MB * 1024 * 1024
    if len(data) > limit:
        raise ServiceError(
            _("The file is larger than %(mb)s MB; split it by month and upload the parts.")
            % {"mb": settings.IMPORT_MAX_UPLOAD_MB}
        )
    chosen = normalize_account_number(account_number)
    if chosen:
        try:
            validate_account_number(chosen)
        except ValidationError as exc:
            raise ServiceError(" ".join(exc.messages), code="bad_account") from exc
    owner = customer or getattr(actor, "customer", None)
    if chosen and by_company(actor):
        account_of_company(number=chosen, customer=owner)  # refused before the file is kept, naming the account
    if profile_name and profile_named(name=profile_name, customer=owner) is None:
        raise ServiceError(_("No mapping profile named %(name)s.") % {"name": profile_name}, code="unknown_profile")
    sha256 = hashlib.sha256(data).hexdigest()
    previous = _already_imported(sha256, kind)
    if previous is not None:
        raise DuplicateFile(_duplicate(previous))
    path = _storage_path(sha256)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_bytes(data)
    with transaction.atomic():
        record = Import.objects.create(
            kind=kind,
            source=source,
            filename=(filename or "")[:255],
            sha256=sha256,
            size=len(data),
            bank_fed=kind == ImportKind.BANK and source not in OPENING_SOURCES and supplies_bank_lines(actor),
            customer=owner,
            uploaded_by=actor if getattr(actor, "pk", None) else None,
            profile_name=profile_name,
            requested_account=normalize_account_number(account_number),
        )
        audit_record(
            actor=actor,
            action="import.received",
            target=record,
            after={"kind": kind, "filename": record.filename, "sha256": sha256, "size": len(data)},
        )
    return record


def _parser_profile(saved: MappingProfile | None) -> ParserProfile | None:
    if saved is None:
        return None
    return ParserProfile(
        columns=saved.columns, flag_values=saved.flag_values, header_row=saved.header_row, year=saved.year
    )


# Detection failures a saved profile may cure; anything else is a problem of the file itself.
_PROFILE_CURABLE = {parse_errors.Code.NO_HEADER, parse_errors.Code.MISSING_COLUMN, parse_errors.Code.MISSING_YEAR}


def _options() -> ParseOptions:
    return ParseOptions(
        max_bytes=settings.IMPORT_MAX_UPLOAD_MB * 1024 * 1024,
        excel_memory_mb=settings.IMPORT_EXCEL_MEMORY_MB,
        excel_seconds=settings.IMPORT_EXCEL_SECONDS,
    )


def _parse_with_profiles(record: Import, data: bytes) -> list[ParsedFile]:
    """Parse with the chosen profile; without one, detect, and fall back to the saved profiles."""
    if record.profile_name:
        chosen = profile_named(name=record.profile_name, customer=record.customer)
        if chosen is None:  # deleted between the upload and its processing
            raise parse_errors.ParseError(
                parse_errors.Code.NO_HEADER, msg("import.unknown_profile", name=record.profile_name)
            )
        return parse_file(data, record.filename, record.kind, _parser_profile(chosen), _options())
    try:
        return parse_file(data, record.filename, record.kind, options=_options())
    except parse_errors.ParseError as exc:
        if exc.code not in _PROFILE_CURABLE:
            raise
        for saved in profiles_for(kind=record.kind, customer=record.customer):
            try:
                parsed = parse_file(data, record.filename, record.kind, _parser_profile(saved), _options())
            except parse_errors.ParseError:
                continue
            record.profile_name = saved.name
            return parsed
        raise


def _error_dicts(errors: list[RowError]) -> list[dict[str, Any]]:
    return [e.to_json() for e in errors[:MAX_ERRORS_SHOWN]]


def _whole_file(code: str, reason: Msg) -> dict[str, Any]:
    """A refusal of the file as a whole, listed as its one problem (the API's ``errors`` always name the problems)."""
    return {"row": None, "column": None, "value": None, "code": code, "reason": reason.to_json()}


def _storable(value: Any) -> Any:
    """``value`` with every NUL shown as U+FFFD: a refusal quotes the file's own bytes (a cell holding a NUL), and
    PostgreSQL stores no NUL in text or JSON (it would turn a clear refusal into a 500)."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, dict):
        return {_storable(k): _storable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_storable(v) for v in value]
    return value


def _refuse(record: Import, *, actor: Any, refusal: Refusal) -> Import:
    with transaction.atomic():
        locked = Import.objects.select_for_update().get(pk=record.pk)
        if locked.status != ImportStatus.PENDING:
            return locked
        locked.status = ImportStatus.REFUSED
        locked.errors = _storable(refusal.errors)
        locked.error_count = refusal.error_count
        locked.message_facts = _storable(refusal.reason.to_json() if refusal.reason else {})
        locked.message = _storable(refusal.text)
        locked.finished_at = timezone.now()
        locked.save(update_fields=["status", "errors", "error_count", "message_facts", "message", "finished_at"])
        audit_record(
            actor=actor,
            action="import.refused",
            target=locked,
            after={"error_count": refusal.error_count, "reason": locked.message_facts or refusal.text},
        )
    return locked


def _parse(record: Import, data: bytes) -> list[ParsedFile] | Refusal:
    try:
        if record.source in BATCH_SOURCES:
            parsed = [parse_json_lines(json.loads(data), record.kind)]
        else:
            parsed = _parse_with_profiles(record, data)
    except parse_errors.ParseError as exc:
        return Refusal(exc.reason, [_whole_file(exc.code, exc.reason)], 1)
    bad = [pf for pf in parsed if not pf.ok]
    if bad:
        errors = [e for pf in bad for e in pf.errors]
        count = sum(max(pf.error_count, len(pf.errors)) for pf in bad)
        return Refusal(msg("import.refused_rows", count=count), _error_dicts(errors), count)
    # A statement without transactions stands for a period without movements when it states its balances (the
    # parsers refuse it otherwise); a journal or push without lines has nothing to import.
    if not any(pf.lines for pf in parsed) and (
        record.kind != ImportKind.BANK or any(pf.closing_balance is None or pf.period_end is None for pf in parsed)
    ):
        reason = msg("import.no_transactions")
        return Refusal(reason, [_whole_file("no_transactions", reason)], 1)
    return parsed


def import_process(*, import_id: int, actor: Any = None) -> Import:
    """Parse and store a pending import. Running it again on a finished import changes nothing."""
    record = Import.objects.get(pk=import_id)
    if record.status != ImportStatus.PENDING:
        return record
    data = _storage_path(record.sha256).read_bytes()
    outcome = _parse(record, data)
    if isinstance(outcome, Refusal):
        return _refuse(record, actor=actor, refusal=outcome)
    try:
        with transaction.atomic():
            locked = Import.objects.select_for_update().get(pk=record.pk)
            if locked.status != ImportStatus.PENDING:
                return locked
            previous = _already_imported(locked.sha256, locked.kind)
            if previous is not None:
                raise DuplicateFile(_duplicate(previous))
            locked.profile_name = record.profile_name  # the profile detection fell back to, if any
            store_parsed(record=locked, parsed=outcome, account_number=locked.requested_account, actor=actor)
            locked.status = ImportStatus.DONE
            locked.finished_at = timezone.now()
            locked.save()
            audit_record(
                actor=actor,
                action="import.completed",
                target=locked,
                after={
                    "format": locked.format,
                    "account_id": locked.account_id,
                    "stored": locked.lines_stored,
                    "known": locked.lines_known,
                    "removed": locked.lines_removed,
                    "total_in": locked.total_in,
                    "total_out": locked.total_out,
                    "closing_balance": locked.closing_balance,
                    "accounts_registered": locked.accounts_registered,
                },
            )
    except (DuplicateFile, IntegrityError):
        previous = _already_imported(record.sha256, record.kind)
        # Not a second copy of a finished import: another import stored the same lines at the same moment.
        reason = _duplicate(previous) if previous else msg("import.concurrent")
        return _refuse(record, actor=actor, refusal=Refusal(reason, [], 0))
    except FactError as exc:
        return _refuse(record, actor=actor, refusal=Refusal(exc.fact, [_whole_file(exc.code, exc.fact)], 1))
    except (ServiceError, ValidationError) as exc:  # a message of another module, known only as text
        text = exc.message if isinstance(exc, ServiceError) else "; ".join(exc.messages)
        code = exc.code if isinstance(exc, ServiceError) else "invalid"
        return _refuse(
            record,
            actor=actor,
            refusal=Refusal(
                None, [{"row": None, "column": None, "value": None, "code": code, "message": text}], 1, text=text
            ),
        )
    return locked


def import_file(
    *,
    actor: Any,
    kind: str,
    data: bytes,
    filename: str,
    account_number: str = "",
    profile_name: str = "",
    customer: Customer | None = None,
    source: str = "command",
) -> Import:
    """Receive and process in one go (the command, the API push and tests)."""
    record = import_receive(
        actor=actor,
        kind=kind,
        data=data,
        filename=filename,
        account_number=account_number,
        profile_name=profile_name,
        customer=customer,
        source=source,
    )
    return import_process(import_id=record.pk, actor=actor)


def import_push(
    *,
    actor: Any,
    kind: str,
    payload: Any,
    account_number: str = "",
    customer: Customer | None = None,
    source: str = PUSH,
) -> Import:
    """One batch of journal entries or bank lines pushed as JSON by an ERP (银企直联).

    The canonical JSON is kept as the import's file, so a batch pushed twice is recognised like a file. ``source`` is
    PUSH (the ERP direct link) or OPENING_ENTRY (an opening item entered in the workbench, see services.opening).
    """
    if source not in BATCH_SOURCES:
        raise ValueError(f"import_push takes a batch source {BATCH_SOURCES}, not {source!r}")
    data = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    record = import_receive(
        actor=actor,
        kind=kind,
        data=data,
        filename=PUSH_FILENAME,
        account_number=account_number,
        customer=customer,
        source=source,
    )
    return import_process(import_id=record.pk, actor=actor)
