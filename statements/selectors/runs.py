"""Reads for publishing runs: each run's service levels (dispatch and SMS notice deadlines) against what happened.

Two kinds of lateness are shown to the bank: what is still pending after a deadline (the bank can still act),
and what already went out after it (the agreement was missed and the bank has to be able to say how often).
Counts are aggregated in SQL, two queries whatever the number of runs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Max, Q, QuerySet
from django.db.models.functions import Coalesce, TruncDate
from django.db.models.lookups import GreaterThan
from django.utils import timezone

from reconcile.selectors.jobs import stall_cutoff
from statements.calendar import SHANGHAI
from statements.channels.registry import channel
from statements.models import (
    AgreementQuerySet,
    BalanceStatement,
    RunStatus,
    SmsMessage,
    SmsStatus,
    SmsTemplate,
    StatementRun,
    StatementStatus,
)
from statements.notify.base import NotifyChannel
from statements.notify.registry import REGISTRY as NOTIFY_CHANNELS
from statements.notify.registry import notice_channel
from statements.selectors.outbox import held_for_quiet_hours_q

DASHBOARD_RUNS = 12


@dataclass(frozen=True)
class RunDeadlines:
    run: StatementRun
    pending_dispatch: int  # not dispatched yet (superseded versions aside)
    dispatched_late: int  # first issues dispatched on a Beijing day after run.dispatch_deadline
    unsent_sms: int  # statement notices not sent yet (those of superseded versions aside)
    sms_sent_late: int  # first issues' notices sent on a Beijing day after run.sms_deadline
    dispatch_overdue: bool  # something is still pending and the dispatch deadline has passed
    sms_overdue: bool
    held_sms: int = 0  # of the unsent: held by quiet hours (they go at held_until)
    held_until: dt.datetime | None = None

    @property
    def held_until_text(self) -> str:
        """When the notices held by quiet hours go, Beijing time ("" when none is held)."""
        return timezone.localtime(self.held_until, SHANGHAI).strftime("%Y-%m-%d %H:%M") if self.held_until else ""

    @property
    def progress(self) -> int:
        run = self.run
        return int(100 * run.chunks_done / run.chunks_total) if run.chunks_total else 100


def _beijing_day_after(timestamp: str, deadline: str) -> GreaterThan:
    # The agreement's deadlines are Beijing calendar days and the deadline day itself is in time, so the
    # timestamp's Beijing date is compared: not its UTC date (a day behind from 00:00 to 08:00 Beijing), nor the
    # date in settings.TIME_ZONE (which a deployment may set otherwise).
    return GreaterThan(TruncDate(timestamp, tzinfo=SHANGHAI), F(deadline))


def run_deadlines(
    today: dt.date, *, runs: QuerySet[StatementRun] | None = None, limit: int = DASHBOARD_RUNS
) -> list[RunDeadlines]:
    """The newest ``limit`` runs (of ``runs``, default all), newest period first, with their deadline counts.

    Only first issues count as dispatched or notified late: a version re-issued after a dispute is dispatched
    when the dispute is resolved, not within the period's service level. A superseded first issue still
    counts, since its lateness happened before it was replaced.
    """
    first_issue = Q(statements__previous__isnull=True)
    annotated = list(
        (runs if runs is not None else StatementRun.objects.all())
        .order_by("-period_end")
        .annotate(
            pending_dispatch=Count(
                "statements",
                filter=Q(statements__dispatched_at__isnull=True) & ~Q(statements__status=StatementStatus.SUPERSEDED),
            ),
            dispatched_late=Count(
                "statements",
                filter=Q(first_issue, _beijing_day_after("statements__dispatched_at", "dispatch_deadline")),
            ),
        )[:limit]
    )
    if not annotated:
        return []
    held = held_for_quiet_hours_q(timezone.now())
    notices = (
        SmsMessage.objects.filter(
            template=SmsTemplate.STATEMENT_NOTICE, statement__run__in=[run.pk for run in annotated]
        )
        .order_by()
        .values("statement__run")
        .annotate(
            unsent=Count("id", filter=~Q(status=SmsStatus.SENT) & ~Q(statement__status=StatementStatus.SUPERSEDED)),
            held=Count("id", filter=held & ~Q(statement__status=StatementStatus.SUPERSEDED)),
            held_until=Max("not_before", filter=held & ~Q(statement__status=StatementStatus.SUPERSEDED)),
            late=Count(
                "id",
                filter=Q(
                    Q(status=SmsStatus.SENT, statement__previous__isnull=True),
                    _beijing_day_after("sent_at", "statement__run__sms_deadline"),
                ),
            ),
        )
    )
    sms = {row["statement__run"]: (row["unsent"], row["late"], row["held"], row["held_until"]) for row in notices}
    rows = []
    for run in annotated:
        unsent, sent_late, held_sms, held_until = sms.get(run.pk, (0, 0, 0, None))
        rows.append(
            RunDeadlines(
                run=run,
                pending_dispatch=run.pending_dispatch,
                dispatched_late=run.dispatched_late,
                unsent_sms=unsent,
                sms_sent_late=sent_late,
                dispatch_overdue=bool(run.pending_dispatch) and today > run.dispatch_deadline,
                sms_overdue=bool(unsent) and today > run.sms_deadline,
                held_sms=held_sms,
                held_until=held_until,
            )
        )
    return rows


def run_deadlines_of(run: StatementRun, today: dt.date) -> RunDeadlines:
    """One run's counts (any run, not only the dashboard's newest)."""
    return run_deadlines(today, runs=StatementRun.objects.filter(pk=run.pk))[0]


def stalled_runs(now: dt.datetime | None = None) -> QuerySet[StatementRun]:
    """Runs still publishing whose last chunk (or start) is older than JOBS_STALL_SECONDS: no worker is on them.

    Annotated with ``idle_since``, the time of that last progress.
    """
    return (
        StatementRun.objects.filter(status=RunStatus.RUNNING, given_up_at__isnull=True)
        .annotate(idle_since=Coalesce("progress_at", "started_at"))
        .filter(idle_since__lt=stall_cutoff(now))
    )


def stalled_run_ids(now: dt.datetime | None = None) -> set[int]:
    return set(stalled_runs(now).values_list("pk", flat=True))


def given_up_runs() -> QuerySet[StatementRun]:
    """Runs the watchdog stopped resuming after JOBS_MAX_REQUEUES resumptions: a person must look at them."""
    return StatementRun.objects.filter(status=RunStatus.RUNNING, given_up_at__isnull=False)


def stale_paper_pdfs(now: dt.datetime | None = None) -> QuerySet[BalanceStatement]:
    """Posted paper statements whose stored PDF is older than the recording of their posting (so it states no due
    date, or an old one) for longer than JOBS_STALL_SECONDS: the re-rendering queued then was lost or failed.

    A statement without a stored PDF is not stale (its PDF is drawn, with the due date, when first downloaded)."""
    posted = F("paper_batch__posted_recorded_at")
    return (
        BalanceStatement.objects.filter(
            paper_batch__posted_recorded_at__lt=stall_cutoff(now),
            dispatched_at__isnull=False,
            pdf_given_up_at__isnull=True,
        )
        .exclude(pdf_path="")
        .filter(Q(pdf_rendered_at__isnull=True) | Q(pdf_rendered_at__lt=posted))
    )


def given_up_pdfs() -> QuerySet[BalanceStatement]:
    """Statements whose PDF the watchdog stopped rendering again: they still state an old due date."""
    return BalanceStatement.objects.filter(pdf_given_up_at__isnull=False)


def publish_notice_counts(agreements: AgreementQuerySet) -> tuple[tuple[str, int], ...]:
    """How many notices each channel sends when the agreements' statements are published: one per statement dispatched
    at once, on its contact's channel (``notice_channel``, as the outbox sends). Counted per kind of contact in SQL,
    not per agreement in Python: a run has one row per combination of channels and addresses present."""
    fields = sorted({c.address_field for c in NOTIFY_CHANNELS.values()})
    flags = {f"has_{field}": ExpressionWrapper(~Q(**{field: ""}), output_field=BooleanField()) for field in fields}
    kinds = agreements.annotate(**flags).values("channel", "notify_channel", *flags).annotate(n=Count("pk"))
    counts = dict.fromkeys(NOTIFY_CHANNELS, 0)
    for kind in kinds.order_by():
        if not channel(kind["channel"]).dispatched_on_publish:
            continue  # a letter's notice waits for its posting
        told = notice_channel(kind["notify_channel"], partial(_has_address, kind))
        if told is not None:
            counts[told.name] += kind["n"]
    return tuple((name, n) for name, n in counts.items() if n)


def _has_address(kind: dict[str, Any], on: NotifyChannel) -> bool:
    return bool(kind[f"has_{on.address_field}"])
