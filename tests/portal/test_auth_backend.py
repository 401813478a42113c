"""The per-request user lookup brings the customer and the roles with the user, and still refuses what it must."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from portal.auth import PortalBackend
from portal.models import Role, RoleGrant
from tests.factories import api_key

pytestmark = pytest.mark.django_db


def test_get_user_loads_customer_and_roles_in_one_query(client_a, customer_a):
    with CaptureQueriesContext(connection) as ctx:
        user = PortalBackend().get_user(client_a.pk)
        assert user.roles
        assert user.customer.legal_name == customer_a.legal_name
    assert len(ctx.captured_queries) == 1
    assert user.roles == frozenset(client_a.role_grants.values_list("role", flat=True))


def test_roles_granted_later_count_on_the_next_request(client, client_a):
    RoleGrant.objects.filter(user=client_a).delete()
    assert PortalBackend().get_user(client_a.pk).roles == frozenset()
    RoleGrant.objects.create(user=client_a, role=Role.ACCOUNTANT)
    assert PortalBackend().get_user(client_a.pk).roles == frozenset({Role.ACCOUNTANT})


def test_an_inactive_user_is_signed_out(client, client_a):
    client.force_login(client_a)
    client_a.is_active = False
    client_a.save(update_fields=["is_active"])
    assert PortalBackend().get_user(client_a.pk) is None
    assert client.get(reverse("portal:statements")).status_code == 302


def test_token_brings_the_roles_and_bad_tokens_are_refused(client_a):
    token = api_key(client_a)
    api = APIClient()
    assert api.get(reverse("api:statement-list"), HTTP_AUTHORIZATION=f"Token {token}").status_code == 200
    assert api.get(reverse("api:statement-list"), HTTP_AUTHORIZATION="Token nope").status_code == 401
    client_a.is_active = False
    client_a.save(update_fields=["is_active"])
    assert api.get(reverse("api:statement-list"), HTTP_AUTHORIZATION=f"Token {token}").status_code == 401


def test_an_unknown_or_deleted_user_is_no_user(client_a, accountant_a):
    backend = PortalBackend()
    assert backend.get_user(accountant_a.pk).pk == accountant_a.pk  # the shared base query filters per call
    assert backend.get_user(client_a.pk).pk == client_a.pk
    client_a.delete()
    assert backend.get_user(client_a.pk) is None
    assert backend.get_user(10**9) is None
