"""The confirmation loop driven as an outside tester drives it: the README's commands, the REST API and the pages,
with the clock frozen around Mid-Autumn / National Day 2026 (make-up Saturday 10-10) and the 2026/2027 year end.

Every date the product shows or stores is checked against a working-day count written here from the calendar
library's own tables, not the product's calendar code.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import chinese_calendar.constants as cc
import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader
from rest_framework.test import APIClient

from statements.models import BalanceStatement, Dispute, StatementRun, StatementStatus
from statements.reports import return_rates
from statements.reports_supervisory import follow_up_accounts, supervisory_rates
from statements.services.confirmations import confirmation_submit
from statements.services.disputes import dispute_resolve, dispute_take
from tests.fixtures.signing import post_signed, register_key

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
BJ = dt.timezone(dt.timedelta(hours=8))


def at(y, m, d, hh=10, mm=0, ss=0):
    return dt.datetime(y, m, d, hh, mm, ss, tzinfo=BJ)


def works(day: dt.date) -> bool:
    """Independent of the product: the library's tables, weekends off, and a year it lacks is an error."""
    if day in cc.workdays:
        return True
    if day in cc.holidays:
        return False
    if day.year not in {d.year for d in cc.holidays}:
        raise LookupError(day.year)
    return day.weekday() < 5


def nth_after(day: dt.date, n: int) -> dt.date:
    while n:
        day += dt.timedelta(days=1)
        n -= works(day)
    return day


def nth_of(first: dt.date, n: int) -> dt.date:
    day = first - dt.timedelta(days=1)
    return nth_after(day, n)


def pdf_bytes_text(data: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))


def pdf_text(path) -> str:
    return pdf_bytes_text(path.read_bytes())


def cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def test_the_calendar_facts_this_file_relies_on():
    assert works(dt.date(2026, 10, 10))  # make-up Saturday after National Day
    assert works(dt.date(2026, 9, 20))  # make-up Sunday before Mid-Autumn
    assert not works(dt.date(2026, 9, 25)) and not works(dt.date(2026, 10, 7))
    with pytest.raises(LookupError):
        works(dt.date(2027, 1, 4))


def test_quarter_end_before_national_day_every_date_shown_follows_the_rule(
    agreement_a, agreement_b, balances, customer_a, client_a, settings, tmp_path, django_capture_on_commit_callbacks
):
    """2026-Q3 (monthly A and quarterly B in one run), published on the first working day after National Day."""
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(at(2026, 10, 8, 9), tick=False), django_capture_on_commit_callbacks(execute=True):
        call_command("publish_statements", "--period", "2026-Q3", stdout=io.StringIO())
    run = StatementRun.objects.get()
    assert run.dispatch_deadline == nth_of(dt.date(2026, 10, 1), 3) == dt.date(2026, 10, 10)  # the make-up Saturday
    assert run.sms_deadline == nth_of(dt.date(2026, 10, 1), 5) == dt.date(2026, 10, 13)
    due = nth_after(dt.date(2026, 10, 8), 10)
    assert due == dt.date(2026, 10, 21)
    statements = {st.period: st for st in BalanceStatement.objects.all()}
    assert set(statements) == {"2026-09", "2026-Q3"}
    assert {st.due_date for st in statements.values()} == {due}
    mine = statements["2026-09"]
    api = APIClient()
    api.force_authenticate(client_a)
    with time_machine.travel(at(2026, 10, 9), tick=False):
        body = api.get(reverse("api:statement-detail", args=[mine.pk])).json()
        page = _page(client_a, mine)
    assert body["due_date"] == due.isoformat()
    assert f"{due:%Y-%m-%d} 23:59:59" in page
    mine.refresh_from_db()
    assert cn(due) in pdf_text(tmp_path / mine.pdf_path)


def _get(user, url: str) -> str:
    browser = Client()
    browser.force_login(user)
    return browser.get(url).content.decode()


def _page(user, statement) -> str:
    return _get(user, reverse("portal:statement-detail", args=[statement.pk]))


def test_answers_at_2359_count_and_at_0000_are_late_over_the_api(published, customer_a, customer_b, client_a):
    statement = published[customer_a.pk]
    due = nth_after(dt.date(2026, 10, 9), 10)
    assert statement.due_date == due == dt.date(2026, 10, 22)
    key = register_key(customer_a)
    api = APIClient()
    api.force_authenticate(client_a)
    url = reverse("api:statement-confirm", args=[statement.pk])
    with time_machine.travel(at(2026, 10, 23, 0, 0, 0), tick=False):
        late = post_signed(api, url, statement.pk, key, {"request_id": "late"})
    assert late.status_code in (400, 409, 422) and "2026-10-22" in late.json()["message"]
    with time_machine.travel(at(2026, 10, 22, 23, 59, 59), tick=False):
        in_time = post_signed(api, url, statement.pk, key, {"request_id": "in-time"})
    assert in_time.status_code == 200 and in_time.json()["status"] == "confirmed"


def test_run_deadlines_deems_only_the_day_after_the_due_date(published, customer_a, customer_b):
    due = published[customer_a.pk].due_date
    with time_machine.travel(at(2026, 10, 22, 23, 30), tick=False):
        call_command("run_deadlines", stdout=io.StringIO())
    assert not BalanceStatement.objects.filter(status=StatementStatus.DEEMED_CONFIRMED).exists()
    with time_machine.travel(at(due.year, due.month, due.day + 1, 0, 5), tick=False):
        call_command("run_deadlines", stdout=io.StringIO())
    assert BalanceStatement.objects.filter(status=StatementStatus.DEEMED_CONFIRMED).count() == 2
    september = next(r for r in supervisory_rates() if r.period == "2026-09")
    assert (september.due, september.received, september.deemed) == (1, 0, 1)


def _dispute(statement, client, ops, when):
    confirmation_submit(
        actor=client,
        statement_id=statement.pk,
        decision="disagree",
        book_balance="1249000.00",
        reason="interest not booked",
        now=when,
    )
    dispute = Dispute.objects.get(statement=statement)
    dispute_take(actor=ops, dispute_id=dispute.pk)
    return dispute


def test_a_settled_disagreement_left_to_lapse_is_still_a_received_answer(
    published, customer_a, client_a, ops, django_capture_on_commit_callbacks
):
    """不符 answered, settled as a client error (the window re-opens), then no second answer: the balance is deemed
    agreed, but the client did answer, and the return rate and the follow-up list must say so."""
    statement = published[customer_a.pk]
    dispute = _dispute(statement, client_a, ops, at(2026, 10, 12))
    with time_machine.travel(at(2026, 10, 16, 15), tick=False), django_capture_on_commit_callbacks(execute=True):
        dispute_resolve(actor=ops, dispute_id=dispute.pk, finding="client_error", resolution="interest was paid 09-30")
    statement.refresh_from_db()
    new_due = nth_after(dt.date(2026, 10, 16), 10)
    assert statement.status == StatementStatus.RESOLVED and statement.due_date == new_due == dt.date(2026, 10, 30)
    with time_machine.travel(at(2026, 10, 31, 1), tick=False):
        call_command("run_deadlines", stdout=io.StringIO())
    statement.refresh_from_db()
    assert statement.status == StatementStatus.DEEMED_CONFIRMED
    month = next(r for r in supervisory_rates() if r.period == "2026-09")
    assert (month.received, month.disagreed, month.deemed) == (1, 1, 0)
    dashboard = next(r for r in return_rates(by_branch=False) if r.period == "2026-09")
    assert (dashboard.answered, dashboard.disputed, dashboard.deemed) == (1, 1, 0)
    assert all(
        row.account_id != statement.account_id for row in follow_up_accounts(today=dt.date(2026, 11, 2), cycles=1)
    )


def test_a_reissued_version_has_its_own_window_and_is_deemed_after_it(
    published, customer_a, client_a, ops, settings, django_capture_on_commit_callbacks
):
    statement = published[customer_a.pk]
    dispute = _dispute(statement, client_a, ops, at(2026, 10, 12))
    # Resolved on a Friday evening: the new window counts from that Beijing day.
    with time_machine.travel(at(2026, 10, 16, 20), tick=False), django_capture_on_commit_callbacks(execute=True):
        dispute_resolve(
            actor=ops,
            dispute_id=dispute.pk,
            finding="bank_error",
            resolution="fee reversed",
            corrected_balance="1249000",
        )
    v2 = BalanceStatement.objects.get(previous=statement)
    assert v2.due_date == nth_after(dt.date(2026, 10, 16), 10) == dt.date(2026, 10, 30)
    assert v2.balance == Decimal("1249000.00")
    browser = Client()
    browser.force_login(client_a)
    with time_machine.travel(at(2026, 10, 19), tick=False):
        pdf = b"".join(browser.get(reverse("portal:statement-pdf", args=[v2.pk])).streaming_content)
    assert cn(v2.due_date) in pdf_bytes_text(pdf)
    with time_machine.travel(at(2026, 10, 30, 12), tick=False):
        call_command("run_deadlines", stdout=io.StringIO())
    assert BalanceStatement.objects.get(pk=v2.pk).status == StatementStatus.DISPATCHED
    with time_machine.travel(at(2026, 10, 31, 1), tick=False):
        call_command("run_deadlines", stdout=io.StringIO())
    assert BalanceStatement.objects.get(pk=v2.pk).status == StatementStatus.DEEMED_CONFIRMED
    assert BalanceStatement.objects.get(pk=statement.pk).status == StatementStatus.SUPERSEDED


def test_year_end_without_next_years_schedule_refuses_clearly_and_deems_nothing_early(
    agreement_a, account_a, customer_a, settings, tmp_path
):
    from statements.models import BalanceSource, PeriodBalance

    settings.MEDIA_ROOT = tmp_path
    PeriodBalance.objects.create(
        account=account_a, as_of=dt.date(2026, 12, 31), balance=Decimal("10.00"), source=BalanceSource.CORE_FEED
    )
    with time_machine.travel(at(2027, 1, 4, 9), tick=False):
        with pytest.raises(CommandError, match=r"2027.*not loaded.*/ops/workdays/"):
            call_command("publish_statements", "--period", "2026-12", stdout=io.StringIO())
        assert not BalanceStatement.objects.exists() and not StatementRun.objects.exists()
        call_command("run_deadlines", stdout=io.StringIO())
    assert not BalanceStatement.objects.filter(status=StatementStatus.DEEMED_CONFIRMED).exists()


def _paper_posted(ops, paper, posted_on: dt.date, recorded_at: dt.datetime, callbacks) -> None:
    """Ops print the batch on the publishing day, then record the posting on the paper-mail page."""
    browser = Client()
    browser.force_login(ops)
    with time_machine.travel(at(2026, 10, 9, 11), tick=False):
        browser.post(reverse("portal:ops-paper"), {"action": "create"})
    paper.refresh_from_db()
    with time_machine.travel(recorded_at, tick=False), callbacks(execute=True):
        browser.post(
            reverse("portal:ops-paper"),
            {"action": "posted", "batch": paper.paper_batch_id, "posted_on": posted_on.isoformat()},
        )
    paper.refresh_from_db()


def test_a_paper_posting_recorded_on_time_is_due_on_the_15th_working_day_after_the_postmark(
    paper_published, ops, django_capture_on_commit_callbacks
):
    paper = paper_published
    _paper_posted(ops, paper, dt.date(2026, 10, 9), at(2026, 10, 9, 17), django_capture_on_commit_callbacks)
    assert paper.status == StatementStatus.DISPATCHED
    assert paper.due_date == nth_after(dt.date(2026, 10, 9), 15) == dt.date(2026, 10, 29)


def test_a_paper_posting_recorded_late_never_leaves_the_client_less_than_the_answer_window(
    paper_published, ops, settings, django_capture_on_commit_callbacks
):
    """Posted 10-09 but recorded only on 11-05: by the postmark rule it was due 10-29, before the bank even
    recorded it as sent (until then the client could not answer online). Deeming it agreed at the next sweep would
    make silence count that the client never had the chance to break: the window runs 10 working days from the
    recording, and every copy states that date."""
    paper = paper_published
    _paper_posted(ops, paper, dt.date(2026, 10, 9), at(2026, 11, 5, 10), django_capture_on_commit_callbacks)
    due = nth_after(dt.date(2026, 11, 5), 10)
    assert paper.due_date == due == dt.date(2026, 11, 19)
    with time_machine.travel(at(2026, 11, 6, 1), tick=False):
        call_command("run_deadlines", stdout=io.StringIO())
    assert BalanceStatement.objects.get(pk=paper.pk).status == StatementStatus.DISPATCHED
    text = pdf_text(settings.MEDIA_ROOT / paper.pdf_path)
    assert f"回复截止时间：{cn(due)}23:59:59" in text
    assert "视为送达，请于送达后10个工作日内回复" not in text  # the postmark rule would give 10-29: not stated
    verify = Client().get(reverse("portal:verify", args=[paper.verification_code])).content.decode()
    assert due.isoformat() in verify


def test_deadlines_are_beijing_days_whatever_time_zone_the_server_displays(
    agreement_a, agreement_b, balances, customer_a, client_a, settings, tmp_path, django_capture_on_commit_callbacks
):
    """TIME_ZONE is a deployment setting (README); the agreement's days are Beijing days. Published at 07:30 Beijing
    on 10-09 (still 10-08 in UTC): dispatched 10-09, due 10-22; deemed by the sweep just after midnight Beijing."""
    settings.MEDIA_ROOT = tmp_path
    settings.TIME_ZONE = "UTC"
    with time_machine.travel(at(2026, 10, 9, 7, 30), tick=False), django_capture_on_commit_callbacks(execute=True):
        call_command("publish_statements", "--period", "2026-09", stdout=io.StringIO())
    statement = BalanceStatement.objects.get(account__customer=customer_a)
    assert statement.due_date == nth_after(dt.date(2026, 10, 9), 10) == dt.date(2026, 10, 22)
    with time_machine.travel(at(2026, 10, 23, 0, 5), tick=False):  # 16:05 UTC on 10-22, before the sweep
        page = _page(client_a, statement)
        batch = _get(client_a, reverse("portal:statements-batch"))
    assert statement.number not in batch  # past its due date in Beijing: no longer offered for answering
    assert "1 day left" not in page and "0 days left" not in page
    with time_machine.travel(at(2026, 10, 23, 0, 10), tick=False):  # 16:10 UTC on 10-22
        call_command("run_deadlines", stdout=io.StringIO())
    assert BalanceStatement.objects.get(pk=statement.pk).status == StatementStatus.DEEMED_CONFIRMED


def test_an_account_opened_mid_quarter_and_one_closed_in_it_through_the_commands(
    tmp_path, settings, django_capture_on_commit_callbacks
):
    """import_agreements with valid_from / status / status_since, import_balances, publish_statements for 2026-Q3:
    the account opened on 08-17 (quarterly) gets the quarter's statement, the one closed on 09-10 none."""
    from tests.factories import credit_code

    settings.MEDIA_ROOT = tmp_path
    header = "customer_name,credit_code,account_number,branch,cycle,channel,contact_name,mobile,status,status_since,valid_from"
    agreements = tmp_path / "agreements.csv"
    agreements.write_text(
        f"{header}\n"
        f"新开有限公司,{credit_code(41)},6222000000000041,上海分行,按季,online_banking,王丽,13812345678,active,,2026-08-17\n"
        f"销户有限公司,{credit_code(42)},6222000000000042,上海分行,monthly,website,李强,13901234567,closed,2026-09-10,"
        "2026-01-01\n",
        encoding="utf-8",
    )
    balances = tmp_path / "balances.csv"
    balances.write_text("account_number,currency,as_of,balance\n6222000000000041,CNY,2026-09-30,500000.00\n")
    with time_machine.travel(at(2026, 9, 28, 10), tick=False):  # a working Monday after Mid-Autumn
        call_command("import_agreements", str(agreements), stdout=io.StringIO())
    with time_machine.travel(at(2026, 10, 8, 9), tick=False), django_capture_on_commit_callbacks(execute=True):
        call_command("import_balances", str(balances), stdout=io.StringIO())
        call_command("publish_statements", "--period", "2026-Q3", stdout=io.StringIO())
    [statement] = BalanceStatement.objects.all()
    assert (statement.account.number, statement.period, statement.balance) == (
        "6222000000000041",
        "2026-Q3",
        Decimal("500000.00"),
    )
    assert statement.due_date == nth_after(dt.date(2026, 10, 8), 10)


def test_reminders_go_3_working_days_before_and_on_the_due_date_after_quiet_hours(published, customer_a):
    from statements.models import SmsMessage, SmsTemplate

    due = published[customer_a.pk].due_date
    reminder_day = next(d for d in (due - dt.timedelta(days=n) for n in range(1, 10)) if nth_after(d, 3) == due)
    assert reminder_day == dt.date(2026, 10, 19)
    for day in (dt.date(2026, 10, 16), reminder_day, due):
        with time_machine.travel(at(day.year, day.month, day.day, 7, 50), tick=False):
            call_command("run_deadlines", stdout=io.StringIO())
    sent = {
        (m.template, m.not_before.astimezone(BJ))
        for m in SmsMessage.objects.filter(statement=published[customer_a.pk]).exclude(template="statement_notice")
    }
    assert sent == {(SmsTemplate.REMINDER, at(2026, 10, 19, 8)), (SmsTemplate.LAST_REMINDER, at(2026, 10, 22, 8))}
