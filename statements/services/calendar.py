"""Loading next year's official schedule into the override table (all-or-nothing, audited)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reconcile.errors import ServiceError
from reconcile.services.audit import audit_record
from statements.calendar import OverridesCSVError, YearSummary, parse_overrides_csv, year_summary
from statements.models import WorkdayOverride


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    unchanged: int
    years: list[YearSummary]


def workdays_load(*, actor: Any, data: bytes, source: str = "") -> LoadResult:
    try:
        days = parse_overrides_csv(data)
    except OverridesCSVError as exc:
        raise ServiceError(_("Nothing was loaded; fix these lines and load the file again:") + "\n"
                           + "\n".join(str(e) for e in exc.errors), code="calendar_csv") from exc
    created = updated = unchanged = 0
    with transaction.atomic():
        existing = {o.date: o for o in WorkdayOverride.objects.select_for_update().filter(date__in=list(days))}
        fresh = []
        for day, kind in sorted(days.items()):
            current = existing.get(day)
            if current is None:
                fresh.append(WorkdayOverride(date=day, kind=kind, note=source[:200],
                                             created_by=actor if getattr(actor, "pk", None) else None))
                created += 1
            elif current.kind != kind:
                WorkdayOverride.objects.filter(pk=current.pk).update(kind=kind, note=source[:200], updated_at=timezone.now())
                updated += 1
            else:
                unchanged += 1
        WorkdayOverride.objects.bulk_create(fresh)
        audit_record(actor=actor, action="calendar.loaded", target_type="statements.workdayoverride",
                     target_id=source[:64], after={"created": created, "updated": updated,
                                                   "years": sorted({d.year for d in days})})
    return LoadResult(created, updated, unchanged, year_summary(days))
