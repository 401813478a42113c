"""A match run whose engine fails (a stage bug on data it was never tried on) fails at once with a message that says
what to do, stores nothing and keeps the suggestions it had; queued again, it would fail the same way until the
job watchdog gave up an hour later, the run page standing at 30% meanwhile."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from core.models import AuditEvent
from reconcile.models import Match, MatchRun, Suggestion
from reconcile.services.matching import match_run_execute

pytestmark = pytest.mark.django_db
END = dt.date(2026, 10, 31)


def _broken_engine(*args, **kwargs):
    raise AssertionError("journal line in two groups")


def test_an_engine_fault_fails_the_run_at_once_and_stores_nothing(books, accountant_a, monkeypatch, caplog):
    from reconcile.services import matching

    line, entry = books.bank_lines.first(), books.journal_entries.first()
    kept = Suggestion.objects.create(
        account=books, bank_line_ids=[line.pk], journal_entry_ids=[entry.pk], rule="amount_date", score=0.5, reasons=[]
    )
    monkeypatch.setattr(matching, "match", _broken_engine)

    run = match_run_execute(run_id=MatchRun.objects.create(account=books, period_end=END).pk)

    assert (run.state, run.matched) == ("failed", 0) and run.finished_at is not None
    assert run.message.startswith("The matching stopped on an internal error")  # stored in English, shown translated
    assert not Match.objects.exists()
    assert list(Suggestion.objects.all()) == [kept]  # the last run's suggestions stay
    event = AuditEvent.objects.get(action="match_run.failed", target_id=str(run.pk))
    assert event.after == {"reason": "engine error"}
    assert "the matching engine failed" in caplog.text and "journal line in two groups" in caplog.text


def test_the_run_page_says_what_to_do_in_the_readers_language(books, accountant_a, client, monkeypatch):
    from reconcile.services import matching

    monkeypatch.setattr(matching, "match", _broken_engine)
    run = match_run_execute(run_id=MatchRun.objects.create(account=books, period_end=END).pk)
    client.force_login(accountant_a)
    url = reverse("portal:reconcile-run", args=[run.pk])
    english = client.get(url, headers={"accept-language": "en"}).content.decode()
    assert "The matching stopped on an internal error and changed nothing. Start it again" in english
    assert f"Run number: {run.pk}." in english
    chinese = client.get(url, headers={"accept-language": "zh-hans"}).content.decode()
    assert "自动勾对因内部错误中止" in chinese and f"运行编号：{run.pk}。" in chinese
    assert "internal error" not in chinese


def test_the_api_says_it_in_the_callers_language(books, accountant_a, monkeypatch):
    from rest_framework.test import APIClient

    from reconcile.services import matching

    monkeypatch.setattr(matching, "match", _broken_engine)
    run = match_run_execute(run_id=MatchRun.objects.create(account=books, period_end=END).pk)
    api = APIClient()
    api.force_authenticate(accountant_a)
    url = reverse("api:match-run-detail", args=[run.pk])
    body = api.get(url, HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["state"] == "failed" and body["message"].startswith("The matching stopped on an internal error")
    assert api.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").json()["message"].startswith("自动勾对因内部错误中止")


def test_a_run_another_claim_took_over_is_left_to_it(books, monkeypatch):
    from django.utils import timezone

    from reconcile.services import matching

    run = MatchRun.objects.create(account=books, period_end=END)

    def taken_over_then_broken(*args, **kwargs):
        MatchRun.objects.filter(pk=run.pk).update(started_at=timezone.now() + dt.timedelta(hours=1))
        raise AssertionError("stage bug")

    monkeypatch.setattr(matching, "match", taken_over_then_broken)
    result = match_run_execute(run_id=run.pk)
    assert result.state == "running"
    assert not AuditEvent.objects.filter(action="match_run.failed").exists()


def test_the_workbench_says_the_last_run_failed(books, accountant_a, client, monkeypatch):
    """The workbench's "Last run" line said "0 groups matched automatically" and, without suggestions, "the last
    automatic matching left none to review" after a run that failed: it says the run failed and what to do."""
    from reconcile.services import matching

    Suggestion.objects.filter(account=books).delete()
    monkeypatch.setattr(matching, "match", _broken_engine)
    match_run_execute(run_id=MatchRun.objects.create(account=books, period_end=END).pk)
    client.force_login(accountant_a)
    url = reverse("portal:workbench", args=[books.pk]) + f"?period={END:%Y-%m-%d}"
    english = client.get(url, headers={"accept-language": "en"}).content.decode()
    assert "The matching stopped on an internal error and changed nothing." in english
    assert "left none to review" not in english
