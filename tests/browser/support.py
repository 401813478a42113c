"""Plain helpers for the browser journeys: texts, logging in, dates on the real clock, publishing, downloads."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.utils import timezone, translation
from django.utils.translation import gettext

PASSWORD = "Test@2026!"  # tests.factories.UserFactory


def expect(*args, **kwargs):
    """Playwright's `expect`, imported late: without the package this folder must still collect (and skip)."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(*args, **kwargs)


def tr(msgid: str) -> str:
    """What the Chinese UI shows for an English msgid (its translation, or the msgid while untranslated).

    Used to find buttons and links by their visible name without tying a test to a translation that is still
    being written; assertions on finished translations spell the Chinese out.
    """
    with translation.override("zh-hans"):
        return gettext(msgid)


def exact(text: str) -> re.Pattern:
    return re.compile(rf"^\s*{re.escape(text)}\s*$")


def log_in(page, username: str, password: str = PASSWORD) -> None:
    page.goto("/login/")
    expect(page.get_by_role("heading", name="登录")).to_be_visible()
    page.get_by_label("用户名", exact=True).fill(username)
    page.get_by_label("密码", exact=True).fill(password)
    submit(page, page.get_by_role("button", name="登录", exact=True))
    page.wait_for_url("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(username)


def submit(page, control) -> None:
    """Click a form's submit control and wait for the page the server answers with (POST, redirect, GET).

    Needed where the answer comes back to the same URL (the workbench, a dispute, onboarding): waiting for a URL
    would return at once, before the server has done anything.
    """
    with page.expect_navigation(wait_until="load"):
        control.click()


def sign_answer(page, code: str | None = None, *, several: bool = False) -> None:
    """On the code page an answer leads to: enter the code the SMS carried (read from the outbox, as the phone would
    show it), or ``code``, and sign. Waits for the page the server answers with. ``several``: the page of a group's
    answers to several statements, worded in the plural."""
    from tests.fixtures.signing import code_sent

    page.wait_for_url(re.compile(r"/answers/sign/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        tr("Sign your answers" if several else "Sign your answer")
    )
    challenge = int(re.search(r"/answers/sign/(\d+)/", page.url).group(1))
    page.get_by_label(tr("Code"), exact=True).fill(code or code_sent(challenge))
    submit(
        page,
        page.get_by_role("button", name=tr("Sign and send the answers" if several else "Sign and send the answer")),
    )


def column_cell(table, row, header: str):
    """The cell of `row` under the column headed `header` in `table` (robust to columns added or moved)."""
    headers = [text.strip() for text in table.locator("thead th").all_inner_texts()]
    assert header in headers, f"no column {header!r} in {headers}"
    return row.locator("td").nth(headers.index(header))


def download(page, click) -> tuple[bytes, str]:
    """Run `click()` (which must start a download) and return the file's bytes and suggested name."""
    with page.expect_download() as info:
        click()
    item = info.value
    failure = item.failure()
    assert failure is None, f"download failed: {failure}"
    return Path(item.path()).read_bytes(), item.suggested_filename


# -- dates on the real clock (the live server thread is not time-travelled) ----------------------------------------


def today() -> dt.date:
    return timezone.localdate()  # Asia/Shanghai


@dataclass(frozen=True)
class Month:
    start: dt.date
    end: dt.date

    @property
    def key(self) -> str:
        return f"{self.end:%Y-%m}"


def last_finished_month(day: dt.date | None = None) -> Month:
    end = (day or today()).replace(day=1) - dt.timedelta(days=1)
    return Month(end.replace(day=1), end)


def ensure_calendar(day: dt.date | None = None) -> None:
    """Make the working-day calendar cover last year to next year.

    Deadlines run up to ~3 weeks ahead (10 working days for an answer, 5 for the bank); in late December they
    fall in a year the calendar library may not know yet. Such a year gets a synthetic schedule (only New
    Year's Day off, plain weekends otherwise) through the same loader ops use for the official one, with the
    `force` that a schedule the loader finds incomplete needs.
    """
    from statements.selectors import workday_calendar
    from statements.services.calendar import workdays_load

    day = day or today()
    calendar = workday_calendar()
    for year in range(day.year - 1, day.year + 2):
        if not calendar.is_loaded(year):
            workdays_load(
                actor=None,
                data=f"date,kind\n{year}-01-01,holiday\n".encode(),
                source=f"browser tests: synthetic {year} schedule",
                force=True,
            )


def working_days_after(day: dt.date, n: int) -> dt.date:
    from statements.selectors import workday_calendar

    return workday_calendar().add_workdays(day, n)


def publish_last_month(balances: dict, *, cycle: str = "monthly") -> dict:
    """Agreements (online banking, monthly) and period-end balances for `balances` {account: "amount"}, then
    the last finished month published through the service on the real clock. Returns {account.pk: statement}."""
    from statements.models import BalanceSource, Channel, PeriodBalance
    from statements.services.agreements import agreement_create
    from statements.services.publishing import statement_run_start

    ensure_calendar()
    month = last_finished_month()
    for account, amount in balances.items():
        agreement_create(
            actor=None,
            account=account,
            cycle=cycle,
            channel=Channel.ONLINE_BANKING,
            contact_name="王丽",
            mobile="13812345678",
            valid_from=month.start,
        )
        PeriodBalance.objects.create(
            account=account, as_of=month.end, balance=Decimal(amount), source=BalanceSource.CORE_FEED
        )
    outcome = statement_run_start(actor=None, period=month.key)
    statements = {st.account_id: st for st in outcome.run.statements.select_related("account")}
    assert set(statements) == {a.pk for a in balances}, outcome.message
    return statements
