"""Deadlines from the client agreement (余额对账协议), as small pure functions.

* 回复截止日 due date = the 10th working day after the dispatch date; answers
  count until 23:59:59 Asia/Shanghai on that day.
* 发送截止日 dispatch deadline = the 3rd working day of the new period.
* 短信通知截止日 SMS notice deadline = the 5th working day of the new period.
* 未收到对账单 a client who has not received the statement within 5 working
  days (after dispatch) must ask for it within the following 2 working days.
* 纸质对账单 a paper statement is answered within 10 working days after the
  client receives it; it counts as received on the 5th working day after it
  was posted (the agreement's delivery allowance above, after which a client
  who has not received it must ask), so its due date is the 15th working day
  after the posting date.

"After the dispatch date" never counts the dispatch day itself (see
:meth:`WorkdayCalendar.add_workdays`).  "Of the new period" counts the
period's first day inclusively (:meth:`WorkdayCalendar.nth_workday_of_period`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final
from zoneinfo import ZoneInfo

from .workdays import WorkdayCalendar

SHANGHAI: Final = ZoneInfo("Asia/Shanghai")

RESPONSE_WORKDAYS: Final = 10
DISPATCH_NTH_WORKDAY: Final = 3
SMS_NOTICE_NTH_WORKDAY: Final = 5
RECEIPT_WORKDAYS: Final = 5
NON_RECEIPT_INQUIRY_WORKDAYS: Final = 2


def end_of_day(day: dt.date) -> dt.datetime:
    """23:59:59 Asia/Shanghai on ``day`` (aware)."""
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=SHANGHAI)


def response_due_date(cal: WorkdayCalendar, dispatch_date: dt.date) -> dt.date:
    return cal.add_workdays(dispatch_date, RESPONSE_WORKDAYS)


def paper_response_due_date(cal: WorkdayCalendar, posted_on: dt.date) -> dt.date:
    """Due date of a paper statement: 10 working days after its deemed receipt, 5 working days after posting."""
    return cal.add_workdays(paper_received_date(cal, posted_on), RESPONSE_WORKDAYS)


def paper_received_date(cal: WorkdayCalendar, posted_on: dt.date) -> dt.date:
    return cal.add_workdays(posted_on, RECEIPT_WORKDAYS)


def response_deadline(cal: WorkdayCalendar, dispatch_date: dt.date) -> dt.datetime:
    """Aware datetime (Asia/Shanghai) of the last second answers still count."""
    return end_of_day(response_due_date(cal, dispatch_date))


def _shanghai_day(moment: dt.datetime) -> dt.date:
    if moment.tzinfo is None or moment.utcoffset() is None:
        # A naive timestamp from a server in UTC would shift answers by 8h.
        raise ValueError(f"timestamp must be timezone-aware, got naive {moment!r}")
    return moment.astimezone(SHANGHAI).date()


def beijing_day(moment: dt.datetime) -> dt.date:
    """The Beijing calendar day of an aware moment: the agreement's days (dispatch, due, deemed) are Beijing days,
    whatever time zone a deployment's TIME_ZONE displays."""
    return _shanghai_day(moment)


def is_answer_in_time(cal: WorkdayCalendar, dispatch_date: dt.date, answered_at: dt.datetime) -> bool:
    """True if ``answered_at`` falls on or before the due date in Shanghai time.

    Compared by Shanghai calendar day rather than ``<= 23:59:59`` so that an
    answer stamped 23:59:59.6 is still in time.
    """
    return _shanghai_day(answered_at) <= response_due_date(cal, dispatch_date)


def next_period_start(period_end: dt.date) -> dt.date:
    """First day of the period following one that ended on ``period_end``."""
    return period_end + dt.timedelta(days=1)


def dispatch_deadline(cal: WorkdayCalendar, new_period_start: dt.date) -> dt.date:
    """Last day the bank may dispatch statements for the period just ended."""
    return cal.nth_workday_of_period(new_period_start, DISPATCH_NTH_WORKDAY)


def sms_notice_deadline(cal: WorkdayCalendar, new_period_start: dt.date) -> dt.date:
    return cal.nth_workday_of_period(new_period_start, SMS_NOTICE_NTH_WORKDAY)


@dataclass(frozen=True)
class NonReceiptWindow:
    expected_by: dt.date  # statement should have arrived by end of this day
    inquire_by: dt.date  # client must ask for it by end of this day

    @property
    def inquire_deadline(self) -> dt.datetime:
        return end_of_day(self.inquire_by)


def non_receipt_window(cal: WorkdayCalendar, dispatch_date: dt.date) -> NonReceiptWindow:
    expected_by = cal.add_workdays(dispatch_date, RECEIPT_WORKDAYS)
    return NonReceiptWindow(
        expected_by=expected_by,
        inquire_by=cal.add_workdays(expected_by, NON_RECEIPT_INQUIRY_WORKDAYS),
    )
