"""Every page and API path (GET) with every parameter name the views read set to a hostile value: a number past what
SQL holds, a negative, a superscript digit (a digit to str.isdigit, not to int()), markup and a formula. None may answer
500 or echo the markup unescaped."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.factories import api_key
from tests.portal.test_every_path_tenancy_and_second_factor import _urls
from tests.portal.test_tenancy import accountant_b, data  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db
NAMES = (
    "page", "period", "date", "account", "account_id", "layout", "date_from", "date_to", "limit", "offset",
    "statement", "customer", "rates", "status", "q", "kind", "proposed", "page_size",
)  # fmt: skip
VALUES = ("99999999999999999999", "-1", "²", "<script>x</script>", '=HYPERLINK("http://x","y")')


def test_no_get_path_fails_on_hostile_parameters(client, data, accountant_b, client_b):
    """Customer B's users on the paths built with B's ids (test_tenancy), so each view reads its parameters."""
    failed, checked = [], 0
    for user in (accountant_b, client_b):
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(user)}")
        client.force_login(user)
        for name, url in _urls(data):
            for value in VALUES:
                params = dict.fromkeys(NAMES, value)
                checked += 1
                response = api.get(url, params) if name.startswith("api:") else client.get(url, params)
                if response.status_code >= 500:
                    failed.append(f"{user.username} GET {url} ={value}: {response.status_code}")
                elif response.get("Content-Type", "").startswith("text/html") and b"<script>x</script>" in (
                    b"" if getattr(response, "streaming", False) else response.content
                ):
                    failed.append(f"{user.username} GET {url} ={value}: markup echoed")
    assert failed == [], failed
    assert checked > 300
