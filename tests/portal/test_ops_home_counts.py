"""The ops home's counts read in the page's language: 3 家企业客户，6 个账户 (it printed "3 家企业客户, 6 个账户." with
the English comma and full stop)."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_counts_use_the_languages_punctuation(client, ops, account_a, account_b):
    client.force_login(ops)
    chinese = client.get(reverse("portal:home")).content.decode()
    assert "2 家企业客户，2 个账户</p>" in chinese
    english = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2 customers, 2 accounts</p>" in english
