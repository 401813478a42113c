"""A refused import: why, as facts, and the one way a pending import becomes refused.

Every step may refuse the file (the parser, an account that is not the uploader's, a closed period, a date rule of
the opening items); nothing from a refused file is stored except the refusal itself (the Import row with its error
report), written by ``refuse``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.actors import Actor
from core.errors import FactError, ServiceError
from core.services.audit import audit_record
from reconcile import import_messages  # noqa: F401  (registers the import's message keys this module states)
from reconcile.models import Import, ImportStatus
from reconcile.parsers.messages import Msg, msg
from reconcile.parsers.types import RowError
from reconcile.selectors import sees_all_customers

MAX_ERRORS_SHOWN = 200


class DuplicateFile(FactError):
    code = "duplicate_file"


@dataclass(frozen=True)
class Refusal:
    """Why an import is refused, as facts: the reason, and each problem found (``RowError.to_json`` dicts)."""

    reason: Msg | None
    errors: list[dict[str, Any]]
    error_count: int
    text: str = ""  # a reason only known as text (a validation message of another module)


# ``already_imported``'s scope for an import whose company is not known yet (bank staff, a bank system feed or the
# server uploading a file that names its account): the file lands in the company of the account it names, known only
# once it is read, so every company's imports are looked at. Only the bank's side uses it, never a company user (the
# earlier import is named to bank staff and the server, who see all companies; a feed is named only the imports it
# sent itself: ``duplicate_reason``).
class _AnyOwner(enum.Enum):
    ANY = "any"


ANY_OWNER = _AnyOwner.ANY
# Whose imports ``already_imported`` looks at: a company's (its id), the bank's own (None), or every one (ANY_OWNER).
OwnerScope = int | None | _AnyOwner


def already_imported(sha256: str, kind: str, *, customer_id: OwnerScope) -> Import | None:
    """The finished import of the same bytes and kind in the scope of ``customer_id``: a company's own imports, or
    (None) the bank's imports that belong to no company. Scoped so that a company importing a file that another
    company imported is neither refused nor told that someone else holds that file (migration 0027's constraint
    is the same rule)."""
    done = Import.objects.filter(sha256=sha256, kind=kind, status=ImportStatus.DONE)
    if customer_id is None:
        done = done.filter(customer__isnull=True)  # the bank's own scope
    elif not isinstance(customer_id, _AnyOwner):
        done = done.filter(customer_id=customer_id)
    return done.order_by("created_at", "id").first()


def duplicate_reason(previous: Import, *, uploader: Actor | None) -> Msg:
    """Why a second copy of ``previous`` is refused, told to ``uploader`` (a request's actor, or the import's
    ``uploaded_by``; None: the server). The earlier import is named (its number and time) only to whom it is no
    news of another company: bank staff and the server, who see every company; a company user, for the company's
    own imports; a bank system feed, which sees no company, for the imports it sent itself (its retried batch).
    Another company's import is none of the uploader's business: its number and time would tell when that company
    imported the file."""
    if not _told_of(previous, uploader):
        return msg("import.duplicate_elsewhere")
    when = timezone.localtime(previous.finished_at or previous.created_at).strftime("%Y-%m-%d %H:%M")
    return msg("import.duplicate", when=when, id=previous.pk)


def _told_of(previous: Import, uploader: Actor | None) -> bool:
    if uploader is None or sees_all_customers(uploader):
        return True
    if previous.uploaded_by_id is not None and previous.uploaded_by_id == getattr(uploader, "pk", None):
        return True
    company = getattr(uploader, "customer_id", None)
    return company is not None and previous.customer_id == company


def error_dicts(errors: list[RowError]) -> list[dict[str, Any]]:
    return [e.to_json() for e in errors[:MAX_ERRORS_SHOWN]]


def whole_file(code: str, reason: Msg) -> dict[str, Any]:
    """A refusal of the file as a whole, listed as its one problem (the API's ``errors`` always name the problems)."""
    return {"row": None, "column": None, "value": None, "code": code, "reason": reason.to_json()}


def refusal_of(exc: ServiceError | ValidationError) -> Refusal:
    """The refusal a step's error stands for: a fact (``FactError``) is stored as one; a message of another module
    (a ``ServiceError`` or a model's ``ValidationError``) is known only as text."""
    if isinstance(exc, FactError):
        return Refusal(exc.fact, [whole_file(exc.code, exc.fact)], 1)
    text = exc.message if isinstance(exc, ServiceError) else "; ".join(exc.messages)
    code = exc.code if isinstance(exc, ServiceError) else "invalid"
    return Refusal(None, [{"row": None, "column": None, "value": None, "code": code, "message": text}], 1, text=text)


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


def refuse(*, record: Import, actor: Actor | None, refusal: Refusal) -> Import:
    """Mark a pending import refused, with its error report (an import finished meanwhile is left as it is)."""
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
