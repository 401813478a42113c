"""The working-day upload says the file starts with its header row (a file of date rows only, as the old hint
described it, was refused for a missing header), in one language."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_upload_hint_names_the_header_row_in_english_only(client, ops):
    client.force_login(ops)
    page = client.get(reverse("portal:ops-workdays"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    hint = re.search(r"A table whose first row is the header date,kind[^<]*", page)
    assert hint, "the hint does not say the first row is the header"
    assert not re.search(r"[\u4e00-\u9fff]", hint.group(0))
    assert "调休" not in page
