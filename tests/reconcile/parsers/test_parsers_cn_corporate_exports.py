"""Chinese banks' corporate banking exports (names, numbers and amounts made up) whose columns were misread."""

from __future__ import annotations

from decimal import Decimal

from reconcile.parsers import parse_file


def test_cmb_corporate_banking_export_names_the_other_party_shoufufang() -> None:
    """招商银行 企业银行's 交易明细 export: 收付方名称, 收付方帐号 and 收付方开户行名 are the other party (the lines had
    none, so a journal's 往来单位 matched nothing)."""
    header = (
        "交易日,交易时间,起息日,交易类型,借方金额,贷方金额,余额,摘要,流水号,流程实例号,业务名称,用途,业务参考号,"
        "业务摘要,其它摘要,收付方分行名,收付方名称,收付方帐号,收付方开户行行号,收付方开户行名\n"
    )
    rows = (
        '20261014,10:01:02,20261014,汇出,"12,345.67",,"987,654.33",货款,G1234567890,,,支付10月货款,,,,上海分行,'
        "上海某某贸易有限公司,121912345610601,308290003011,招商银行上海分行\n"
        '20261015,09:00:00,20261015,汇入,,"50,000.00","1,037,654.33",收款,G1234567891,,,服务费,,,,广州分行,'
        "广州某某有限公司,120912345610502,308581002011,招商银行广州分行\n"
    )
    data = ("账号:,755912345610801\n币种:,人民币\n" + header + rows).encode("gbk")
    [pf] = parse_file(data, "交易明细.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.account_number, pf.currency) == ("755912345610801", "CNY")
    assert [
        (ln.direction, ln.amount, ln.counterparty_name, ln.counterparty_account, ln.counterparty_bank)
        for ln in pf.lines
    ] == [
        ("out", Decimal("12345.67"), "上海某某贸易有限公司", "121912345610601", "招商银行上海分行"),
        ("in", Decimal("50000.00"), "广州某某有限公司", "120912345610502", "招商银行广州分行"),
    ]


def test_pingan_corporate_export_names_the_other_partys_bank_and_serials() -> None:
    """平安银行 企业网银's shape: 对方账号名称, 对方账户开户行 (not read), 业务流水号 (not read), 摘要说明."""
    header = "交易时间,收入,支出,账户余额,对方账号,对方账号名称,对方账户开户行,摘要说明,业务流水号\n"
    rows = (
        "2026-10-14 10:01:02,,12345.67,987654.33,121912345610601,上海某某贸易有限公司,招商银行上海分行,货款,B0001\n"
        "2026-10-15 09:00:00,50000.00,,1037654.33,120912345610502,广州某某有限公司,工商银行广州分行,收款,B0002\n"
    )
    data = ("账号：,11014567890123\n" + header + rows).encode("gbk")
    [pf] = parse_file(data, "明细.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("1000000.00"), Decimal("1037654.33"))
    assert [(ln.direction, ln.counterparty_name, ln.counterparty_bank, ln.summary, ln.serial) for ln in pf.lines] == [
        ("out", "上海某某贸易有限公司", "招商银行上海分行", "货款", "B0001"),
        ("in", "广州某某有限公司", "工商银行广州分行", "收款", "B0002"),
    ]


def test_a_journal_names_its_text_and_its_cheque_number_as_some_erps_do() -> None:
    """A cash journal's 摘要说明 (its text) and 票据号码 (the cheque's number): neither was read."""
    text = (
        "日期,凭证字号,摘要说明,对方科目,借方金额,贷方金额,余额,结算方式,票据号码\n"
        "2026-10-14,记-12,支付货款,应付账款,,12345.67,987654.33,转账支票,10203040\n"
        "2026-10-15,记-13,收到服务费,应收账款,50000.00,,1037654.33,电汇,\n"
    )
    [pf] = parse_file(text.encode("gbk"), "银行日记账.csv", kind="journal")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.direction, ln.amount, ln.summary, ln.voucher_no) for ln in pf.lines] == [
        ("out", Decimal("12345.67"), "支付货款", "10203040"),
        ("in", Decimal("50000.00"), "收到服务费", ""),
    ]
