"""The English workbench is in English only: its conclusion and the opening items' heading carried Chinese glosses
(“The balances agree (调节相符).”, “Opening outstanding items (初始未达账)”)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.portal.test_workbench_actions import END, _books

pytestmark = pytest.mark.django_db


def test_the_workbench_labels_are_english_only(client, account_a, accountant_a):
    _books(account_a, accountant_a)
    client.force_login(accountant_a)
    page = client.get(
        reverse("portal:workbench", args=[account_a.pk]), {"period": END.isoformat()}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "<h2>Opening outstanding items</h2>" in page
    conclusion = re.search(r'<p class="(ok-text|error big)" role="(status|alert)">(.*?)</p>', page, re.S)
    assert conclusion, "no conclusion under the table"
    labels = re.findall(r"<h2[^>]*>(.*?)</h2>", page, re.S) + [conclusion.group(3)]  # h1 names the company
    assert not [label for label in labels if re.search(r"[\u4e00-\u9fff]", label)]
