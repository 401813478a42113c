"""Opening outstanding items (初始未达账): what was outstanding when an account's first statement and journal start.

They are stored as bank lines / journal entries of imports whose source is ``OPENING`` (a file imported with
``import_file --opening``) or ``OPENING_ENTRY`` (one item entered in the workbench), listed in the 余额调节表 until
matched, and never move a balance. Two rules keep them apart from the statements and journals, whatever the order things arrive in:

* an opening item must be dated before the first day the account's other imports cover (their earliest line, on
  either side): a movement from then on belongs in those files;
* a later statement or journal must start after the latest opening item, for the same reason (otherwise one
  movement could be listed twice, once as an opening item and once as a line).

Both checks (``opening_checks``) lock the account row, so an item entered while a statement is being imported cannot
slip between them.
"""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.actors import Actor
from core.errors import ServiceError
from core.roles import is_accountant_of
from core.services.audit import audit_record
from reconcile.import_messages import entry_problems, import_message
from reconcile.models import BankAccount, BankLine, Import, ImportStatus, JournalEntry, MatchLink, Suggestion
from reconcile.models.imports import OPENING_SOURCES
from reconcile.selectors.matching import closed_through
from reconcile.services.imports.pipeline import import_push
from reconcile.services.imports.refusal import DuplicateFile, already_imported
from reconcile.services.imports.sources import OPENING_ENTRY
from reconcile.services.review import refuse_awaiting_review

ENTRY_MAX = 64  # an entry token is a short random string from the form; anything longer is cut


class OpeningItemRepeated(ServiceError):
    """The same workbench form was sent again (a double click, a reload): the item is stored once."""

    code = "opening_item_repeated"


def new_entry_token() -> str:
    """A fresh token for one showing of the workbench's opening-item form (see ``opening_item_add``)."""
    return secrets.token_urlsafe(16)


def _require_accountant(actor: Actor | None, account: BankAccount) -> None:
    if actor is not None and not is_accountant_of(actor, account):  # None: commands and tasks run as the system
        raise ServiceError(
            _("Only an accountant of the account's company may enter its opening items."), code="forbidden"
        )


def opening_item_add(
    *,
    actor: Actor | None,
    account_id: int,
    kind: str,
    date: str,
    amount: str,
    direction: str,
    summary: str = "",
    reference: str = "",
    entry: str = "",
) -> Import:
    """Store one opening outstanding item entered in the workbench; the finished import is returned.

    ``entry`` is the token of the form it was typed into (``new_entry_token``). It goes into the stored batch, so
    the same form sent twice (a double click, a reload) is recognised as the same batch and stored once
    (``OpeningItemRepeated``), while the same details entered again in a new form are a second item: two equal
    cheques written on one day are both outstanding. The line's fingerprint carries the batch's identity for the
    same reason (``dedupe``). Without a token every call is a new item.
    """
    account = BankAccount.objects.select_related("customer").get(pk=account_id)
    _require_accountant(actor, account)
    token = (entry or "").strip()[:ENTRY_MAX] or new_entry_token()
    payload = {
        "entry": token,
        "lines": [
            {"date": date, "amount": amount, "direction": direction, "summary": summary, "voucher_no": reference}
        ],
    }
    try:
        record = import_push(
            actor=actor,
            kind=kind,
            account_number=account.number,
            customer=account.customer,
            source=OPENING_ENTRY,
            payload=payload,
        )
    except DuplicateFile as exc:
        raise _repeated() from exc
    if record.status == ImportStatus.DONE:
        return record
    if already_imported(record.sha256, kind, customer_id=account.customer_id) is not None:
        raise _repeated()  # the other sending of the same form finished first (two requests at once)
    codes = {e["code"] for e in record.errors}  # one refusal of the service (a date rule): its own code
    code = codes.pop() if len(codes) == 1 and record.error_count == 1 else "opening_refused"
    raise ServiceError(" ".join(entry_problems(record)) or import_message(record), code=code)


def _repeated() -> OpeningItemRepeated:
    return OpeningItemRepeated(
        _(
            "This opening item was already added from the same form (it was sent twice); it is "
            "stored once. To add another item with the same details, fill in the form again."
        )
    )


def opening_item_remove(*, actor: Actor | None, account_id: int, side: str, line_id: int, reason: str) -> None:
    """Take back an opening item entered by mistake (a wrong date blocks the statements after it; a wrong amount
    makes every table differ). Only an unmatched opening item, outside a closed period, with a reason; audited
    with what it was. The item is retired (``removed_at``), not deleted, so matches it was once in keep their rows.
    """
    why = (reason or "").strip()
    if not why:
        raise ServiceError(_("Say why the opening item is removed."), code="reason_required")
    with transaction.atomic():
        # The caller's right first, read without a lock: another customer's request must not make this account wait.
        _require_accountant(actor, BankAccount.objects.get(pk=account_id))
        account = BankAccount.objects.select_for_update(of=("self",)).select_related("customer").get(pk=account_id)
        _require_accountant(actor, account)  # the account may have been given to another customer meanwhile
        model = BankLine if side == "bank" else JournalEntry if side == "journal" else None
        if model is None:
            raise ServiceError(_("Unknown side %(side)s; use bank or journal.") % {"side": side})
        line = (
            model.objects.select_for_update()
            .filter(pk=line_id, account=account, source_import__source__in=OPENING_SOURCES)
            .first()
        )
        if line is None or getattr(line, "removed_at", None) is not None:
            raise ServiceError(_("This opening item no longer exists; reload the page."), code="stale")
        day = line.booking_date
        frozen_until = closed_through(account)
        if frozen_until is not None and day <= frozen_until:
            raise ServiceError(
                _(
                    "The opening item dated %(date)s lies in the period up to %(end)s, which is "
                    "closed. Reopen the period first."
                )
                % {"date": day, "end": frozen_until},
                code="period_closed",
            )
        refuse_awaiting_review(account, day)
        links = MatchLink.objects.filter(**{"bank_line" if side == "bank" else "journal_entry": line})
        if links.active().exists():
            raise ServiceError(
                _("The opening item dated %(date)s is matched; undo its match first.") % {"date": day}, code="matched"
            )
        before = {
            "side": side,
            "date": day.isoformat(),
            "amount": str(line.amount),
            "direction": line.direction,
            "summary": line.summary,
            "reason": why,
        }
        key = "bank_line_ids" if side == "bank" else "journal_entry_ids"
        stale = [s.pk for s in Suggestion.objects.filter(account=account).only("pk", key) if line.pk in getattr(s, key)]
        Suggestion.objects.filter(pk__in=stale).delete()
        model.objects.live().filter(pk=line.pk).update(removed_at=timezone.now())
        audit_record(actor=actor, action="opening_item.removed", target=account, before=before)
