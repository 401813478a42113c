"""The accountant's rules' reasons (reconcile/engine/rules.py) and their rule code read in the page's language.

The workbench showed a rule's match as "match_rule (Automatic)" with the engine's bilingual phrase
("规则 #1 银行手续费 rule #1 银行手续费: “手续费” ~ “银行手续费”, 金额 amount 200.00, 日期相差 0 天 / 0 days"), and a
suggestion held back by a ``never`` rule likewise, though README promises rules and reasons in the page's language.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reconcile.engine import Line
from reconcile.engine.rules import Rule, match_with_rules
from reconcile.reasons import reasons_text, rule_label

pytestmark = pytest.mark.usefixtures("english")

DAY = dt.date(2026, 12, 4)


def _run(rules: list[Rule]):
    bank = [
        Line("b1", DAY, Decimal("200.00"), "out", "SN1", "", "手续费"),
        Line("b2", DAY, Decimal("5000.00"), "in", "SN2", "支付宝（中国）网络技术有限公司", "货款"),
    ]
    journal = [
        Line("j1", DAY, Decimal("200.00"), "out", "记-42", "", "银行手续费"),
        Line("j2", DAY, Decimal("5000.00"), "in", "记-40", "上海恒瑞贸易有限公司", "收恒瑞贸易货款"),
    ]
    return match_with_rules(bank, journal, rules, window_days=3)


def test_a_match_rules_reason_and_code_in_english():
    rule = Rule(id=1, kind="match", name="银行手续费", pattern="手续费", journal_pattern="银行手续费", days=3)
    [group] = [g for g in _run([rule]).groups if g.rule == "match_rule"]
    [text] = reasons_text(list(group.reasons))
    assert text == "rule #1 银行手续费: “手续费” ~ “银行手续费”, amount 200.00, dates 0 days apart"
    assert rule_label(group.rule) == "Matched by your rule"


def test_a_match_rule_without_journal_pattern():
    [group] = [g for g in _run([Rule(id=7, kind="match", pattern="手续费")]).groups if g.rule == "match_rule"]
    assert reasons_text(list(group.reasons)) == ["rule #7: “手续费”, amount 200.00, dates 0 days apart"]


def test_a_never_rules_reason_in_english():
    result = _run([Rule(id=2, kind="never", pattern="支付宝")])
    held = [s for s in result.suggestions if "b2" in s.bank_ids]
    assert held, result
    texts = reasons_text(list(held[0].reasons))
    assert "rule #2: never matched automatically (“支付宝”)" in texts
    assert not any("规则" in t or "不自动" in t for t in texts)
