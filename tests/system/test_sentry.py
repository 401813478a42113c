"""Error reports: off without SENTRY_DSN; with it, the Django and Celery integrations, no personal data, the
package version as release, and phone numbers, balances and secrets masked before an event leaves."""

from __future__ import annotations

import json

from config.observability import SENTRY_EXTRA_DENYLIST, sentry_before_send
from tests.config.test_env import PROD_ENV, _manage

PROBE = (
    "import json, sentry_sdk; from django.conf import settings; c = sentry_sdk.get_client(); o = c.options; "
    "print(json.dumps({'active': c.is_active(), 'release': o.get('release'), 'pii': o.get('send_default_pii'), "
    "'integrations': sorted(c.integrations), 'environment': o.get('environment'), "
    "'denylist': list(o['event_scrubber'].denylist) if o.get('event_scrubber') else []}))"
)


def _probe(env: dict[str, str]) -> dict:
    result = _manage("shell", "-c", PROBE, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_no_error_reports_without_a_dsn():
    assert _probe(PROD_ENV)["active"] is False


def test_error_reports_with_a_dsn_send_no_personal_data():
    options = _probe(PROD_ENV | {"SENTRY_DSN": "https://publickey@sentry.example.cn/7", "SENTRY_ENVIRONMENT": "uat"})
    assert options["active"] is True
    assert options["pii"] is False
    assert options["release"] == "bankrec-portal@0.1.0"
    assert options["environment"] == "uat"
    assert {"django", "celery"} <= set(options["integrations"])
    assert {"password", "balance", "mobile"} <= set(options["denylist"])


def test_events_are_masked_before_they_leave():
    event = {
        "logentry": {
            "message": "SMS to %s failed",
            "params": ["13812345678"],
            "formatted": "SMS to 13812345678 failed",
        },
        "exception": {
            "values": [{"type": "ValueError", "value": "book balance 1,198,500.00 differs; token=abcdef0123456789"}]
        },
    }
    out = sentry_before_send(event, {})
    text = json.dumps(out, ensure_ascii=False)
    for secret in ("13812345678", "1,198,500.00", "abcdef0123456789"):
        assert secret not in text
    assert "138****5678" in text and "balance" in SENTRY_EXTRA_DENYLIST
