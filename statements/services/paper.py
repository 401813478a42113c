"""Paper mail: a print batch (one merged PDF in mailing order + a mailing-list XLSX), then the posting."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.actors import Actor, user_row
from core.documents import document_sign
from core.errors import ConflictError, ServiceError
from core.roles import refuse_unless_bank
from core.services.audit import audit_record
from core.sheets import write_row
from statements.calendar.rules import SHANGHAI, beijing_day, paper_response_due_date, response_due_date
from statements.channels.registry import PAPER
from statements.models import BalanceStatement, PaperBatch, SmsTemplate, StatementStatus
from statements.render.statement_pdf import render_statements_pdf
from statements.selectors import workday_calendar
from statements.services.outbox import notice_items, notify_enqueue
from statements.services.statement_docs import statement_data
from statements.services.statement_pdfs import statement_pdfs_refresh_later
from statements.validators import normalize_cn_phone


def _mailing_order(statements: list[BalanceStatement]) -> list[BalanceStatement]:
    # Post offices sort by address; the customer and number keep the order stable for the print room.
    return sorted(
        statements,
        key=lambda st: (
            st.agreement.address,
            st.account.customer.legal_name if st.account.customer else "",
            st.number,
            st.version,
        ),
    )


MAILING_COLUMNS = (
    ("序号", 6),
    ("对账单编号", 20),
    ("版本", 6),
    ("单位名称", 30),
    ("账号", 24),
    ("联系人", 10),
    ("联系电话", 22),
    ("邮编", 8),
    ("邮寄地址", 40),
    ("寄件人", 30),
)


def _courier_phone(agreement: Any) -> str:
    """The number the courier calls: the agreement's contact phone, else its mobile (the one SMS notices use)."""
    if agreement.phone:
        return agreement.phone
    try:
        return normalize_cn_phone(agreement.mobile)
    except ValidationError:  # stored before numbers were checked: print it as it is rather than nothing
        return agreement.mobile


def _mailing_list(statements: list[BalanceStatement]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "邮寄清单"
    write_row(ws, 1, [title for title, _width in MAILING_COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for index, st in enumerate(statements, start=1):
        # Contact, address and phone come from clients' change requests: written as text cells, never formulas.
        write_row(
            ws,
            index + 1,
            [
                index,
                st.number,
                st.version,
                st.account.customer.legal_name if st.account.customer else "",
                st.account.number,
                st.agreement.contact_name,
                _courier_phone(st.agreement),
                st.agreement.postcode,
                st.agreement.address,
                settings.PORTAL_OPERATIONS_CENTRE,
            ],
        )
    for column, (_title, width) in enumerate(MAILING_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def paper_batch_create(*, actor: Actor | None, period: str = "") -> PaperBatch:
    """Collect the paper statements not yet in a batch (optionally of one period) and print them."""
    refuse_unless_bank(actor)  # before the statements are locked
    with transaction.atomic():
        pending = BalanceStatement.objects.select_for_update(of=("self",)).filter(
            channel=PAPER, status=StatementStatus.PUBLISHED, paper_batch__isnull=True
        )
        if period:
            pending = pending.filter(run__period=period)
        statements = _mailing_order(list(pending.select_related("account", "account__customer", "agreement")))
        if not statements:
            raise ServiceError(_("There is no paper statement waiting to be printed."), code="nothing_to_print")
        batch = PaperBatch.objects.create(period=period, created_by=user_row(actor))
        folder = Path(settings.MEDIA_ROOT) / "paper" / f"batch-{batch.pk}"
        folder.mkdir(parents=True, exist_ok=True)
        batch_pdf = render_statements_pdf(
            [statement_data(st) for st in statements], title=f"余额对账单 纸质批次 {batch.pk}"
        )
        (folder / "statements.pdf").write_bytes(document_sign(batch_pdf, reason="余额对账单 纸质批次"))
        (folder / "mailing-list.xlsx").write_bytes(_mailing_list(statements))
        batch.pdf_path = f"paper/batch-{batch.pk}/statements.pdf"
        batch.xlsx_path = f"paper/batch-{batch.pk}/mailing-list.xlsx"
        batch.save(update_fields=["pdf_path", "xlsx_path"])
        BalanceStatement.objects.filter(pk__in=[st.pk for st in statements]).update(paper_batch=batch)
        audit_record(
            actor=actor,
            action="paper_batch.created",
            target=batch,
            after={"statement_ids": [st.pk for st in statements]},
        )
    return batch


def paper_batch_mark_posted(*, actor: Actor, batch_id: int, posted_on: dt.date) -> int:
    """Ops record the posting: the batch's statements are dispatched and their answer window is fixed.

    The window is the one the printed letter states in words (statements.calendar.rules.paper_response_due_date:
    received 5 working days after posting, answered within 10 working days after that); once committed, the stored
    PDFs are rendered again with that date, so every copy the client or ops download states the enforced date (a
    re-rendering lost by the broker is queued again by the job watchdog: statements.services.jobs).

    A posting recorded late never shortens the client's window: until it is recorded the statement cannot be
    answered online and no notice has gone out, so the window runs at least 10 working days from the recording
    (a postmark rule that ended earlier would deem agreed a statement the client never had the time to answer)."""
    refuse_unless_bank(actor)  # before the batch is locked
    today = beijing_day(timezone.now())
    if posted_on > today:
        raise ServiceError(_("The posting date cannot be in the future."), code="future_date")
    calendar = workday_calendar()
    due = max(paper_response_due_date(calendar, posted_on), response_due_date(calendar, today))
    with transaction.atomic():
        batch = PaperBatch.objects.select_for_update().filter(pk=batch_id).first()
        if batch is None:
            raise ServiceError(
                _("Print batch %(id)s does not exist; reload the page.") % {"id": batch_id}, code="not_found"
            )
        printed = beijing_day(batch.created_at)
        if posted_on < printed:  # a typo would start (and perhaps end) the client's window before the letter existed
            raise ServiceError(
                _(
                    "The posting date %(d)s is before the batch was printed (%(p)s); give the day the "
                    "letters went to the post office."
                )
                % {"d": posted_on, "p": printed},
                code="before_print",
            )
        if batch.posted_on is not None:
            raise ConflictError(
                _("This batch was already recorded as posted on %(d)s.") % {"d": batch.posted_on}, code="already_posted"
            )
        statements = list(
            batch.statements.select_for_update(of=("self",))
            .filter(status=StatementStatus.PUBLISHED)
            .select_related("agreement")
        )
        dispatched_at = dt.datetime.combine(posted_on, dt.time(12, 0), tzinfo=SHANGHAI)
        BalanceStatement.objects.filter(pk__in=[st.pk for st in statements]).update(
            status=StatementStatus.DISPATCHED, dispatched_at=dispatched_at, due_date=due
        )
        batch.posted_on = posted_on
        batch.posted_recorded_at = timezone.now()  # the stored PDFs older than this are rendered again
        batch.save(update_fields=["posted_on", "posted_recorded_at"])
        notify_enqueue(template=SmsTemplate.STATEMENT_NOTICE, items=notice_items(statements))
        audit_record(
            actor=actor,
            action="paper_batch.posted",
            target=batch,
            after={"posted_on": posted_on, "due_date": due, "statements": len(statements)},
        )
        ids = [st.pk for st in statements]
        transaction.on_commit(lambda: statement_pdfs_refresh_later(ids))
    return len(statements)
