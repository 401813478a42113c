"""Pairs found by elimination when the party's own line of the amount is open elsewhere (``party_elsewhere.py``), the
only purpose beside a name, and a subset's parts naming two companies (``subset_batches._several_payers``).

* A bank line naming a customer, paired only because nothing else is left for it, is not booked against an entry
  naming no one while the customer's own entry of the amount is still open a week on (and the other way round);
* a purpose (运费) does not pair a bank line naming its payee with an entry naming no one (the other way round it
  does: many bank exports name no one);
* receipts from two companies that share a short name (永盛) are not the parts of one entry "收永盛合同款".
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reconcile.engine import Line, match


def L(id: str, day: int, amount: str = "4000.00", cp: str = "", text: str = "", direction: str = "in") -> Line:
    return Line(id, dt.date(2024, 3, day), Decimal(amount), direction, "", cp, text)


def _grouped(result) -> dict[str, tuple[tuple[str, ...], str]]:
    """bank id -> (journal ids, reasons joined) of the auto-matched groups."""
    return {b: (g.journal_ids, " | ".join(g.reasons)) for g in result.groups for b in g.bank_ids}


BAICHUAN = "中山市百川连锁超市有限公司"


def _chain(extra_journal: list[Line]) -> dict[str, tuple[tuple[str, ...], str]]:
    # b1 (百川, the 1st) can only be j1 (the 1st); j1 could also be b2 (the 3rd), whose other candidate j2 (the 6th)
    # would then have no partner: the only one-to-one pairing is b1-j1, b2-j2.
    bank = [L("b1", 1, cp=BAICHUAN, text="转账"), L("b2", 3, text="转账")]
    journal = [L("j1", 1, text="收货款"), L("j2", 6, text="收货款"), *extra_journal]
    return _grouped(match(bank, journal, window_days=3))


def test_the_only_pairing_is_taken_when_the_named_party_has_no_other_open_entry() -> None:
    got = _chain([])
    assert got["b1"][0] == ("j1",) and got["b2"][0] == ("j2",)
    assert "the only way to pair these 2 same-amount lines one to one" in got["b1"][1]


def test_the_customers_own_entry_open_a_week_later_keeps_the_pairing_from_being_made() -> None:
    # "收到百川货款" of 4,000.00 booked on the 9th (outside the window, within ten days): that is the customer's entry;
    # the nameless 收货款 of the 1st may be someone else's receipt, and so the whole pairing is left to a person.
    result = match(
        [L("b1", 1, cp=BAICHUAN, text="转账"), L("b2", 3, text="转账")],
        [L("j1", 1, text="收货款"), L("j2", 6, text="收货款"), L("j_late", 9, cp="百川", text="收到百川货款")],
        window_days=3,
    )
    assert _grouped(result) == {}
    assert any(s.bank_ids == ("b1",) for s in result.suggestions)


def test_the_named_entry_three_weeks_on_is_another_payment_and_does_not_stand_in_the_way() -> None:
    got = _chain([L("j_next", 22, cp="百川", text="收到百川货款")])
    assert got["b1"][0] == ("j1",) and got["b2"][0] == ("j2",)


def test_an_entry_naming_the_payee_is_not_paid_by_a_nameless_line_while_the_payees_line_is_open() -> None:
    # The mirror: the entry names 佛山市东方日用品, the bank line of the 1st names no one, and the bank line paying
    # 东方 that amount is open on the 10th.
    dongfang = "佛山市东方日用品有限公司"
    bank = [L("b1", 1, text="跨行汇款", direction="out"), L("b2", 3, direction="out")]
    journal = [
        L("j1", 1, cp=dongfang, text="支付东方货款", direction="out"),
        L("j2", 6, text="付货款", direction="out"),
    ]
    assert _grouped(match(bank, journal, window_days=3))["b1"][0] == ("j1",)
    late = L("b_late", 10, cp=dongfang, text="企业银行支付", direction="out")
    got = _grouped(match([*bank, late], journal, window_days=3))
    assert "b1" not in got and "b2" not in got


def _purpose_case(payee: str) -> dict[str, tuple[tuple[str, ...], str]]:
    # One freight payment of 7,000.00 at the bank; two entries of the amount, one for freight, one for goods.
    bank = [L("b1", 5, "7000.00", cp=payee, text="网银转账 运费", direction="out")]
    journal = [
        L("j_freight", 5, "7000.00", text="付运费", direction="out"),
        L("j_goods", 6, "7000.00", text="付货款", direction="out"),
    ]
    return _grouped(match(bank, journal, window_days=3))


def test_the_only_entry_stating_the_same_purpose_pairs_nameless_lines() -> None:
    got = _purpose_case("")
    assert got["b1"][0] == ("j_freight",)
    assert "the only candidate of this amount in the window whose summary states the same purpose" in got["b1"][1]


def test_the_only_purpose_pairs_a_nameless_bank_line_with_a_named_entry() -> None:
    # Many bank exports carry no payee name; the entry naming its supplier for freight is still the freight payment.
    bank = [L("b1", 5, "7000.00", text="网银转账 运费", direction="out")]
    journal = [
        L("j_freight", 5, "7000.00", cp="中山市凯利物流有限责任公司", text="付凯利物流运费", direction="out"),
        L("j_goods", 6, "7000.00", text="付货款", direction="out"),
    ]
    got = _grouped(match(bank, journal, window_days=3))
    assert got["b1"][0] == ("j_freight",)


def test_a_purpose_does_not_pair_a_named_payee_with_an_entry_naming_no_one() -> None:
    # The bank shows who was paid, the entries only what for: 中山市凯利物流's payment may be either entry's, or a third
    # not yet booked; a person decides.
    assert "b1" not in _purpose_case("中山市凯利物流有限责任公司")


def _parts(first: str, second: str) -> dict[str, tuple[tuple[str, ...], str]]:
    bank = [L("b1", 5, "20000.00", cp=first, text="转账"), L("b2", 6, "30000.00", cp=second, text="跨行汇款")]
    journal = [L("j", 6, "50000.00", cp="永盛", text="收永盛合同款 HT2024-1263")]
    return _grouped(match(bank, journal, window_days=3))


def test_two_receipts_of_one_company_are_the_parts_of_its_entry() -> None:
    got = _parts("厦门永盛科技有限公司", "厦门永盛科技有限公司")
    assert got["b1"][0] == ("j",) and got["b2"][0] == ("j",)


def test_a_typo_in_one_name_is_still_one_payer() -> None:
    got = _parts("厦门永盛科技有限公司", "厦门永盛科枝有限公司")
    assert got["b1"][0] == ("j",) and got["b2"][0] == ("j",)


def test_receipts_of_two_companies_sharing_a_short_name_are_not_one_entrys_parts() -> None:
    # 广州市永盛华贸易 and 南京永盛电子科技 both bear 永盛, the entry's short name: two customers, two payments.
    assert _parts("广州市永盛华贸易有限公司", "南京永盛电子科技有限公司") == {}


def test_a_customer_with_open_lines_of_the_amount_on_both_sides_keeps_the_pairing() -> None:
    # 百川 pays 4,000.00 again on the 10th, and the books hold two 收到百川货款 entries of the amount (the 9th, the
    # 11th) that the one bank line cannot both be: the entries open near b1 are as much the later payment's, so they
    # say nothing against b1-j1.
    bank = [L("b1", 1, cp=BAICHUAN, text="转账"), L("b2", 3, text="转账"), L("b_next", 10, cp=BAICHUAN, text="转账")]
    journal = [
        L("j1", 1, text="收货款"),
        L("j2", 6, text="收货款"),
        L("j_late", 9, cp="百川", text="收到百川货款"),
        L("j_later", 11, cp="百川", text="收到百川货款"),
    ]
    got = _grouped(match(bank, journal, window_days=3))
    assert got["b1"][0] == ("j1",) and got["b2"][0] == ("j2",)
    assert "b_next" not in got  # two entries of its party, nothing to choose by
