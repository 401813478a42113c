"""One transfer paying several invoices of one party: the books hold the invoices, the bank one line of their total.

When the bank line names the party the batch was always found. When it names no one (a fifth of SEPA lines) or writes
the party in another script (a Hong Kong bank's SHUI ON ENGINEERING CO., LIMITED for the books' 瑞安工程), the whole
day of that party's entries adding up to the cent is the evidence: two to six invoices, not a round total (two
500.00 receipts meeting a 1,000.00 line is a coincidence as often as a split payment, and stays a suggestion).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reconcile.engine import Line, match

_DAY = dt.date(2026, 1, 5)


def _invoices(party: str, amounts: list[str], direction: str = "out") -> list[Line]:
    return [
        Line(f"J{i}", _DAY, Decimal(a), direction, f"INV-2026-{70 + i:05d}", party, f"付货款 INV-2026-{70 + i:05d}")
        for i, a in enumerate(amounts, 1)
    ]


def _bank(amount: str, party: str, direction: str = "out") -> Line:
    return Line("B1", _DAY + dt.timedelta(days=1), Decimal(amount), direction, "FRN2026010225969734", party, "FPS DR")


def _batches(bank: list[Line], journal: list[Line]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    return [(g.bank_ids, g.journal_ids) for g in match(bank, journal).groups]


AMOUNTS = ["2596.10", "4988.60", "1465.13", "1732.22", "827.17"]


def test_a_bank_line_in_another_script_takes_the_whole_day_of_the_party() -> None:
    result = match([_bank("11609.22", "SHUI ON ENGINEERING CO., LIMITED")], _invoices("瑞安工程", AMOUNTS))
    (group,) = result.groups
    assert group.journal_ids == ("J1", "J2", "J3", "J4", "J5")
    assert any("not a round total" in r for r in group.reasons)  # the reason a person reads


def test_a_nameless_bank_line_takes_the_whole_day_of_the_party() -> None:
    journal = _invoices("Hung Yun Construction Co., Ltd.", ["23300.11", "6850.12", "7474.80"])
    assert _batches([_bank("37625.03", "")], journal) == [(("B1",), ("J1", "J2", "J3"))]


def test_a_receipt_works_the_same_way() -> None:
    journal = _invoices("恒瑞贸易", ["1200.35", "880.10"], direction="in")
    assert _batches([_bank("2080.45", "", direction="in")], journal) == [(("B1",), ("J1", "J2"))]


def test_a_round_total_is_only_suggested() -> None:
    result = match([_bank("1000.00", "")], _invoices("恒瑞贸易", ["500.00", "500.00"]))
    assert result.groups == []
    assert [(s.bank_ids, s.journal_ids) for s in result.suggestions] == [(("B1",), ("J1", "J2"))]
    assert any("does not name this party" in r for r in result.suggestions[0].reasons)


def test_more_invoices_than_one_transfer_pays_are_only_suggested() -> None:
    amounts = ["101.11", "102.12", "103.13", "104.14", "105.15", "106.16", "107.17"]
    total = str(sum(Decimal(a) for a in amounts))
    # Invoice numbers far apart (a run of consecutive numbers is evidence of its own: test_engine_sequences.py).
    invoices = [
        x._replace(reference=f"INV-2026-{100 + 37 * k:05d}") for k, x in enumerate(_invoices("恒瑞贸易", amounts))
    ]
    result = match([_bank(total, "")], invoices)
    assert result.groups == []
    assert len(result.suggestions[0].journal_ids) == 7


def test_a_bank_line_naming_another_party_in_the_same_script_is_no_batch() -> None:
    result = match([_bank("11609.22", "ACME TRADING GMBH")], _invoices("Shui On Engineering Ltd", AMOUNTS))
    assert result.groups == []
    assert all(s.journal_ids != ("J1", "J2", "J3", "J4", "J5") for s in result.suggestions)


def test_two_bank_lines_of_the_total_decide_nothing() -> None:
    bank = [_bank("11609.22", ""), _bank("11609.22", "")._replace(id="B2")]
    result = match(bank, _invoices("瑞安工程", AMOUNTS))
    assert result.groups == []
    assert any("several candidates" in r for s in result.suggestions for r in s.reasons)


def test_the_banks_own_charges_are_no_party_whose_day_one_transfer_pays() -> None:
    # Three wire fees the books file under the bank meet a nameless card purchase of their total: the bank debits
    # each charge on its own, so their sum is a coincidence, not one payment of the bank's "invoices".
    fees = [
        Line(f"J{i}", _DAY, Decimal(a), "out", "", "Bank of America", "Wire fee")
        for i, a in enumerate(["30.00", "25.00", "35.50"], 1)
    ]
    card = Line("B1", _DAY, Decimal("90.50"), "out", "", "", "DEBIT CARD PURCHASE 01/05 INTUIT *QBOOKS ONLINE")
    assert _batches([card], fees) == []
