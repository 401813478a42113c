"""The preview of a learned name said "0 lines" for the very pair it was learned from: the engine pairs those lines
by amount and date without it too, so the pair was not counted, although the name makes its two sides one party
(the pair's reasons name it). Such a pair counts; and a preview that finds nothing says why."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from reconcile.models import BankLine, JournalEntry, MatchRule
from reconcile.services.matching import match_manual
from reconcile.services.rule_preview import rule_preview
from tests.factories import api_key
from tests.fixtures.rule_books import import_rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
OCTOBER = (dt.date(2026, 10, 1), dt.date(2026, 10, 31))


@pytest.fixture
def proposal(account_a, accountant_a) -> MatchRule:
    import_rows(
        account_a,
        accountant_a,
        # November's bank lines came in already: the latest month with bank lines names the learned name nowhere.
        [("2026-10-08", "货款", "", "5000.00", "ACME GMBH", "SN1"), ("2026-11-03", "手续费", "15.00", "", "", "SN2")],
        [("2026-10-08", "记-1", "收货款", "5000.00", "", "Acme Trading GmbH")],
    )
    group = match_manual(
        actor=accountant_a,
        account_id=account_a.pk,
        bank_line_ids=[BankLine.objects.get(serial="SN1").pk],
        journal_entry_ids=[JournalEntry.objects.get(serial="记-1").pk],
    )
    assert group.alias_proposal is not None
    return group.alias_proposal


def test_a_learned_name_previews_the_pair_it_names(proposal, account_a, accountant_a, client):
    preview = rule_preview(rule=proposal, account=account_a, date_from=OCTOBER[0], date_to=OCTOBER[1])
    assert preview.matched_lines == 2 and preview.why_none == ""
    [pair] = preview.pairs
    assert [b.serial for b in pair.bank] == ["SN1"] and any(f"#{proposal.pk}" in r for r in pair.reasons)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(accountant_a)}", HTTP_ACCEPT_LANGUAGE="en")
    answer = api.get(
        f"/api/v1/match-rules/{proposal.pk}/preview",
        {"date_from": "2026-10-01", "date_to": "2026-10-31"},
    ).json()
    assert answer["matched_lines"] == 2 and answer["why_none"] == ""
    client.force_login(accountant_a)
    page = client.get(
        reverse("portal:match-rule-preview", args=[proposal.pk]),
        {"date_from": "2026-10-01", "date_to": "2026-10-31"},
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    assert "This rule would have matched 2 lines from 2026-10-01 to 2026-10-31." in page


def test_a_learned_name_previewed_without_dates_uses_the_month_of_its_names(proposal, accountant_a, client):
    """Without dates the preview used the latest month with bank lines (November), where no line names it: 0 lines."""
    client.force_login(accountant_a)
    page = client.get(reverse("portal:match-rule-preview", args=[proposal.pk]), HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert "This rule would have matched 2 lines from 2026-10-01 to 2026-10-31." in text
    assert "No dates chosen: the preview uses 2026-10, the latest month with lines naming “ACME GMBH”." in text
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(accountant_a)}", HTTP_ACCEPT_LANGUAGE="en")
    answer = api.get(f"/api/v1/match-rules/{proposal.pk}/preview").json()
    assert (answer["date_from"], answer["date_to"], answer["matched_lines"]) == ("2026-10-01", "2026-10-31", 2)


def test_a_preview_that_finds_nothing_says_why(proposal, account_a, accountant_a, client):
    september = rule_preview(
        rule=proposal, account=account_a, date_from=dt.date(2026, 9, 1), date_to=dt.date(2026, 9, 30)
    )
    assert september.matched_lines == 0
    assert september.why_none == "The account has no bank lines from 2026-09-01 to 2026-09-30."
    november = rule_preview(
        rule=proposal, account=account_a, date_from=dt.date(2026, 11, 1), date_to=dt.date(2026, 11, 30)
    )
    assert november.why_none == "No bank line or journal entry from 2026-11-01 to 2026-11-30 names “ACME GMBH”."
    MatchRule.objects.filter(pk=proposal.pk).update(pattern="ACME LTD")
    other = rule_preview(
        rule=MatchRule.objects.get(pk=proposal.pk), account=account_a, date_from=OCTOBER[0], date_to=OCTOBER[1]
    )
    assert other.matched_lines == 0
    assert other.why_none == "No bank line or journal entry from 2026-10-01 to 2026-10-31 names “ACME LTD”."
    client.force_login(accountant_a)
    page = client.get(
        reverse("portal:match-rule-preview", args=[proposal.pk]),
        {"date_from": "2026-10-01", "date_to": "2026-10-31"},
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    assert "No bank line or journal entry from 2026-10-01 to 2026-10-31 names “ACME LTD”." in page
