"""A learned name was stored with the name "Learned name" in the language of whoever made the match, so a Chinese page
showed an English label (or an English one a Chinese label). It stores the facts (the two names, the match) and every
page, the API and the reasons label it in the reader's language; rules stored the old way read the same."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from reconcile.models import BankLine, JournalEntry, MatchRule
from reconcile.reasons import reasons_text
from reconcile.selectors.rules import engine_rule
from reconcile.services.matching import match_manual
from reconcile.services.rules import match_rule_accept
from tests.factories import api_key
from tests.fixtures.rule_books import import_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(account_a, accountant_a) -> MatchRule:
    import_rows(
        account_a,
        accountant_a,
        [("2026-10-08", "货款", "", "5000.00", "ACME GMBH", "SN1")],
        [("2026-10-08", "记-1", "收货款", "5000.00", "", "Acme Trading GmbH")],
    )
    with translation.override("zh-hans"):  # the match is made on a Chinese page
        group = match_manual(
            actor=accountant_a,
            account_id=account_a.pk,
            bank_line_ids=[BankLine.objects.get(serial="SN1").pk],
            journal_entry_ids=[JournalEntry.objects.get(serial="记-1").pk],
        )
    return group.alias_proposal


def _api_name(user, rule, language) -> str:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(user)}", HTTP_ACCEPT_LANGUAGE=language)
    return api.get(f"/api/v1/match-rules/{rule.pk}/").json()["name"]


def test_a_learned_name_stores_the_facts_and_is_labelled_in_the_readers_language(client, proposal, accountant_a):
    stored = MatchRule.objects.get(pk=proposal.pk)
    assert (stored.name, stored.pattern, stored.target) == ("", "ACME GMBH", "Acme Trading GmbH")
    assert engine_rule(stored).label() == f"#{stored.pk}"  # the reasons name it by number, in no one's language
    assert _api_name(accountant_a, stored, "en") == "Learned name"
    assert _api_name(accountant_a, stored, "zh-hans") == "学习到的名称"
    match_rule_accept(actor=accountant_a, rule_id=stored.pk)  # listed among the rules from now on
    client.force_login(accountant_a)
    english = client.get(reverse("portal:match-rules"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<td>Learned name</td>" in english and "学习到的名称" not in english
    chinese = client.get(reverse("portal:match-rules"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "<td>学习到的名称</td>" in chinese and "Learned name" not in chinese


@pytest.mark.parametrize("old_label", ["学习到的名称", "Learned name"])
def test_learned_names_stored_with_a_label_read_in_the_readers_language(client, proposal, accountant_a, old_label):
    MatchRule.objects.filter(pk=proposal.pk).update(name=old_label)
    stored = MatchRule.objects.get(pk=proposal.pk)
    assert _api_name(accountant_a, stored, "en") == "Learned name"
    assert _api_name(accountant_a, stored, "zh-hans") == "学习到的名称"
    assert engine_rule(stored).label() == f"#{stored.pk}"
    # a reason written then named the rule with the label: read as the rule's number
    old = f"#{stored.pk} {old_label}"
    reason = f"已学名称 {old} 视为同一对方 learned name {old}: “ACME GMBH” = “Acme Trading GmbH”"
    with translation.override("en"):
        [shown] = reasons_text([reason])
    assert shown == (
        f"names taken as one party because of the learned name (rule #{stored.pk}): “ACME GMBH” = “Acme Trading GmbH”"
    )


def test_a_name_a_person_gave_a_learned_name_is_kept(proposal, accountant_a):
    MatchRule.objects.filter(pk=proposal.pk).update(name="ACME 德国")
    assert _api_name(accountant_a, MatchRule.objects.get(pk=proposal.pk), "en") == "ACME 德国"


@pytest.mark.parametrize("stored_name", ["", "学习到的名称", "Learned name"])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_label_sent_back_changes_no_stored_data(proposal, accountant_a, stored_name, language):
    """A client that reads a learned name and PATCHes it back (its label included, in either language) stores
    nothing: the label is display-only, never the rule's name."""
    from core.models import AuditEvent

    MatchRule.objects.filter(pk=proposal.pk).update(name=stored_name)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(accountant_a)}", HTTP_ACCEPT_LANGUAGE=language)
    url = f"/api/v1/match-rules/{proposal.pk}/"
    read = api.get(url).json()
    events = AuditEvent.objects.count()
    for label in (read["name"], "Learned name", "学习到的名称"):
        answer = api.patch(url, {"name": label, "priority": read["priority"]}, format="json")
        assert answer.status_code == 200, answer.content
        assert answer.json()["name"] == read["name"]
        assert MatchRule.objects.get(pk=proposal.pk).name == stored_name
    assert AuditEvent.objects.count() == events  # nothing changed, nothing audited
    renamed = api.patch(url, {"name": "ACME 德国"}, format="json").json()
    assert renamed["name"] == "ACME 德国" and MatchRule.objects.get(pk=proposal.pk).name == "ACME 德国"
    back = api.patch(url, {"name": "Learned name"}, format="json").json()  # back to no name of its own
    assert back["name"] == read["name"] and MatchRule.objects.get(pk=proposal.pk).name == ""


def test_the_edit_form_of_a_learned_name_saves_no_label(client, proposal, accountant_a):
    """The edit form shows a learned name's own name (none), so saving it as shown stores no label either."""
    MatchRule.objects.filter(pk=proposal.pk).update(name="")
    client.force_login(accountant_a)
    url = reverse("portal:match-rule-edit", args=[proposal.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'value="Learned name"' not in page
    form = {
        "kind": "alias",
        "name": "Learned name",
        "priority": "100",
        "pattern": "ACME GMBH",
        "target": "Acme Trading GmbH",
        "days": "0",
    }
    assert client.post(url, form, HTTP_ACCEPT_LANGUAGE="en").status_code == 302
    assert MatchRule.objects.get(pk=proposal.pk).name == ""
