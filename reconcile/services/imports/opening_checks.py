"""The two rules that keep opening outstanding items apart from statements and journals (see ``opening``).

Called in step 3 of an import (``accounts.place``), once the account a statement goes into is known.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Min
from django.utils import timezone

from core.errors import FactError
from core.formatting import format_amount
from reconcile.models import BankAccount, BankLine, Import, JournalEntry
from reconcile.models.imports import OPENING_SOURCES, SOURCE_OPENING_ENTRY
from reconcile.parsers.messages import Msg, msg
from reconcile.parsers.types import ParsedFile, ParsedLine

# No opening item is older than this: an earlier date (0001-01-01, or 1899-12-30 from an Excel date cell of 0) is a
# typo that would make every later statement look like it starts after the item (the workbench shows 1990-2099 too).
EARLIEST = dt.date(1990, 1, 1)


def _first_day_covered(account: BankAccount) -> dt.date | None:
    """The first day the account's statements and journals (not its opening items) cover, on either side."""
    days = [
        model.objects.live()
        .filter(account=account)
        .exclude(source_import__source__in=OPENING_SOURCES)
        .aggregate(day=Min("booking_date"))["day"]
        for model in (BankLine, JournalEntry)
    ]
    # Lines, not the periods files state: MT940 dates :60F: with the previous day at many banks, which would make a
    # year-end cheque dated 12-31 look like it lies inside January's statement.
    known = [day for day in days if day is not None]
    return min(known) if known else None


def _latest_opening_item(account: BankAccount) -> tuple[dt.date, Msg] | None:
    """The latest opening item of the account (either side): its date and a description; None when it has none."""
    latest = [
        (
            model.objects.live()
            .filter(account=account, source_import__source__in=OPENING_SOURCES)
            .order_by("-booking_date", "-pk")
            .values_list("booking_date", "amount", "voucher_no", "summary")
            .first(),
            side,
        )
        for model, side in ((BankLine, "opening.side_bank"), (JournalEntry, "opening.side_journal"))
    ]
    found = [(row, side) for row, side in latest if row]
    if not found:
        return None
    (day, amount, reference, summary), side = max(found, key=lambda item: item[0][0])
    return day, msg(
        "opening.item", side=msg(side), date=day, amount=format_amount(amount), reference=reference or summary or ""
    )


def _describe(record: Import, line: ParsedLine) -> Msg:
    if record.source == SOURCE_OPENING_ENTRY:  # one item from the workbench form: its row number means nothing
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
        raise FactError(
            msg("opening.in_future", today=today, count=len(late), first=_describe(record, late[0])),
            code="opening_in_future",
        )
    absurd = _in_order(line for line in pf.lines if line.booking_date < EARLIEST)
    if absurd:
        fix = msg("opening.fix_form" if record.source == SOURCE_OPENING_ENTRY else "opening.fix_file")
        raise FactError(
            msg(
                "opening.too_early",
                earliest=EARLIEST,
                date=absurd[0].booking_date,
                count=len(absurd),
                first=_describe(record, absurd[0]),
                fix=fix,
            ),
            code="opening_too_early",
        )
    start = _first_day_covered(account)
    if start is None:
        return  # nothing imported yet: a later statement or journal is checked against these items instead
    inside = _in_order(line for line in pf.lines if line.booking_date >= start)
    if inside:
        raise FactError(
            msg(
                "opening.not_before_start",
                account=account.number,
                start=start,
                count=len(inside),
                first=_describe(record, inside[0]),
            ),
            code="opening_not_before_start",
        )


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
    raise FactError(
        msg(
            "opening.before_items",
            account=account.number,
            latest=latest,
            item=item,
            start=start,
            count=len(early),
            first=first,
            next=latest + dt.timedelta(days=1),
        ),
        code="before_opening_items",
    )
