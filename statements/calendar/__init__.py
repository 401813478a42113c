"""The working-day calendar and agreement deadlines (pure rules; the override file is read as every uploaded table is,
through core.tabular)."""

from .overrides_csv import YearSummary, parse_overrides_csv, year_summary
from .plausibility import makeup_problems, schedule_problems
from .rules import (
    SHANGHAI,
    NonReceiptWindow,
    beijing_day,
    dispatch_deadline,
    end_of_day,
    is_answer_in_time,
    next_period_start,
    non_receipt_window,
    paper_received_date,
    paper_response_due_date,
    response_deadline,
    response_due_date,
    sms_notice_deadline,
)
from .workdays import HOLIDAY, LOAD_COMMAND, WORKDAY, WorkdayCalendar, YearNotLoaded

__all__ = [
    "HOLIDAY",
    "LOAD_COMMAND",
    "SHANGHAI",
    "WORKDAY",
    "NonReceiptWindow",
    "WorkdayCalendar",
    "YearNotLoaded",
    "YearSummary",
    "beijing_day",
    "dispatch_deadline",
    "end_of_day",
    "is_answer_in_time",
    "makeup_problems",
    "next_period_start",
    "non_receipt_window",
    "paper_received_date",
    "paper_response_due_date",
    "parse_overrides_csv",
    "response_deadline",
    "response_due_date",
    "schedule_problems",
    "sms_notice_deadline",
    "year_summary",
]
