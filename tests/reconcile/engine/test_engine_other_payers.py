"""A same-amount cluster left after stage 3: a named pair is decided although an entry of the amount was booked nearer
the bank line, when that entry's summary names another payer of the amount in the window (the city and the first
characters of 绍兴康联纺机, a form the run does not read as a name: 纺机 is no line-of-business word it knows); not when the nearer entry names no one, nor when it
shares characters with the bank line's own payer, nor when the other payer's bank line is already taken."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from reconcile.engine import Line, MatchResult, match
from reconcile.reasons import reasons_text


def L(id: str, day: int, cp: str = "", text: str = "", ref: str = "") -> Line:
    """A receipt of 5,000.00 on 2024-03-<day> (March 2024: the 2nd-3rd and 9th-10th are a weekend)."""
    return Line(id, dt.date(2024, 3, day), Decimal("5000.00"), "in", ref, cp, text)


def _pairs(result: MatchResult) -> dict[str, tuple[str, tuple[str, ...]]]:
    return {g.bank_ids[0]: (g.journal_ids[0], g.reasons) for g in result.groups if len(g.journal_ids) == 1}


def _receipts(nearer_entry: str, other_payer: str = "绍兴康联纺机有限公司") -> tuple[list[Line], list[Line]]:
    # 宜昌德钧 pays on Monday the 4th and is booked on Wednesday the 6th; a nameless bank line of that Wednesday with
    # the same summary category and another customer's entry keep the named pair under the margin of stage 3.
    # 绍兴康联 paid on Friday the 1st; its entry, booked on the 4th, writes it as its city and two characters, a form
    # not read as a name: it lies nearer 宜昌德钧's bank line than 宜昌德钧's own entry.
    bank = [
        L("b_kanglian", 1, cp=other_payer, text="跨行来账"),
        L("b_named", 4, cp="宜昌德钧电子科技有限公司", text="网银转账"),
        L("b_blank1", 6, text="货款"),
        L("b_blank2", 7, text="INWARD REMITTANCE"),
    ]
    journal = [
        L("j_near", 4, text=nearer_entry),
        L("j_named", 6, cp="宜昌德钧电子", text="收宜昌德钧货款"),
        L("j_other", 7, text="INV-00275 SEQUOIA STERLING BROTHERS"),
    ]
    return bank, journal


def test_an_entry_naming_another_payer_does_not_keep_the_named_pair_from_deciding() -> None:
    got = _pairs(match(*_receipts("收投标保证金-绍兴康联"), window_days=3))
    assert got["b_named"][0] == "j_named"
    with translation.override("en"):
        shown = reasons_text(got["b_named"][1])
    assert (
        "the only line of this amount in the window with the same counterparty or reference on both sides; the entries "
        "of this amount booked nearer in date name other payers of the amount" in shown
    )
    with translation.override("zh-hans"):
        shown = reasons_text(got["b_named"][1])
    assert "日期更近的同额分录写的是该金额的其他付款方" in " ".join(shown)


def test_a_nearer_entry_that_names_no_one_still_stands_in_the_way() -> None:
    # "收投标保证金" may be 宜昌德钧's own second payment: the name decides nothing.
    got = _pairs(match(*_receipts("收投标保证金"), window_days=3))
    assert got.get("b_named", ("",))[0] != "j_named"


def test_a_nearer_entry_sharing_characters_with_the_payer_still_stands_in_the_way() -> None:
    # 康联 is 绍兴康联's, but 德钧 is 宜昌德钧's: the entry may be the payer's own.
    got = _pairs(match(*_receipts("收绍兴康联德钧保证金"), window_days=3))
    assert got.get("b_named", ("",))[0] != "j_named"


def test_another_payer_already_taken_does_not_explain_the_nearer_entry() -> None:
    # 绍兴康联's bank line is matched by its reference to an entry of its own: the entry naming 康联 may then be
    # anyone's, 宜昌德钧's second payment included.
    bank, journal = _receipts("收投标保证金-绍兴康联")
    bank[0] = L("b_kanglian", 1, cp="绍兴康联纺机有限公司", text="跨行来账", ref="HT-7788")
    journal.append(L("j_kanglian", 1, text="收保证金", ref="HT-7788"))
    got = _pairs(match(bank, journal, window_days=3))
    assert got["b_kanglian"][0] == "j_kanglian"
    assert got.get("b_named", ("",))[0] != "j_named"


@pytest.mark.parametrize(
    ("other_payer", "nearer_entry"),
    [
        ("中证金融服务有限公司", "收投标保证金"),  # 证金 of 保证金 is inside the other name, not its head
        ("恒达建设工程有限公司", "收工程款"),  # a line of business, not a name
        ("中证金融服务有限公司", "收技术服务费"),
        ("合盛创供应链管理有限公司", "收管理费"),
        ("奇虎360科技有限公司", "付款 INV-0360201"),  # digits are no name
    ],
)
def test_characters_shared_with_another_payers_name_are_not_its_name(other_payer: str, nearer_entry: str) -> None:
    # The nearer entry's words are any payment's: it may be 宜昌德钧's own second payment.
    got = _pairs(match(*_receipts(nearer_entry, other_payer), window_days=3))
    assert got.get("b_named", ("",))[0] != "j_named"


def test_a_payer_decided_in_the_same_pass_does_not_explain_the_nearer_entry() -> None:
    # 康联's own entry names it in full on the day of its payment, so its pair is decided (by an earlier rule, or first
    # in this pass): then no free bank line of 康联 is left to explain the nearer entry naming 绍兴康联.
    bank, journal = _receipts("收投标保证金-绍兴康联")
    journal.append(L("j_kanglian", 1, cp="绍兴康联纺机有限公司", text="收康联纺机货款"))
    got = _pairs(match(bank, journal, window_days=3))
    assert got["b_kanglian"][0] == "j_kanglian"
    assert got.get("b_named", ("",))[0] != "j_named"


def test_an_entry_naming_a_firm_by_city_and_brand_of_a_known_trade_is_that_firms() -> None:
    """铸造 is a line of business: 绍兴康联 reads as 绍兴康联铸造's name, so the nearer entry is another payer's and
    names it, whether or not that payer's bank line is free (here it is taken by its reference)."""
    bank, journal = _receipts("收投标保证金-绍兴康联", other_payer="绍兴康联铸造有限公司")
    bank[0] = L("b_kanglian", 1, cp="绍兴康联铸造有限公司", text="跨行来账", ref="HT-7788")
    journal.append(L("j_kanglian", 1, text="收保证金", ref="HT-7788"))
    got = _pairs(match(bank, journal, window_days=3))
    assert got["b_kanglian"][0] == "j_kanglian"
    assert got["b_named"][0] == "j_named"
