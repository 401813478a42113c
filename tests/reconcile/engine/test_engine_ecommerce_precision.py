"""Precision on the eighth independent data set (a mainland e-commerce company's 建行/交行/招行 exports beside a U8 /
K3 / 浪潮 / SAP-China journal, ``bench/engine/gen_eighth.py``), by general behaviour of the world. Each rule has the
case it exists for (where the previous engine made a false match) and a case where it must not act.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reconcile.engine import Line, MatchGroup, match

D = dt.date


def L(id: str, day: int, amount: str, direction: str = "out", ref: str = "", cp: str = "", text: str = "") -> Line:
    """Line on 2024-03-<day> (March 2024: 1st is a Friday; 2-3 and 9-10 are a weekend)."""
    return Line(id, D(2024, 3, day), Decimal(amount), direction, ref, cp, text)


def groups(result_groups: list[MatchGroup]) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    return {(g.bank_ids, g.journal_ids) for g in result_groups}


# --- Cash drawn at the counter ----------------------------------------------------------------------------------------


def test_petty_cash_draws_are_not_parts_of_a_transfer_to_a_supplier() -> None:
    # Two draws of petty cash on one day (10,000.00 + 2,000.00) and a transfer of 12,000.00 to a supplier the day
    # before: the previous engine took the draws as a batch the transfer paid ("same day, shared summary expense").
    bank = [L("b1", 12, "12000.00", cp="成都华美五金制品有限公司", text="跨行汇款 附言:第2期")]
    journal = [L("j1", 13, "10000.00", text="提取备用金"), L("j2", 13, "2000.00", text="提取备用金")]
    assert match(bank, journal, window_days=3).groups == []
    # The bank's own cash withdrawal of the sum is what the draws were taken from.
    bank = [L("b1", 12, "12000.00", text="现金支取")]
    assert groups(match(bank, journal, window_days=3).groups) == {(("b1",), ("j1", "j2"))}


def test_a_petty_cash_draw_does_not_take_a_transfer_of_its_amount() -> None:
    bank = [L("b1", 12, "5000.00", cp="杭州鑫达包装材料有限公司", text="网银转账")]
    journal = [L("j1", 12, "5000.00", text="提取备用金")]
    assert match(bank, journal, window_days=3).groups == []
    for text in ("现金支取", "取现", "ATM取款"):  # a withdrawal of cash is its partner
        bank = [L("b1", 12, "5000.00", text=text)]
        assert groups(match(bank, journal, window_days=3).groups) == {(("b1",), ("j1",))}, text


# --- A transfer for several invoices ----------------------------------------------------------------------------------


def test_a_transfer_for_several_invoices_is_not_one_invoices_entry() -> None:
    # A customer's transfer says it pays two invoices; the only entry of its amount in the window books one invoice
    # (its partner is a transfer of that invoice alone, days later): the previous engine paired them by the amount.
    for text in ("跨行转账 2张发票货款", "跨行转账 发票号76043570/29274557"):
        bank = [L("b1", 13, "63619.00", "in", cp="郑州同创进出口股份有限公司", text=text)]
        journal = [L("j1", 14, "63619.00", "in", text="收货款 发票号51208715")]
        assert match(bank, journal, window_days=3).groups == [], text
    # An entry that books the invoices together, or names none, may be the whole transfer.
    bank = [L("b1", 13, "63619.00", "in", cp="郑州同创进出口股份有限公司", text="跨行转账 2张发票货款")]
    for text in ("收同创货款 发票号76043570/29274557", "收同创货款"):
        journal = [L("j1", 14, "63619.00", "in", text=text)]
        assert groups(match(bank, journal, window_days=3).groups) == {(("b1",), ("j1",))}, text


# --- One instalment of a contract -------------------------------------------------------------------------------------


def test_an_instalment_is_not_an_invoices_entry() -> None:
    # The second instalment of a contract paid to a supplier, and the only entry of its amount in the window books an
    # invoice (or a plain payment for material): the previous engine paired them by the amount. The instalment's
    # entry is the contract's (the books book the contract whole, the bank pays it in parts).
    for entry in ("付材料款 发票号25312000000109942206", "付材料款"):
        bank = [L("b1", 13, "28000.00", cp="长沙飞扬同五金制品有限公司", text="网银转账 附言:分期付款2")]
        journal = [L("j1", 12, "28000.00", text=entry)]
        assert match(bank, journal, window_days=3).groups == [], entry
    # An entry for the contract, or for the instalment, is its partner.
    for entry in ("付飞扬同五金合同款 HT2025-1943", "付飞扬同五金第2期款"):
        bank = [L("b1", 13, "28000.00", cp="长沙飞扬同五金制品有限公司", text="网银转账 附言:HT2025-1943 第2期")]
        journal = [L("j1", 12, "28000.00", text=entry)]
        assert groups(match(bank, journal, window_days=3).groups) == {(("b1",), ("j1",))}, entry
