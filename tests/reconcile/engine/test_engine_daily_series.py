"""A platform's payout of the days one shop booked day by day (``stages/daily_series.py``): 微信小店8月25日销售回款 ...
微信小店9月1日销售回款(扣服务费149.35) against one 财付通提现, more than the window back and with no name to tie them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reconcile.engine import Line, match

AMOUNTS = ["15716.42", "2249.85", "1076.53", "1042.13", "5010.30", "24892.29"]
DAYS = [dt.date(2025, 8, 25) + dt.timedelta(days=k) for k in (0, 1, 2, 3, 4, 7)]  # Monday to Friday, then Monday


def _takings(texts: list[str] | None = None, days: list[dt.date] | None = None) -> list[Line]:
    days = days or DAYS
    texts = texts or [f"微信小店{d.month}月{d.day}日销售回款" for d in days]
    texts[-1] += "(扣服务费149.35)"
    return [
        Line(f"J{k}", d, Decimal(a), "in", f"记-0{k * 37 + 3}", "财付通" if k % 2 else "", t)
        for k, (a, d, t) in enumerate(zip(AMOUNTS, days, texts))
    ]


def _payout(amount: str = "49987.52") -> list[Line]:
    return [Line("B1", dt.date(2025, 9, 2), Decimal(amount), "in", "", "财付通支付科技有限公司", "财付通提现")]


def test_a_payout_is_the_run_of_days_it_gathers() -> None:
    (group,) = match(_payout(), _takings()).groups
    assert group.journal_ids == ("J0", "J1", "J2", "J3", "J4", "J5")
    assert any("day-by-day entries of one series" in r for r in group.reasons)


def test_entries_without_a_date_in_their_summary_are_no_series() -> None:
    assert match(_payout(), _takings(texts=["微信小店销售回款"] * 6)).groups == []


def test_bank_charges_booked_day_by_day_are_no_payout() -> None:
    texts = [f"Bank charges {d.day:02d}/{d.month:02d}/2025" for d in DAYS]
    assert match(_payout(), _takings(texts=texts)).groups == []


def test_two_entries_of_one_day_are_not_one_series() -> None:
    days = [*DAYS[:2], DAYS[1], *DAYS[3:]]
    assert not any("series" in " ".join(g.reasons) for g in match(_payout(), _takings(days=days)).groups)


def test_a_total_that_misses_by_a_cent_is_no_payout() -> None:
    assert match(_payout("49987.51"), _takings()).groups == []


def test_a_dated_template_naming_two_customers_is_no_payout() -> None:
    # 收货款 8月25日 is also what every customer's receipt looks like in a journal that dates its summaries: two
    # customers' receipts on consecutive days adding up to a nameless credit are not one shop's takings.
    day = dt.date(2025, 8, 25)
    journal = [
        Line("J1", day, Decimal("1200.33"), "in", "", "上海甲贸易有限公司", "收货款 8月25日"),
        Line("J2", day + dt.timedelta(days=1), Decimal("800.12"), "in", "", "杭州乙科技有限公司", "收货款 8月26日"),
    ]
    bank = [Line("B1", day + dt.timedelta(days=2), Decimal("2000.45"), "in", "", "", "转账")]
    assert match(bank, journal).groups == []


def test_two_shops_booked_under_one_label_each_take_their_own_payout() -> None:
    # 天猫店 is two shops in these books: each day has an entry of each, and each shop withdraws its own days. One
    # entry a day adding up to the cent is what tells one shop's run from a mix of the two.
    days = [dt.date(2025, 8, 27), dt.date(2025, 8, 28), dt.date(2025, 8, 29)]
    shop_a = ["7150.78", "6966.97", "34384.18"]  # 48,501.93
    shop_b = ["1949.49", "7372.02", "3949.17"]  # 13,270.68
    journal = [
        Line(
            f"{shop}{k}",
            d,
            Decimal(a),
            "in",
            f"记-{shop}{k}",
            "支付宝" if k % 2 else "",
            f"天猫店{d.month}月{d.day}日销售回款",
        )
        for shop, amounts in (("A", shop_a), ("B", shop_b))
        for k, (a, d) in enumerate(zip(amounts, days))
    ]
    payout = dt.date(2025, 9, 1)
    bank = [
        Line("P1", payout, Decimal("48501.93"), "in", "", "支付宝（中国）网络技术有限公司", "支付宝提现"),
        Line("P2", payout, Decimal("13270.68"), "in", "", "支付宝（中国）网络技术有限公司", "支付宝提现"),
    ]
    groups = {g.bank_ids: g.journal_ids for g in match(bank, journal).groups}
    assert groups == {("P1",): ("A0", "A1", "A2"), ("P2",): ("B0", "B1", "B2")}


def test_days_too_full_to_tell_a_shop_from_a_mix_decide_nothing() -> None:
    # Seven entries a day under one label: the runs ending on a day pass MAX_RUNS within two days, and no run of
    # three days is formed, whatever adds up.
    days = [dt.date(2025, 8, 27), dt.date(2025, 8, 28), dt.date(2025, 8, 29)]
    journal = [
        Line(
            f"J{d.day}-{k}",
            d,
            Decimal(f"{1000 + 37 * k + d.day}.{k:02d}"),
            "in",
            "",
            "",
            f"天猫店{d.month}月{d.day}日销售回款",
        )
        for d in days
        for k in range(7)
    ]
    total = sum(Decimal(f"{1000 + d.day}.00") for d in days)  # entry 0 of each day
    bank = [Line("P1", dt.date(2025, 9, 1), total, "in", "", "支付宝（中国）网络技术有限公司", "支付宝提现")]
    assert match(bank, journal).groups == []


def test_a_payout_beside_a_withdrawal_of_no_run_still_takes_its_days() -> None:
    # Runs are kept only for the totals of the bank lines that may take them: a second withdrawal whose amount no
    # run adds up to asks for its own total and leaves the other's run where it was.
    other = Line("B2", dt.date(2025, 9, 2), Decimal("123.45"), "in", "", "支付宝(中国)网络技术有限公司", "支付宝提现")
    groups = match([*_payout(), other], _takings()).groups
    assert [g.journal_ids for g in groups if g.bank_ids == ("B1",)] == [("J0", "J1", "J2", "J3", "J4", "J5")]
    assert not any("B2" in g.bank_ids for g in groups)
