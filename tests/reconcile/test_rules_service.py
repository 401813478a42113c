"""The accountant's rules in the books: runs apply them, the preview catches a false match, learned names, audit."""

from __future__ import annotations

import datetime as dt

import pytest

from core.errors import ConflictError, ServiceError
from core.models import AuditEvent
from core.selectors.audit import audit_chain_verify
from reconcile.models import BankLine, JournalEntry, Match, MatchRule, MatchRun, Suggestion
from reconcile.selectors.rules import engine_rules, last_month
from reconcile.services.matching import match_manual, match_run_start
from reconcile.services.rule_preview import rule_preview
from reconcile.services.rules import (
    match_rule_accept,
    match_rule_create,
    match_rule_delete,
    match_rule_dismiss,
    match_rule_update,
)
from tests.factories import make_user
from tests.fixtures.rule_books import import_rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
END = dt.date(2026, 10, 31)
OCTOBER = (dt.date(2026, 10, 1), END)


def _run(account, actor, capture) -> MatchRun:
    with capture(execute=True):
        run = match_run_start(actor=actor, account_id=account.pk, period_end=END)
    return MatchRun.objects.get(pk=run.pk)


def _bank(serial: str) -> BankLine:
    return BankLine.objects.get(serial=serial)


def _entry(voucher: str) -> JournalEntry:
    return JournalEntry.objects.get(serial=voucher)


@pytest.fixture
def fees(account_a, accountant_a):
    """Two fees the bank took; the journal books them as 银行手续费 a day later."""
    import_rows(
        account_a,
        accountant_a,
        [
            ("2026-10-05", "手续费", "15.00", "", "", "SN1"),
            ("2026-10-12", "手续费", "15.00", "", "", "SN2"),
            ("2026-10-20", "货款", "", "9000.00", "上海恒瑞贸易有限公司", "SN3"),
        ],
        [
            ("2026-10-06", "记-1", "银行手续费 10月上", "", "15.00", ""),
            ("2026-10-13", "记-2", "银行手续费 10月中", "", "15.00", ""),
            ("2026-10-20", "记-3", "收恒瑞贸易货款", "9000.00", "", "恒瑞贸易"),
        ],
    )
    return account_a


def test_a_run_applies_a_match_rule_and_each_match_names_it(fees, accountant_a, django_capture_on_commit_callbacks):
    rule = match_rule_create(
        actor=accountant_a,
        fields={
            "kind": "match",
            "name": "手续费",
            "pattern": "手续费",
            "journal_pattern": "银行手续费",
            "max_amount": "50.00",
            "days": 3,
            "direction": "out",
        },
    )
    run = _run(fees, accountant_a, django_capture_on_commit_callbacks)
    assert run.state == "done"
    by_rule = Match.objects.filter(account=fees, rule="match_rule", kind="auto")
    assert {
        (m.links.get(journal_entry=None).bank_line.serial, m.links.get(bank_line=None).journal_entry.serial)
        for m in by_rule
    } == {("SN1", "记-1"), ("SN2", "记-2")}
    assert all(f"#{rule.pk} 手续费" in m.reasons[0] for m in by_rule)
    assert Match.objects.filter(account=fees, rule="match_rule").count() == 2
    assert Match.objects.filter(account=fees, undone_at=None).count() == 3  # the engine still matches the rest


def test_a_never_rule_turns_automatic_matches_into_suggestions(fees, accountant_a, django_capture_on_commit_callbacks):
    match_rule_create(actor=accountant_a, fields={"kind": "never", "name": "恒瑞", "pattern": "恒瑞"})
    _run(fees, accountant_a, django_capture_on_commit_callbacks)
    assert not Match.objects.filter(account=fees, links__bank_line__serial="SN3").exists()
    suggestion = Suggestion.objects.get(account=fees, bank_line_ids=[_bank("SN3").pk])
    assert any("never auto-match" in r for r in suggestion.reasons)


def test_an_inactive_or_other_accounts_rule_is_not_applied(fees, accountant_a, account_a):
    rule = match_rule_create(actor=accountant_a, fields={"kind": "never", "pattern": "恒瑞"})
    assert [r.id for r in engine_rules(account_a)] == [rule.pk]
    match_rule_update(actor=accountant_a, rule_id=rule.pk, changes={"active": False})
    assert engine_rules(account_a) == []


@pytest.fixture
def reimbursed(account_a, accountant_a):
    """October: a 20.00 reimbursement to 张三 and a 20.00 bank fee, matched by hand correctly."""
    import_rows(
        account_a,
        accountant_a,
        [("2026-10-04", "报销", "20.00", "", "张三", "SN1"), ("2026-10-05", "手续费", "20.00", "", "", "SN2")],
        [
            ("2026-10-04", "记-1", "付张三报销", "", "20.00", "张三"),
            ("2026-10-07", "记-2", "银行手续费", "", "20.00", ""),
        ],
    )
    match_manual(
        actor=accountant_a,
        account_id=account_a.pk,
        bank_line_ids=[_bank("SN1").pk],
        journal_entry_ids=[_entry("记-1").pk],
    )
    match_manual(
        actor=accountant_a,
        account_id=account_a.pk,
        bank_line_ids=[_bank("SN2").pk],
        journal_entry_ids=[_entry("记-2").pk],
    )
    return account_a


def test_the_preview_catches_a_rule_that_would_make_a_false_match(reimbursed, accountant_a):
    # Too broad: any journal entry of the amount within 3 days. The fee's nearest entry is 张三's reimbursement.
    broad = match_rule_create(
        actor=accountant_a,
        fields={"kind": "match", "name": "fees", "pattern": "手续费", "max_amount": "50.00", "days": 3},
    )
    preview = rule_preview(rule=broad, account=reimbursed, date_from=OCTOBER[0], date_to=OCTOBER[1])
    assert (preview.bank_lines, preview.journal_entries) == (2, 2)
    [pair] = preview.pairs
    assert ([b.serial for b in pair.bank], [j.serial for j in pair.journal]) == (["SN2"], ["记-1"])
    assert preview.matched_lines == 2  # "this rule would have matched 2 lines"
    codes = {w["code"] for w in pair.warnings}
    assert "matched_differently" in codes
    assert any("journal entry" in w["message"] and "already matched" in w["message"] for w in pair.warnings)
    # Narrowed to the journal's own wording, the rule pairs the fee with its entry, as the accountant did: no warning.
    match_rule_update(actor=accountant_a, rule_id=broad.pk, changes={"journal_pattern": "银行手续费", "days": 3})
    preview = rule_preview(
        rule=MatchRule.objects.get(pk=broad.pk), account=reimbursed, date_from=OCTOBER[0], date_to=OCTOBER[1]
    )
    assert [([b.serial for b in p.bank], [j.serial for j in p.journal], p.warnings) for p in preview.pairs] == [
        (["SN2"], ["记-2"], [])
    ]
    assert Match.objects.filter(account=reimbursed, undone_at=None).count() == 2  # the preview stored nothing


def test_learned_names_a_manual_match_across_two_names_proposes_an_alias(
    account_a, accountant_a, django_capture_on_commit_callbacks
):
    import_rows(
        account_a,
        accountant_a,
        [
            ("2026-10-08", "货款", "", "5000.00", "支付宝（中国）网络技术有限公司", "SN1"),
            ("2026-10-09", "货款", "", "300.00", "上海恒瑞贸易有限公司", "SN2"),
        ],
        [
            ("2026-10-08", "记-1", "收恒瑞贸易货款", "5000.00", "", "恒瑞贸易"),
            ("2026-10-09", "记-2", "收恒瑞贸易货款", "300.00", "", "恒瑞贸易"),
        ],
    )
    group = match_manual(
        actor=accountant_a,
        account_id=account_a.pk,
        bank_line_ids=[_bank("SN1").pk],
        journal_entry_ids=[_entry("记-1").pk],
    )
    proposal = group.alias_proposal
    assert proposal is not None and (proposal.kind, proposal.pattern, proposal.target) == (
        "alias",
        "支付宝（中国）网络技术有限公司",
        "恒瑞贸易",
    )
    assert (proposal.active, proposal.proposed, proposal.learned_from_id) == (False, True, group.pk)
    assert engine_rules(account_a) == []  # not used until accepted
    # the same names differ only in region and legal form: nothing to learn
    same = match_manual(
        actor=accountant_a,
        account_id=account_a.pk,
        bank_line_ids=[_bank("SN2").pk],
        journal_entry_ids=[_entry("记-2").pk],
    )
    assert same.alias_proposal is None
    accepted = match_rule_accept(actor=accountant_a, rule_id=proposal.pk)
    assert (accepted.active, accepted.proposed) == (True, False)
    assert [(r.kind, r.target) for r in engine_rules(account_a)] == [("alias", "恒瑞贸易")]
    with pytest.raises(ConflictError):
        match_rule_dismiss(actor=accountant_a, rule_id=proposal.pk)
    actions = list(AuditEvent.objects.filter(target_type="reconcile.matchrule").values_list("action", flat=True))
    assert actions[-2:] == ["match_rule.proposed", "match_rule.accepted"] or set(actions) >= {
        "match_rule.proposed",
        "match_rule.accepted",
    }


def test_a_dismissed_name_is_not_proposed_again(account_a, accountant_a):
    import_rows(
        account_a,
        accountant_a,
        [
            ("2026-10-08", "货款", "", "100.00", "ACME GMBH", "SN1"),
            ("2026-10-09", "货款", "", "200.00", "ACME GMBH", "SN2"),
        ],
        [
            ("2026-10-08", "记-1", "Acme", "100.00", "", "Zenith Trading GmbH"),
            ("2026-10-09", "记-2", "Acme", "200.00", "", "Zenith Trading GmbH"),
        ],
    )
    first = match_manual(
        actor=accountant_a,
        account_id=account_a.pk,
        bank_line_ids=[_bank("SN1").pk],
        journal_entry_ids=[_entry("记-1").pk],
    ).alias_proposal
    match_rule_dismiss(actor=accountant_a, rule_id=first.pk)
    again = match_manual(
        actor=accountant_a,
        account_id=account_a.pk,
        bank_line_ids=[_bank("SN2").pk],
        journal_entry_ids=[_entry("记-2").pk],
    )
    assert again.alias_proposal is None
    assert MatchRule.objects.get(pk=first.pk).proposed is False


def test_every_change_is_audited_and_the_chain_holds(account_a, accountant_a):
    rule = match_rule_create(
        actor=accountant_a,
        fields={"kind": "alias", "pattern": "ACME GMBH", "target": "Acme Trading GmbH", "account_id": account_a.pk},
    )
    match_rule_update(actor=accountant_a, rule_id=rule.pk, changes={"priority": 5, "active": False})
    match_rule_delete(actor=accountant_a, rule_id=rule.pk)
    events = AuditEvent.objects.filter(target_type="reconcile.matchrule", target_id=str(rule.pk)).order_by("pk")
    assert [e.action for e in events] == ["match_rule.created", "match_rule.updated", "match_rule.deleted"]
    assert events[1].before == {"priority": 100, "active": True} and events[1].after == {"priority": 5, "active": False}
    assert events[2].before["pattern"] == "ACME GMBH"
    assert not MatchRule.objects.filter(pk=rule.pk).exists()
    assert audit_chain_verify().ok


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"kind": "match", "pattern": "=1+1"}, "pattern"),
        ({"kind": "match", "pattern": "a\x00b"}, "pattern"),
        ({"kind": "match", "pattern": "a\x81b"}, "pattern"),  # a C1 control
        ({"kind": "match", "pattern": "fee", "name": "a\u202eb"}, "name"),  # a bidirectional override
        ({"kind": "alias", "pattern": "ACME", "target": "Acme\u2066 GmbH"}, "target"),  # an isolate
        ({"kind": "match", "pattern": "fee", "journal_pattern": "\u202dfee"}, "journal_pattern"),
        ({"kind": "match", "pattern": "x" * 201}, "pattern"),
        ({"kind": "match", "pattern": "*"}, "pattern"),
        ({"kind": "alias", "pattern": "ACME"}, "target"),
        ({"kind": "match", "pattern": "fee", "max_amount": "1e400"}, "max_amount"),
        ({"kind": "match", "pattern": "fee", "max_amount": "NaN"}, "max_amount"),
        ({"kind": "match", "pattern": "fee", "min_amount": "60", "max_amount": "50"}, "min_amount"),
        ({"kind": "match", "pattern": "fee", "days": "999"}, "days"),
        ({"kind": "regex", "pattern": "fee"}, "kind"),
        ({"kind": "match", "pattern": "fee", "name": "@SUM(A1)"}, "name"),
    ],
)
def test_bad_rules_are_refused_naming_the_field(accountant_a, fields, named):
    with pytest.raises(ServiceError) as caught:
        match_rule_create(actor=accountant_a, fields=fields)
    # the message names the field in words (the pages show it); programs get the key
    assert named in (caught.value.field or caught.value.message)
    assert not MatchRule.objects.exists()


def test_only_the_companys_accountant_changes_its_rules(accountant_a, client_a, ops, customer_b, account_b):
    rule = match_rule_create(actor=accountant_a, fields={"kind": "never", "pattern": "支付宝"})
    stranger = make_user("accountant_b", ["accountant"], customer_b)
    for actor in (client_a, ops, stranger):
        with pytest.raises(ServiceError):
            match_rule_update(actor=actor, rule_id=rule.pk, changes={"active": False})
    with pytest.raises(ServiceError, match="account_id"):  # another company's account
        match_rule_create(actor=accountant_a, fields={"kind": "never", "pattern": "x", "account_id": account_b.pk})
    assert MatchRule.objects.get(pk=rule.pk).active


def test_last_month():
    assert last_month(dt.date(2026, 11, 15)) == (dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    assert last_month(dt.date(2026, 1, 3)) == (dt.date(2025, 12, 1), dt.date(2025, 12, 31))
