"""A bank line that gives only the counterparty's account number (``account_names.py``): two accepted pairs that tie
the account to one party's entries make it that party's for the late stage, so its transfer pairs with the party's
entry keyed at the month's end; one pair, two parties, or a figure the party is paid again and again do not."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reconcile.engine import Line, match
from reconcile.engine.account_names import is_account, proof_reason
from reconcile.engine.names import NEUTRAL, core_similarity
from reconcile.engine.types import RULE_OUTSIDE_WINDOW

DAY = dt.date(2026, 3, 2)
ACCOUNT = "337192742052634494540"


def _bank(i: int, day: int, amount: str, cp: str = ACCOUNT) -> Line:
    return Line(f"B{i}", DAY + dt.timedelta(days=day), Decimal(amount), "out", f"16687{i:05d}", cp, "转账支出 材料款")


def _entry(i: int, day: int, amount: str, cp: str = "明辉纸箱") -> Line:
    return Line(f"J{i}", DAY + dt.timedelta(days=day), Decimal(amount), "out", f"记-{i:04d}", cp, f"付{cp}材料款")


def _earlier(second_party: str = "明辉纸箱", pairs: int = 2) -> tuple[list[Line], list[Line]]:
    """Transfers from the account, each the only line of its amount near an entry of the party: paired in the
    window."""
    amounts = ("18306.44", "9213.70", "4410.05")[:pairs]
    parties = ("明辉纸箱", second_party, second_party)[:pairs]
    bank = [_bank(k + 1, k, a) for k, a in enumerate(amounts)]
    journal = [_entry(k + 1, k, a, p) for k, (a, p) in enumerate(zip(amounts, parties))]
    return bank, journal


def _late() -> tuple[list[Line], list[Line]]:
    """The account's transfer of the 5th, keyed with the month's batch on the 26th: 21 days apart."""
    return [_bank(9, 3, "33121.77")], [_entry(9, 24, "33121.77")]


def _groups(bank: list[Line], journal: list[Line]) -> dict[tuple[str, ...], object]:
    return {g.bank_ids: g for g in match(bank, journal).groups}


def test_two_pairs_make_the_account_the_partys_and_its_late_entry_pairs() -> None:
    bank, journal = _earlier()
    late_bank, late_journal = _late()
    groups = _groups(bank + late_bank, journal + late_journal)
    late = groups[("B9",)]
    assert late.journal_ids == ("J9",)  # type: ignore[attr-defined]
    assert late.rule == RULE_OUTSIDE_WINDOW  # type: ignore[attr-defined]
    assert proof_reason(ACCOUNT, "明辉纸箱", 2) in late.reasons  # type: ignore[attr-defined]
    assert groups[("B1",)].journal_ids == ("J1",)  # type: ignore[attr-defined]


def test_one_pair_is_no_proof() -> None:
    bank, journal = _earlier(pairs=1)
    late_bank, late_journal = _late()
    result = match(bank + late_bank, journal + late_journal)
    assert all("B9" not in g.bank_ids for g in result.groups)
    assert any(s.bank_ids == ("B9",) and s.journal_ids == ("J9",) for s in result.suggestions)


def test_an_account_paired_with_two_parties_is_no_ones() -> None:
    bank, journal = _earlier(second_party="立达星电器", pairs=3)
    late_bank, late_journal = _late()
    assert ("B9",) not in _groups(bank + late_bank, journal + late_journal)


def test_a_figure_paid_again_and_again_is_no_proof_of_which_entry() -> None:
    """The party is paid 33,121.77 twice within the month: the line left free is the one the earlier pairing left."""
    bank, journal = _earlier()
    late_bank, late_journal = _late()
    again_bank, again_journal = [_bank(10, 10, "33121.77", "绍兴明辉纸箱有限公司")], [_entry(10, 10, "33121.77")]
    groups = _groups(bank + late_bank + again_bank, journal + late_journal + again_journal)
    assert ("B9",) not in groups
    assert groups[("B10",)].journal_ids == ("J10",)  # type: ignore[attr-defined]


def test_a_name_with_digits_is_no_account() -> None:
    assert is_account(ACCOUNT) and is_account("6222 0212 3456 7890")
    assert not is_account("3M中国有限公司") and not is_account("12345") and not is_account("")


def test_an_iban_where_the_name_should_be_is_no_contradiction() -> None:
    """A foreign buyer's wire whose export gives the remitter's IBAN and no name, the only line of its amount beside
    the buyer's entry citing the same invoice: an account number is no other company's name."""
    bank = [
        Line("B1", DAY, Decimal("72093.55"), "in", "1668701445", "GB1312325478447290", "境外汇入汇款 INV NB2417642")
    ]
    journal = [Line("J1", DAY, Decimal("72093.55"), "in", "记-0111", "Pioneer Retail S.A.", "收货款 NB2417642")]
    assert [(g.bank_ids, g.journal_ids) for g in match(bank, journal).groups] == [(("B1",), ("J1",))]


def test_an_account_number_neither_agrees_nor_contradicts() -> None:
    assert core_similarity("GB1312325478447290", "PIONEER RETAIL") == NEUTRAL
    assert core_similarity("337192742052634494540", "337192742052634494999") == NEUTRAL  # two accounts: no evidence
    assert core_similarity("337192742052634494540", "337192742052634494540") == 1.0
    assert is_account("DE89 3704 0044 0532 0130 00") and not is_account("NORDIC HOME GMBH")
