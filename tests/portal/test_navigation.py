"""portal.context_processors.navigation: URLs reversed once per audience, labels in each request's language, and
no audience ever sees another's entries (the cache is keyed by what decides them)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import translation

from portal.auth import PortalBackend
from portal.context_processors import navigation
from portal.models import Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _nav(user, language):
    request = RequestFactory().get("/")
    request.user = user
    with translation.override(language):
        return [(url, str(label)) for url, label in navigation(request)["nav_items"]]


def test_each_audience_sees_its_own_entries_in_its_own_language_whoever_came_first(customer_a):
    users = {
        "viewer": make_user("v", [Role.CLIENT_VIEWER], customer_a),
        "reviewer": make_user("r", [Role.REVIEWER], customer_a),
        "accountant": make_user("a", [Role.ACCOUNTANT], customer_a),
        "ops": make_user("o", [Role.BANK_OPS]),
        "feed": make_user("f", [Role.BANK_FEED]),
    }
    expected = {
        "viewer": {"/", "/statements/", "/accounts/"},
        "feed": {"/", "/statements/", "/accounts/"},
    }
    for _round in range(2):
        for name, user in users.items():
            english = _nav(PortalBackend().get_user(user.pk), "en")
            chinese = _nav(PortalBackend().get_user(user.pk), "zh-hans")
            assert [url for url, _label in english] == [url for url, _label in chinese]
            labels = {label for _url, label in english}
            assert "Statements" in labels and "对账单" not in labels
            assert "Statements" not in {label for _url, label in chinese}
            if name in expected:
                assert {url for url, _label in english} == expected[name], name
            assert ("Operations" in labels) == (name == "ops"), name
            assert ("Reconciliation" in labels) == (name in {"reviewer", "accountant"}), name
            assert ("Imports" in labels) == (name in {"accountant", "ops"}), name
    assert _nav(AnonymousUser(), "en") == []
