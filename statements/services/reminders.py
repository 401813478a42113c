"""Reminder SMS (3 working days before the due date, and on the due date's morning) and non-receipt inquiries."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.actors import Actor, user_row
from core.errors import ConflictError, ServiceError
from core.roles import is_company_user_of, refuse_unless_bank
from core.services.audit import audit_record
from core.text import refuse_hidden_characters
from reconcile.models import BankAccount
from statements.calendar import YearNotLoaded, beijing_day, non_receipt_window
from statements.models import (
    Agreement,
    BalanceStatement,
    Cycle,
    InquiryStatus,
    NonReceiptInquiry,
    SmsTemplate,
    StatementRun,
)
from statements.periods import Period, PeriodError, parse_period
from statements.selectors import reminders_held, workday_calendar
from statements.services.outbox import contact_notify_enqueue, notice_items, notify_enqueue

log = logging.getLogger(__name__)

REMINDER_WORKDAYS = 3
INQUIRY_ANSWER_WORKDAYS = 2


def reminders_queue(*, today: dt.date) -> dict[str, int]:
    """Queue today's reminders; the outbox key makes a second run the same day a no-op.

    A year missing from the working-day calendar never fails the day: reminders whose date cannot be worked out
    are held (counted under ``held`` and logged, and /readyz and the metrics have warned for weeks) and go out on
    the first run after the schedule is loaded; the last reminder, due today, needs no calendar and still goes.
    """
    calendar = workday_calendar()
    held = reminders_held(today, calendar)
    try:
        workday = calendar.is_workday(today)
    except YearNotLoaded:
        # Due dates are working days, so a statement due today proves it is one; nothing else can be known.
        workday = BalanceStatement.objects.open_for_answer().filter(due_date=today).exists()
    if not workday:
        return {SmsTemplate.REMINDER: 0, SmsTemplate.LAST_REMINDER: 0, "held": held}
    plan = {SmsTemplate.LAST_REMINDER: today}
    try:
        plan[SmsTemplate.REMINDER] = calendar.add_workdays(today, REMINDER_WORKDAYS)
    except YearNotLoaded:
        pass  # held above: the statements due after the last loaded day
    if held:
        log.warning(
            "reminders held: %d open statements cannot be reminded until the working-day calendar for "
            "the coming days is loaded (manage.py workdays load FILE)",
            held,
        )
    queued = {SmsTemplate.REMINDER: 0, "held": held}
    for template, due in plan.items():
        count = 0
        statements = (
            BalanceStatement.objects.open_for_answer().filter(due_date=due).select_related("agreement").order_by("pk")
        )
        batch: list[BalanceStatement] = []
        for statement in statements.iterator(chunk_size=2000):
            batch.append(statement)
            if len(batch) == 2000:
                count += _queue(template, batch)
                batch = []
        count += _queue(template, batch)
        queued[template] = count
    return queued


def _queue(template: str, statements: list[BalanceStatement]) -> int:
    if not statements:
        return 0
    with transaction.atomic():
        return notify_enqueue(
            template=template, items=notice_items(statements), key_extra=f":{statements[0].due_date:%Y%m%d}"
        )


def _check_statement_owed(account: BankAccount, spec: Period, today: dt.date) -> None:
    """Refuse an inquiry about a statement the bank does not owe yet, or one the client can already read.

    A dispatched statement may still not have reached the client (lost in the mail, not shown in their online
    banking), so only one the client has opened or answered in the portal counts as received.
    """
    if spec.end >= today:
        raise ServiceError(
            _("The period %(period)s has not ended yet; its statement is sent within 3 working days after %(end)s.")
            % {"period": spec.key, "end": spec.end},
            code="not_due",
        )
    agreement = Agreement.objects.current().filter(account=account).first()
    if agreement is not None and agreement.cycle == Cycle.QUARTERLY and not spec.is_quarter_end:
        quarter_period = Period(spec.year, (spec.month + 2) // 3 * 3)
        quarter = quarter_period.quarter_label
        if quarter_period.end >= today:  # the quarter the month belongs to is still running: nothing is owed yet
            raise ServiceError(
                _(
                    "Account %(account)s receives a statement every quarter, not every month; the statement for "
                    "%(quarter)s is sent after the quarter ends on %(end)s."
                )
                % {"account": account.number, "quarter": quarter, "end": quarter_period.end},
                code="not_owed",
            )
        raise ServiceError(
            _(
                "Account %(account)s receives a statement every quarter, not every month; ask about "
                "the quarter, e.g. %(quarter)s."
            )
            % {"account": account.number, "quarter": quarter},
            code="not_owed",
        )
    received = (
        BalanceStatement.objects.filter(account=account, period_end=spec.end)
        .filter(Q(viewed_at__isnull=False) | Q(answered_at__isnull=False))
        .order_by("-version")
        .first()
    )
    if received is not None:
        raise ServiceError(
            _("Statement %(number)s for this period was already opened on %(date)s; find it under Balance statements.")
            % {"number": received.number, "date": timezone.localdate(received.viewed_at or received.answered_at)},
            code="received",
        )


def inquiry_raise(*, actor: Actor, account_id: int, period: str, now: dt.datetime | None = None) -> NonReceiptInquiry:
    """“I have not received the statement”: in time if raised within 2 working days after the 5 allowed for
    delivery (counted from the run's dispatch deadline); either way it reaches ops with a 2-working-day deadline."""
    now = now or timezone.now()
    try:
        spec = parse_period(period)
    except PeriodError as exc:
        raise ServiceError(str(exc), code="bad_period") from exc
    with transaction.atomic():
        # The caller's right first, read without a lock: another customer's request must not make this account wait.
        if not is_company_user_of(actor, BankAccount.objects.get(pk=account_id)):
            raise ServiceError(_("You can only ask about your own company's accounts."), code="forbidden")
        account = BankAccount.objects.select_for_update().get(pk=account_id)
        if not is_company_user_of(actor, account):  # the account may have been given to another customer meanwhile
            raise ServiceError(_("You can only ask about your own company's accounts."), code="forbidden")
        if NonReceiptInquiry.objects.filter(
            account=account, period__in=[spec.key, spec.quarter_label], status=InquiryStatus.OPEN
        ).exists():
            raise ConflictError(_("You already asked about this period; the bank will answer."), code="duplicate")
        today = beijing_day(now)
        _check_statement_owed(account, spec, today)
        calendar = workday_calendar()
        run = StatementRun.objects.filter(period=spec.key).first()
        statement = BalanceStatement.objects.filter(account=account, period_end=spec.end).order_by("-version").first()
        if statement is None or statement.dispatched_at is None:
            in_time = True  # not sent yet (or a paper statement not yet posted): the client cannot be late
        else:
            # Counted from when this statement went out, or from the run's deadline if it went out earlier.
            sent = beijing_day(statement.dispatched_at)
            base = max(sent, run.dispatch_deadline) if run is not None else sent
            in_time = today <= non_receipt_window(calendar, base).inquire_by
        answer_due = calendar.add_workdays(today, INQUIRY_ANSWER_WORKDAYS)  # YearNotLoaded is a ServiceError
        inquiry = NonReceiptInquiry.objects.create(
            account=account,
            period=spec.key,
            raised_by=user_row(actor),
            raised_at=now,
            in_time=in_time,
            answer_due=answer_due,
        )
        audit_record(
            actor=actor,
            action="inquiry.raised",
            target=inquiry,
            after={"period": spec.key, "in_time": in_time, "answer_due": answer_due},
        )
    return inquiry


ANSWER_MAX_CHARS = 2000


def inquiry_answer(*, actor: Actor, inquiry_id: int, answer: str) -> NonReceiptInquiry:
    """Bank operations answer an inquiry; the client reads the answer on the inquiry page and its contact is told
    (on the agreement's notice channel, once: the outbox key names the inquiry) when the answer commits."""
    refuse_unless_bank(actor)
    answer = (answer or "").strip()
    if not answer:
        raise ServiceError(_("Write the answer for the client."), code="empty")
    # Shown to the client: the hidden characters every free text refuses (NUL, which PostgreSQL refuses in text, the
    # other controls, and the bidirectional overrides that reverse what the client reads).
    refuse_hidden_characters(answer, where=_("The answer"), code="invalid")
    if len(answer) > ANSWER_MAX_CHARS:
        # Refused, not cut: the client must read the whole answer the bank meant to give.
        raise ServiceError(
            _("The answer is %(n)s characters long; write at most %(max)s.")
            % {"n": len(answer), "max": ANSWER_MAX_CHARS},
            code="too_long",
        )
    with transaction.atomic():
        updated = NonReceiptInquiry.objects.filter(pk=inquiry_id, status=InquiryStatus.OPEN).update(
            status=InquiryStatus.ANSWERED, answer=answer
        )
        if updated != 1:
            if not NonReceiptInquiry.objects.filter(pk=inquiry_id).exists():
                raise ServiceError(
                    _("Inquiry %(id)s does not exist; reload the page.") % {"id": inquiry_id}, code="not_found"
                )
            raise ConflictError(_("This inquiry was already answered."), code="answered")
        inquiry = NonReceiptInquiry.objects.select_related("account").get(pk=inquiry_id)
        queued = _answer_notify(inquiry)
        audit_record(
            actor=actor,
            action="inquiry.answered",
            target=inquiry,
            after={"status": inquiry.status, "notice_queued": bool(queued)},
        )
    return inquiry


def _answer_notify(inquiry: NonReceiptInquiry) -> int:
    """The answered notice to the account's contact (the agreement in force): the period, never the answer's text
    (an SMS template carries no free text), and the page where the client reads it. Sent after commit."""
    agreement = Agreement.objects.current().filter(account_id=inquiry.account_id).first()
    if agreement is None:  # an account without agreement has no contact to tell; the portal still shows it
        return 0
    # Stored as the month that ends it ("2026-09" for Q3 too): a month ending no quarter is that month even where the
    # agreement has turned quarterly since (2026-08 is not 8 // 3, "第2季度").
    spec = parse_period(inquiry.period)
    period = spec.display(agreement.cycle if spec.is_quarter_end else "monthly")
    return contact_notify_enqueue(
        template=SmsTemplate.INQUIRY_ANSWERED,
        agreement=agreement,
        key=f"{SmsTemplate.INQUIRY_ANSWERED}:{inquiry.pk}",
        params={"period": period},
        path=reverse("portal:inquiry-new"),
    )
