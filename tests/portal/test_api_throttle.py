"""Uploads and ERP pushes are rate-limited per user: past the rate a 429 that says when to try again."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from reconcile.models import Import

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_a_minute(monkeypatch):
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"imports": "2/min"})


def _push(api, account, n):
    return api.post(
        "/api/v1/imports/push/",
        {
            "kind": "bank",
            "account_number": account.number,
            "lines": [{"date": "2026-10-0%d" % (n + 1), "amount": "10.00", "direction": "in", "serial": f"S{n}"}],
        },
        format="json",
    )


def test_default_rate_is_configured():
    from django.conf import settings

    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["imports"] == "120/min"


@pytest.mark.usefixtures("two_a_minute")
def test_third_push_in_a_minute_is_refused_with_retry_after(accountant_a, account_a):
    api = APIClient()
    api.force_authenticate(accountant_a)
    assert _push(api, account_a, 1).status_code != 429
    assert _push(api, account_a, 2).status_code != 429
    stored = Import.objects.count()
    third = _push(api, account_a, 3)
    assert third.status_code == 429
    body = third.json()
    assert body["code"] == "throttled" and body["message"]
    assert int(third["Retry-After"]) > 0
    assert Import.objects.count() == stored  # nothing received past the rate


@pytest.mark.usefixtures("two_a_minute")
def test_the_rate_is_per_user(accountant_a, account_a, django_user_model):
    from portal.models import Role
    from tests.factories import make_user

    api = APIClient()
    api.force_authenticate(accountant_a)
    for n in (1, 2):
        _push(api, account_a, n)
    assert _push(api, account_a, 3).status_code == 429
    colleague = make_user("accountant_a2", roles=[Role.ACCOUNTANT], customer=accountant_a.customer)
    other = APIClient()
    other.force_authenticate(colleague)
    assert _push(other, account_a, 4).status_code != 429


@pytest.mark.usefixtures("two_a_minute")
def test_uploads_count_against_the_same_rate(accountant_a, account_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    api = APIClient()
    api.force_authenticate(accountant_a)
    for n in (1, 2):
        _push(api, account_a, n)
    upload = SimpleUploadedFile("s.csv", "交易日期,金额\n2026-10-05,1.00\n".encode(), content_type="text/csv")
    response = api.post("/api/v1/imports/upload/", {"kind": "bank", "file": upload}, format="multipart")
    assert response.status_code == 429
