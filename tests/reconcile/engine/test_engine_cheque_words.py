"""A cheque number is written with a word before it as often as without: the ERP books CHQ001700 or 支票號001700,
the bank clears 001700 a week later. The word goes, so both are one reference and the cheque meets its clearing
(within the references' generous bound), not a same-amount entry of another cheque that happens to be nearer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reconcile.engine import Line, match
from reconcile.engine.fields import norm_ref


@pytest.mark.parametrize(
    "written", ["CHQ001700", "CHQ 001700", "Cheque No. 001700", "CHECK #001700", "支票號001700", "支票号 001700"]
)
def test_a_cheque_word_before_the_number_is_not_part_of_it(written: str) -> None:
    assert norm_ref(written) == norm_ref("001700") == "1700"


def test_the_cheque_clears_against_its_own_entry_not_a_nearer_one_of_the_same_amount() -> None:
    bank = [Line("b1", dt.date(2026, 1, 13), Decimal("800.00"), "out", "001700", "", "支票 001700 CLEARING")]
    books = [
        Line("j1", dt.date(2026, 1, 6), Decimal("800.00"), "out", "CHQ001700", "澳门伟业电子有限公司", "付货款"),
        Line("j2", dt.date(2026, 1, 14), Decimal("800.00"), "out", "CHQ001742", "澳门兴隆置业有限公司", "支付货款"),
    ]
    groups = match(bank, books, calendar=None).groups
    assert [(g.bank_ids, g.journal_ids, g.rule) for g in groups] == [(("b1",), ("j1",), "reference")]


def test_a_cheque_number_only_in_the_books_summary_meets_its_clearing() -> None:
    """The ERP's reference is its voucher number; the cheque number is in the summary (付货款 支票001771). The bank
    clears 001771 six days later, while another entry of the amount sits inside the window: the cheque wins."""
    bank = [Line("b1", dt.date(2026, 1, 26), Decimal("1800.00"), "out", "001771", "", "支票 001771 CLEARING")]
    books = [
        Line("j1", dt.date(2026, 1, 29), Decimal("1800.00"), "out", "JV2601-01316", "香港东升电子有限公司", "支付货款"),
        Line("j2", dt.date(2026, 1, 20), Decimal("1800.00"), "out", "JV2601-00848", "", "付货款 支票001771 INV-00791"),
    ]
    (group,) = match(bank, books, calendar=None).groups
    assert (group.bank_ids, group.journal_ids, group.rule) == (("b1",), ("j2",), "reference")
    assert "cheque number in the summary 1771" in group.reasons[0]


@pytest.mark.parametrize(
    "books",
    [
        # Two entries name the same cheque of the amount: which one is the cheque is a person's call.
        [("j1", 20, "付货款 支票001771"), ("j2", 21, "付运费 CHQ 001771")],
        # The summary's cheque is another number: no evidence for this bank line.
        [("j1", 20, "付货款 支票001772")],
    ],
)
def test_a_summary_cheque_decides_only_when_it_is_the_one(books: list[tuple[str, int, str]]) -> None:
    bank = [Line("b1", dt.date(2026, 1, 27), Decimal("1800.00"), "out", "001771", "", "支票 001771 CLEARING")]
    journal = [Line(i, dt.date(2026, 1, d), Decimal("1800.00"), "out", f"JV-{i}", "", text) for i, d, text in books]
    assert not [g for g in match(bank, journal, calendar=None).groups if g.rule == "reference"]


def test_a_cheque_voided_in_the_books_that_the_bank_cleared_does_not_stop_the_run() -> None:
    """The books reverse the entry of cheque 001700 (冲销) while the bank clears 001700: stage 0 takes the entry and
    its reversal out of the pool, and stage 1 must not pair the bank line with the cancelled entry (it crashed the
    run: "line in two groups"). Both stay as the ledger says, the bank line open."""
    bank = [Line("b1", dt.date(2026, 3, 5), Decimal("800.00"), "out", "001700", "", "支票 001700 CLEARING")]
    books = [
        Line("j1", dt.date(2026, 3, 2), Decimal("800.00"), "out", "001700", "伟业电子", "付货款"),
        Line("j2", dt.date(2026, 3, 3), Decimal("800.00"), "in", "JV-2", "伟业电子", "冲销 付货款 录入错误"),
    ]
    result = match(bank, books, calendar=None)
    assert result.groups == [] and result.suggestions == []
