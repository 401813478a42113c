"""A Chinese summary with the payee in English (付货款 INV-0137 Hung Yun Construction Co., Ltd.), as Hong Kong and
foreign-trade ERPs write it, names that payee: the memo's Latin part is read like an English memo."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reconcile.engine import Line, match
from reconcile.engine.latin_mentions import latin_part, memo_shape


def test_the_latin_part_of_a_mixed_memo() -> None:
    assert latin_part("付货款 INV-0137 Hung Yun Construction Co., Ltd.").split() == [
        "0", "INV-0137", "Hung", "Yun", "Construction", "Co.,", "Ltd.",
    ]  # fmt: skip
    assert latin_part("收恒瑞贸易货款") == "收恒瑞贸易货款"  # no Latin word: left to the Chinese reader
    assert latin_part("Müller GmbH") == "Müller GmbH"
    # A Chinese word between two Latin ones ends the name (a word with a digit does).
    assert memo_shape(latin_part("付 ACME 货款 LTD")).split() == ["0", "ACME", "0", "LTD"]


def test_a_mixed_memo_names_the_party_of_a_batch() -> None:
    day = dt.date(2026, 1, 5)
    bank = [Line("B1", day, Decimal("37625.03"), "out", "FRN20260106", "HUNG YUN CONSTRUCTION CO LTD", "FPS DR")]
    journal = [
        Line(
            "J1", day, Decimal("23300.11"), "out", "INV-00137", "", "付货款 INV-00137 Hung Yun Construction Co., Ltd."
        ),
        Line("J2", day, Decimal("6850.12"), "out", "INV-00138", "Hung Yun Construction Co., Ltd.", "付货款 INV-00138"),
        Line("J3", day, Decimal("7474.80"), "out", "INV-00139", "Hung Yun Construction Co., Ltd.", "付货款 INV-00139"),
    ]
    (group,) = match(bank, journal).groups
    assert group.journal_ids == ("J1", "J2", "J3")


def test_a_mixed_memo_naming_another_company_keeps_a_unique_amount_apart() -> None:
    day = dt.date(2026, 1, 5)
    bank = [Line("B1", day, Decimal("4100.00"), "in", "FRN1", "HING LUNG CONSTRUCTION CO LTD", "FPS IN")]
    other = Line("B2", day, Decimal("900.00"), "in", "FRN2", "WAH HING TRADING LTD", "FPS IN")
    journal = [Line("J1", day, Decimal("4100.00"), "in", "INV-03143", "", "收款 INV-03143 Wah Hing Trading")]
    result = match([*bank, other], journal)
    assert all("B1" not in g.bank_ids for g in result.groups)
