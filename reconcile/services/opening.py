"""Opening outstanding items (初始未达账): what was outstanding when an account's first statement and journal start.

They are stored as bank lines / journal entries of imports whose source is ``OPENING`` (a file imported with
``import_file --opening``) or ``OPENING_ENTRY`` (one item entered in the workbench), listed in the 余额调节表 until
matched, and never move a balance. Two rules keep them apart from the statements and journals, whatever the order things arrive in:

* an opening item must be dated before the first day the account's other imports cover (their earliest line, on
  either side): a movement from then on belongs in those files;
* a later statement or journal must start after the latest opening item, for the same reason (otherwise one
  movement could be listed twice, once as an opening item and once as a line).

Both checks lock the account row, so an item entered while a statement is being imported cannot slip between them.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from reconcile.errors import FactError, ServiceError
from reconcile.import_messages import error_rows, import_message
from reconcile.parsers.messages import Msg, msg
from reconcile.models import BankAccount, BankLine, Import, ImportStatus, JournalEntry, MatchLink, Suggestion
from reconcile.models.imports import OPENING_SOURCES
from reconcile.parsers.types import ParsedFile, ParsedLine
from reconcile.render.formatting import format_amount
from reconcile.roles import is_accountant_of
from reconcile.selectors_matching import closed_through
from reconcile.services.audit import audit_record
from reconcile.services.imports import OPENING_ENTRY, DuplicateFile, import_push

# No opening item is older than this: an earlier date (0001-01-01, or 1899-12-30 from an Excel date cell of 0) is a
# typo that would make every later statement look like it starts after the item (the workbench shows 1990-2099 too).
EARLIEST = dt.date(1990, 1, 1)
ENTRY_MAX = 64  # an entry token is a short random string from the form; anything longer is cut


class OpeningItemRepeated(ServiceError):
    """The same workbench form was sent again (a double click, a reload): the item is stored once."""

    code = "opening_item_repeated"


def _first_day_covered(account: BankAccount) -> dt.date | None:
    """The first day the account's statements and journals (not its opening items) cover, on either side."""
    days = [
        BankLine.objects.filter(account=account, removed_at__isnull=True)
        .exclude(source_import__source__in=OPENING_SOURCES).aggregate(day=Min("booking_date"))["day"],
        JournalEntry.objects.filter(account=account, removed_at__isnull=True)
        .exclude(source_import__source__in=OPENING_SOURCES).aggregate(day=Min("date"))["day"],
    ]
    # Lines, not the periods files state: MT940 dates :60F: with the previous day at many banks, which would make a
    # year-end cheque dated 12-31 look like it lies inside January's statement.
    known = [day for day in days if day is not None]
    return min(known) if known else None


def _latest_opening_item(account: BankAccount) -> tuple[dt.date, str] | None:
    """The latest opening item of the account (either side): its date and a description; None when it has none."""
    bank = (BankLine.objects.filter(account=account, source_import__source__in=OPENING_SOURCES, removed_at__isnull=True)
            .order_by("-booking_date", "-pk").values_list("booking_date", "amount", "voucher_no", "summary").first())
    journal = (JournalEntry.objects.filter(account=account, removed_at__isnull=True,
                                           source_import__source__in=OPENING_SOURCES)
               .order_by("-date", "-pk").values_list("date", "amount", "settlement_no", "summary").first())
    found = ([(row, "opening.side_bank") for row in (bank,) if row]
             + [(row, "opening.side_journal") for row in (journal,) if row])
    if not found:
        return None
    (day, amount, reference, summary), side = max(found, key=lambda item: item[0][0])
    return day, msg("opening.item", side=msg(side), date=day, amount=format_amount(amount),
                    reference=reference or summary or "")


def _describe(record: Import, line: ParsedLine) -> Msg:
    if record.source == OPENING_ENTRY:  # one item from the workbench form: its row number means nothing
        return msg("opening.dated", date=line.booking_date, amount=format_amount(line.amount))
    return msg("opening.row_dated", row=line.row or "-", date=line.booking_date, amount=format_amount(line.amount))


def _in_order(lines: Iterable[ParsedLine]) -> list[ParsedLine]:
    return sorted(lines, key=lambda line: (line.booking_date, line.row or 0))


def _lock(account: BankAccount) -> None:
    BankAccount.objects.select_for_update().filter(pk=account.pk).first()


def refuse_misplaced_opening_items(record: Import, account: BankAccount, pf: ParsedFile) -> None:
    """Called while storing an opening-items import: every item must lie before the account's other imports."""
    _lock(account)
    today = timezone.localdate()
    late = _in_order(line for line in pf.lines if line.booking_date > today)
    if late:
        raise FactError(msg("opening.in_future", today=today, count=len(late), first=_describe(record, late[0])),
                        code="opening_in_future")
    absurd = _in_order(line for line in pf.lines if line.booking_date < EARLIEST)
    if absurd:
        fix = msg("opening.fix_form" if record.source == OPENING_ENTRY else "opening.fix_file")
        raise FactError(msg("opening.too_early", earliest=EARLIEST, date=absurd[0].booking_date, count=len(absurd),
                            first=_describe(record, absurd[0]), fix=fix), code="opening_too_early")
    start = _first_day_covered(account)
    if start is None:
        return  # nothing imported yet: a later statement or journal is checked against these items instead
    inside = _in_order(line for line in pf.lines if line.booking_date >= start)
    if inside:
        raise FactError(msg("opening.not_before_start", account=account.number, start=start, count=len(inside),
                            first=_describe(record, inside[0])), code="opening_not_before_start")


def refuse_lines_before_opening_items(record: Import, account: BankAccount, pf: ParsedFile) -> None:
    """Called while storing a statement or journal: it must start after the account's opening items."""
    _lock(account)
    found = _latest_opening_item(account)
    if found is None or not pf.lines:
        return
    latest, item = found
    start = min(line.booking_date for line in pf.lines)  # the first line's day (see _first_day_covered)
    if start > latest:
        return
    early = _in_order(line for line in pf.lines if line.booking_date <= latest)
    first = _describe(record, early[0])
    raise FactError(msg("opening.before_items", account=account.number, latest=latest, item=item, start=start,
                        count=len(early), first=first, next=latest + dt.timedelta(days=1)),
                    code="before_opening_items")


def new_entry_token() -> str:
    """A fresh token for one showing of the workbench's opening-item form (see ``opening_item_add``)."""
    return secrets.token_urlsafe(16)


def _require_accountant(actor: Any, account: BankAccount) -> None:
    if actor is not None and not is_accountant_of(actor, account):  # None: commands and tasks run as the system
        raise ServiceError(_("Only an accountant of the account's company may enter its opening items."),
                           code="forbidden")


def opening_item_add(*, actor: Any, account_id: int, kind: str, date: str, amount: str, direction: str,
                     summary: str = "", reference: str = "", entry: str = "") -> Import:
    """Store one opening outstanding item entered in the workbench; the finished import is returned.

    ``entry`` is the token of the form it was typed into (``new_entry_token``). It goes into the stored batch, so
    the same form sent twice (a double click, a reload) is recognised as the same batch and stored once
    (``OpeningItemRepeated``), while the same details entered again in a new form are a second item: two equal
    cheques written on one day are both outstanding. The line's fingerprint carries the batch's identity for the
    same reason (import_store). Without a token every call is a new item.
    """
    account = BankAccount.objects.select_related("customer").get(pk=account_id)
    _require_accountant(actor, account)
    token = (entry or "").strip()[:ENTRY_MAX] or new_entry_token()
    payload = {"entry": token, "lines": [{"date": date, "amount": amount, "direction": direction,
                                          "summary": summary, "voucher_no": reference}]}
    try:
        record = import_push(actor=actor, kind=kind, account_number=account.number, customer=account.customer,
                             source=OPENING_ENTRY, payload=payload)
    except DuplicateFile as exc:
        raise _repeated() from exc
    if record.status == ImportStatus.DONE:
        return record
    if Import.objects.filter(sha256=record.sha256, kind=kind, status=ImportStatus.DONE).exists():
        raise _repeated()  # the other sending of the same form finished first (two requests at once)
    codes = {e["code"] for e in record.errors}  # one refusal of the service (a date rule): its own code
    code = codes.pop() if len(codes) == 1 and record.error_count == 1 else "opening_refused"
    raise ServiceError("; ".join(e["message"] for e in error_rows(record)) or import_message(record), code=code)


def _repeated() -> OpeningItemRepeated:
    return OpeningItemRepeated(_("This opening item was already added from the same form (it was sent twice); it is "
                                 "stored once. To add another item with the same details, fill in the form again."))


def opening_item_remove(*, actor: Any, account_id: int, side: str, line_id: int, reason: str) -> None:
    """Take back an opening item entered by mistake (a wrong date blocks the statements after it; a wrong amount
    makes every table differ). Only an unmatched opening item, outside a closed period, with a reason; audited
    with what it was. The item is retired (``removed_at``), not deleted, so matches it was once in keep their rows.
    """
    why = (reason or "").strip()
    if not why:
        raise ServiceError(_("Say why the opening item is removed."), code="reason_required")
    with transaction.atomic():
        account = BankAccount.objects.select_for_update(of=("self",)).select_related("customer").get(pk=account_id)
        _require_accountant(actor, account)
        model = BankLine if side == "bank" else JournalEntry if side == "journal" else None
        if model is None:
            raise ServiceError(_("Unknown side %(side)s; use bank or journal.") % {"side": side})
        line = (model.objects.select_for_update().filter(pk=line_id, account=account,
                                                         source_import__source__in=OPENING_SOURCES).first())
        if line is None or getattr(line, "removed_at", None) is not None:
            raise ServiceError(_("This opening item no longer exists; reload the page."), code="stale")
        day = line.booking_date if side == "bank" else line.date
        frozen_until = closed_through(account)
        if frozen_until is not None and day <= frozen_until:
            raise ServiceError(_("The opening item dated %(date)s lies in the period up to %(end)s, which is "
                                 "closed. Reopen the period first.") % {"date": day, "end": frozen_until},
                               code="period_closed")
        links = MatchLink.objects.filter(**{"bank_line" if side == "bank" else "journal_entry": line})
        if links.filter(active=True).exists():
            raise ServiceError(_("The opening item dated %(date)s is matched; undo its match first.")
                               % {"date": day}, code="matched")
        before = {"side": side, "date": day.isoformat(), "amount": str(line.amount), "direction": line.direction,
                  "summary": line.summary, "reason": why}
        key = "bank_line_ids" if side == "bank" else "journal_entry_ids"
        stale = [s.pk for s in Suggestion.objects.filter(account=account).only("pk", key) if line.pk in getattr(s, key)]
        Suggestion.objects.filter(pk__in=stale).delete()
        model.objects.filter(pk=line.pk, removed_at__isnull=True).update(removed_at=timezone.now())
        audit_record(actor=actor, action="opening_item.removed", target=account, before=before)
