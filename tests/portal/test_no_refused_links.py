"""No page offers a link its reader is refused: the answer-signing keys (confirmers only) from the API-token page, the
upload page from a reviewer's workbench without files."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _links(client, url: str, **params) -> list[str]:
    return re.findall(r'href="([^"]+)"', client.get(url, params).content.decode())


@pytest.mark.parametrize("role", ["accountant", "reviewer", "client_viewer"])
def test_every_link_of_the_token_page_opens(client, customer_a, role):
    client.force_login(make_user(f"user_{role}", [role], customer_a))
    for href in _links(client, reverse("portal:api-tokens")):
        if href.startswith("/") and not href.startswith(("/static/", "/i18n/", "/logout")):
            assert client.get(href).status_code in (200, 302), href


def test_the_confirmer_keeps_the_link_to_the_keys(client, client_a):
    client.force_login(client_a)
    assert reverse("portal:answer-keys") in _links(client, reverse("portal:api-tokens"))


def test_a_reviewer_on_an_account_without_files_gets_no_upload_link(client, customer_a, account_a):
    client.force_login(make_user("reviewer_a", ["reviewer"], customer_a))
    links = _links(client, reverse("portal:workbench", args=[account_a.pk]))
    assert reverse("portal:import-upload") not in links
    assert client.get(reverse("portal:import-upload")).status_code == 403  # why it must not be offered
