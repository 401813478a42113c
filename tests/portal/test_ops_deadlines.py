"""The ops dashboard and run page show, per run, what is late and pending and what went out after its deadline."""

from __future__ import annotations

import datetime as dt

import lxml.html
import pytest
import time_machine
from django.urls import reverse

from statements.models import BalanceStatement, SmsMessage, StatementRun

pytestmark = pytest.mark.django_db
EN = {"accept-language": "en"}
CST = dt.timezone(dt.timedelta(hours=8))
LATE_DISPATCH, LATE_SMS = "Dispatched after the deadline", "Notices sent after the deadline"


def _dashboard_row(client, period: str) -> dict[str, lxml.html.HtmlElement]:
    """The cells of the period's row in the runs table, by column heading."""
    doc = lxml.html.fromstring(client.get(reverse("portal:ops"), headers=EN).content)
    (table,) = doc.xpath('//section[h2="Publishing runs and deadlines"]//table')
    headers = [th.text_content().strip() for th in table.xpath("./thead//th")]
    rows = {tr.xpath("./td")[0].text_content().strip(): tr.xpath("./td") for tr in table.xpath("./tbody/tr")}
    return dict(zip(headers, rows[period], strict=True))


def _run_facts(client, run: StatementRun) -> dict[str, lxml.html.HtmlElement]:
    doc = lxml.html.fromstring(client.get(reverse("portal:ops-run", args=[run.pk]), headers=EN).content)
    return {dt_.text_content().strip(): dt_.getnext() for dt_ in doc.xpath('//dl[@class="facts"]/dt')}


def _shows(cell: lxml.html.HtmlElement, value: str, *, late: bool) -> bool:
    return cell.text_content().strip() == value and ("late" in (cell.get("class") or "").split()) == late


def test_in_time_shows_zero_late(client, ops, published):
    client.force_login(ops)
    with time_machine.travel(dt.datetime(2026, 10, 20, 10, tzinfo=CST), tick=False):
        row = _dashboard_row(client, "2026-09")
        facts = _run_facts(client, StatementRun.objects.get(period="2026-09"))
    for cells in (row, facts):
        assert _shows(cells[LATE_DISPATCH], "0", late=False) and _shows(cells[LATE_SMS], "0", late=False)
        assert _shows(cells["Not yet dispatched"], "0", late=False)
        assert _shows(cells["Notices not sent"], "0", late=False)


def test_dispatched_and_notified_after_the_deadlines_show_their_counts(client, ops, published, customer_a, customer_b):
    # Deadlines: dispatch 10-10, SMS notice 10-13 (Beijing days).
    late = dt.datetime(2026, 10, 14, 9, tzinfo=CST)
    BalanceStatement.objects.filter(pk=published[customer_a.pk].pk).update(dispatched_at=late)
    SmsMessage.objects.filter(statement__in=published.values()).update(sent_at=late)
    client.force_login(ops)
    with time_machine.travel(dt.datetime(2026, 10, 20, 10, tzinfo=CST), tick=False):
        row = _dashboard_row(client, "2026-09")
        facts = _run_facts(client, StatementRun.objects.get(period="2026-09"))
    for cells in (row, facts):
        assert _shows(cells[LATE_DISPATCH], "1", late=True) and _shows(cells[LATE_SMS], "2", late=True)
        assert _shows(cells["Not yet dispatched"], "0", late=False)  # all went out: nothing pending to flag


def test_pending_after_the_deadline_is_still_flagged(client, ops, paper_published):
    client.force_login(ops)
    run = StatementRun.objects.get(period="2026-09")
    with time_machine.travel(dt.datetime(2026, 10, 10, 10, tzinfo=CST), tick=False):
        assert _shows(_dashboard_row(client, "2026-09")["Not yet dispatched"], "1", late=False)  # deadline day
    with time_machine.travel(dt.datetime(2026, 10, 12, 10, tzinfo=CST), tick=False):
        row, facts = _dashboard_row(client, "2026-09"), _run_facts(client, run)
    for cells in (row, facts):
        assert _shows(cells["Not yet dispatched"], "1", late=True)
        assert _shows(cells[LATE_DISPATCH], "0", late=False)  # not dispatched at all yet, so not "after"
