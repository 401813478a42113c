"""The accountant's rules in the engine: match, never auto-match, alias; priority; patterns that cannot be slow."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reconcile.engine import Line, match
from reconcile.engine.rules import (
    KIND_ALIAS,
    KIND_MATCH,
    KIND_NEVER,
    RULE_MATCH,
    Rule,
    aliases_from,
    contains,
    equals,
    match_with_rules,
    rule_pairs,
)


def L(id: str, day: int, amount: str, direction: str = "out", cp: str = "", text: str = "", ref: str = "") -> Line:
    return Line(id, dt.date(2024, 3, day), Decimal(amount), direction, ref, cp, text)


FEE = Rule(
    id=7,
    name="手续费",
    kind=KIND_MATCH,
    pattern="手续费",
    journal_pattern="银行手续费",
    max_amount=Decimal("50.00"),
    days=2,
)


def pairs(groups) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    return {(g.bank_ids, g.journal_ids) for g in groups}


def test_patterns_are_plain_text_with_star_without_case_or_width():
    assert contains("acme", "Payment ACME GMBH inv 4")
    assert contains("支付宝(中国)", "支付宝（中国）网络技术有限公司")  # full-width brackets fold to half-width
    assert contains("pay*acme", "PAYMENT from X ACME")
    assert not contains("acme*pay", "PAYMENT from X ACME")
    assert not contains("", "anything") and not contains("*", "anything")
    assert contains("a.b", "xa.by") and not contains("a.b", "xaxby")  # no regular expressions: a dot is a dot
    assert equals("ACME GMBH", "acme  gmbh") and not equals("ACME", "ACME GMBH")
    assert equals("支付宝*", "支付宝（中国）网络技术有限公司") and not equals("*宝", "支付宝（中国）")


def test_a_huge_pathological_pattern_is_cut_and_linear():
    text = "a" * 100_000
    assert contains("a*" * 99 + "b", text) is False  # a regex would backtrack here; find() does not
    # past PATTERN_MAX characters the engine reads no further (the services refuse such a pattern outright)
    assert contains("a*" * 5000 + "b", "a" * 5000) is True


def test_a_match_rule_pairs_fees_under_the_limit_with_the_named_entry_and_says_so():
    bank = [
        L("b1", 4, "15.00", cp="", text="手续费 SN3"),
        L("b2", 4, "80.00", text="手续费 大额"),
        L("b3", 5, "15.00", text="货款"),
    ]
    journal = [
        L("j1", 5, "15.00", text="银行手续费 SN3"),
        L("j2", 4, "80.00", text="银行手续费"),
        L("j3", 5, "15.00", text="付货款"),
    ]
    result = match_with_rules(bank, journal, [FEE], window_days=3)
    rule_groups = [g for g in result.groups if g.rule == RULE_MATCH]
    assert pairs(rule_groups) == {(("b1",), ("j1",))}  # b2 is over the limit: left to the engine
    assert "#7 手续费" in rule_groups[0].reasons[0] and "手续费" in rule_groups[0].reasons[0]
    every = [i for g in result.groups for i in (*g.bank_ids, *g.journal_ids)]
    assert len(every) == len(set(every))


def test_a_match_rule_leaves_ties_and_lines_beyond_its_days_alone():
    bank = [L("b1", 4, "20.00", text="手续费")]
    tie = [L("j1", 3, "20.00", text="银行手续费"), L("j2", 5, "20.00", text="银行手续费")]
    assert rule_pairs(FEE, bank, tie) == []
    assert rule_pairs(FEE, bank, [L("j9", 9, "20.00", text="银行手续费")]) == []  # 5 days > 2
    # two bank lines nearest to one entry: neither is guessed
    both = [L("b1", 4, "20.00", text="手续费"), L("b2", 6, "20.00", text="手续费")]
    assert rule_pairs(FEE, both, [L("j1", 5, "20.00", text="银行手续费")]) == []
    # different direction or amount never pairs
    assert rule_pairs(FEE, [L("b1", 4, "20.00", "in", text="手续费")], [L("j1", 4, "20.00", text="银行手续费")]) == []


def test_never_auto_match_turns_the_engines_groups_into_suggestions_naming_the_rule():
    bank = [L("b1", 4, "1000.00", cp="支付宝（中国）网络技术有限公司", ref="R1")]
    journal = [L("j1", 4, "1000.00", cp="恒瑞贸易", ref="R1")]
    assert pairs(match(bank, journal).groups) == {(("b1",), ("j1",))}
    never = Rule(id=3, kind=KIND_NEVER, pattern="支付宝", name="第三方支付")
    result = match_with_rules(bank, journal, [never])
    assert result.groups == []
    assert pairs(result.suggestions) == {(("b1",), ("j1",))}
    assert any("#3 第三方支付" in r and "never" in r for r in result.suggestions[0].reasons)


def test_priority_a_never_rule_first_keeps_a_later_match_rule_off_its_lines():
    bank = [L("b1", 4, "15.00", cp="某某支付", text="手续费")]
    journal = [L("j1", 4, "15.00", text="银行手续费")]
    never = Rule(id=1, kind=KIND_NEVER, pattern="支付", priority=1)
    fee = Rule(**{**FEE.__dict__, "priority": 2})
    assert not [g for g in match_with_rules(bank, journal, [fee, never]).groups if g.rule == RULE_MATCH]
    # the match rule first: it takes the pair before the never rule is reached
    first = Rule(**{**FEE.__dict__, "priority": 0})
    assert pairs(match_with_rules(bank, journal, [first, never]).groups) == {(("b1",), ("j1",))}


def test_an_alias_lets_names_decide_between_equal_amounts():
    bank = [
        L("b1", 4, "5000.00", "in", cp="支付宝（中国）网络技术有限公司"),
        L("b2", 4, "5000.00", "in", cp="财付通支付科技有限公司"),
    ]
    journal = [L("j1", 4, "5000.00", "in", cp="恒瑞贸易"), L("j2", 4, "5000.00", "in", cp="金华科技")]
    assert match(bank, journal).groups == []  # same amount and day, names unrelated: a person decides
    rules = [
        Rule(id=1, kind=KIND_ALIAS, pattern="支付宝（中国）网络技术有限公司", target="恒瑞贸易"),
        Rule(id=2, kind=KIND_ALIAS, pattern="财付通*", target="金华科技"),
    ]
    assert aliases_from(rules, ["支付宝(中国)网络技术有限公司", "财付通支付科技有限公司", "恒瑞贸易"]) == {
        "支付宝(中国)网络技术有限公司": "恒瑞贸易",
        "财付通支付科技有限公司": "金华科技",
    }
    assert pairs(match_with_rules(bank, journal, rules).groups) == {(("b1",), ("j1",)), (("b2",), ("j2",))}


def test_without_rules_the_engine_is_unchanged():
    bank = [L("b1", 4, "15.00", text="手续费"), L("b2", 6, "300.00", cp="ACME GMBH")]
    journal = [L("j1", 4, "15.00", text="银行手续费"), L("j2", 6, "300.00", cp="Acme Trading GmbH")]
    assert match_with_rules(bank, journal, [], window_days=3) == match(bank, journal, window_days=3)


def test_a_line_whose_nearest_was_taken_pairs_in_a_later_round():
    bank = [L("b1", 4, "20.00", text="手续费"), L("b2", 8, "20.00", text="手续费")]
    journal = [L("j1", 6, "20.00", text="银行手续费"), L("j2", 8, "20.00", text="银行手续费")]
    # round 1: b2-j2 (same day); j1 is 2 days from b1 and from b2, a tie: left. Round 2: b1 is j1's only suitor
    wide = Rule(**{**FEE.__dict__, "days": 5})
    assert {(b.id, j.id) for b, j in rule_pairs(wide, bank, journal)} == {("b1", "j1"), ("b2", "j2")}
    bank = [L("b1", 4, "20.00", text="手续费"), L("b2", 6, "20.00", text="手续费")]
    journal = [L("j1", 7, "20.00", text="银行手续费"), L("j2", 12, "20.00", text="银行手续费")]
    # round 1 pairs b2-j1 (b1's nearest j1 is taken); round 2: b1 and j2 are 8 days apart, beyond 5
    assert {(b.id, j.id) for b, j in rule_pairs(wide, bank, journal)} == {("b2", "j1")}
    wider = Rule(**{**FEE.__dict__, "days": 9})
    assert {(b.id, j.id) for b, j in rule_pairs(wider, bank, journal)} == {("b2", "j1"), ("b1", "j2")}


def test_learned_alias_only_when_the_cores_differ():
    from reconcile.engine.rules import learned_alias

    assert learned_alias(["支付宝（中国）网络技术有限公司"], ["恒瑞贸易"]) == (
        "支付宝（中国）网络技术有限公司",
        "恒瑞贸易",
    )
    assert learned_alias(["上海恒瑞贸易有限公司"], ["恒瑞贸易"]) is None  # the engine takes these as one already
    assert learned_alias(["ACME GMBH", "ACME GMBH "], ["Acme Trading GmbH"]) == ("ACME GMBH", "Acme Trading GmbH")
    assert learned_alias(["A", "B"], ["C"]) is None and learned_alias([""], ["C"]) is None  # no one name to learn


def test_a_month_of_feedback_raises_the_next_months_auto_match_rate():
    """The benchmark's replay on a small company (bench/engine/bench_learned.py): learned names help, none misleads."""
    from bench.engine.bench_learned import run

    r = run(seed=5, n_parties=20, alias_share=0.5)
    assert r["aliases"] > 0
    assert r["after_alias_rate"] > r["before_alias_rate"] and r["after_rate"] > r["before_rate"]
    assert r["after_precision"] >= r["before_precision"] - 0.01


def test_equal_priorities_go_by_id_as_a_number():
    from reconcile.engine.rules import ordered

    rules = [
        Rule(id=10, kind=KIND_NEVER, pattern="a"),
        Rule(id=9, kind=KIND_NEVER, pattern="b"),
        Rule(id=11, kind=KIND_NEVER, pattern="c", priority=1),
    ]
    assert [r.id for r in ordered(rules)] == [11, 9, 10]
