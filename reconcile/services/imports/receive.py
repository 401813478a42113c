"""Step 1, receive: the uploaded bytes kept (by their sha256) and a pending Import row, in the request.

Refused here, before anything is kept: an unknown kind, a journal from a bank system feed, an empty or too large file, a malformed account number, an
account a company user may not import into, an unknown mapping profile, and a file its owner imported before (a company's
own earlier import: ``refusal.already_imported``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.actors import Actor, user_row
from core.errors import ServiceError
from core.roles import is_bank_feed_only, supplies_bank_lines
from core.services.audit import audit_record
from core.text import shown_value
from core.validators import normalize_account_number, validate_account_number
from reconcile.models import BankAccount, Customer, Import, ImportKind
from reconcile.selectors.profiles import profile_named
from reconcile.services.imports.accounts import account_of_company, by_company
from reconcile.services.imports.refusal import (
    ANY_OWNER,
    DuplicateFile,
    OwnerScope,
    already_imported,
    duplicate_reason,
)
from reconcile.services.imports.sources import OPENING_SOURCES

logger = logging.getLogger(__name__)


def storage_path(sha256: str) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / sha256[:2] / f"{sha256}.bin"


def keep_bytes(*, sha256: str, data: bytes) -> None:
    """Keep ``data`` under its sha256: imports of several companies share the file (the bytes are the same). Written
    to a temporary name and renamed into place, so a second upload of the same bytes at the same moment never reads
    (or truncates) a half-written file. Written even when a file of that name is kept already: skipping the write
    made an upload of bytes someone (another company) had sent measurably quicker than one of bytes nobody had, and
    left a kept file cut short (by the earlier writer, which wrote in place, dying mid-write) the input of every
    later import of those bytes, whichever company's."""
    path = storage_path(sha256)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{sha256[:12]}-", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)  # atomic: the same bytes as any copy renamed here first
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# How old a temporary file of ``keep_bytes`` must be before ``kept_parts_sweep`` removes it: a write takes moments
# (uploads are capped at IMPORT_MAX_UPLOAD_MB), so one an hour old was left by a process killed mid-write.
PART_MAX_AGE = dt.timedelta(hours=1)


def kept_parts_sweep(*, now: dt.datetime | None = None, age: dt.timedelta = PART_MAX_AGE) -> int:
    """Remove the temporary files ``keep_bytes`` left (``.<sha>-*.part``: the process was killed between writing and
    renaming) older than ``age``; returns how many. The kept files themselves are never touched, nor anything that is
    not a regular file. Idempotent: a file gone meanwhile is not an error; one that cannot be removed now is tried
    again by the next run."""
    cutoff = (now or timezone.now()) - age
    root = Path(settings.MEDIA_ROOT) / "imports"
    removed: list[str] = []
    for folder in sorted(root.iterdir()) if root.is_dir() else []:
        if folder.is_symlink() or not folder.is_dir():
            continue
        try:
            entries = list(os.scandir(folder))
        except OSError as exc:  # gone since the listing, or not readable now: the next run tries again
            logger.warning("import folder %s not swept: %s", folder, exc)
            continue
        for entry in entries:
            if not (entry.name.startswith(".") and entry.name.endswith(".part")):
                continue
            try:
                if not entry.is_file(follow_symlinks=False) or entry.stat().st_mtime >= cutoff.timestamp():
                    continue
                os.unlink(entry.path)
            except FileNotFoundError:
                continue
            except OSError as exc:
                logger.warning("temporary import file %s not removed: %s", entry.path, exc)
                continue
            removed.append(f"{folder.name}/{entry.name}")
    if removed:
        with transaction.atomic():
            audit_record(
                actor=None,
                action="imports.parts_removed",
                target_type="media",
                target_id="imports",
                after={"count": len(removed), "files": removed[:200]},
            )
    return len(removed)


def _scope(*, actor: Actor | None, owner: Customer | None, chosen: str) -> OwnerScope:
    """Whose earlier imports a second copy is looked for in (``refusal.already_imported``). Duplicates are the
    owner's own: a company's earlier imports (another company's copy of the same bytes is none of its business). An
    upload of the bank's side (bank staff, a bank system feed, the server) has no company of its own: it belongs to
    the company of the account it goes into, which is the account chosen when one is (a statement naming another is
    refused), its company's scope or the bank's own for an account of no company (or not registered yet: it will be
    registered for none); the bank's whole scope (a feed's retried batch was no longer refused here, 409, but read
    and stored again until its company was known, 422) only when the file alone will say which account it is for."""
    if owner is not None:
        return owner.pk
    if by_company(uploader=actor):
        return None  # a company user of no company: nothing of any company's
    if chosen:
        held = list(BankAccount.objects.filter(number=chosen).values_list("customer_id", flat=True)[:1])
        return held[0] if held else None
    return ANY_OWNER


def read_kept(*, record: Import) -> bytes:
    """The bytes ``import_receive`` kept for the import (the input of step 2)."""
    return storage_path(record.sha256).read_bytes()


def import_receive(
    *,
    actor: Actor | None,
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
    if kind == ImportKind.JOURNAL and is_bank_feed_only(actor):
        raise ServiceError(
            _(
                "A bank system feed imports the bank's own statements only: a company's journal is imported by its "
                "accountant."
            ),
            code="forbidden",
        )
    if not data:
        raise ServiceError(_("The file %(name)s is empty.") % {"name": filename or "?"})
    limit = settings.IMPORT_MAX_UPLOAD_MB * 1024 * 1024
    if len(data) > limit:
        raise ServiceError(
            _("The file is larger than %(mb)s MB; split it by month and upload the parts.")
            % {"mb": settings.IMPORT_MAX_UPLOAD_MB},
            code="too_large",
        )
    chosen = normalize_account_number(account_number)
    if chosen:
        try:
            validate_account_number(chosen)
        except ValidationError as exc:
            raise ServiceError(" ".join(exc.messages), code="bad_account") from exc
    owner = customer or getattr(actor, "customer", None)
    if chosen and by_company(uploader=actor):
        account_of_company(number=chosen, customer=owner)  # refused before the file is kept, naming the account
    if profile_name and profile_named(name=profile_name, customer=owner) is None:
        raise ServiceError(
            _("No mapping profile named %(name)s.") % {"name": shown_value(profile_name)}, code="unknown_profile"
        )
    sha256 = hashlib.sha256(data).hexdigest()
    previous = already_imported(sha256, kind, customer_id=_scope(actor=actor, owner=owner, chosen=chosen))
    if previous is not None:
        raise DuplicateFile(duplicate_reason(previous, uploader=actor))  # told to the caller alone: nothing is kept
    keep_bytes(sha256=sha256, data=data)
    with transaction.atomic():
        record = Import.objects.create(
            kind=kind,
            source=source,
            filename=(filename or "")[:255],
            sha256=sha256,
            size=len(data),
            bank_fed=kind == ImportKind.BANK and source not in OPENING_SOURCES and supplies_bank_lines(actor),
            customer=owner,
            uploaded_by=user_row(actor),
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
