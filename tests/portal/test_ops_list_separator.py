"""Lists on the ops pages use the page language's separator: "2025, 2026" on an English page, "2025，2026" on a
Chinese one (an English comma in a Chinese page reads as a typo)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _years(html: str) -> str:
    section = html.split("</h2>", 2)[1]  # the first card: "Years loaded"
    found = re.search(r"<p>([^<]*)</p>", section)
    assert found, section[:300]
    return found.group(1)


def test_the_loaded_years_are_listed_with_an_english_comma_in_english(client, ops):
    client.force_login(ops)
    page = client.get(reverse("portal:ops-workdays"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    years = _years(page)
    assert re.fullmatch(r"\d{4}(, \d{4})*", years), years
    assert "2025, 2026" in years


def test_the_loaded_years_are_listed_with_a_chinese_comma_in_chinese(client, ops):
    client.force_login(ops)
    page = client.get(reverse("portal:ops-workdays")).content.decode()
    years = _years(page)
    assert re.fullmatch(r"\d{4}(，\d{4})*", years), years
    assert "2025，2026" in years
