"""The month end over the API (银企直联): matching runs, suggestions, manual matches, undo and unmatched lines, through
the workbench's services, as the accountant, as the other customer, as bank staff and with hostile input."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from core.models import AuditEvent
from core.selectors.audit import audit_chain_verify
from reconcile.models import BankLine, JournalEntry, Match, MatchLink, Suggestion
from reconcile.services.matching import period_close
from tests.factories import api_key, make_user
from tests.fixtures.books import import_both
from tests.fixtures.worked_example import BANK_CSV, JOURNAL_CSV

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
END = "2026-10-31"

# A month with one suggestion the engine is fairly sure of (the same amount 24 days apart; the bank line names nobody,
# so it is not a late booking of the same party) and one it doubts (same amount and day, but the journal names another
# company), besides DESIGN §4's three clear pairs.
BANK = (
    "交易日期,摘要,借方发生额,贷方发生额,余额,对方户名,交易流水号\n"
    '2026-10-02,付款,"4,321.00",,"95,679.00",,SN1\n'
    '2026-10-12,付款,"7,000.00",,"88,679.00",北京中科信达科技有限公司,SN2\n'
    '2026-10-20,手续费,15.00,,"88,664.00",,SN3\n'
)
JOURNAL = (
    "日期,凭证字号,摘要,对方科目,结算方式,结算号,借方金额,贷方金额,方向,余额\n"
    '2026-10-01,,期初余额,,,,,,借,"100,000.00"\n'
    '2026-10-12,记-7,付上海恒瑞贸易有限公司货款,应付账款,电汇,,,"7,000.00",借,"93,000.00"\n'
    '2026-10-26,记-9,付华南精密货款,应付账款,电汇,,,"4,321.00",借,"88,679.00"\n'
)


def _api(user) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(user)}", HTTP_ACCEPT_LANGUAGE="en")
    return api


@pytest.fixture
def api(accountant_a) -> APIClient:
    return _api(accountant_a)


@pytest.fixture
def start_run(api, django_capture_on_commit_callbacks):
    """POST a matching run; its task runs after the commit, eagerly, as in the embedded default."""

    def start(account, date: str = END):
        with django_capture_on_commit_callbacks(execute=True):
            return api.post(f"/api/v1/accounts/{account.pk}/match-runs", {"date": date}, format="json")

    return start


@pytest.fixture
def month(account_a, accountant_a, start_run):
    """account_a with BANK and JOURNAL imported and matched up to October's end: two suggestions, nothing matched."""
    import_both(account_a, accountant_a, BANK, JOURNAL)
    response = start_run(account_a)
    assert response.status_code == 202, response.content
    return account_a


def test_a_run_answers_with_its_id_and_location_and_reports_its_result(books, api, start_run):
    response = start_run(books)
    assert response.status_code == 202
    run = response.json()
    assert response["Location"] == f"/api/v1/match-runs/{run['id']}"
    progress = api.get(response["Location"])
    assert progress.status_code == 200
    body = progress.json()
    assert (body["state"], body["progress"], body["matched"], body["suggested"]) == ("done", 100, 3, 0)
    assert (body["account_id"], body["period_end"]) == (books.pk, END)
    assert Match.objects.filter(account=books, undone_at__isnull=True).count() == 3


def test_a_run_needs_a_period_end(books, api):
    for body in ({}, {"date": "2026-13-01"}, {"date": "0001-01-01"}, {"date": ["2026-10-31"]}):
        response = api.post(f"/api/v1/accounts/{books.pk}/match-runs", body, format="json")
        assert response.status_code == 400, body
        assert response.json()["code"] == "invalid" and "date" in response.json()["message"]


def test_suggestions_come_with_scores_reasons_and_lines_best_first(month, api):
    response = api.get(f"/api/v1/accounts/{month.pk}/suggestions", {"date": END})
    assert response.status_code == 200
    page = response.json()
    assert page["count"] == 2 and [s["score"] for s in page["results"]] == sorted(
        (s["score"] for s in page["results"]), reverse=True
    )
    late = next(s for s in page["results"] if s["rule"] == "amount_outside_window")
    assert late["reasons"]
    assert [(line["side"], line["amount"], line["reference"]) for line in late["bank_lines"]] == [
        ("bank", "4321.00", "SN1")
    ]
    assert [(line["side"], line["date"], line["summary"]) for line in late["journal_entries"]] == [
        ("journal", "2026-10-26", "付华南精密货款")
    ]
    # a period end before the journal entry: not offered for that period
    assert api.get(f"/api/v1/accounts/{month.pk}/suggestions", {"date": "2026-10-20"}).json()["count"] == 1
    assert api.get(f"/api/v1/accounts/{month.pk}/suggestions", {"date": END, "page": 2}).status_code == 404


def test_accepting_a_suggestion_matches_its_lines_once(month, api):
    suggestion = Suggestion.objects.get(account=month, rule="amount_outside_window")
    response = api.post(f"/api/v1/suggestions/{suggestion.pk}/accept")
    assert response.status_code == 201
    group = response.json()
    assert (group["kind"], group["rule"], group["bank_line_ids"], group["journal_entry_ids"]) == (
        "suggestion",
        "amount_outside_window",
        suggestion.bank_line_ids,
        suggestion.journal_entry_ids,
    )
    assert not Suggestion.objects.filter(pk=suggestion.pk).exists()
    assert api.post(f"/api/v1/suggestions/{suggestion.pk}/accept").status_code == 404  # gone, like a foreign id


def test_a_suggestion_whose_lines_were_matched_meanwhile_is_a_conflict(month, api, accountant_a):
    suggestion = Suggestion.objects.filter(account=month).order_by("-score").first()
    body = {"bank_line_ids": suggestion.bank_line_ids, "journal_entry_ids": suggestion.journal_entry_ids}
    assert api.post(f"/api/v1/accounts/{month.pk}/matches", body, format="json").status_code == 201
    response = api.post(f"/api/v1/suggestions/{suggestion.pk}/accept")
    assert response.status_code == 409 and response.json()["code"] == "already_matched"


def test_rejecting_a_suggestion_takes_it_off_the_list_and_is_audited(month, api):
    suggestion = Suggestion.objects.filter(account=month).order_by("score").first()
    response = api.post(f"/api/v1/suggestions/{suggestion.pk}/reject", {"reason": "another invoice"}, format="json")
    assert response.status_code == 204
    assert not Suggestion.objects.filter(pk=suggestion.pk).exists()
    assert not MatchLink.objects.filter(bank_line_id__in=suggestion.bank_line_ids).exists()
    event = AuditEvent.objects.filter(action="suggestion.rejected").get()
    assert event.target_id == str(suggestion.pk) and event.after == {"reason": "another invoice"}
    assert event.before["bank_lines"] == suggestion.bank_line_ids and event.before["score"] == repr(suggestion.score)
    assert api.post(f"/api/v1/suggestions/{suggestion.pk}/reject").status_code == 404
    assert audit_chain_verify().ok


def test_a_manual_match_by_ids_balances_and_keeps_its_note(books, api):
    fee = BankLine.objects.get(account=books, amount=Decimal("150.00"))
    cheque = JournalEntry.objects.get(account=books, amount=Decimal("80000.00"))
    url = f"/api/v1/accounts/{books.pk}/matches"
    refused = api.post(url, {"bank_line_ids": [fee.pk], "journal_entry_ids": [cheque.pk]}, format="json")
    assert refused.status_code == 400
    assert refused.json() == {
        "code": "unbalanced",
        "message": "The selection does not balance: bank minus journal is 79,850.00.",
    }
    line = BankLine.objects.get(account=books, amount=Decimal("200000.00"))
    entry = JournalEntry.objects.get(account=books, amount=Decimal("200000.00"))
    body = {"bank_line_ids": [line.pk], "journal_entry_ids": [entry.pk], "note": "ERP: receipt 2026-118"}
    response = api.post(url, body, format="json")
    assert response.status_code == 201
    group = response.json()
    assert (group["kind"], group["reasons"], group["bank_line_ids"], group["journal_entry_ids"]) == (
        "manual",
        ["ERP: receipt 2026-118"],
        [line.pk],
        [entry.pk],
    )
    assert (
        AuditEvent.objects.get(action="match.created", target_id=str(group["id"])).after["note"]
        == "ERP: receipt 2026-118"
    )
    again = api.post(url, body, format="json")
    assert again.status_code == 409 and again.json()["code"] == "already_matched"


def _b_books(account_b, customer_b) -> None:
    """The worked example as account B's own files (other bytes: the same file is imported once)."""
    import_both(
        account_b,
        make_user("accountant_b", ["accountant"], customer_b),
        BANK_CSV.replace("SN2026", "B2026"),
        JOURNAL_CSV.replace("记-", "B记-"),
    )


def test_another_accounts_lines_are_refused_by_name(books, api, account_b, customer_b):
    _b_books(account_b, customer_b)
    theirs = BankLine.objects.get(account=account_b, amount=Decimal("200000.00"))
    mine = JournalEntry.objects.get(account=books, amount=Decimal("200000.00"))
    response = api.post(
        f"/api/v1/accounts/{books.pk}/matches",
        {"bank_line_ids": [theirs.pk], "journal_entry_ids": [mine.pk]},
        format="json",
    )
    assert response.status_code == 400 and response.json()["code"] == "foreign_lines"
    assert not MatchLink.objects.exists()


def test_undo_needs_a_reason_and_happens_once(books, api):
    line = BankLine.objects.get(account=books, amount=Decimal("200000.00"))
    entry = JournalEntry.objects.get(account=books, amount=Decimal("200000.00"))
    group = api.post(
        f"/api/v1/accounts/{books.pk}/matches",
        {"bank_line_ids": [line.pk], "journal_entry_ids": [entry.pk]},
        format="json",
    ).json()
    url = f"/api/v1/matches/{group['id']}/undo"
    for body in ({}, {"reason": ""}, {"reason": "   "}):
        response = api.post(url, body, format="json")
        assert response.status_code == 400 and "reason" in response.json()["message"].lower(), body
    response = api.post(url, {"reason": "wrong receipt"}, format="json")
    assert response.status_code == 200
    assert (response.json()["undo_reason"], response.json()["undone_at"] is not None) == ("wrong receipt", True)
    assert not MatchLink.objects.filter(active=True).exists()
    twice = api.post(url, {"reason": "again"}, format="json")
    assert twice.status_code == 409 and twice.json()["code"] == "already_undone"


def test_unmatched_lists_each_side_paginated_until_matched(books, api, start_run):
    url = f"/api/v1/accounts/{books.pk}/unmatched"
    bank = api.get(url, {"date": END, "side": "bank"}).json()
    journal = api.get(url, {"date": END, "side": "journal"}).json()
    assert bank["count"] == 5 and journal["count"] == 5
    assert [row["amount"] for row in bank["results"]] == ["200000.00", "50000.00", "98500.00", "1650.00", "150.00"]
    assert bank["results"][0] == {
        "id": BankLine.objects.get(serial="SN20261008001").pk,
        "side": "bank",
        "date": "2026-10-08",
        "direction": "in",
        "amount": "200000.00",
        "counterparty": "上海恒瑞贸易有限公司",
        "summary": "货款",
        "reference": "SN20261008001",
    }
    cheque = next(row for row in journal["results"] if row["amount"] == "80000.00")
    assert (cheque["direction"], cheque["reference"], cheque["summary"]) == ("out", "10234567", "付中科信达设备款")
    assert api.get(url, {"date": "2026-10-15", "side": "bank"}).json()["count"] == 2
    start_run(books)
    assert api.get(url, {"date": END, "side": "bank"}).json()["count"] == 2
    for params in ({"date": END}, {"side": "bank"}, {"date": END, "side": "both"}, {"date": "x", "side": "bank"}):
        response = api.get(url, params)
        assert response.status_code == 400 and response.json()["code"] == "invalid", params


def _suggestion_and_a_match(month, api) -> tuple[Suggestion, dict]:
    """The month's open suggestion (not SN2) and a match of SN2 with 记-7 made by hand through the API."""
    suggestion = Suggestion.objects.get(account=month, rule="amount_outside_window")
    seven = BankLine.objects.get(account=month, serial="SN2")
    entry = JournalEntry.objects.get(account=month, serial="记-7")
    group = api.post(
        f"/api/v1/accounts/{month.pk}/matches",
        {"bank_line_ids": [seven.pk], "journal_entry_ids": [entry.pk]},
        format="json",
    ).json()
    return suggestion, group


def test_a_closed_period_refuses_matches_undo_and_accepting_with_the_services_message(month, api, accountant_a):
    suggestion, group = _suggestion_and_a_match(month, api)
    fee = BankLine.objects.get(account=month, serial="SN3")
    period_close(actor=accountant_a, account_id=month.pk, period_end=dt.date(2026, 10, 31))
    closed = "The period up to 2026-10-31 is closed; reopen it to change its matches."
    for response in (
        api.post(f"/api/v1/suggestions/{suggestion.pk}/accept"),
        api.post(f"/api/v1/matches/{group['id']}/undo", {"reason": "x"}, format="json"),
    ):
        assert response.status_code == 409 and response.json() == {"code": "closed", "message": closed}
    assert MatchLink.objects.filter(active=True).count() == 2  # nothing changed
    assert fee.pk not in {link.bank_line_id for link in MatchLink.objects.all()}
    runs = month.match_runs.count()
    for date in ("2026-10-31", "2026-10-15"):  # a run up to a closed day could change nothing: refused, not run
        response = api.post(f"/api/v1/accounts/{month.pk}/match-runs", {"date": date}, format="json")
        assert response.status_code == 409 and response.json() == {"code": "closed", "message": closed}
    assert month.match_runs.count() == runs


@pytest.mark.parametrize("who", ["ops", "client_a"])
def test_bank_staff_and_clients_are_refused_as_in_the_workbench(month, who, ops, client_a):
    api = _api({"ops": ops, "client_a": client_a}[who])
    suggestion = Suggestion.objects.filter(account=month).first()
    run = month.match_runs.first()
    calls = [
        ("get", f"/api/v1/accounts/{month.pk}/adjustment?date={END}"),
        ("get", f"/api/v1/accounts/{month.pk}/suggestions?date={END}"),
        ("get", f"/api/v1/accounts/{month.pk}/unmatched?date={END}&side=bank"),
        ("get", f"/api/v1/match-runs/{run.pk}"),
        ("post", f"/api/v1/accounts/{month.pk}/match-runs"),
        ("post", f"/api/v1/accounts/{month.pk}/matches"),
        ("post", f"/api/v1/suggestions/{suggestion.pk}/accept"),
        ("post", f"/api/v1/suggestions/{suggestion.pk}/reject"),
        ("post", "/api/v1/matches/1/undo"),
    ]
    for method, url in calls:
        response = getattr(api, method)(url, {"date": END}, format="json") if method == "post" else api.get(url)
        assert response.status_code == 403, (url, response.status_code)
        assert response.json() == {
            "code": "forbidden",
            "message": "Reconciling an account needs the accountant role of its company.",
        }
    assert Suggestion.objects.filter(pk=suggestion.pk).exists() and month.match_runs.count() == 1


def test_the_other_customers_accountant_gets_404_for_every_id(month, api, customer_b, account_b):
    other = _api(make_user("accountant_b", ["accountant"], customer_b))
    suggestion = Suggestion.objects.filter(account=month).first()
    line = BankLine.objects.get(account=month, serial="SN2")
    entry = JournalEntry.objects.get(account=month, serial="记-7")
    group = api.post(
        f"/api/v1/accounts/{month.pk}/matches",
        {"bank_line_ids": [line.pk], "journal_entry_ids": [entry.pk]},
        format="json",
    ).json()
    calls = [
        ("get", f"/api/v1/accounts/{month.pk}/adjustment?date={END}", None),
        ("get", f"/api/v1/accounts/{month.pk}/suggestions?date={END}", None),
        ("get", f"/api/v1/accounts/{month.pk}/unmatched?date={END}&side=journal", None),
        ("get", f"/api/v1/match-runs/{month.match_runs.first().pk}", None),
        ("post", f"/api/v1/accounts/{month.pk}/match-runs", {"date": END}),
        ("post", f"/api/v1/accounts/{month.pk}/matches", {"bank_line_ids": [line.pk], "journal_entry_ids": [entry.pk]}),
        ("post", f"/api/v1/suggestions/{suggestion.pk}/accept", None),
        ("post", f"/api/v1/suggestions/{suggestion.pk}/reject", {"reason": "x"}),
        ("post", f"/api/v1/matches/{group['id']}/undo", {"reason": "x"}),
    ]
    for method, url, body in calls:
        response = getattr(other, method)(url, body, format="json") if method == "post" else other.get(url)
        assert response.status_code == 404, (url, response.status_code)
        assert response.json()["code"] == "not_found"
    # B's own account, with A's lines: the lines are not B's account's
    response = other.post(
        f"/api/v1/accounts/{account_b.pk}/matches",
        {"bank_line_ids": [line.pk], "journal_entry_ids": [entry.pk]},
        format="json",
    )
    assert response.status_code == 400 and response.json()["code"] == "foreign_lines"
    assert Match.objects.get(pk=group["id"]).undone_at is None and month.match_runs.count() == 1
    assert Suggestion.objects.filter(pk=suggestion.pk).exists()


def test_anonymous_callers_get_401(month):
    api = APIClient()
    for url in (f"/api/v1/accounts/{month.pk}/adjustment?date={END}", f"/api/v1/accounts/{month.pk}/suggestions"):
        assert api.get(url).status_code == 401
    assert api.post(f"/api/v1/accounts/{month.pk}/match-runs", {"date": END}).status_code == 401


@pytest.mark.parametrize(
    "body",
    [
        {"bank_line_ids": "1", "journal_entry_ids": [1]},
        {"bank_line_ids": [1.5], "journal_entry_ids": [1]},
        {"bank_line_ids": [2**63], "journal_entry_ids": [1]},
        {"bank_line_ids": [-1], "journal_entry_ids": [1]},
        {"bank_line_ids": list(range(1, 1002)), "journal_entry_ids": [1]},
        {"bank_line_ids": [1], "journal_entry_ids": [1], "note": "\x00"},
        {"bank_line_ids": [1], "journal_entry_ids": [1], "note": "x" * 301},
        {"bank_line_ids": [{"id": 1}], "journal_entry_ids": [1]},
        [1, 2],
    ],
    ids=["string", "float", "too-big", "negative", "too-many", "nul", "long-note", "object", "list"],
)
def test_hostile_match_bodies_are_refused_naming_the_field(books, api, body):
    response = api.post(f"/api/v1/accounts/{books.pk}/matches", body, format="json")
    assert response.status_code == 400, response.content
    # A NUL is refused by the JSON parser as in a query or a form (unreadable_input), the rest by the fields.
    nul = isinstance(body, dict) and "\x00" in body.get("note", "")
    assert response.json()["code"] == ("unreadable_input" if nul else "invalid") and response.json()["message"]
    assert not Match.objects.exists()


@pytest.mark.parametrize(
    "body",
    [{"bank_line_ids": [], "journal_entry_ids": [1]}, {"bank_line_ids": [1], "journal_entry_ids": []}],
    ids=["no-bank-line", "no-journal-entry"],
)
def test_an_empty_side_is_refused_as_documented(books, api, body):
    # README: 400 empty_selection (at least one id on each side), the service's own code and message.
    response = api.post(f"/api/v1/accounts/{books.pk}/matches", body, format="json")
    assert response.status_code == 400, response.content
    assert response.json() == {
        "code": "empty_selection",
        "message": "Select at least one bank line and one journal entry.",
    }
    assert not Match.objects.exists()


def test_a_formula_in_a_note_is_kept_as_text(books, api):
    line = BankLine.objects.get(account=books, amount=Decimal("200000.00"))
    entry = JournalEntry.objects.get(account=books, amount=Decimal("200000.00"))
    note = '=HYPERLINK("http://x","y")'
    response = api.post(
        f"/api/v1/accounts/{books.pk}/matches",
        {"bank_line_ids": [line.pk], "journal_entry_ids": [entry.pk], "note": note},
        format="json",
    )
    assert response.status_code == 201 and response.json()["reasons"] == [note]


def test_a_huge_body_is_refused_without_storing_anything(books, api):
    body = {"bank_line_ids": [1] * 200_000, "journal_entry_ids": [1], "note": "x" * 100_000}
    response = api.post(f"/api/v1/accounts/{books.pk}/matches", body, format="json")
    assert response.status_code in (400, 413)
    assert not Match.objects.exists()


def test_a_period_awaiting_review_refuses_matches_undo_accepting_and_runs_over_the_api(
    month, api, accountant_a, customer_a
):
    """Maker-checker over the ERP link too: the submitted table stays as the reviewer will see it (409, code
    awaiting_review), and the page says the same."""
    from django.test import Client

    from reconcile.services.review import close_review_submit

    suggestion, group = _suggestion_and_a_match(month, api)
    make_user("reviewer_a", ["reviewer"], customer_a)
    close_review_submit(actor=accountant_a, account_id=month.pk, period_end=dt.date(2026, 10, 31))
    links = MatchLink.objects.filter(active=True).count()
    for response in (
        api.post(f"/api/v1/suggestions/{suggestion.pk}/accept"),
        api.post(f"/api/v1/matches/{group['id']}/undo", {"reason": "x"}, format="json"),
        api.post(f"/api/v1/accounts/{month.pk}/match-runs", {"date": "2026-10-31"}, format="json"),
    ):
        assert response.status_code == 409 and response.json()["code"] == "awaiting_review"
        assert "awaiting review" in response.json()["message"]
    assert MatchLink.objects.filter(active=True).count() == links
    page = Client(HTTP_ACCEPT_LANGUAGE="en")
    page.force_login(accountant_a)
    response = page.post(
        f"/reconcile/{month.pk}/undo/", {"period": "2026-10-31", "match": group["id"], "reason": "x"}, follow=True
    )
    assert response.status_code == 200 and "awaiting review" in response.content.decode()
    assert MatchLink.objects.filter(active=True).count() == links
