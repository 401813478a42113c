"""Loading next year's official schedule into the override table (all-or-nothing, audited).

A year's schedule is accepted only when it is plausible (statements.calendar.plausibility): a file cut short would
otherwise mark the whole year loaded and turn its missing holidays into working days. `force` accepts it anyway
(a schedule the State Council really changed so), audited as such and shown on the ops dashboard until a plausible
schedule for that year is loaded.

A file is merged into the table (an emergency change is one row). When the merge is implausible only because of
rows already stored for the file's years (a schedule accepted with force, then the official one) and the file alone
is a plausible schedule of those years, the file replaces them: the stored days it does not list are removed,
audited and reported. Otherwise a wrong forced load could only be repaired by deleting rows by hand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.actors import Actor, user_row
from core.errors import ServiceError
from core.services.audit import audit_record
from statements.calendar import (
    WorkdayCalendar,
    YearSummary,
    makeup_problems,
    parse_overrides_csv,
    schedule_problems,
    year_summary,
)
from statements.models import WorkdayOverride


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    unchanged: int
    years: list[YearSummary]
    problems: list[str]  # accepted with force although implausible (empty otherwise)
    removed: list[dt.date] = field(default_factory=list)  # stored days of the file's years it replaced

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed)


class ImplausibleSchedule(ServiceError):
    code = "calendar_implausible"

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            _("Nothing was loaded: the schedule does not look like a complete State Council holiday schedule.")
            + "\n"
            + "\n".join(problems)
            + "\n"
            + _(
                "List every holiday and every make-up working day of the year, as in the State "
                "Council's notice. If the official schedule really is so, load it again with --force "
                "(admin: tick “Accept although incomplete”); that is recorded and shown on the "
                "operations dashboard."
            )
        )


def schedule_check(days: dict, current: dict) -> list[str]:
    """What is implausible about the years `days` touch once merged with the `current` override table."""
    before = WorkdayCalendar(current)
    after = WorkdayCalendar(current | days)
    problems = makeup_problems(days, before)
    for year in sorted({day.year for day in days}):
        problems += schedule_problems(after, year)
    return problems


def workdays_load(*, actor: Actor | None, data: bytes, source: str = "", force: bool = False) -> LoadResult:
    # Refused as every uploaded table is (core.tabular): the rows' problems at once, or the file named.
    days = parse_overrides_csv(data, source or "workdays.csv")
    created = updated = unchanged = 0
    with transaction.atomic():
        current = dict(WorkdayOverride.objects.select_for_update().values_list("date", "kind"))
        problems = schedule_check(days, current)
        removed: list[dt.date] = []
        if problems:
            years = {day.year for day in days}
            others = {day: kind for day, kind in current.items() if day.year not in years}
            if not schedule_check(days, others):  # a whole plausible schedule: it replaces what its years held
                removed = sorted(day for day in current if day.year in years and day not in days)
                problems = []
        if problems and not force:
            raise ImplausibleSchedule(problems)
        if removed:
            WorkdayOverride.objects.filter(date__in=removed).delete()
        existing = {o.date: o for o in WorkdayOverride.objects.filter(date__in=list(days))}
        fresh = []
        for day, kind in sorted(days.items()):
            current = existing.get(day)
            if current is None:
                fresh.append(WorkdayOverride(date=day, kind=kind, note=source[:200], created_by=user_row(actor)))
                created += 1
            elif current.kind != kind:
                WorkdayOverride.objects.filter(pk=current.pk).update(
                    kind=kind, note=source[:200], updated_at=timezone.now()
                )
                updated += 1
            else:
                unchanged += 1
        if not (created or updated or removed):
            # The same schedule loaded again (by content, whatever the file is called): nothing changed, nothing is
            # written, and nothing was accepted with force now, so no audit event either.
            return LoadResult(0, 0, unchanged, year_summary(days), [], [])
        WorkdayOverride.objects.bulk_create(fresh)
        audit_record(
            actor=actor,
            action="calendar.loaded_forced" if problems else "calendar.loaded",
            target_type="statements.workdayoverride",
            target_id=source[:64],
            after={
                "created": created,
                "updated": updated,
                "years": sorted({d.year for d in days}),
                **({"removed": [day.isoformat() for day in removed]} if removed else {}),
                **({"forced": True, "problems": problems} if problems else {}),
            },
        )
    return LoadResult(created, updated, unchanged, year_summary(days), problems, removed)


def unchanged_sentence(result: LoadResult, name: str) -> str:
    """What a load that changed nothing says ("" when it changed something)."""
    if result.changed:
        return ""
    return ngettext(
        "%(name)s is unchanged: its %(n)s day is loaded already as it is; nothing was written.",
        "%(name)s is unchanged: its %(n)s days are loaded already as they are; nothing was written.",
        result.unchanged,
    ) % {"name": name, "n": result.unchanged}


def removed_sentence(result: LoadResult) -> str:
    """What a load that replaced stored days of its years says about them ("" when it replaced none)."""
    if not result.removed:
        return ""
    return ngettext(
        "Replaced the rows stored before for %(years)s: %(n)s day the schedule does not list was removed (%(dates)s).",
        "Replaced the rows stored before for %(years)s: %(n)s days the schedule does not list were removed "
        "(%(dates)s).",
        len(result.removed),
    ) % {
        "years": ", ".join(str(y) for y in sorted({day.year for day in result.removed})),
        "n": len(result.removed),
        "dates": ", ".join(day.isoformat() for day in result.removed),
    }
