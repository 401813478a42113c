"""Business gauges for Prometheus, computed on scrape with one query each and kept ``METRICS_CACHE_SECONDS``.

The request, database, cache and Celery metrics come from django-prometheus and ``system.celery_metrics``; these
are what operations alert on (deploy/prometheus/alerts.yml).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

DISPUTE_BUCKETS = (("0-2d", 0, 3), ("3-6d", 3, 7), ("7-13d", 7, 14), ("14-29d", 14, 30), ("30d+", 30, None))
# Every name this module exports, for the alert rules' test.
GAUGES = (
    "portal_statements_awaiting_answer",
    "portal_statements_overdue",
    "portal_statements_deemed_today",
    "portal_disputes_open",
    "portal_sms_messages",
    "portal_imports_pending_stale",
    "portal_publish_chunks_stalled",
    "portal_calendar_days_left",
    "portal_reminders_held",
    "portal_business_metrics_errors",
)


def _statements(today: dt.date) -> list[GaugeMetricFamily]:
    from statements.models import BalanceStatement

    awaiting = GaugeMetricFamily(
        "portal_statements_awaiting_answer", "Statements sent and not yet answered, by period", labels=["period"]
    )
    for row in BalanceStatement.objects.open_for_answer().values("period").annotate(n=Count("id")).order_by("period"):
        awaiting.add_metric([row["period"]], row["n"])
    overdue = GaugeMetricFamily(
        "portal_statements_overdue", "Statements still open for an answer after their due date (the daily sweep lags)"
    )
    overdue.add_metric([], BalanceStatement.objects.open_for_answer().filter(due_date__lt=today).count())
    return [awaiting, overdue]


def _deemed_today(today: dt.date) -> GaugeMetricFamily:
    from core.models import AuditEvent

    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    total = sum(
        len((after or {}).get("statement_ids") or [])
        for after in AuditEvent.objects.filter(action="statements.deemed_confirmed", created_at__gte=start).values_list(
            "after", flat=True
        )
    )
    gauge = GaugeMetricFamily("portal_statements_deemed_today", "Statements deemed confirmed (视同相符) today")
    gauge.add_metric([], total)
    return gauge


def _disputes(now: dt.datetime) -> GaugeMetricFamily:
    from statements.models import Dispute, DisputeStatus

    filters = {}
    for label, low, high in DISPUTE_BUCKETS:
        window = Q(opened_at__lte=now - dt.timedelta(days=low))
        if high is not None:
            window &= Q(opened_at__gt=now - dt.timedelta(days=high))
        filters[label] = Count("id", filter=window)
    counts = Dispute.objects.filter(status__in=[DisputeStatus.OPEN, DisputeStatus.INVESTIGATING]).aggregate(**filters)
    gauge = GaugeMetricFamily("portal_disputes_open", "Open disputes by age since opened", labels=["age"])
    for label, _low, _high in DISPUTE_BUCKETS:
        gauge.add_metric([label], counts[label] or 0)
    return gauge


def _sms() -> GaugeMetricFamily:
    from statements.models import SmsMessage, SmsStatus

    wanted = [SmsStatus.QUEUED, SmsStatus.SENDING, SmsStatus.FAILED]
    counts = dict(SmsMessage.objects.filter(status__in=wanted).values_list("status").annotate(n=Count("id")))
    gauge = GaugeMetricFamily(
        "portal_sms_messages", "SMS not (yet) delivered to the provider, by status", labels=["status"]
    )
    for status in wanted:
        gauge.add_metric([str(status)], counts.get(status, 0))
    return gauge


def _imports(now: dt.datetime) -> GaugeMetricFamily:
    from reconcile.models import Import, ImportStatus

    minutes = settings.METRICS_IMPORT_STALE_MINUTES
    gauge = GaugeMetricFamily(
        "portal_imports_pending_stale", f"Imports still processing {minutes} minutes after they arrived"
    )
    gauge.add_metric(
        [],
        Import.objects.filter(status=ImportStatus.PENDING, created_at__lt=now - dt.timedelta(minutes=minutes)).count(),
    )
    return gauge


def _chunks(now: dt.datetime) -> GaugeMetricFamily:
    from statements.models import RunChunk, RunStatus

    minutes = settings.METRICS_CHUNK_STALL_MINUTES
    gauge = GaugeMetricFamily(
        "portal_publish_chunks_stalled", f"Publishing chunks not done in runs started more than {minutes} minutes ago"
    )
    gauge.add_metric(
        [],
        RunChunk.objects.filter(
            done_at__isnull=True, run__status=RunStatus.RUNNING, run__started_at__lt=now - dt.timedelta(minutes=minutes)
        ).count(),
    )
    return gauge


def _calendar(today: dt.date) -> list[GaugeMetricFamily]:
    from statements.selectors import reminders_held
    from system.checks import calendar_coverage

    coverage = calendar_coverage(today)
    days = GaugeMetricFamily(
        "portal_calendar_days_left", "Days from today to the last day the working-day calendar covers (0: today is not)"
    )
    days.add_metric([], coverage["days_left"])
    held = GaugeMetricFamily(
        "portal_reminders_held", "Open statements whose reminder is held because the calendar lacks a year"
    )
    held.add_metric([], reminders_held(today, coverage["calendar"]))
    return [days, held]


class BusinessCollector(Collector):
    """A prometheus_client collector; registered on the registry /metrics builds per scrape."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cached: tuple[float, list[Any]] | None = None

    def collect(self) -> Iterator[Any]:
        ttl = settings.METRICS_CACHE_SECONDS
        with self._lock:
            if self._cached is None or time.monotonic() - self._cached[0] >= ttl:
                self._cached = (time.monotonic(), self._compute())
            families = self._cached[1]
        yield from families

    def _compute(self) -> list[Any]:
        now = timezone.now()
        today = timezone.localdate(now)
        families: list[Any] = []
        errors = GaugeMetricFamily(
            "portal_business_metrics_errors",
            "Business gauges that could not be computed at the last scrape",
            labels=["gauge"],
        )
        for name, compute in (
            ("statements", lambda: _statements(today)),
            ("deemed", lambda: [_deemed_today(today)]),
            ("disputes", lambda: [_disputes(now)]),
            ("sms", lambda: [_sms()]),
            ("imports", lambda: [_imports(now)]),
            ("chunks", lambda: [_chunks(now)]),
            ("calendar", lambda: _calendar(today)),
        ):
            try:
                families.extend(compute())
                errors.add_metric([name], 0)
            except Exception:  # noqa: BLE001 - one broken gauge must not hide the others (nor the request metrics)
                import logging

                logging.getLogger(__name__).exception("business gauge %s failed", name)
                errors.add_metric([name], 1)
        families.append(errors)
        return families


business_collector = BusinessCollector()
