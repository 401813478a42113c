"""个人代付 as the books note it: 收鼎盛宏科技销货款(马梅代付). The bank shows 马梅; for this run she stands for the
entry's company, so a receipt of an amount many customers pay is told apart by the note."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reconcile.engine import Line, match
from reconcile.engine.payer_notes import payer_aliases

DAY = dt.date(2025, 9, 2)


def _entry(i: int, company: str, text: str, amount: str = "9000.00") -> Line:
    return Line(f"J{i}", DAY, Decimal(amount), "in", f"记-0{i}", company, text)


def test_the_person_a_note_names_stands_for_the_entrys_company() -> None:
    journal = [
        _entry(1, "深圳市鼎盛宏科技有限责任公司", "收鼎盛宏科技销货款(马梅代付)"),
        _entry(2, "华美供应链管理（北京）有限责任公司", "收货款，由郭英涵代付"),
        _entry(
            3, "华美供应链管理（北京）有限责任公司", "华美回款张三代付"
        ),  # no bracket: where the name starts is unknown
    ]
    assert payer_aliases(journal, None) == {
        "马梅": "深圳市鼎盛宏科技有限责任公司",
        "郭英涵": "华美供应链管理（北京）有限责任公司",
    }


def test_a_person_noted_for_two_companies_stands_for_neither() -> None:
    journal = [_entry(1, "甲公司", "收货款(马梅代付)"), _entry(2, "乙公司", "收货款(马梅代付)")]
    assert payer_aliases(journal, {"X": "Y"}) == {"X": "Y"}


def test_the_callers_aliases_win() -> None:
    journal = [_entry(1, "甲公司", "收货款(马梅代付)")]
    assert payer_aliases(journal, {"马梅": "丙公司"}) == {"马梅": "丙公司"}


def test_the_note_decides_among_receipts_of_one_amount() -> None:
    # Without the note a person against two companies is no evidence either way: only a suggestion.
    bank = [Line("B1", DAY, Decimal("9000.00"), "in", "", "马梅", "汇入汇款/货款")]
    journal = [
        _entry(1, "深圳市鼎盛宏科技有限责任公司", "收鼎盛宏科技销货款(马梅代付)"),
        _entry(2, "佛山市盛世科技有限公司", "收盛世科技货款"),
    ]
    (group,) = match(bank, journal).groups
    assert (group.bank_ids, group.journal_ids) == (("B1",), ("J1",))
    assert "摘要注明代付 the books note 马梅 paid for 深圳市鼎盛宏科技有限责任公司" in group.reasons
