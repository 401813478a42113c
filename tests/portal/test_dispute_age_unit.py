"""The dashboard's open disputes by age: the heading and every bucket say the unit, calendar days since opened
(statements.reports.disputes_by_age counts calendar days, not working days)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_dispute_age_buckets_say_their_unit(client, ops):
    client.force_login(ops)
    page = client.get(reverse("portal:ops"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    section = page.split("<h2>Open disputes by age", 1)[1].split("</section>", 1)[0]
    assert section.startswith(" (calendar days since opened)</h2>")
    labels = re.findall(r'<text x="0"[^>]*>([^<]*)</text>', section)
    assert labels == ["0-2 days", "3-5 days", "6-10 days", "over 10 days"]
