"""The matching engine as an attacker feeds it: small hostile sets of lines, every stage's shape at once.

The generators of ``bench/engine`` are realistic, so they exercise the engine the way their authors imagined it. Here
the lines come from small pools built to collide: a handful of amounts (and their sums, so batches and payment runs
are possible), a few days around a weekend and a month end, names in every script the engine reads (and a blank, an
emoji, a 300-character name), summaries with the engine's own marker words (批量代发, PAYMENT RUN, 冲销, 凭证, 支票,
手续费, 门市转数快收款汇总), shared and padded references. The contract every result must keep, whatever the input:

* it finishes without an exception (a crash fails the accountant's whole run);
* ``groups`` are disjoint, name only lines of the input, one direction each, and their two sides add up to the cent;
* no suggestion names a line of a group; every group and suggestion has a rule, a score in [0, 1] and a reason;
* the output is the same for any order of the inputs (the engine's documented promise), and with a calendar too.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.engine import Line, MatchResult, match
from reconcile.engine.rules import (
    KIND_ALIAS,
    KIND_NEVER,
    RULE_KINDS,
    RULE_MATCH,
    Rule,
    contains,
    match_with_rules,
    ordered,
)

_AMOUNTS = [
    Decimal(a)
    for a in (
        "0.01",
        "1.00",
        "15.00",
        "100.00",
        "200.00",
        "210.00",
        "300.00",
        "500.00",
        "1234.56",
        "20000.00",
        "99999999.99",
    )
]
_NAMES = (
    "",
    "上海恒瑞贸易有限公司",
    "恒瑞贸易",
    "香港信和國際貿易有限公司",
    "ACME GMBH",
    "Acme Trading GmbH",
    "ACME TRADING GMBH MUENCHEN",
    "支付宝（中国）网络技术有限公司",
    "财付通支付科技有限公司",
    "天猫",
    "国家金库上海市分库",
    "张三",
    "WONG KA HO",
    "A",
    "😀贸易有限公司",
    "名" * 300,
    "   ",
    "(株)テスト",
)
_TEXTS = (
    "",
    "货款",
    "批量代发 共3笔",
    "网银批量支付",
    "PAYMENT RUN BATCH 4 ITEMS",
    "SAMMELUEBERWEISUNG",
    "手续费",
    "银行手续费 电汇",
    "冲销 付货款 INV-7",
    "红字冲销",
    "凭证:记-0197",
    "记字第128号",
    "门市转数快收款汇总 01/02",
    "付货款 INV-2026-00120",
    "INV 120",
    "支票 001692 CLEARING",
    "付运费 CHQ 001692",
    "AUTOPAY PAYROLL",
    "代发工资",
    "利息",
    "ACH CREDIT ACME TRADING",
    "TT OUT /INV-7",
    "天猫 提现",
    "支付宝提现 2026-01-05",
    "USD 200.00",
    "x" * 500,
)
_REFERENCES = ("", "", "", "INV-7", "INV-0007", "记-0197", "001692", "G0854515703E", "ref ", "0")
_MAX_LINES = 40  # a side; a longer exploration outside the suite raises it
_BASE = dt.date(2026, 1, 28)  # a month end and two weekends within the days below


class _Weekdays:
    """A working-day calendar of Monday to Friday, for any day (the product's calendar answers for any day too)."""

    def ordinal(self, day: dt.date) -> int:
        weeks, weekday = divmod(day.toordinal() - 1, 7)  # 0001-01-01 was a Monday
        return weeks * 5 + min(weekday, 4)


@st.composite
def _lines(draw: st.DrawFn, prefix: str, size: int) -> list[Line]:
    r = random.Random(draw(st.integers(0, 2**32 - 1)))
    out: list[Line] = []
    for i in range(size):
        amount = r.choice(_AMOUNTS)
        if r.random() < 0.25:  # a sum of two or three pool amounts: payment runs and batches become possible
            amount = sum((r.choice(_AMOUNTS[:9]) for _ in range(r.choice((2, 3)))), Decimal(0))
        elif r.random() < 0.15:
            amount = Decimal(r.randint(1, 10**7)) / 100
        day = _BASE + dt.timedelta(days=r.randint(-6, 12))
        if r.random() < 0.02:
            day = r.choice((dt.date(2000, 1, 3), dt.date(2099, 12, 31)))
        out.append(
            Line(
                id=f"{prefix}{i:03d}",
                date=day,
                amount=amount,
                direction=r.choice(("in", "out", "out")),
                reference=r.choice(_REFERENCES),
                counterparty=r.choice(_NAMES),
                text=r.choice(_TEXTS) + (f" {r.randint(1, 40)}" if r.random() < 0.2 else ""),
            )
        )
    return out


@st.composite
def _cases(draw: st.DrawFn) -> tuple[list[Line], list[Line], int, bool, dict[str, str] | None]:
    bank = draw(_lines("B", draw(st.integers(0, _MAX_LINES))))
    journal = draw(_lines("J", draw(st.integers(0, _MAX_LINES))))
    # Journal entries that are a bank line's copy or its parts: the shapes stages 1-4 look for, on hostile lines.
    r = random.Random(draw(st.integers(0, 2**32 - 1)))
    for b in bank[: r.randint(0, len(bank))]:
        parts = r.choice((1, 1, 2, 3))
        cents = int(b.amount * 100)
        if parts > 1 and cents >= parts:
            cuts = sorted(r.sample(range(1, cents), parts - 1)) if cents > parts else list(range(1, parts))
            pieces = [Decimal(c) / 100 for c in (b - a for a, b in zip([0, *cuts], [*cuts, cents], strict=True))]
        else:
            pieces = [b.amount]
        for piece in pieces:
            journal.append(
                Line(
                    id=f"J{len(journal):03d}",
                    date=b.date + dt.timedelta(days=r.randint(-2, 3)),
                    amount=piece,
                    direction=b.direction,
                    reference=r.choice((b.reference, "")),
                    counterparty=r.choice((b.counterparty, r.choice(_NAMES))),
                    text=r.choice((b.text, r.choice(_TEXTS))),
                )
            )
    window = draw(st.sampled_from((0, 1, 3, 7, 30)))
    calendar = draw(st.booleans())
    aliases = draw(
        st.sampled_from((None, {"ACME GMBH": "Acme Trading GmbH", "支付宝（中国）网络技术有限公司": "恒瑞贸易"}))
    )
    return bank, journal, window, calendar, aliases


def _check_contract(bank: list[Line], journal: list[Line], result: MatchResult) -> None:
    by_bank = {line.id: line for line in bank}
    by_journal = {line.id: line for line in journal}
    seen_bank: set[str] = set()
    seen_journal: set[str] = set()
    for group in result.groups:
        assert group.bank_ids and group.journal_ids, group
        assert not seen_bank & set(group.bank_ids) and not seen_journal & set(group.journal_ids), group
        seen_bank |= set(group.bank_ids)
        seen_journal |= set(group.journal_ids)
        lines = [by_bank[i] for i in group.bank_ids] + [by_journal[i] for i in group.journal_ids]
        assert len({line.direction for line in lines}) == 1, group
        bank_sum = sum((by_bank[i].amount for i in group.bank_ids), Decimal(0))
        journal_sum = sum((by_journal[i].amount for i in group.journal_ids), Decimal(0))
        assert bank_sum == journal_sum, group
    for group in [*result.groups, *result.suggestions]:
        assert group.rule and group.reasons and all(group.reasons), group
        assert 0.0 <= group.score <= 1.0, group
        assert set(group.bank_ids) <= by_bank.keys() and set(group.journal_ids) <= by_journal.keys(), group
    for suggestion in result.suggestions:
        assert not seen_bank & set(suggestion.bank_ids) and not seen_journal & set(suggestion.journal_ids), suggestion


def _canonical(result: MatchResult) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    def key(g: object) -> tuple[object, ...]:
        return (tuple(sorted(g.bank_ids)), tuple(sorted(g.journal_ids)), g.rule, round(g.score, 9))  # type: ignore[attr-defined]

    return sorted(map(key, result.groups)), sorted(map(key, result.suggestions))


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(case=_cases(), shuffle_seed=st.integers(0, 1000))
def test_engine_keeps_its_contract_on_hostile_lines(
    case: tuple[list[Line], list[Line], int, bool, dict[str, str] | None], shuffle_seed: int
) -> None:
    bank, journal, window, with_calendar, aliases = case
    calendar = _Weekdays() if with_calendar else None
    result = match(bank, journal, window, calendar=calendar, aliases=aliases)
    _check_contract(bank, journal, result)
    r = random.Random(shuffle_seed)
    bank2, journal2 = bank[:], journal[:]
    r.shuffle(bank2)
    r.shuffle(journal2)
    again = match(bank2, journal2, window, calendar=calendar, aliases=aliases)
    assert _canonical(again) == _canonical(result)


_PATTERNS = (
    "恒瑞",
    "*贸易*",
    "ACME*",
    "acme trading gmbh",
    "支付宝（中国）*",
    "手续费",
    "*",
    "**",
    "x" * 300,
    "名",
    " ",
)


@st.composite
def _rules(draw: st.DrawFn) -> list[Rule]:
    r = random.Random(draw(st.integers(0, 2**32 - 1)))
    rules: list[Rule] = []
    for i in range(draw(st.integers(0, 6))):
        kind = r.choice(RULE_KINDS)
        low = r.choice((None, Decimal("0.01"), Decimal("100.00")))
        rules.append(
            Rule(
                id=i,
                kind=kind,
                pattern=r.choice(_PATTERNS + _NAMES[1:6]),
                priority=r.randint(0, 3),
                journal_pattern=r.choice(("", *_PATTERNS[:6])),
                min_amount=low,
                max_amount=r.choice((None, Decimal("500.00"), low)),
                days=r.choice((0, 1, 3, 30)),
                direction=r.choice(("", "in", "out")),
                target=r.choice(_NAMES[1:6]) if kind == KIND_ALIAS else "",
            )
        )
    return rules


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(case=_cases(), rules=_rules())
def test_the_accountants_rules_keep_the_contract_and_never_rules_hold(
    case: tuple[list[Line], list[Line], int, bool, dict[str, str] | None], rules: list[Rule]
) -> None:
    bank, journal, window, with_calendar, aliases = case
    calendar = _Weekdays() if with_calendar else None
    result = match_with_rules(bank, journal, rules, window_days=window, calendar=calendar, aliases=aliases)
    _check_contract(bank, journal, result)
    # A never rule holds against the engine and against every match rule after it in priority order (README: rules
    # apply in that order; a match rule the accountant put first still pairs its lines).
    order = ordered(rules)
    by_id = {line.id: line for line in bank + journal}
    for group in result.groups:
        made_by = len(order)
        if group.rule == RULE_MATCH:
            made_by = next(i for i, rule in enumerate(order) if group.reasons[0].startswith(f"规则 {rule.label()} "))
        never = [rule.pattern for rule in order[:made_by] if rule.kind == KIND_NEVER]
        for line_id in (*group.bank_ids, *group.journal_ids):
            assert not any(contains(p, by_id[line_id].counterparty) for p in never), (group, never)
