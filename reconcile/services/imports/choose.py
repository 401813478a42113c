"""A file refused only because it does not name its account (or shows it masked), imported again from the kept
bytes into the account its uploader chooses on the import's page: no second upload. The refused import stays as the
record of the first attempt; the new one is an import like any other (step 1 checks the account as at upload)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from core.actors import Actor
from core.errors import ServiceError
from core.services.audit import audit_record
from core.validators import normalize_account_number
from reconcile.models import Import, ImportStatus
from reconcile.services.imports.pipeline import import_start
from reconcile.services.imports.receive import read_kept
from reconcile.services.imports.refusal import already_imported

# The refusals (RowError codes) a chosen account cures: no account stated, or one shown only masked.
NEEDS_ACCOUNT = "no_account"


def waits_for_account(record: Import) -> bool:
    """Whether ``record`` was refused only because the file does not say (readably) which account it is for, and
    its owner has not imported the same file since: its company, or for the bank's side (no company until an
    account is chosen) the bank's own imports. Another company's copy of the bytes is no reason to stop waiting (the
    chosen account's company's copy refuses the new import, as at upload)."""
    return (
        record.status == ImportStatus.REFUSED
        and any(isinstance(error, dict) and error.get("code") == NEEDS_ACCOUNT for error in record.errors)
        and already_imported(record.sha256, record.kind, customer_id=record.customer_id) is None
    )


def import_account_choose(*, actor: Actor, import_id: int, account_number: str) -> Import:
    """Import the kept file of a refused import that waits for its account into ``account_number``; returns the new
    (pending) import. The caller scopes the refused import to the actor; the account is checked as at upload."""
    number = normalize_account_number(account_number)
    if not number:
        raise ServiceError(_("Choose the account the file is for."), code="no_account")
    with transaction.atomic():
        record = Import.objects.select_for_update().get(pk=import_id)
        if not waits_for_account(record):
            raise ServiceError(
                _("Import #%(id)s is not waiting for an account: only a file that does not name its account is.")
                % {"id": record.pk},
                code="not_waiting",
            )
        try:
            data = read_kept(record=record)
        except FileNotFoundError as exc:
            raise ServiceError(
                _("The file of import #%(id)s is no longer kept; upload it again.") % {"id": record.pk},
                code="file_gone",
            ) from exc
        created = import_start(
            actor=actor,
            kind=record.kind,
            data=data,
            filename=record.filename,
            account_number=number,
            profile_name=record.profile_name,
            customer=record.customer,
            source=record.source,
        )
        audit_record(
            actor=actor,
            action="import.account_chosen",
            target=record,
            after={"account": number, "import_id": created.pk},
        )
    return created
