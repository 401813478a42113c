"""Statement periods: `2026-09` (a month) or `2026-Q3` (a quarter). Pure."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE)


class PeriodError(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    year: int
    month: int  # the period's last month

    @property
    def key(self) -> str:
        """The run key: every publishing for a month end is one run (monthly and quarterly accounts)."""
        return f"{self.year}-{self.month:02d}"

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def is_quarter_end(self) -> bool:
        return self.month % 3 == 0

    @property
    def quarter_label(self) -> str:
        return f"{self.year}-Q{self.month // 3}"

    def label_for(self, cycle: str) -> str:
        return self.quarter_label if cycle == "quarterly" else self.key

    def start_for(self, cycle: str) -> dt.date:
        first_month = self.month - 2 if cycle == "quarterly" else self.month
        return dt.date(self.year, first_month, 1)

    def display(self, cycle: str) -> str:
        if cycle == "quarterly":
            return f"{self.year}年第{self.month // 3}季度"
        return f"{self.year}年{self.month}月"


def parse_period(text: str) -> Period:
    value = (text or "").strip()
    if m := _MONTH.match(value):
        year, month = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            raise PeriodError(_("'%(value)s': the month must be 01 to 12.") % {"value": value})
        return Period(year, month)
    if m := _QUARTER.match(value):
        return Period(int(m.group(1)), int(m.group(2)) * 3)
    raise PeriodError(
        _("'%(value)s' is not a period; write 2026-09 for a month or 2026-Q3 for a quarter.") % {"value": value}
    )


def period_order(text: str) -> tuple[int, int, int]:
    """Sort key putting periods in time order: `2026-09` < `2026-Q3` < `2026-10` (a quarter right after its last
    month, when it is complete). Text that is not a period sorts first."""
    try:
        period = parse_period(text)
    except PeriodError:
        return (0, 0, 0)
    return (period.year, period.month, 1 if "q" in text.lower() else 0)
