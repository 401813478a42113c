"""The month end over the API with a real Celery worker (production's mode): the run is queued, the API says so, and a
client that follows Location sees it finish; the example ERP client does the whole month end against a live server."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from rest_framework.test import APIClient

from reconcile.models import MatchRun
from reconcile.services.imports import import_file
from tests.factories import api_key
from tests.integration.support import wait_until
from tests.portal.test_erp_month_end import BANK, JOURNAL, SCRIPT

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("english")]


def test_a_run_is_queued_for_the_worker_and_its_progress_is_followed(celery_worker_process, books, accountant_a):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(accountant_a)}", HTTP_ACCEPT_LANGUAGE="en")
    response = api.post(f"/api/v1/accounts/{books.pk}/match-runs", {"date": "2026-10-31"}, format="json")
    assert response.status_code == 202 and response.json()["state"] in ("queued", "running", "done")
    location = response["Location"]

    def finished():
        body = api.get(location).json()
        return body if body["state"] in ("done", "failed") else None

    body = wait_until(finished, timeout=120, what="the worker to finish the matching run")
    assert (body["state"], body["progress"], body["matched"]) == ("done", 100, 3)
    assert MatchRun.objects.get(pk=body["id"]).state == "done"
    table = api.get(f"/api/v1/accounts/{books.pk}/adjustment", {"date": "2026-10-31"}).json()
    assert (table["adjusted_bank_balance"], table["agreed"]) == ("1200000.00", True)


def test_the_example_client_waits_for_the_worker(celery_worker_process, live_server, account_a, accountant_a, tmp_path):
    record = import_file(
        actor=accountant_a,
        kind="bank",
        data=BANK.encode(),
        filename="october.csv",
        account_number=account_a.number,
        customer=account_a.customer,
    )
    assert record.status == "done", record.errors
    journal = tmp_path / "journal.json"
    journal.write_text(json.dumps(JOURNAL, ensure_ascii=False), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    done = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--base-url",
            live_server.url,
            "--username",
            "accountant_a",
            "--password",
            "Test@2026!",
            "--account",
            account_a.number,
            "--date",
            "2026-10-31",
            "--journal",
            str(journal),
            "--min-score",
            "0.35",
            "--out",
            str(tmp_path / "out"),
            "--language",
            "en",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout.splitlines()
    assert out[3].endswith(": done, 1 matched, 5 suggested") and out[5] == "matched by ids: 2", out
    assert "  调节相符 agreed" in out
