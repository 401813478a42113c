"""Delete on the matching rules page removed the rule at one click, without a word: a rule cannot be brought back
(the audit keeps it, the page does not), while Deactivate would have stopped it for now."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reconcile.models import MatchRule
from reconcile.services.rules import match_rule_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def rule(accountant_a):
    return match_rule_create(actor=accountant_a, fields={"kind": "match", "name": "货款", "pattern": "货款"})


def test_delete_first_asks_to_confirm_and_keeps_the_rule(client, accountant_a, rule):
    client.force_login(accountant_a)
    url = reverse("portal:match-rule-action", args=[rule.pk])
    page = client.post(url, {"action": "delete"}, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert MatchRule.objects.filter(pk=rule.pk).exists()
    text = page.content.decode()
    assert "Delete rule #%d 货款?" % rule.pk in text and "cannot be undone" in text
    assert 'name="confirm" value="yes"' in text and f'href="{reverse("portal:match-rules")}"' in text


def test_delete_confirmed_removes_the_rule(client, accountant_a, rule):
    client.force_login(accountant_a)
    url = reverse("portal:match-rule-action", args=[rule.pk])
    answer = client.post(url, {"action": "delete", "confirm": "yes"})
    assert answer.status_code == 302 and not MatchRule.objects.filter(pk=rule.pk).exists()
