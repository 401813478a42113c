"""/metrics: Prometheus text for the allowed addresses or the token only; request, database, cache, task and
business metrics, the business ones with one query each; the alert rules reference metrics that exist."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import time_machine
import yaml
from django.test import Client
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from reconcile.models import Import, ImportStatus
from statements.models import BalanceStatement, SmsMessage, SmsStatus

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
ALERTS = ROOT / "deploy" / "prometheus" / "alerts.yml"


@pytest.fixture(autouse=True)
def _fresh(settings):
    settings.METRICS_CACHE_SECONDS = 0
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_IPS = ["127.0.0.1/32", "::1/128"]


def scrape(client: Client | None = None, **extra: str) -> dict[str, list]:
    response = (client or Client()).get("/metrics", **extra)
    assert response.status_code == 200, response.content[:200]
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    samples: dict[str, list] = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples.setdefault(sample.name, []).append((sample.labels, sample.value))
    return samples


def value(samples: dict[str, list], name: str, **labels: str) -> float:
    matches = [v for found, v in samples[name] if all(found.get(k) == w for k, w in labels.items())]
    assert len(matches) == 1, (name, labels, samples.get(name))
    return matches[0]


@pytest.mark.parametrize(
    "extra",
    [
        {"REMOTE_ADDR": "10.1.2.3"},
        {"REMOTE_ADDR": "203.0.113.9"},
        # Through nginx: REMOTE_ADDR is the proxy's loopback, the caller is outside.
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"},
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_REAL_IP": "203.0.113.9"},
        {"REMOTE_ADDR": "10.1.2.3", "HTTP_AUTHORIZATION": "Bearer wrong-token"},
    ],
)
def test_metrics_refuse_other_addresses_and_requests_through_the_proxy(client, extra, settings):
    settings.METRICS_TOKEN = "a-long-random-token-for-prometheus"
    response = client.get("/metrics", **extra)
    assert response.status_code == 403 and b"portal_" not in response.content


def test_metrics_open_to_the_token_from_anywhere_and_to_listed_networks(client, settings):
    settings.METRICS_TOKEN = "a-long-random-token-for-prometheus"
    assert scrape(
        client,
        REMOTE_ADDR="203.0.113.9",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
        HTTP_AUTHORIZATION="Bearer a-long-random-token-for-prometheus",
    )
    settings.METRICS_ALLOWED_IPS = ["10.0.0.0/8"]
    assert scrape(client, REMOTE_ADDR="10.1.2.3")
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 403


def test_request_database_cache_and_task_metrics(client, client_a):
    from system.tasks import heartbeat_task

    client.force_login(client_a)
    assert client.get("/statements/").status_code == 200
    heartbeat_task.delay("celery")  # eager here: counted in this process
    from django.core.cache import cache

    cache.get("verify:throttle:nothing")
    samples = scrape()
    views = {labels.get("view") for labels, _ in samples["django_http_requests_latency_seconds_by_view_method_count"]}
    assert "portal:statements" in views
    assert any(v > 0 for _, v in samples["django_db_execute_total"])
    assert "django_cache_get_total" in samples
    assert value(samples, "portal_celery_tasks_total", task="system.heartbeat", outcome="succeeded") >= 1


def test_business_gauges_count_what_ops_alert_on(published, settings, django_assert_max_num_queries):
    statement = next(iter(published.values()))
    BalanceStatement.objects.filter(pk=statement.pk).update(due_date=dt.date(2026, 10, 20))
    with time_machine.travel(dt.datetime(2026, 10, 21, 12, 0, tzinfo=dt.UTC), tick=False):
        now = timezone.now()
        Import.objects.create(kind="bank", sha256="a" * 64, status=ImportStatus.PENDING)
        Import.objects.filter(status=ImportStatus.PENDING).update(created_at=now - dt.timedelta(minutes=11))
        Import.objects.create(kind="bank", sha256="b" * 64, status=ImportStatus.PENDING)  # 0 minutes: not stale
        SmsMessage.objects.filter(pk=SmsMessage.objects.order_by("pk").first().pk).update(status=SmsStatus.FAILED)
        with django_assert_max_num_queries(12):
            samples = scrape()
    assert value(samples, "portal_statements_awaiting_answer", period="2026-09") == 1  # the monthly account
    assert value(samples, "portal_statements_awaiting_answer", period="2026-Q3") == 1  # the quarterly one
    assert value(samples, "portal_statements_overdue") == 1
    assert value(samples, "portal_imports_pending_stale") == 1
    assert value(samples, "portal_sms_messages", status="failed") == 1
    assert value(samples, "portal_calendar_days_left") == (dt.date(2026, 12, 31) - dt.date(2026, 10, 21)).days
    assert value(samples, "portal_reminders_held") == 0
    assert all(v == 0 for _, v in samples["portal_business_metrics_errors"])


def test_business_gauges_are_cached_between_scrapes(settings, django_assert_num_queries):
    settings.METRICS_CACHE_SECONDS = 60
    scrape()
    with django_assert_num_queries(0):
        scrape()


def _alert_rules() -> list[dict]:
    document = yaml.safe_load(ALERTS.read_text("utf-8"))
    return [rule for group in document["groups"] for rule in group["rules"]]


def test_alert_rules_reference_metrics_the_portal_exports(published):
    from system.tasks import heartbeat_task

    heartbeat_task.delay("celery")
    Client().get("/healthz")
    exported = set(scrape())
    # Histograms and counters are exported as their _bucket/_count/_sum/_total samples.
    rules = _alert_rules()
    assert len(rules) >= 8
    for rule in rules:
        assert rule["alert"] and rule["expr"] and rule["labels"]["severity"] in {"page", "ticket"}
        assert rule["annotations"]["summary"] and rule["annotations"]["runbook"]
        names = set(re.findall(r"\b((?:portal|django)_[a-z0-9_]+)\b", str(rule["expr"])))
        assert names, rule["alert"]
        assert names <= exported, (rule["alert"], names - exported)


def test_alert_rules_pass_promtool():
    if not shutil.which("promtool"):
        if os.environ.get("PORTAL_REQUIRE_TOOLS") == "1":
            pytest.fail("promtool is not installed; .ci/run installs it (Debian package prometheus)")
        pytest.skip("promtool (Debian package prometheus) is not installed; CI runs this check")
    result = subprocess.run(["promtool", "check", "rules", str(ALERTS)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout
