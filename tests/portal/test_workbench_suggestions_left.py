"""The workbench lists the best 200 suggestions, but says how many are left in all: "N suggestions for you to review"
counted the list, so 5,000 suggestions read as 200."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reconcile.models import Suggestion
from reconcile.selectors.matching import SUGGESTIONS_SHOWN, suggestion_list, suggestion_rows
from tests.portal.test_workbench_actions import END, _books

pytestmark = pytest.mark.django_db


def _more(books, n: int, *, bank: int) -> None:
    Suggestion.objects.bulk_create(
        Suggestion(
            account=books.account,
            bank_line_ids=[bank],
            journal_entry_ids=[books.free_journal],
            rule="near_amount",
            score=0.5,
        )
        for _ in range(n)
    )


def test_the_count_is_every_suggestion_left_not_the_list(client, account_a, accountant_a):
    books = _books(account_a, accountant_a)
    _more(books, SUGGESTIONS_SHOWN + 40, bank=books.free_bank)
    matched = next(link.bank_line_id for link in books.group.links.all() if link.bank_line_id)
    _more(books, 7, bank=matched)  # overtaken: a line matched since the run; never offered nor counted
    left = len(suggestion_rows(account_a, END, limit=10**6))
    shown = len(suggestion_rows(account_a, END))
    assert left > SUGGESTIONS_SHOWN >= shown and Suggestion.objects.filter(account=account_a).count() == left + 7
    assert suggestion_list(account_a, END).left == left
    client.force_login(accountant_a)
    url = reverse("portal:workbench", args=[account_a.pk])
    page = client.get(url, {"period": END.isoformat()}, headers={"accept-language": "en"}).content.decode()
    assert f"{left} suggestions for you to review." in page and f"Suggestions ({left})" in page
    assert f"The best {shown} are listed; accept or reject them to see the others." in page
    assert page.count('name="suggestion"') == 2 * shown  # accept and reject for each row listed


def test_a_short_list_is_counted_without_another_query(client, account_a, accountant_a):
    """Under the cap the rows are the count: the page reads no more than it did."""
    books = _books(account_a, accountant_a)
    client.force_login(accountant_a)
    url = reverse("portal:workbench", args=[account_a.pk])

    def queries() -> list[str]:
        with CaptureQueriesContext(connection) as ctx:
            client.get(url, {"period": END.isoformat()}, headers={"accept-language": "en"})
        return [q["sql"] for q in ctx.captured_queries]

    queries()  # warm up
    few = queries()
    _more(books, 5, bank=books.free_bank)
    assert len(queries()) == len(few)
    assert sum("reconcile_suggestion" in q for q in few) == 1
    page = client.get(url, {"period": END.isoformat()}, headers={"accept-language": "en"}).content.decode()
    assert "are listed; accept or reject them" not in page


def test_an_earlier_period_lists_its_own_suggestions_behind_a_later_months_best(account_a, accountant_a):
    """The best 200 of the account may all lie in a later month: the period's own are listed, not an empty list
    under "Suggestions (1)"."""
    import datetime as dt

    from reconcile.models import BankLine, JournalEntry, Match
    from reconcile.services.matching import match_undo

    books = _books(account_a, accountant_a)
    match_undo(actor=accountant_a, match_id=books.group.pk, reason="to move it to September")
    bank = [link.bank_line_id for link in books.group.links.all() if link.bank_line_id]
    journal = [link.journal_entry_id for link in books.group.links.all() if link.journal_entry_id]
    september = dt.date(2026, 9, 15)
    BankLine.objects.filter(pk__in=bank).update(booking_date=september)
    JournalEntry.objects.filter(pk__in=journal).update(booking_date=september)
    _more(books, SUGGESTIONS_SHOWN + 40, bank=books.free_bank)  # October's, scored 0.5
    Suggestion.objects.filter(account=account_a).update(score=0.9)
    own = Suggestion.objects.create(
        account=account_a, bank_line_ids=bank, journal_entry_ids=journal, rule="near_amount", score=0.1
    )
    listed = suggestion_list(account_a, dt.date(2026, 9, 30))
    assert [row.suggestion.pk for row in listed.rows] == [own.pk] and listed.left == 1
    assert not Match.objects.active().filter(pk=books.group.pk).exists()
