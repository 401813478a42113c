"""A payer's other name, proven by the invoices it paid (``invoice_aliases.py``): the bank shows MAPLE LEAF ENG, the
books the customer Titan Manufacturing whose invoices its transfers cite. Two such invoices make the payer Titan's
other name for the run; one is a coincidence, and a payer citing two customers' invoices is an agent for neither."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reconcile.engine import Line, match
from reconcile.engine.invoice_aliases import proof_reason

DAY = dt.date(2026, 3, 2)


def _bank(i: int, day: int, amount: str, text: str, payer: str = "MAPLE LEAF ENG") -> Line:
    return Line(f"B{i}", DAY + dt.timedelta(days=day), Decimal(amount), "in", "", payer, text)


def _entry(i: int, day: int, amount: str, customer: str, text: str) -> Line:
    return Line(f"J{i}", DAY + dt.timedelta(days=day), Decimal(amount), "in", f"PMT{i:04d}", customer, text)


TITAN = "Titan Manufacturing Inc."
KINGSWAY = "Kingsway Foods"


def _invoices(second_customer: str = TITAN) -> tuple[list[Line], list[Line]]:
    """Two transfers from MAPLE LEAF ENG, each citing the invoice of one of Titan's receipts."""
    bank = [
        _bank(1, 0, "865.85", "ACH CREDIT MAPLE LEAF ENG REMIT INV 11892"),
        _bank(2, 7, "1014.11", "ACH CREDIT MAPLE LEAF ENG REMIT INV 12082"),
    ]
    journal = [
        _entry(1, 0, "865.85", TITAN, "Customer payment INV11892"),
        _entry(2, 8, "1014.11", second_customer, "Customer payment INV12082"),
    ]
    return bank, journal


def _one_more() -> tuple[list[Line], list[Line]]:
    """A third transfer from MAPLE LEAF ENG citing nothing, of an amount Titan and Kingsway both paid that day."""
    return (
        [_bank(3, 14, "1500.00", "ACH CREDIT MAPLE LEAF ENG")],
        [
            _entry(3, 14, "1500.00", TITAN, "Customer payment"),
            _entry(4, 14, "1500.00", KINGSWAY, "Customer payment"),
        ],
    )


def _pairs(bank: list[Line], journal: list[Line]) -> dict[tuple[str, ...], tuple[str, ...]]:
    return {g.bank_ids: g.journal_ids for g in match(bank, journal).groups}


def test_two_of_one_customers_invoices_make_the_payer_its_other_name() -> None:
    bank, journal = _invoices()
    more_bank, more_journal = _one_more()
    result = match(bank + more_bank, journal + more_journal)
    pairs = {g.bank_ids: g for g in result.groups}
    assert pairs[("B1",)].journal_ids == ("J1",)
    assert pairs[("B2",)].journal_ids == ("J2",)
    # The transfer citing nothing is Titan's, not Kingsway's, and says why.
    third = pairs[("B3",)]
    assert third.journal_ids == ("J3",)
    assert proof_reason("MAPLE LEAF ENG", "Titan Manufacturing Inc.", ("11892", "12082"), 0) in third.reasons
    assert any("付款人别名" in why for why in pairs[("B1",)].reasons)


def test_one_invoice_is_no_proof() -> None:
    bank, journal = _invoices()
    more_bank, more_journal = _one_more()
    pairs = _pairs(bank[:1] + more_bank, journal[:1] + more_journal)
    assert ("B1",) not in pairs  # the names contradict and nothing else says otherwise: left to the accountant
    assert ("B3",) not in pairs


def test_a_payer_citing_two_customers_invoices_is_an_agent_for_neither() -> None:
    bank, journal = _invoices(second_customer=KINGSWAY)
    more_bank, more_journal = _one_more()
    pairs = _pairs(bank + more_bank, journal + more_journal)
    assert ("B3",) not in pairs
    assert ("B1",) not in pairs and ("B2",) not in pairs


def test_the_other_name_does_not_reach_another_payer() -> None:
    bank, journal = _invoices()
    stranger = [_bank(3, 14, "1500.00", "ACH CREDIT MAPLE LEAF FOODS", payer="MAPLE LEAF FOODS")]
    _more_bank, more_journal = _one_more()
    pairs = _pairs(bank + stranger, journal + more_journal)
    assert ("B3",) not in pairs


def _alone(payer: str, customers: list[str]) -> tuple[list[Line], list[Line]]:
    """Transfers from ``payer``, each the only line of its amount on both sides within days, against the entries
    of ``customers`` (one each), a week apart."""
    bank = [
        _bank(10 + k, 7 * k, f"{2000 + 37 * k}.15", f"ACH CREDIT {payer}", payer=payer) for k in range(len(customers))
    ]
    journal = [
        _entry(10 + k, 7 * k, f"{2000 + 37 * k}.15", customer, "Customer payment")
        for k, customer in enumerate(customers)
    ]
    return bank, journal


def _crowded(payer: str) -> tuple[list[Line], list[Line]]:
    """One more transfer from ``payer`` of an amount Apex Builders and Kingsway both paid that day."""
    return (
        [_bank(30, 35, "1500.00", f"ACH CREDIT {payer}", payer=payer)],
        [
            _entry(30, 35, "1500.00", "Apex Builders Company", "Customer payment"),
            _entry(31, 35, "1500.00", KINGSWAY, "Customer payment"),
        ],
    )


def test_payments_alone_with_their_amount_against_one_customer_prove_the_other_name() -> None:
    bank, journal = _alone("ATLAS PLUMBING", ["Apex Builders Company"] * 3)
    more_bank, more_journal = _crowded("ATLAS PLUMBING")
    pairs = {g.bank_ids: g for g in match(bank + more_bank, journal + more_journal).groups}
    assert [pairs[(f"B{10 + k}",)].journal_ids for k in range(3)] == [("J10",), ("J11",), ("J12",)]
    assert pairs[("B30",)].journal_ids == ("J30",)
    assert proof_reason("ATLAS PLUMBING", "Apex Builders Company", (), 3) in pairs[("B30",)].reasons


def test_two_such_payments_or_one_against_another_customer_prove_nothing() -> None:
    for customers in (["Apex Builders Company"] * 2, ["Apex Builders Company"] * 3 + [KINGSWAY]):
        bank, journal = _alone("ATLAS PLUMBING", customers)
        more_bank, more_journal = _crowded("ATLAS PLUMBING")
        pairs = {g.bank_ids: g.journal_ids for g in match(bank + more_bank, journal + more_journal).groups}
        assert ("B30",) not in pairs
        assert ("B10",) not in pairs


def test_a_payer_that_is_a_party_of_the_books_itself_is_no_customers_other_name() -> None:
    # PRAIRIE OFFICE S paid three of Apex Builders' entries, but it is also Prairie Office Supply Co of the books.
    bank, journal = _alone("PRAIRIE OFFICE S", ["Apex Builders Company"] * 3)
    own = _entry(20, 21, "333.33", "Prairie Office Supply Co", "Customer payment")
    more_bank, more_journal = _crowded("PRAIRIE OFFICE S")
    pairs = {g.bank_ids: g.journal_ids for g in match(bank + more_bank, [*journal, own, *more_journal]).groups}
    assert ("B30",) not in pairs


def test_a_factor_paying_one_customers_invoices_is_no_customers_other_name() -> None:
    # Reverse factoring: ABC FACTORING pays its programme's buyers' invoices, Titan's two the run saw among them. Its
    # transfer citing nothing, of an amount Titan and Kingsway both owe that day, is no more Titan's than Kingsway's.
    for factor in ("ABC FACTORING LTD", "深圳前海联易融商业保理有限公司"):
        bank, journal = _invoices()
        bank = [line._replace(counterparty=factor) for line in bank]
        more_bank, more_journal = _one_more()
        result = match(bank + [more_bank[0]._replace(counterparty=factor)], journal + more_journal)
        assert ("B3",) not in {g.bank_ids for g in result.groups}, factor
        assert not any("付款人别名" in why for g in result.groups for why in g.reasons)


def _chinese(payer: str) -> tuple[list[Line], list[Line]]:
    """Two transfers from ``payer`` citing 泰和's invoices, and a third citing nothing, of an amount 泰和 and 长江科技
    both paid that day."""
    bank = [
        _bank(1, 0, "865.85", "货款 发票11892", payer=payer),
        _bank(2, 7, "1014.11", "货款 发票12082", payer=payer),
        _bank(3, 14, "1500.00", "货款", payer=payer),
    ]
    journal = [
        _entry(1, 0, "865.85", "泰和贸易有限公司", "收货款 发票11892"),
        _entry(2, 8, "1014.11", "泰和贸易有限公司", "收货款 发票12082"),
        _entry(3, 14, "1500.00", "泰和贸易有限公司", "收货款"),
        _entry(4, 14, "1500.00", "宁波长江科技股份有限公司", "收货款"),
    ]
    return bank, journal


def _learned(result) -> bool:
    return any("付款人别名" in why for g in result.groups for why in g.reasons)


def test_a_group_treasury_paying_one_subsidiarys_invoices_is_no_customers_other_name() -> None:
    # A group's treasury pays for every company of the group: Titan's two invoices the run saw are among them, and its
    # transfer citing nothing, of an amount Titan and Kingsway (another of the group) both owe that day, is neither's.
    for treasury in ("ACME GROUP TREASURY CENTRE LTD", "Siemens Treasury GmbH", "NORDIC IN-HOUSE BANK AB"):
        bank, journal = _invoices()
        bank = [line._replace(counterparty=treasury) for line in bank]
        more_bank, more_journal = _one_more()
        result = match(bank + [more_bank[0]._replace(counterparty=treasury)], journal + more_journal)
        assert ("B3",) not in {g.bank_ids for g in result.groups}, treasury
        assert not _learned(result), treasury
    for treasury in ("中国石化财务有限责任公司", "万科集团 资金中心", "华润集团资金结算中心"):
        result = match(*_chinese(treasury))
        assert ("B3",) not in {g.bank_ids for g in result.groups}, treasury
        assert not _learned(result), treasury


def test_a_company_whose_name_only_contains_a_treasury_word_is_still_learnable() -> None:
    # Treasury Wine Estates is a winemaker, 深圳市财务软件有限公司 a software house: each pays its own invoices.
    bank, journal = _invoices()
    bank = [line._replace(counterparty="TREASURY WINE ESTATES LTD") for line in bank]
    more_bank, more_journal = _one_more()
    result = match(bank + [more_bank[0]._replace(counterparty="TREASURY WINE ESTATES LTD")], journal + more_journal)
    assert _learned(result) and {g.bank_ids: g.journal_ids for g in result.groups}[("B3",)] == ("J3",)
    for payer in ("深圳市财务软件有限公司", "上海财务咨询有限公司"):
        result = match(*_chinese(payer))
        assert _learned(result), payer
        assert {g.bank_ids: g.journal_ids for g in result.groups}[("B3",)] == ("J3",), payer
