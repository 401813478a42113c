"""Quiet hours: no SMS between 21:00 and 08:00 Beijing time; held messages go out at 08:00."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
QUIET_START = dt.time(21, 0)
QUIET_END = dt.time(8, 0)


def next_send_time(moment: dt.datetime) -> dt.datetime:
    """`moment` itself when sending is allowed, else the next 08:00 Beijing time (aware)."""
    if moment.tzinfo is None:
        raise ValueError("moment must be timezone-aware")
    local = moment.astimezone(SHANGHAI)
    if QUIET_END <= local.time() < QUIET_START:
        return moment
    day = local.date() if local.time() < QUIET_END else local.date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, QUIET_END, tzinfo=SHANGHAI)
