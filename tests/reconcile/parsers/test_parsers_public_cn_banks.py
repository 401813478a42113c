"""Chinese (and Hong Kong) banks' own exports, as their users download them, copied unchanged from the examples of
deb-sig/double-entry-generator (tests/fixtures/public/MANIFEST.md says where each comes from). Each is read to the
cent: dates, amounts and their direction, the other party, the summary and the balances. Where the contributors'
anonymising left a file's balances or totals that do not add up, or an amount column that holds no amount
(`xx,yyyy.zz`), the file is refused naming those rows; with the balance check off its lines are read as written."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from reconcile.parsers import ParseOptions, parse_file

pytestmark = pytest.mark.usefixtures("english")  # the messages asserted on are the English ones

ROOT = Path(__file__).resolve().parents[2] / "fixtures" / "public"
NO_BALANCE_CHECK = ParseOptions(check_balances=False)


def _parse(name: str, options: ParseOptions | None = None):
    path = ROOT / name.rsplit(".", 1)[1] / name
    [pf] = parse_file(path.read_bytes(), name, options=options)
    return pf


def _read(name: str, options: ParseOptions | None = None):
    pf = _parse(name, options)
    assert pf.ok, [e.message for e in pf.errors]
    return pf


def _line(ln):
    return (ln.booking_date, ln.direction, ln.amount, ln.counterparty_name, ln.summary)


def test_boc_debit_card_history_newest_first_with_grouped_amounts() -> None:
    """中国银行交易流水明细单: a title line, a signed 金额 written "-2,600.00", newest first; 对方账户名, 对方卡号/账号 and
    对方开户行 give the other party, the dashes written for no 附言 or 网点名称 are empty."""
    pf = _read("deb_boc_debit.csv")
    assert (pf.format, pf.currency, pf.newest_first) == ("csv", "CNY", True)
    assert len(pf.lines) == 17
    first, last = pf.lines[0], pf.lines[-1]
    assert _line(first) == (date(2025, 8, 22), "out", Decimal("71.89"), "张三", "无卡支付")
    assert (first.counterparty_account, first.balance, first.purpose) == ("6226******5669", Decimal("3240.28"), "")
    assert _line(last) == (date(2025, 8, 1), "in", Decimal("1000.00"), "张三", "银联入账")
    assert (last.counterparty_account, last.balance, last.purpose) == ("6222******0258", Decimal("3813.58"), "转账")
    transfer = pf.lines[7]
    assert (transfer.amount, transfer.counterparty_name, transfer.counterparty_bank) == (
        Decimal("2600.00"),
        "上海十企业管理顾问有限公司",
        "浙江泰隆商业银行",
    )
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("2813.58"), Decimal("3240.28"))
    assert pf.opening_balance + pf.total_in - pf.total_out == pf.closing_balance


def test_spdb_debit_card_xls_gives_its_account_and_period_in_its_title_row() -> None:
    """浦发银行: 账号 | 6200… | 账户类型 | 借记卡 | 日期范围 | 20251201-20251231 on one row above the table, dates with
    their time (2025/12/03  14:06:51), 存入金额/取出金额. The 日期范围 was not read as the statement's period."""
    pf = _read("deb_spdb_debit.xls")
    assert (pf.format, pf.account_number) == ("xls", "6200000000001230")
    assert (pf.period_start, pf.period_end) == (date(2025, 12, 1), date(2025, 12, 31))
    assert [(ln.booking_date, ln.direction, ln.amount, ln.balance) for ln in pf.lines] == [
        (date(2025, 12, 3), "out", Decimal("3.88"), Decimal("1981.33")),
        (date(2025, 12, 5), "in", Decimal("10.00"), Decimal("1991.33")),
        (date(2025, 12, 5), "out", Decimal("3.88"), Decimal("1987.45")),
        (date(2025, 12, 5), "out", Decimal("3.88"), Decimal("1983.57")),
    ]
    assert {(ln.counterparty_name, ln.counterparty_account) for ln in pf.lines} == {
        ("基金销售有限公司", "12345678901236500")
    }
    assert [ln.summary for ln in pf.lines[:2]] == ["网上支付-支付宝", "汇入外"]
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("1985.21"), Decimal("1983.57"))


def test_citic_credit_card_xls_turns_charges_into_money_out() -> None:
    """中信银行's bill (本期账单明细(人民币), 卡末四位, 交易金额 beside 结算金额): charges positive, money back negative."""
    pf = _read("deb_citic_credit_card.xls")
    assert (pf.format, pf.currency, pf.credit_card) == ("xls", "CNY", True)
    assert len(pf.lines) == 13
    assert _line(pf.lines[0]) == (date(2024, 11, 9), "out", Decimal("5.90"), "", "支付宝－北京嘀嘀无限科技发展有限公司")
    assert _line(pf.lines[1]) == (date(2024, 11, 9), "in", Decimal("0.20"), "", "0.2元现金奖励-笔笔返0.2元")
    assert _line(pf.lines[-1]) == (date(2024, 10, 20), "out", Decimal("20.16"), "", "公共事业缴费（电费）")
    assert (pf.total_in, pf.total_out) == (Decimal("1.41"), Decimal("1098.80"))


def test_cmb_credit_card_bill_dates_month_and_day_by_the_title_month() -> None:
    """招商银行信用卡对账单（个人消费卡账户 2024年01月）: 12/29 is of 2023; repayments without a 交易日 take the 记账日."""
    pf = _read("deb_cmb_credit_card.csv")
    assert pf.credit_card
    assert [(ln.booking_date, ln.direction, ln.amount, ln.summary) for ln in pf.lines] == [
        (date(2023, 12, 29), "in", Decimal("1.23"), "掌上生活还款"),
        (date(2023, 12, 30), "in", Decimal("345.67"), "财付通还款"),
        (date(2024, 1, 1), "in", Decimal("30.00"), "银联转账还款"),
        (date(2024, 1, 2), "out", Decimal("56.78"), "掌上生活影票-电影票"),
        (date(2024, 1, 3), "in", Decimal("3.90"), "手机银行饭票"),
        (date(2024, 1, 5), "out", Decimal("8000.00"), "中国移动"),
    ]


def test_bocom_credit_card_bill_reads_the_billed_amount_and_money_back_by_its_first_word() -> None:
    """交通银行: 交易币种/金额 and 入账币种/金额 ("CNY 88.00", "JPY 1000.00"), no sign: 退货 and 信用卡还款 are money back."""
    pf = _read("deb_bocom_credit_card.csv")
    assert (pf.currency, pf.credit_card, len(pf.lines)) == ("CNY", True, 8)
    assert [ln.direction for ln in pf.lines] == ["in"] * 4 + ["out"] * 4
    assert _line(pf.lines[0]) == (date(2025, 1, 10), "in", Decimal("123.18"), "", "退货 支付宝-滴滴顺风车")
    assert _line(pf.lines[3])[:3] == (date(2025, 1, 29), "in", Decimal("13.50"))  # "CNY13.50" beside "CNY 13.50"
    assert _line(pf.lines[-1]) == (date(2025, 1, 18), "out", Decimal("49.85"), "", "消费 Suica Charge")  # JPY 1000


def test_cgb_credit_card_reads_negative_amounts_as_money_back() -> None:
    pf = _read("deb_cgb_credit_card.csv")
    assert (pf.currency, pf.credit_card) == ("CNY", True)
    assert [(ln.booking_date, ln.direction, ln.amount) for ln in pf.lines] == [
        (date(2025, 1, 5), "out", Decimal("15.90")),
        (date(2025, 1, 4), "in", Decimal("97.20")),
        (date(2025, 1, 3), "out", Decimal("387.42")),
        (date(2024, 12, 25), "in", Decimal("1130.68")),
    ]
    assert pf.lines[-1].summary == "（还款）云闪付 银联入账-张三"


def test_hsbc_hk_card_export_names_the_merchant_as_the_other_party() -> None:
    """HSBC HK's card CSV gives the shop in `Merchant name` beside its own description: it was not read. The file
    lists one line billed in HKD among CNY ones: refused, that line named (an account is kept in one currency)."""
    pf = _parse("deb_hsbchk_credit_card.csv")
    assert [e.code for e in pf.errors] == ["mixed_currency"]
    assert pf.errors[0].row == 5
    assert "this line is in HKD, the statement in CNY" in pf.errors[0].message
    assert len(pf.lines) == 11
    first, last = pf.lines[0], pf.lines[-1]
    assert (first.booking_date, first.direction, first.amount, first.counterparty_name) == (
        date(2025, 4, 9),
        "out",
        Decimal("1099.14"),
        "UNIONPAY MERCHANT",
    )
    assert (last.booking_date, last.direction, last.amount, last.counterparty_name) == (
        date(2025, 3, 20),
        "out",
        Decimal("179.50"),
        "KFC RESTAURANT",
    )
    payment = pf.lines[8]
    assert (payment.direction, payment.amount, payment.summary, payment.counterparty_name) == (
        "in",
        Decimal("3266.16"),
        "PAYMENT - THANK YOU",
        "",
    )


def test_hsbc_hk_account_export_with_a_line_in_another_currency_is_refused_naming_it() -> None:
    pf = _parse("deb_hsbchk_debit.csv")
    assert [(e.code, e.row, e.value) for e in pf.errors] == [("mixed_currency", 8, "CNY")]
    assert _line(pf.lines[0])[:3] == (date(2025, 3, 24), "out", Decimal("1.00"))  # 24/03/2025: day first
    assert (pf.lines[-1].amount, pf.lines[-1].direction, pf.lines[-1].balance) == (
        Decimal("5.45"),
        "in",
        Decimal("10561.33"),
    )


def test_boc_credit_card_bill_with_a_usd_line_is_refused_naming_it() -> None:
    """中国银行信用卡账单: 存入/支出 per 币种; its USD line belongs to the card's USD account."""
    pf = _parse("deb_boc_credit_card.csv")
    assert [(e.code, e.row, e.value) for e in pf.errors] == [("mixed_currency", 16, "USD")]
    assert "this line is in USD, the statement in CNY" in pf.errors[0].message
    assert _line(pf.lines[0]) == (date(2024, 12, 13), "out", Decimal("50.00"), "", "上海公共交通卡股份有限CHN")
    assert _line(pf.lines[3]) == (date(2024, 12, 20), "in", Decimal("361.19"), "", "曾三")
    assert (len(pf.lines), pf.total_in, pf.total_out) == (14, Decimal("989.84"), Decimal("1231.81"))


@pytest.mark.parametrize(
    ("name", "row", "said"),
    [
        ("deb_abc_debit.csv", 3, "the previous balance 11000.00 - this amount 10.00 is 10990.00"),
        ("deb_cmb_debit.csv", 4, "the previous balance 271.66 - this amount 3.00 is 268.66"),
        ("deb_bocom_debit.csv", 6, "the previous balance 3154.93 - this amount 10.00 is 3144.93"),
        ("deb_ccb_debit.xls", 10, "the previous balance 2140.13 - this amount 515.02 is 1625.11"),
    ],
)
def test_anonymised_balances_that_do_not_follow_are_refused_naming_the_row(name: str, row: int, said: str) -> None:
    pf = _parse(name)
    assert not pf.ok
    first = pf.errors[0]
    assert (first.code, first.row) == ("balance_mismatch", row)
    assert said in first.message


def test_abc_debit_card_read_with_the_balance_check_off() -> None:
    """农业银行: 交易日期 20240101 beside 交易时间, a signed 交易金额 written "+10000.00", 对手信息 a name or an account,
    日 志 号 the bank's serial, 交易附言; a booking of +0.00 (利息税) is no line."""
    pf = _read("deb_abc_debit.csv", NO_BALANCE_CHECK)
    assert len(pf.lines) == 4 and pf.zero_rows == [6]
    first, last = pf.lines[0], pf.lines[-1]
    assert _line(first) == (date(2024, 1, 1), "in", Decimal("10000.00"), "哈哈", "转存")
    assert (first.serial, first.purpose, first.balance) == ("369396693", "转账", Decimal("11000.00"))
    assert (pf.lines[2].counterparty_name, pf.lines[2].counterparty_account) == ("", "12341234123412341")
    assert _line(last) == (date(2024, 1, 4), "in", Decimal("0.01"), "", "结息")  # "--": no other party
    assert (last.serial, last.purpose) == ("0000000000", "个人活期结息")


def test_cmb_debit_card_read_with_the_balance_check_off() -> None:
    """招商银行: 对手信息 "张三 66666666666666" is a name and an account; 客户摘要 is the line's text."""
    pf = _read("deb_cmb_debit.csv", NO_BALANCE_CHECK)
    assert (pf.currency, len(pf.lines)) == ("CNY", 5)
    first, second, last = pf.lines[0], pf.lines[1], pf.lines[-1]
    assert _line(first)[:3] == (date(2024, 1, 1), "in", Decimal("1234.00"))
    assert (first.summary, first.purpose, first.balance) == ("代发住房公积金", "01月01日约定提取", Decimal("1271.66"))
    assert (second.direction, second.amount, second.counterparty_name, second.counterparty_account) == (
        "out",
        Decimal("1000.00"),
        "张三",
        "66666666666666",
    )
    assert (last.booking_date, last.direction, last.amount, last.balance) == (
        date(2024, 1, 23),
        "out",
        Decimal("10.14"),
        Decimal("1218.24"),
    )


def test_bocom_debit_card_read_with_the_balance_check_off() -> None:
    """交通银行: 借贷 written in two languages (贷 Cr, 借 Dr) beside an unsigned 交易金额; an empty 摘要 takes 交易类型;
    交易地点 is the line's text."""
    pf = _read("deb_bocom_debit.csv", NO_BALANCE_CHECK)
    assert len(pf.lines) == 6
    first, last = pf.lines[0], pf.lines[-1]
    assert _line(first) == (date(2025, 1, 1), "in", Decimal("1.23"), "应付个人活期储蓄存款利息", "存款利息")
    assert (first.counterparty_account, first.balance, first.purpose) == (
        "1323132313211331313",
        Decimal("1334.63"),
        "批处理",
    )
    assert _line(last)[:4] == (date(2024, 6, 6), "out", Decimal("100.79"), "京东肯特瑞基金销售有限公司")
    assert last.summary.startswith("网上支付 基金理财产品申购")
    assert last.purpose == "网银在线（北京）科技有限公司"


def test_ccb_debit_xls_read_with_the_balance_check_off() -> None:
    """建设银行: China Construction Bank above 币　　种：人民币 and 账　　号：(masked), 支出/收入 columns, 交易地点
    (where the card was used) as the line's text."""
    pf = _read("deb_ccb_debit.xls", NO_BALANCE_CHECK)
    assert (pf.currency, pf.account_number, len(pf.lines)) == ("CNY", "xxxxx*********xxxx", 6)
    first, last = pf.lines[0], pf.lines[-1]
    assert _line(first) == (date(2025, 1, 1), "out", Decimal("67.00"), "中***融科技有限公司", "消费")
    assert (first.counterparty_account, first.balance) == ("20883313166*****0156", Decimal("2176.91"))
    assert first.purpose == "支付宝-支付宝外部商户-中移动金融科技有限公司"
    assert _line(last) == (date(2025, 1, 6), "out", Decimal("66.40"), "**微超", "消费")
    assert (pf.total_in, pf.total_out) == (Decimal("0.00"), Decimal("703.26"))


def test_icbc_credit_card_with_totals_that_are_not_its_lines_is_refused() -> None:
    """工商银行 明细查询文件下载 of a credit card: cells padded with spaces and TABs, 记账金额(收入)/(支出), a 合计金额 row
    whose anonymised totals (1234.56, 6543.21) are not the lines' (4621.01, 363.13)."""
    pf = _parse("deb_icbc_credit_card.csv", NO_BALANCE_CHECK)
    assert [e.code for e in pf.errors] == ["control_total_mismatch"] * 2
    assert "which give 4621.01" in pf.errors[0].message
    assert (pf.account_number, pf.currency, len(pf.lines)) == ("1234****5678", "CNY", 9)
    first = pf.lines[0]
    assert _line(first) == (date(2023, 4, 22), "out", Decimal("0.01"), "", "银联在线支付")
    assert (first.balance, first.purpose) == (Decimal("-6086.11"), "XX旗舰店")  # 交易场所
    repayment = pf.lines[5]
    assert (repayment.direction, repayment.amount, repayment.summary) == (
        "in",
        Decimal("4621.01"),
        "人民币自动转帐还款",
    )


@pytest.mark.parametrize("name", ["deb_icbc_debit_v1.csv", "deb_icbc_debit_v2.csv"])
def test_icbc_debit_card_whose_balances_are_masked_is_refused_naming_each_row(name: str) -> None:
    """Its contributors wrote "xx,yyyy.zz" for every 余额 and made up the 人民币合计 (1,234.56 and 9,876.54): each row
    is refused naming its balance, and the totals as not the lines'; the rest is read."""
    pf = _parse(name)
    assert {e.code for e in pf.errors} == {"bad_amount", "control_total_mismatch"}
    assert [e.row for e in pf.errors if e.code == "bad_amount"] == list(range(8, 19))
    assert "column “余额”: unreadable amount “xx,yyyy.zz”" in pf.errors[0].message
    assert (pf.account_number, pf.currency, len(pf.lines)) == ("1234****9876", "CNY", 11)
    assert _line(pf.lines[0]) == (date(2023, 5, 2), "out", Decimal("13.40"), "深圳市财付通支付科技有限公司", "消费")
    assert pf.lines[0].purpose == "广东三元麦当劳食品有"  # 交易场所
    assert _line(pf.lines[2]) == (date(2023, 4, 22), "in", Decimal("1234.56"), "李四", "他行汇入")
    assert _line(pf.lines[-1]) == (date(2023, 2, 8), "in", Decimal("1.04"), "深圳市财付通支付科技有限公司", "退款")


def test_a_files_own_remark_is_kept_before_where_the_card_was_used() -> None:
    """交易地点 is the line's text only where the file has no 附言: a remark the payer wrote says more."""
    data = (
        "交易日期,摘要,支出,收入,余额,交易地点,附言\n"
        "2025-01-02,转账,100.00,,900.00,手机银行,货款 INV-7\n"
        "2025-01-03,消费,20.00,,880.00,支付宝-便民微超,\n"
    ).encode()
    [pf] = parse_file(data, "ccb.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert [ln.purpose for ln in pf.lines] == ["货款 INV-7", ""]
