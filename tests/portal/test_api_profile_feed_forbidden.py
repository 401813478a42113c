"""README "API": a call the user's roles do not allow is 403 ``forbidden``. A bank system feed saving a mapping
profile was a 400 ``invalid`` on the profile's name ("Your user belongs to no company ...")."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from portal.models import Role
from reconcile.models import MappingProfile
from tests.factories import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

PROFILE = {"name": "core feed", "kind": "bank", "columns": {"date": "日期", "amount": "金额"}}


def test_a_feed_saving_a_profile_is_forbidden(db):
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(make_user("feed", [Role.BANK_FEED]))
    response = api.post("/api/v1/profiles/", PROFILE, format="json")
    assert response.status_code == 403
    assert response.json() == {
        "code": "forbidden",
        "message": "A bank system feed saves no mapping profiles: bank operations or a company's accountant do.",
    }
    assert not MappingProfile.objects.exists()


def test_bank_operations_still_save_a_bank_wide_profile(ops):
    api = APIClient()
    api.force_authenticate(ops)
    response = api.post("/api/v1/profiles/", PROFILE, format="json")
    assert response.status_code == 201 and response.json()["owner"] is None
