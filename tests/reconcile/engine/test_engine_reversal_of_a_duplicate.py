"""An invoice posted twice and one copy reversed: the reversal names the invoice both copies cite, so the invoice
number does not say which copy it cancels. Neither is taken out on that ground; the bank's payment goes to the copy
naming its payee."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reconcile.engine import Line, match

D = dt.date(2027, 2, 16)


def test_the_copy_naming_the_payee_keeps_the_payment_when_the_reversal_names_only_the_invoice() -> None:
    bank = [Line("B1", D, Decimal("42565.15"), "out", "FRN2027021696461697", "香港匯通國際貿易有限公司", "轉數快 支賬")]
    journal = [
        Line("J1", D, Decimal("42565.15"), "out", "JV2702-20142", "Sun Sai Kai", "付货款 INV-2026-17009"),
        Line("J2", D, Decimal("42565.15"), "in", "JV2702-20143", "新世纪置业", "冲销 付货款 INV-2026-17009 录入错误"),
        Line(
            "J3", D, Decimal("42565.15"), "out", "INV-2026-17009", "香港汇通国际贸易有限公司", "付货款 INV-2026-17009"
        ),
    ]
    pairs = {(g.bank_ids, g.journal_ids) for g in match(bank, journal).groups}
    assert pairs == {(("B1",), ("J3",))}


def test_a_reversal_naming_the_voucher_still_cancels_that_entry() -> None:
    bank = [Line("B1", D, Decimal("880.00"), "out", "", "深圳市恒瑞贸易有限公司", "转账")]
    journal = [
        Line("J1", D, Decimal("880.00"), "out", "记-0205", "深圳市恒瑞贸易有限公司", "付恒瑞运费"),
        Line("J2", D, Decimal("880.00"), "in", "记-0206", "", "红字冲销记-0205"),
        Line("J3", D, Decimal("880.00"), "out", "记-0207", "深圳市恒瑞贸易有限公司", "付恒瑞运费"),
    ]
    pairs = {(g.bank_ids, g.journal_ids) for g in match(bank, journal).groups}
    assert pairs == {(("B1",), ("J3",))}
