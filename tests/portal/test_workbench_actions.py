"""The workbench's changes, one URL each (issue 21, item 7), and the deprecated endpoint that still routes to them.

Every action URL: its own customer's accountant (or reviewer) changes what it names; the other customer's accountant
and reviewer get 404, a client and bank staff 403, an anonymous visitor the login page, and none of them changes
anything; a POST without the CSRF token is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import resolve, reverse

from core.models import AuditEvent
from portal.views.workbench_actions import LEGACY_ACTIONS
from reconcile.models import BankLine, CloseReview, JournalEntry, Match, MatchRun, PeriodClose, Suggestion
from reconcile.models.imports import OPENING_SOURCES
from reconcile.selectors.matching import opening_items
from reconcile.services.imports.opening import opening_item_add, opening_item_remove
from reconcile.services.matching import match_run_execute, match_run_start, match_undo, period_close
from reconcile.services.review import close_review_submit
from tests.factories import make_user
from tests.fixtures.books import import_both

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
END = dt.date(2026, 10, 31)


@dataclass
class Books:
    """One customer's workbench with something for every action to act on."""

    account: object
    accountant: object
    group: Match  # an active match (undo)
    free_bank: int  # the lines of an undone group (match; the suggestion proposes them too)
    free_journal: int
    suggestion: Suggestion
    opening_line: int  # an opening item (opening_remove)
    # Submitted for END by the cases that decide it (approve, return): while a period awaits review its matches do
    # not change, so the other cases act on an open period.
    review: CloseReview | None = None


def _books(account, accountant) -> Books:
    import_both(account, accountant)
    match_run_execute(run_id=match_run_start(actor=accountant, account_id=account.pk, period_end=END).pk)
    first, second = Match.objects.active().filter(account=account).order_by("pk")[:2]
    match_undo(actor=accountant, match_id=second.pk, reason="to match by hand")
    bank = [link.bank_line_id for link in second.links.all() if link.bank_line_id]
    journal = [link.journal_entry_id for link in second.links.all() if link.journal_entry_id]
    suggestion = Suggestion.objects.create(
        account=account, bank_line_ids=bank, journal_entry_ids=journal, rule="amount_date", score=0.95
    )
    opening_item_add(
        actor=accountant,
        account_id=account.pk,
        kind="journal",
        date="2026-09-28",
        amount="5000.00",
        direction="out",
        summary="9月未兑现支票",
        entry="setup",
    )
    [item] = opening_items(account)
    return Books(account, accountant, first, bank[0], journal[0], suggestion, item.pk)


def _state(account) -> tuple:
    """Everything an action of the workbench can change on the account (and the audit chain, which each extends)."""
    return (
        MatchRun.objects.filter(account=account).count(),
        sorted(Match.objects.active().filter(account=account).values_list("pk", flat=True)),
        sorted(Suggestion.objects.filter(account=account).values_list("pk", flat=True)),
        BankLine.objects.live().filter(account=account, source_import__source__in=OPENING_SOURCES).count(),
        JournalEntry.objects.live().filter(account=account, source_import__source__in=OPENING_SOURCES).count(),
        sorted(PeriodClose.objects.filter(account=account).values_list("pk", "reopened_at")),
        sorted(CloseReview.objects.filter(account=account).values_list("pk", "state")),
        AuditEvent.objects.count(),
    )


def _close(books: Books) -> None:
    period_close(actor=books.accountant, account_id=books.account.pk, period_end=END)


def _reviewer_of(customer):
    """The company's reviewer: with one, its periods close through review (submit, approve, return); without, directly."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(username="reviewer_b").first() or make_user(
        "reviewer_b", ["reviewer"], customer
    )


def _submit(books: Books) -> None:
    _reviewer_of(books.account.customer)
    books.review = close_review_submit(actor=books.accountant, account_id=books.account.pk, period_end=END)


@dataclass(frozen=True)
class Case:
    data: Callable[[Books], dict]
    period: dt.date = END
    by_reviewer: bool = False  # approving and returning are the reviewer's
    prepare: Callable[[Books], None] | None = None


def _remove_opening(b: Books) -> None:
    opening_item_remove(actor=b.accountant, account_id=b.account.pk, side="journal", line_id=b.opening_line, reason="x")


def _submit_agreed(b: Books) -> None:
    _remove_opening(b)
    _submit(b)


def _agreed_with_a_reviewer(b: Books) -> None:
    _reviewer_of(b.account.customer)
    _remove_opening(b)


# Each action's form as the page sends it, naming the customer's own objects.
CASES = {
    "run": Case(lambda b: {}),
    "match": Case(lambda b: {"bank": [b.free_bank], "journal": [b.free_journal]}),
    "accept": Case(lambda b: {"suggestion": b.suggestion.pk}),
    "reject": Case(lambda b: {"suggestion": b.suggestion.pk, "reason": "another invoice"}),
    "accept-above": Case(lambda b: {"threshold": "0.5"}),
    "undo": Case(lambda b: {"match": b.group.pk, "reason": "wrong pair"}),
    "opening": Case(
        lambda b: {
            "side": "bank",
            "date": "2026-09-27",
            "direction": "in",
            "amount": "12.50",
            "summary": "在途",
            "entry": "form-new",
        }
    ),
    "opening-remove": Case(lambda b: {"side": "journal", "line": b.opening_line, "reason": "typo"}),
    "close": Case(lambda b: {"confirm": "yes"}),
    # Only a table that agrees is submitted: the opening item, unexplained, would leave a difference.
    "submit": Case(lambda b: {}, period=dt.date(2026, 11, 30), prepare=lambda b: _agreed_with_a_reviewer(b)),
    "approve": Case(
        lambda b: {"review": b.review.pk, "confirm": "yes"}, by_reviewer=True, prepare=lambda b: _submit_agreed(b)
    ),
    "return": Case(
        lambda b: {"review": b.review.pk, "note": "check the fee"},
        by_reviewer=True,
        prepare=lambda b: _submit_agreed(b),
    ),
    "reopen": Case(lambda b: {"reason": "a late fee"}, prepare=lambda b: _close(b)),
}


def test_every_action_has_a_case_and_the_old_table_names_them_all():
    assert set(CASES) == {name.replace("_", "-") for name in LEGACY_ACTIONS}


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the messages asserted are the English ones
    return client


@pytest.fixture
def books_b(account_b, customer_b) -> Books:
    return _books(account_b, make_user("accountant_b", ["accountant"], customer_b))


def _post(client, name: str, books: Books, case: Case, follow: bool = False, **extra):
    url = reverse(f"portal:workbench-{name}", args=[books.account.pk])
    return client.post(url, {"period": case.period.isoformat(), **case.data(books), **extra}, follow=follow)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_action_url_is_refused_to_everyone_but_its_customer(
    client, name, books_b, accountant_a, client_a, ops, customer_a, customer_b
):
    case = CASES[name]
    if case.prepare:
        case.prepare(books_b)
    reviewer_a = make_user("reviewer_a", ["reviewer"], customer_a)
    before = _state(books_b.account)
    for outsider, refused in ((accountant_a, 404), (reviewer_a, 404), (client_a, 403), (ops, 403)):
        client.force_login(outsider)
        assert _post(client, name, books_b, case).status_code == refused, outsider
    client.logout()
    anonymous = _post(client, name, books_b, case)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("portal:login"))
    assert _state(books_b.account) == before, "an outsider's POST changed something"
    # The same form from the customer's own accountant (or reviewer) does change something: the refusals above
    # are the scope's, not a form that would have failed anyway.
    insider = _reviewer_of(customer_b) if case.by_reviewer else books_b.accountant
    client.force_login(insider)
    client.get(reverse(f"portal:workbench-{name}", args=[books_b.account.pk]))  # a GET changes nothing
    assert _state(books_b.account) == before
    response = _post(client, name, books_b, case, follow=True)
    assert response.redirect_chain and response.redirect_chain[0][1] == 302
    assert _state(books_b.account) != before
    assert [m.level_tag for m in response.context["messages"]] in (["success"], [])  # [] : the run's own page


def test_each_action_url_says_what_it_did(client, books_b, customer_b):
    """The message each view gives, followed back to the workbench (the lists' filter kept after a match)."""
    client.force_login(books_b.accountant)
    said = {}
    for name in ("undo", "reject", "match", "opening", "opening-remove", "close", "reopen"):
        response = _post(client, name, books_b, CASES[name], b_q="货款" if name == "match" else "")
        said[name] = response
    assert said["match"]["Location"].endswith("#lines") and "b_q=" in said["match"]["Location"]
    assert not said["undo"]["Location"].endswith("#lines")
    page = client.get(said["reopen"]["Location"]).content.decode()
    for text in (
        "Match undone.",
        "Suggestion rejected: its lines stay open for a match by hand.",
        "Matched (group",
        "Opening outstanding item added.",
        "Opening outstanding item removed.",
        "Period closed; it is read-only until reopened.",
        "Period reopened.",
    ):
        assert text in page, text
    # Submitting needs a table that agrees: the bank opening item added above, unexplained, is taken out first.
    [added] = opening_items(books_b.account)
    opening_item_remove(
        actor=books_b.accountant, account_id=books_b.account.pk, side="bank", line_id=added.pk, reason="test"
    )
    _reviewer_of(customer_b)  # the company has a reviewer now: its periods close through review
    response = _post(client, "submit", books_b, CASES["submit"])
    assert "Submitted for review" in client.get(response["Location"]).content.decode()


def test_closing_without_the_confirmation_closes_nothing(client, books_b):
    client.force_login(books_b.accountant)
    response = client.post(reverse("portal:workbench-close", args=[books_b.account.pk]), {"period": "2026-10-31"})
    assert "The period was not closed" in client.get(response["Location"]).content.decode()
    assert not PeriodClose.objects.filter(account=books_b.account).exists()


def test_a_mangled_id_is_said_not_a_500(client, books_b):
    client.force_login(books_b.accountant)
    for name, data in (("undo", {"match": "x", "reason": "r"}), ("accept", {}), ("opening-remove", {"line": ""})):
        response = client.post(reverse(f"portal:workbench-{name}", args=[books_b.account.pk]), data, follow=True)
        assert response.status_code == 200 and "The request was incomplete" in response.content.decode(), name


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_action_url_enforces_csrf(name, books_b):
    if CASES[name].prepare:
        CASES[name].prepare(books_b)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(books_b.accountant)
    before = _state(books_b.account)
    assert _post(strict, name, books_b, CASES[name]).status_code == 403
    assert _state(books_b.account) == before


# -- the deprecated endpoint (portal:workbench-action), kept one release ------------------------------------------


def test_the_old_endpoint_maps_each_action_to_its_own_view():
    for action, view in LEGACY_ACTIONS.items():
        assert resolve(reverse(f"portal:workbench-{action.replace('_', '-')}", args=[1])).func is view, action


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_old_endpoint_still_routes_each_action(client, name, books_b, customer_b):
    case = CASES[name]
    if case.prepare:
        case.prepare(books_b)
    insider = _reviewer_of(customer_b) if case.by_reviewer else books_b.accountant
    client.force_login(insider)
    before = _state(books_b.account)
    old = reverse("portal:workbench-action", args=[books_b.account.pk])
    data = {"period": case.period.isoformat(), "action": name.replace("-", "_"), **case.data(books_b)}
    assert client.post(old, data).status_code == 302
    assert _state(books_b.account) != before


def test_the_old_endpoint_refuses_outsiders_and_ignores_what_it_does_not_know(client, books_b, accountant_a):
    old = reverse("portal:workbench-action", args=[books_b.account.pk])
    before = _state(books_b.account)
    client.force_login(accountant_a)
    assert client.post(old, {"action": "undo", "match": books_b.group.pk, "reason": "x"}).status_code == 404
    assert client.post(old, {"action": "nonsense"}).status_code == 404  # the scope first, whatever the action
    client.logout()
    assert client.post(old, {"action": "run"})["Location"].startswith(reverse("portal:login"))
    client.force_login(books_b.accountant)
    for response in (client.post(old, {"action": "nonsense"}), client.post(old, {}), client.get(old)):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("portal:workbench", args=[books_b.account.pk]))
    assert _state(books_b.account) == before
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(books_b.accountant)
    assert strict.post(old, {"action": "run", "period": "2026-10-31"}).status_code == 403
    assert _state(books_b.account) == before


def test_line_ids_out_of_the_databases_range_are_said_not_a_500(client, books_b):
    # 10**30 is no row of any table; the database cannot even compare with it (SQLite: OverflowError).
    client.force_login(books_b.accountant)
    before = _state(books_b.account)
    for data in ({"bank": [str(10**30)], "journal": [books_b.free_journal]}, {"bank": "-5", "journal": "0"}):
        response = client.post(reverse("portal:workbench-match", args=[books_b.account.pk]), data, follow=True)
        assert response.status_code == 200 and "The request was incomplete" in response.content.decode(), data
    assert _state(books_b.account) == before


def test_hostile_text_in_the_action_forms(client, books_b, settings):
    """A formula is stored as the text it is (exports write text cells); a NUL byte and a body over the limit are
    refused before any view runs, and change nothing."""
    from tests.fixtures.hostile import FORMULA_TEXTS

    client.force_login(books_b.accountant)
    formula = FORMULA_TEXTS[0]
    opening = dict(CASES["opening"].data(books_b), summary=formula, entry="hostile-formula")
    response = _post(client, "opening", books_b, Case(lambda b: opening))
    assert response.status_code == 302
    assert any(item.summary == formula for item in opening_items(books_b.account))
    before = _state(books_b.account)
    for name, data in (
        ("undo", {"match": books_b.group.pk, "reason": "wrong\x00pair"}),
        ("opening", dict(opening, summary="在途\x00", entry="hostile-nul")),
        ("reject", {"suggestion": books_b.suggestion.pk, "reason": "another\x00invoice"}),
    ):
        assert _post(client, name, books_b, Case(lambda b, d=data: d)).status_code == 400, name
    huge = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    assert (
        _post(client, "undo", books_b, Case(lambda b: {"match": books_b.group.pk, "reason": huge})).status_code == 413
    )
    assert _state(books_b.account) == before


def test_a_suggestion_is_rejected_from_the_workbench_and_its_lines_stay_open(client, books_b):
    """The page offered only "Accept": a wrong suggestion could be taken off the list through the API alone."""
    client.force_login(books_b.accountant)
    page = client.get(reverse("portal:workbench", args=[books_b.account.pk]), {"period": "2026-10-31"})
    body = page.content.decode()
    reject = reverse("portal:workbench-reject", args=[books_b.account.pk])
    assert f'action="{reject}"' in body and ">Reject suggestion</button>" in body
    pk = books_b.suggestion.pk
    assert f'<label for="reject-{pk}" class="sr-only">Reason for rejecting (optional)</label>' in body
    response = _post(client, "reject", books_b, CASES["reject"], follow=True)
    assert "Suggestion rejected: its lines stay open for a match by hand." in response.content.decode()
    assert not Suggestion.objects.filter(pk=pk).exists()
    assert not Match.objects.active().filter(links__bank_line_id=books_b.free_bank).exists()
    event = AuditEvent.objects.get(action="suggestion.rejected")
    assert event.after == {"reason": "another invoice"}


def test_a_suggestion_overtaken_by_a_match_is_no_longer_offered(client, books_b):
    """Two equal payments proposed both ways: once one pair is accepted, the suggestions holding either of its lines
    could only be refused ("matched meanwhile; refresh"), and a refresh showed them again."""
    from reconcile.selectors.matching import suggestion_details

    b = books_b
    matched_bank = next(link.bank_line_id for link in b.group.links.all() if link.bank_line_id)
    overtaken = Suggestion.objects.create(
        account=b.account, bank_line_ids=[matched_bank], journal_entry_ids=[b.free_journal], rule="near", score=0.55
    )
    client.force_login(b.accountant)
    url = reverse("portal:workbench", args=[b.account.pk])
    body = client.get(url, {"period": "2026-10-31"}).content.decode()
    assert f'name="suggestion" value="{b.suggestion.pk}"' in body
    assert f'name="suggestion" value="{overtaken.pk}"' not in body
    assert [d.suggestion.pk for d in suggestion_details(b.account, END)] == [b.suggestion.pk]  # the API's list
    _post(client, "accept", b, CASES["accept"])
    body = client.get(url, {"period": "2026-10-31"}).content.decode()
    assert "Suggestions (0)" in body and 'name="suggestion"' not in body
    # The line under "Match automatically" counts what is left to review, not what the run once proposed.
    assert "0 suggestions for you to review." in body


@pytest.mark.parametrize("name", ["accept", "reject"])
def test_a_suggestion_gone_since_the_page_was_drawn_is_said_on_the_workbench(client, books_b, name):
    """A double click, or a second tab: the second press answered "no such page" (404) instead of saying why."""
    client.force_login(books_b.accountant)
    _post(client, name, books_b, CASES[name])
    response = _post(client, name, books_b, CASES[name], follow=True)
    assert response.status_code == 200 and response.redirect_chain[0][1] == 302
    assert "This suggestion is no longer offered" in response.content.decode()
