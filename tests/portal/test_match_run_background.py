"""Auto-match never holds the request (issue 22 item 10): without a broker the run goes to a thread of its own, and its
page shows the progress from the start."""

from __future__ import annotations

import re
import threading

import pytest
from django.urls import reverse

import reconcile.queue
from reconcile.models import MatchRun
from tests.fixtures.books import import_both
from tests.fixtures.language import language_restored  # noqa: F401,E402 (autouse fixture)
from tests.fixtures.live import audit_rows_removable  # noqa: F401 (fixture)


@pytest.fixture
def in_thread(settings):
    settings.EAGER_MATCH_RUNS_IN_THREAD = True


def test_the_request_answers_before_the_run_and_the_page_shows_it_queued(
    client, accountant_a, account_a, audit_rows_removable, in_thread, monkeypatch
):
    import_both(account_a, accountant_a)
    release = threading.Event()
    real = reconcile.queue._run_in_thread

    def held(task, *args):  # the run waits until the test has seen the page: proof the request did not run it
        release.wait()
        real(task, *args)

    monkeypatch.setattr(reconcile.queue, "_run_in_thread", held)
    client.force_login(accountant_a)
    response = client.post(reverse("portal:workbench-run", args=[account_a.pk]), {"period": "2026-10-31"})
    run = MatchRun.objects.get(account=account_a)
    assert response.status_code == 302 and response["Location"] == reverse("portal:reconcile-run", args=[run.pk])
    assert (run.state, run.progress) == ("queued", 0)
    page = client.get(response["Location"], headers={"accept-language": "en"}).content.decode()
    assert '<meta http-equiv="refresh"' in page and re.search(r'<progress max="100" value="0">', page)

    release.set()
    for thread in threading.enumerate():
        if thread.name == "eager-reconcile.match_run":
            thread.join()
    run.refresh_from_db()
    assert (run.state, run.progress, run.matched) == ("done", 100, 3)
    done = client.get(response["Location"], headers={"accept-language": "en"}).content.decode()
    assert '<meta http-equiv="refresh"' not in done and "3 groups matched automatically" in done


def test_with_the_switch_off_the_run_finishes_in_the_request(
    client, accountant_a, books, django_capture_on_commit_callbacks
):
    """The tests' default (EAGER_MATCH_RUNS_IN_THREAD = False): eager and synchronous, as before."""
    client.force_login(accountant_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:workbench-run", args=[books.pk]), {"period": "2026-10-31"})
    assert threading.active_count() == 1 or not any(t.name.startswith("eager-") for t in threading.enumerate())
    assert MatchRun.objects.get(account=books).state == "done"


def test_the_workbench_names_the_run_that_reached_its_period(
    client, accountant_a, books, django_capture_on_commit_callbacks
):
    """A run matches the lines up to its own period end: the October workbench names it with that end; a later
    period's workbench does not claim it (its lines were never matched) and offers the run instead."""
    client.force_login(accountant_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:workbench-run", args=[books.pk]), {"period": "2026-10-31"})
    url = reverse("portal:workbench", args=[books.pk])
    october = client.get(url, {"period": "2026-10-31"}, headers={"accept-language": "en"}).content.decode()
    assert "Last run, lines up to 2026-10-31:" in october
    november = client.get(url, {"period": "2026-11-30"}, headers={"accept-language": "en"}).content.decode()
    assert "Last run" not in november
    assert "No suggestion. Run the automatic matching to get some." in november
