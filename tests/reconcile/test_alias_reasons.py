"""A match made because of an alias (a learned name the accountant accepted, or an alias rule) says so in its reasons:
which names were taken as one party, through which rule, who put the rule in force and when. Before, the reasons
showed only "counterparty 支付宝（中国）网络技术有限公司 ~ 恒瑞贸易 (similarity 0.50)", as if the names had decided
nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from reconcile.engine import Line
from reconcile.engine.rules import Rule, match_with_rules
from reconcile.models import BankLine, JournalEntry, Match, MatchRule
from reconcile.people import person_name
from reconcile.reasons import reasons_text
from reconcile.services.matching import match_manual, match_run_execute, match_run_start
from reconcile.services.rules import match_rule_accept, match_rule_create, match_rule_delete
from tests.fixtures.rule_books import import_rows

DAY = dt.date(2026, 12, 4)
ALIPAY = "支付宝（中国）网络技术有限公司"
PHRASE = "已学名称 #12 视为同一对方 learned name #12: “支付宝（中国）网络技术有限公司” = “恒瑞贸易”"


def _lines():
    # Two payments of one amount on one day: only the names tell them apart.
    bank = [
        Line("b1", DAY, Decimal("5000.00"), "in", "", ALIPAY, "货款"),
        Line("b2", DAY, Decimal("5000.00"), "in", "", "北京中科信达科技有限公司", "货款"),
    ]
    journal = [
        Line("j1", DAY, Decimal("5000.00"), "in", "", "恒瑞贸易", "收货款"),
        Line("j2", DAY, Decimal("5000.00"), "in", "", "中科信达", "收货款"),
    ]
    return bank, journal


def _reasons(result, bank_id: str) -> tuple[str, ...]:
    [found] = [g for g in (*result.groups, *result.suggestions) if bank_id in g.bank_ids]
    return found.reasons


def test_the_engine_names_the_alias_rule_that_made_two_names_one_party():
    bank, journal = _lines()
    alias = Rule(id=12, kind="alias", pattern=ALIPAY, target="恒瑞贸易")
    result = match_with_rules(bank, journal, [alias], window_days=3)
    assert PHRASE in _reasons(result, "b1")
    # The other pair's names are the same party without any alias: nothing to name.
    assert not any("已学名称" in r for r in _reasons(result, "b2"))
    # Without the rule the same lines carry no such reason.
    plain = match_with_rules(bank, journal, [Rule(id=1, kind="never", pattern="无此名称")], window_days=3)
    assert not any("已学名称" in r for g in (*plain.groups, *plain.suggestions) for r in g.reasons)


def test_the_alias_is_named_when_a_bank_line_and_a_journal_entry_share_an_id():
    # The engine's callers need not prefix ids by side (the service does, "b12"/"j12"); with one id on both sides the
    # names were read from one map, the journal's name standing for the bank line's, and the alias went unnamed.
    bank, journal = _lines()
    bank = [line._replace(id=str(k)) for k, line in enumerate(bank, 1)]
    journal = [line._replace(id=str(k)) for k, line in enumerate(journal, 1)]
    alias = Rule(id=12, kind="alias", pattern=ALIPAY, target="恒瑞贸易")
    result = match_with_rules(bank, journal, [alias], window_days=3)
    [found] = [g for g in (*result.groups, *result.suggestions) if "1" in g.bank_ids]
    assert found.journal_ids == ("1",)
    assert PHRASE in found.reasons


def test_an_alias_that_changes_nothing_is_not_named():
    bank, journal = _lines()
    # The journal's own name as an alias of itself's twin: the names were one party already.
    same = Rule(id=5, kind="alias", pattern="北京中科信达科技有限公司", target="中科信达科技")
    result = match_with_rules(bank, journal, [same], window_days=3)
    assert not any("已学名称" in r for g in (*result.groups, *result.suggestions) for r in g.reasons)


@pytest.mark.django_db
def test_a_match_through_an_accepted_learned_name_says_so_in_both_languages(account_a, accountant_a):
    import_rows(
        account_a,
        accountant_a,
        [
            ("2026-10-08", "货款", "", "5000.00", ALIPAY, "SN1"),
            ("2026-10-20", "货款", "", "5000.00", ALIPAY, "SN2"),
            ("2026-10-20", "货款", "", "5000.00", "北京中科信达科技有限公司", "SN3"),
        ],
        [
            ("2026-10-08", "记-1", "收恒瑞贸易货款", "5000.00", "", "恒瑞贸易"),
            ("2026-10-20", "记-2", "收货款", "5000.00", "", "中科信达"),
            ("2026-10-20", "记-3", "收货款", "5000.00", "", "恒瑞贸易"),
        ],
    )
    taught = match_manual(
        actor=accountant_a,
        account_id=account_a.pk,
        bank_line_ids=[BankLine.objects.get(serial="SN1").pk],
        journal_entry_ids=[JournalEntry.objects.get(serial="记-1").pk],
    )
    rule = match_rule_accept(actor=accountant_a, rule_id=taught.alias_proposal.pk)
    match_run_execute(
        run_id=match_run_start(actor=accountant_a, account_id=account_a.pk, period_end=dt.date(2026, 10, 31)).pk
    )
    group = Match.objects.get(links__bank_line__serial="SN2", undone_at=None)
    assert list(group.links.exclude(journal_entry=None).values_list("journal_entry__serial", flat=True)) == ["记-3"]
    label = f"#{rule.pk}"  # a learned name is named by its number, in every language
    assert f"已学名称 {label} 视为同一对方 learned name {label}: “{ALIPAY}” = “恒瑞贸易”" in group.reasons
    who, day = person_name(accountant_a), timezone.localdate().isoformat()

    with translation.override("en"):
        shown = reasons_text(group.reasons, customer_id=account_a.customer_id)
    assert (
        f"names taken as one party because of the learned name (rule {label}): “{ALIPAY}” = “恒瑞贸易” "
        f"(accepted by {who} on {day})"
    ) in shown

    with translation.override("zh-hans"):  # the product's first language (its translation, or the msgid until then)
        shown = reasons_text(group.reasons, customer_id=account_a.customer_id)
        named = gettext("names taken as one party because of the learned name (rule %(label)s): “%(a)s” = “%(t)s”") % {
            "label": label,
            "a": ALIPAY,
            "t": "恒瑞贸易",
        }
        expected = gettext("%(text)s (accepted by %(who)s on %(day)s)") % {"text": named, "who": who, "day": day}
    assert expected in shown


@pytest.mark.django_db
def test_an_alias_rule_set_up_by_hand_or_deleted_since(account_a, accountant_a):
    rule = match_rule_create(
        actor=accountant_a,
        fields={"kind": "alias", "account_id": account_a.pk, "pattern": "ACME GMBH", "target": "Acme Trading GmbH"},
    )
    reason = f"已学名称 #{rule.pk} 视为同一对方 learned name #{rule.pk}: “ACME GMBH” = “Acme Trading GmbH”"
    day = timezone.localdate().isoformat()
    with translation.override("en"):
        assert reasons_text([reason], customer_id=account_a.customer_id) == [
            f"names taken as one party because of the learned name (rule #{rule.pk}): “ACME GMBH” = “Acme Trading GmbH” "
            f"(set up by {person_name(accountant_a)} on {day})"
        ]
        match_rule_delete(actor=accountant_a, rule_id=rule.pk)
        assert not MatchRule.objects.filter(pk=rule.pk).exists()
        # The match keeps its reason; who set the rule up is still in the audit trail.
        assert reasons_text([reason], customer_id=account_a.customer_id)[0].endswith(
            f"(set up by {person_name(accountant_a)} on {day})"
        )
