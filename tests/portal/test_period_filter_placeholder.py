"""The statements list's period filter: its placeholder reads as an example ("e.g. 2026-09"), not as a period
already filled in ("2026-09")."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_period_placeholder_is_an_example(client, client_a):
    client.force_login(client_a)
    page = client.get(reverse("portal:statements"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    field = page.split('id="f-period"', 1)[1].split(">", 1)[0]
    assert 'placeholder="e.g. 2026-09"' in field and 'value=""' in field
