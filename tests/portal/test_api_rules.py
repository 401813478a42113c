"""``/api/v1/match-rules/``: CRUD, learned names after a manual match, the preview; tenancy and hostile text."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from core.models import AuditEvent
from reconcile.models import BankLine, JournalEntry, MatchRule
from tests.factories import api_key, make_user
from tests.fixtures.rule_books import import_rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
FEE = {"kind": "match", "name": "银行手续费", "priority": 10, "pattern": "手续费", "max_amount": "50.00", "days": 3}


def _api(user) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(user)}", HTTP_ACCEPT_LANGUAGE="en")
    return api


@pytest.fixture
def api(accountant_a) -> APIClient:
    return _api(accountant_a)


def test_create_list_read_change_deactivate_delete(api, account_a):
    created = api.post("/api/v1/match-rules/", FEE, format="json")
    assert created.status_code == 201, created.content
    rule = created.json()
    assert (rule["kind"], rule["max_amount"], rule["account_id"], rule["active"], rule["proposed"]) == (
        "match",
        "50.00",
        None,
        True,
        False,
    )
    alias = api.post(
        "/api/v1/match-rules/",
        {"kind": "alias", "account_id": account_a.pk, "pattern": "ACME GMBH", "target": "Acme Trading GmbH"},
        format="json",
    ).json()
    listed = api.get("/api/v1/match-rules/", {"account_id": account_a.pk}).json()["results"]
    assert [r["id"] for r in listed] == [rule["id"], alias["id"]]  # priority order
    url = f"/api/v1/match-rules/{rule['id']}/"
    assert api.get(url).json()["pattern"] == "手续费"
    changed = api.patch(url, {"active": False, "journal_pattern": "银行手续费"}, format="json")
    assert changed.status_code == 200 and changed.json()["active"] is False
    assert changed.json()["journal_pattern"] == "银行手续费"
    assert api.delete(url).status_code == 204 and api.get(url).status_code == 404
    actions = set(AuditEvent.objects.filter(target_type="reconcile.matchrule").values_list("action", flat=True))
    assert actions == {"match_rule.created", "match_rule.updated", "match_rule.deleted"}


def test_a_manual_match_answers_with_the_learned_name_to_accept(api, account_a, accountant_a):
    import_rows(
        account_a,
        accountant_a,
        [("2026-10-08", "货款", "", "5000.00", "ACME GMBH", "SN1")],
        [("2026-10-08", "记-1", "收货款", "5000.00", "", "Acme Trading GmbH")],
    )
    bank, entry = BankLine.objects.get(serial="SN1"), JournalEntry.objects.get(serial="记-1")
    answer = api.post(
        f"/api/v1/accounts/{account_a.pk}/matches",
        {"bank_line_ids": [bank.pk], "journal_entry_ids": [entry.pk]},
        format="json",
    )
    assert answer.status_code == 201, answer.content
    proposal = answer.json()["alias_proposal"]
    assert (proposal["kind"], proposal["pattern"], proposal["target"], proposal["proposed"], proposal["active"]) == (
        "alias",
        "ACME GMBH",
        "Acme Trading GmbH",
        True,
        False,
    )
    assert proposal["learned_from_match_id"] == answer.json()["id"]
    assert [r["id"] for r in api.get("/api/v1/match-rules/", {"proposed": "true"}).json()["results"]] == [
        proposal["id"]
    ]
    accepted = api.post(f"/api/v1/match-rules/{proposal['id']}/accept")
    assert accepted.status_code == 200 and (accepted.json()["active"], accepted.json()["proposed"]) == (True, False)
    again = api.post(f"/api/v1/match-rules/{proposal['id']}/dismiss")
    assert again.status_code == 409 and again.json()["code"] == "not_proposed"


def test_accepting_a_suggestion_answers_with_the_learned_name_too(api, account_a, accountant_a):
    """README: a learned name is proposed when an accountant matches by hand "or accepts a suggestion", shown as the
    API's alias_proposal; the accept call answered without it, so an ERP never saw the proposal."""
    from reconcile.models import Suggestion

    import_rows(
        account_a,
        accountant_a,
        [("2026-10-08", "货款", "", "5000.00", "ACME GMBH", "SN1")],
        [("2026-10-08", "记-1", "收货款", "5000.00", "", "Acme Trading GmbH")],
    )
    bank, entry = BankLine.objects.get(serial="SN1"), JournalEntry.objects.get(serial="记-1")
    suggestion = Suggestion.objects.create(
        account=account_a, bank_line_ids=[bank.pk], journal_entry_ids=[entry.pk], rule="amount_date", score=0.9
    )
    answer = api.post(f"/api/v1/suggestions/{suggestion.pk}/accept")
    assert answer.status_code == 201, answer.content
    proposal = answer.json()["alias_proposal"]
    assert (proposal["pattern"], proposal["target"], proposal["proposed"]) == ("ACME GMBH", "Acme Trading GmbH", True)
    assert proposal["learned_from_match_id"] == answer.json()["id"]


def test_the_proposed_filter_is_read_or_refused(api, account_a, accountant_a):
    """?proposed=yes listed every rule, as if the filter had been understood; it is 400 invalid naming it."""
    fee = api.post("/api/v1/match-rules/", FEE, format="json").json()
    learned = MatchRule.objects.create(
        customer=account_a.customer,
        account=account_a,
        kind="alias",
        pattern="A",
        target="B",
        proposed=True,
        active=False,
    )
    ids = {
        value: [r["id"] for r in api.get("/api/v1/match-rules/", {"proposed": value}).json()["results"]]
        for value in ("true", "1", "false", "0")
    }
    assert ids == {"true": [learned.pk], "1": [learned.pk], "false": [fee["id"]], "0": [fee["id"]]}
    refused = api.get("/api/v1/match-rules/", {"proposed": "yes"})
    assert refused.status_code == 400 and refused.json()["code"] == "invalid"
    assert "proposed" in refused.json()["errors"]


def test_the_preview_lists_the_pairs_and_warns_of_a_false_match(api, account_a, accountant_a):
    import_rows(
        account_a,
        accountant_a,
        [("2026-10-04", "报销", "20.00", "", "张三", "SN1"), ("2026-10-05", "手续费", "20.00", "", "", "SN2")],
        [
            ("2026-10-04", "记-1", "付张三报销", "", "20.00", "张三"),
            ("2026-10-07", "记-2", "银行手续费", "", "20.00", ""),
        ],
    )
    for serial, voucher in (("SN1", "记-1"), ("SN2", "记-2")):
        api.post(
            f"/api/v1/accounts/{account_a.pk}/matches",
            {
                "bank_line_ids": [BankLine.objects.get(serial=serial).pk],
                "journal_entry_ids": [JournalEntry.objects.get(serial=voucher).pk],
            },
            format="json",
        )
    rule = api.post("/api/v1/match-rules/", FEE, format="json").json()
    url = f"/api/v1/match-rules/{rule['id']}/preview"
    assert api.get(url, {"date_from": "2026-10-01", "date_to": "2026-10-31"}).json()["code"] == "invalid"  # no account
    body = api.get(url, {"account_id": account_a.pk, "date_from": "2026-10-01", "date_to": "2026-10-31"}).json()
    assert (body["matched_lines"], body["warnings"] >= 1, len(body["pairs"])) == (2, True, 1)
    pair = body["pairs"][0]
    assert [b["reference"] for b in pair["bank_lines"]] == ["SN2"]
    assert [j["reference"] for j in pair["journal_entries"]] == ["记-1"]
    assert "matched_differently" in {w["code"] for w in pair["warnings"]}
    assert f"#{rule['id']} 银行手续费" in pair["reasons"][0]
    too_long = api.get(url, {"account_id": account_a.pk, "date_from": "2026-01-01", "date_to": "2026-10-31"})
    assert too_long.status_code == 400 and "date_to" in too_long.json()["message"]


def test_other_customers_rules_are_404_and_clients_and_bank_staff_403(
    api, account_a, account_b, customer_b, client_a, ops
):
    rule = api.post("/api/v1/match-rules/", FEE, format="json").json()
    stranger = _api(make_user("accountant_b", ["accountant"], customer_b))
    for call in (
        lambda a: a.get(f"/api/v1/match-rules/{rule['id']}/"),
        lambda a: a.patch(f"/api/v1/match-rules/{rule['id']}/", {"active": False}, format="json"),
        lambda a: a.delete(f"/api/v1/match-rules/{rule['id']}/"),
        lambda a: a.post(f"/api/v1/match-rules/{rule['id']}/accept"),
        lambda a: a.get(f"/api/v1/match-rules/{rule['id']}/preview", {"account_id": account_a.pk}),
    ):
        assert call(stranger).status_code == 404
        assert call(_api(client_a)).status_code == 403
        assert call(_api(ops)).status_code == 403
    assert stranger.get("/api/v1/match-rules/").json()["results"] == []
    assert stranger.get("/api/v1/match-rules/", {"account_id": account_a.pk}).status_code == 404
    # their own rule cannot be narrowed to our account, nor ours previewed on theirs
    assert stranger.post("/api/v1/match-rules/", {**FEE, "account_id": account_a.pk}, format="json").status_code == 400
    assert api.get(f"/api/v1/match-rules/{rule['id']}/preview", {"account_id": account_b.pk}).status_code == 404
    assert MatchRule.objects.get(pk=rule["id"]).active


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**FEE, "pattern": "=1+1"}, "pattern"),
        ({**FEE, "pattern": "@SUM(A1)"}, "pattern"),
        ({**FEE, "pattern": "x" * 100_000}, "pattern"),
        ({**FEE, "journal_pattern": "a*" * 150}, "journal_pattern"),
        ({**FEE, "kind": "regex"}, "kind"),
        ({**FEE, "max_amount": "-1"}, "max_amount"),
        ({**FEE, "direction": "sideways"}, "direction"),
        ({"kind": "alias", "pattern": "ACME GMBH", "target": "acme gmbh"}, "target"),
    ],
)
def test_hostile_or_wrong_fields_are_named_in_a_400(api, body, field):
    response = api.post("/api/v1/match-rules/", body, format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert field in body.get("errors", {}) or field in body["message"]
    assert not MatchRule.objects.exists()


def test_a_nul_byte_is_refused_before_the_view(api):
    response = api.post("/api/v1/match-rules/", {**FEE, "pattern": "手续\x00费"}, format="json")
    assert response.status_code == 400 and not MatchRule.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [({"direction": "借"}, "direction"), ({"account_id": 987654}, "account_id")],
)
def test_a_refused_field_is_in_errors_by_field(api, change, field):
    # README: "A bad field: 400 invalid naming it", errors as {field: [message]} (the schema's ApiError).
    response = api.post("/api/v1/match-rules/", {**FEE, **change}, format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid" and body["errors"] == {field: [body["message"]]}
    assert not MatchRule.objects.exists()


@pytest.mark.parametrize("form", ["multipart", None])  # multipart, and the schema's urlencoded form
def test_a_rule_sent_as_a_form_is_active_as_a_json_one_is(api, form):
    body = {"kind": "never", "pattern": "支付宝"}
    if form:
        created = api.post("/api/v1/match-rules/", body, format=form)
    else:
        created = api.post(
            "/api/v1/match-rules/",
            data="kind=never&pattern=%E6%94%AF%E4%BB%98%E5%AE%9D",
            content_type="application/x-www-form-urlencoded",
        )
    assert created.status_code == 201, created.content
    assert created.json()["active"] is True
    rule = MatchRule.objects.get(pk=created.json()["id"])
    assert rule.active and rule.pattern == "支付宝"
    # a change sent as a form that leaves active out leaves it as it is
    changed = api.patch(f"/api/v1/match-rules/{rule.pk}/", {"priority": 5}, format="multipart")
    assert changed.status_code == 200 and changed.json()["active"] is True
