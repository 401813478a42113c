"""More files in the shapes of public sample exports the parsers had not seen (open-source importers' test data:
OCA/bank-statement-import, deb-sig/double-entry-generator, redstreet/beancount_reds_importers, jseutter/ofxparse).
Nothing is copied: each file is written here in the source's shape, with names, numbers and amounts made up; the
docstrings name the file whose shape it is."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from reconcile.parsers import ParseError, parse_file
from reconcile.parsers.dates import parse_date
from reconcile.parsers.errors import RowProblem
from tests.reconcile.parsers.cnparse_kit import xls_bytes, xlsx_bytes

pytestmark = pytest.mark.usefixtures("english")  # the messages asserted on are the English ones


def _ofx(body: str) -> bytes:
    head = (
        "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\n"
        "COMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n"
    )
    return (
        head + "<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS>"
        "<DTSERVER>20261101080000<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1>" + body + "</OFX>"
    ).encode()


_OFX_BANK = (
    "<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS><STMTRS><CURDEF>CNY"
    "<BANKACCTFROM><BANKID>102100099996<ACCTID>6222020200112233445<ACCTTYPE>CHECKING</BANKACCTFROM>"
    "<BANKTRANLIST><DTSTART>20261001000000[+8:CST]<DTEND>20261031235959.000[+8:CST]"
    "<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20261001003000[+8:CST]<TRNAMT>1200.00<FITID>A1<NAME>Shanghai Hengda Trading"
    "</STMTTRN>"
    "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20261015073000[+8:CST]<TRNAMT>-35.50<FITID>A2<NAME>Card fee</STMTTRN>"
    "</BANKTRANLIST><LEDGERBAL><BALAMT>5164.50<DTASOF>20261031235959[+8:CST]</LEDGERBAL></STMTRS></STMTTRNRS>"
    "</BANKMSGSRSV1>"
)
_OFX_EMPTY_CARD = (
    "<CREDITCARDMSGSRSV1><CCSTMTTRNRS><TRNUID>2<STATUS><CODE>0<SEVERITY>INFO</STATUS><CCSTMTRS><CURDEF>CNY"
    "<CCACCTFROM><ACCTID>6258091122334455</CCACCTFROM><BANKTRANLIST></BANKTRANLIST>"
    "<LEDGERBAL><BALAMT>-562.00<DTASOF>20261031</LEDGERBAL></CCSTMTRS></CCSTMTTRNRS></CREDITCARDMSGSRSV1>"
)


def test_an_ofx_date_is_the_day_the_bank_wrote_not_the_day_in_utc() -> None:
    """ofxparse turned 20261001003000[+8:CST] into UTC: the booking landed on 30 September, and a statement ending
    20130831165153[-8:PST] (OCA/bank-statement-import, account_statement_import_ofx/tests/test_ofx_file/test_ofx.ofx)
    on 1 September."""
    [pf] = parse_file(_ofx(_OFX_BANK), "download.ofx")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.booking_date, ln.direction, ln.amount) for ln in pf.lines] == [
        (date(2026, 10, 1), "in", Decimal("1200.00")),
        (date(2026, 10, 15), "out", Decimal("35.50")),
    ]
    assert (pf.period_start, pf.period_end) == (date(2026, 10, 1), date(2026, 10, 31))


def test_an_empty_account_beside_one_with_transactions_is_left_out_not_the_whole_file() -> None:
    """A bank's download of every account (OCA's test_ofx.ofx: a current account's transactions and a card account
    with none and an undated balance) was refused whole, naming the empty card account: nothing could be imported."""
    [pf] = parse_file(_ofx(_OFX_BANK + _OFX_EMPTY_CARD), "download.ofx")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.account_number, len(pf.lines)) == ("6222020200112233445", 2)
    assert [str(w) for w in pf.warnings] == [
        "the OFX statement of account 6258091122334455 in the same file has no transactions and no dated opening "
        "and closing balances: it was left out"
    ]


def test_a_file_of_empty_accounts_only_is_still_nothing_to_import() -> None:
    with pytest.raises(ParseError) as refused:
        parse_file(_ofx(_OFX_EMPTY_CARD), "download.ofx")
    assert refused.value.code == "no_transactions"
    assert "6258091122334455" in refused.value.message


def _csv(lines: list[str], encoding: str = "utf-8-sig") -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


@pytest.mark.parametrize(
    ("name", "data", "columns"),
    [
        (  # deb-sig/double-entry-generator example/htsec (海通证券 成交明细); a broker's xlsx in the same columns
            "成交明细.csv",
            _csv(
                [
                    "证券代码,证券名称,成交日期,成交时间,成交数量,成交价格,成交金额,发生金额,操作,手续费",
                    "510300,沪深300ETF,20261008,10:31:02,1000,3.912,3912.00,-3912.38,买,0.38",
                ]
            ),
            "证券代码, 证券名称, 成交数量, 成交价格",
        ),
        (  # example/huobi: a crypto exchange's trades
            "trades.csv",
            _csv(
                [
                    '"时间","交易类型","交易对","方向","价格","数量","成交额","手续费"',
                    "2026-10-08 09:56:20,币币交易,BTC/USDT,卖出,61850.00,0.0001,6.185,0.01USDT",
                ]
            ),
            "交易对, 价格, 数量",
        ),
        (  # example/oklink: a chain's token transfers
            "transfers.csv",
            _csv(
                [
                    "交易哈希,区块高度,本地时间(UTC+8),数量,代币符号",
                    "0xab12****99cd,23759705,2026/10/09 13:46:11,353.75,USDT",
                ]
            ),
            "交易哈希, 区块高度, 数量, 代币符号",
        ),
        (  # redstreet/beancount_reds_importers importers/schwab/tests/schwab_csv_brokerage
            "Brokerage_Transactions.csv",
            _csv(
                [
                    '"Transactions  for account Investing ...123 as of 10/31/2026"',
                    '"Date","Action","Symbol","Description","Quantity","Price","Fees & Comm","Amount"',
                    '"10/27/2026","Buy","BND","BOND MARKET ETF","45","$73.77","","-$3319.65"',
                    '"10/20/2026","Journal","","TRANSFER FUNDS FROM BANK","","","","$4000.00"',
                ]
            ),
            "Symbol, Quantity, Price",
        ),
    ],
)
def test_a_record_of_trades_is_refused_as_what_it_is(name, data, columns) -> None:
    """A broker's or exchange's trades were 'no header row … save a mapping profile' (no profile cures them), or
    their cash column read as the account's movements (Schwab's, the trade dated '04/17/2026 as of 04/15/2026' a bad
    row)."""
    with pytest.raises(ParseError) as refused:
        parse_file(data, name)
    assert refused.value.code == "unsupported_format"
    assert f"securities or crypto-asset trades (columns {columns})" in refused.value.message
    assert "upload the statement of the bank account" in refused.value.message


def test_a_payment_apps_bill_whose_header_is_not_a_statements_is_refused_as_a_bill() -> None:
    """美团's 交易账单明细 (deb-sig/double-entry-generator example/mt): 交易创建时间 is no date column the reader knows, so
    the file was 'no header row … save a mapping profile' instead of the personal bill it is."""
    data = _csv(
        [
            "美团交易账单明细",
            "美团用户名：[XYZ000111]",
            "起始时间：[2026-10-01] 终止时间：[2026-10-31]",
            '""',
            "共：2笔记录",
            "【美团交易账单明细列表】",
            "交易创建时间,交易成功时间,交易类型,订单标题,收/支,支付方式,订单金额,实付金额,交易单号,商家单号,备注",
            "2026-10-28 20:35:13,2026-10-28 20:35:25,支付,奶茶店 订单详情,支出,美团月付,¥22.30,¥21.17,2610281,0_22,/",
            "2026-10-27 07:04:17,2026-10-27 07:04:18,退款,蛋挞6只,收入,某银行信用卡(1875),¥20.00,¥20.00,2610271,4981,/",
        ]
    )
    with pytest.raises(ParseError) as refused:
        parse_file(data, "美团账单.csv")
    assert refused.value.code == "unsupported_format"
    assert "app's personal bill" in refused.value.message


def test_a_statement_whose_header_is_unknown_is_still_told_to_save_a_profile() -> None:
    with pytest.raises(ParseError) as refused:
        parse_file(_csv(["Posted,Memo,Value", "2026-10-01,FEE,-1.00"]), "export.csv")
    assert refused.value.code == "no_header"


@pytest.mark.parametrize(
    ("header", "row", "expected"),
    [
        (  # 农业银行 (example/abc_debit): 对手信息, 日 志 号 written with spaces
            "交易日期,交易时间,交易摘要,交易金额,本次余额,对手信息,日 志 号,交易渠道,交易附言",
            "20261008,101500,转存,+2000.00,3000.00,杭州示例贸易有限公司,369396001,超级网银,货款",
            ("杭州示例贸易有限公司", "", "转存", "货款", "369396001"),
        ),
        (  # 招商银行 (example/cmb/debit): 对手信息 holding name and account, 客户摘要
            "记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要",
            '2026-10-08,CNY,"2,000.00","3,000.00",转账汇款,王五 6214830000001234,十月房租',
            ("王五", "6214830000001234", "转账汇款", "十月房租", ""),  # 对手信息: the name, then the account
        ),
        (  # 浦发银行 (example/spdb_debit): 交易对手名称/交易对手账号, 交易类型
            "顺序号,交易日期,交易类型,存入金额,取出金额,余额,交易对手名称,交易对手账号,附言",
            "1,2026/10/08  14:06:51,汇入,2000.00,,3000.00,示例基金销售有限公司,31001234567890,",
            ("示例基金销售有限公司", "31001234567890", "汇入", "", ""),
        ),
        (  # 中国银行 (example/boc/debit): 交易名称, 对方卡号/账号
            "记账日期,记账时间,币别,金额,余额,交易名称,渠道,附言,对方账户名,对方卡号/账号,对方开户行",
            "2026-10-08,17:57:17,人民币,2000.00,3000.00,转账汇入,网上银行,,赵六,6216****1234,中国银行",
            ("赵六", "6216****1234", "转账汇入", "", ""),
        ),
        (  # 平安银行's 个人账户交易明细清单: 交易对手信息, signed amounts
            "序号,交易日期,交易金额,余额,交易地点,摘要,备注,交易对手信息",
            "1,2026-10-08,+2000.00,3000.00,网上银行,转账,十月货款,杭州示例贸易有限公司 6230580000001234",
            ("杭州示例贸易有限公司", "6230580000001234", "转账", "十月货款", ""),
        ),
        (  # 建设银行's 个人活期账户全部交易明细: 交易地点/附言
            "序号,摘要,币别,钞汇,交易日期,交易金额,账户余额,交易地点/附言,对方账号与户名",
            "1,转账存入,人民币元,钞,20261008,2000.00,3000.00,工资,6217000000001234/钱七",
            ("", "6217000000001234/钱七", "转账存入", "工资", ""),
        ),
        (  # 农业银行's 账户活期交易明细清单: 电子流水号; a city bank's 摘要备注
            "交易日期,收入,支出,账户余额,摘要备注,交易对手信息,电子流水号",
            "20261008,2000.00,,3000.00,跨行转入,孙八,EL2026100800001",
            ("孙八", "", "跨行转入", "", "EL2026100800001"),
        ),
    ],
)
def test_the_other_party_and_references_of_chinese_banks_personal_exports_are_read(header, row, expected) -> None:
    """These columns were not known: the other party, the bank's reference (日志号) and the description of each line
    were dropped silently (the line matched on amount and date alone)."""
    [pf] = parse_file(_csv([header, row]), "明细.csv")
    assert pf.ok, [e.message for e in pf.errors]
    [ln] = pf.lines
    assert (ln.booking_date, ln.direction, ln.amount, ln.balance) == (
        date(2026, 10, 8),
        "in",
        Decimal("2000.00"),
        Decimal("3000.00"),
    )
    assert (ln.counterparty_name, ln.counterparty_account, ln.summary, ln.purpose, ln.serial) == expected


def test_dates_with_the_month_by_name_are_read() -> None:
    """United Overseas Bank's account history (redstreet/beancount_reds_importers, importers/unitedoverseas/tests/
    ACC_TXN_History_1234_clean.xls) dates its lines `30 Jun 2023`: every row was an 'unreadable date'; and its
    `Account Number:` was not read."""
    data = xls_bytes(
        [
            ["United Overseas Bank Limited."],
            ["Account Statement Details"],
            ["Account Number:", 9876543210.0, "SGD"],
            ["Statement Period:", "02 Sep 2026 To 01 Nov 2026"],
            ["Transaction Date", "Transaction Description", "Withdrawal", "Deposit"],
            ["30 Oct 2026", "Interest Credit", 0.0, 0.12],
            ["16 Oct 2026", "Cash Withdrawal-ATM", 800.0, 0.0],
            ["05 Sep 2026", "Cheque Deposit", 0.0, 545.05],
        ]
    )
    [pf] = parse_file(data, "ACC_TXN_History.xls")
    assert pf.ok, [e.message for e in pf.errors]
    assert pf.account_number == "9876543210"  # `Account Number:` was no label this reader knew
    assert [(ln.booking_date, ln.direction, ln.amount, ln.summary) for ln in pf.lines] == [
        (date(2026, 10, 30), "in", Decimal("0.12"), "Interest Credit"),
        (date(2026, 10, 16), "out", Decimal("800.00"), "Cash Withdrawal-ATM"),
        (date(2026, 9, 5), "in", Decimal("545.05"), "Cheque Deposit"),
    ]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("30-JUN-26", date(2026, 6, 30)),
        ("Jun 30, 2026", date(2026, 6, 30)),
        ("3 Sept 2026 10:15", date(2026, 9, 3)),
        ("30Jun2026", date(2026, 6, 30)),
    ],
)
def test_the_shapes_of_dates_with_the_month_by_name(text, day) -> None:
    assert parse_date(text) == day


@pytest.mark.parametrize("text", ["31 Feb 2026", "30 Foo 2026"])
def test_a_named_month_date_that_does_not_exist_is_refused(text) -> None:
    with pytest.raises(RowProblem):
        parse_date(text)


def _camt_day(opening_day: str, closing_day: str, opening: str = "2108.58", closing: str = "9814.39") -> bytes:
    entries = "".join(
        f'<Ntry><NtryRef>REF{n}</NtryRef><Amt Ccy="EUR">{amount}</Amt><CdtDbtInd>{ind}</CdtDbtInd>'
        f"<AcctSvcrRef>SVC{n}</AcctSvcrRef><BkTxCd><Prtry><Cd>ATSISK</Cd></Prtry></BkTxCd><NtryDtls><Btch>"
        f'<NbOfTxs>{count}</NbOfTxs></Btch><TxDtls><Amt Ccy="EUR">{amount}</Amt></TxDtls></NtryDtls></Ntry>'
        for n, amount, ind, count in [(1, "8285.98", "CRDT", 86), (2, "0.2", "DBIT", 1), (3, "579.97", "DBIT", 3)]
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">'
        "<BkToCstmrStmt><GrpHdr><MsgId>MSG1</MsgId><CreDtTm>2026-10-07T19:47:17+02:00</CreDtTm></GrpHdr><Stmt>"
        "<Id>S1</Id><Acct><Id><Othr><Id>LT120000000000000001</Id></Othr></Id><Ccy>EUR</Ccy></Acct>"
        f'<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{opening}</Amt><Dt><Dt>{opening_day}</Dt>'
        f'</Dt></Bal><Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{closing}</Amt><Dt><Dt>{closing_day}'
        f"</Dt></Dt></Bal>{entries}</Stmt></BkToCstmrStmt></Document>"
    ).encode()


def test_a_daily_camt_statements_entries_without_dates_are_of_its_day() -> None:
    """A settlement bank's daily camt.053.001.08 (Subite-eu/camt-to-coda, example-files/CAMT/…/CAMT_053/*.xml) dates
    its balances but not its entries (BookgDt and ValDt are optional): every entry was 'the date is empty'."""
    [pf] = parse_file(_camt_day("2026-10-07", "2026-10-07"), "2026-10-07.xml")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.booking_date, ln.direction, ln.amount, ln.serial) for ln in pf.lines] == [
        (date(2026, 10, 7), "in", Decimal("8285.98"), "SVC1"),
        (date(2026, 10, 7), "out", Decimal("0.20"), "SVC2"),
        (date(2026, 10, 7), "out", Decimal("579.97"), "SVC3"),
    ]


def test_an_entry_without_a_date_in_a_statement_of_several_days_is_still_named() -> None:
    [pf] = parse_file(_camt_day("2026-10-06", "2026-10-07"), "camt.xml")
    assert not pf.ok
    assert ("Ntry/BookgDt", "missing_value") in {(e.column, e.code) for e in pf.errors}


def test_amounts_guarded_against_excel_or_followed_by_their_currency_code_are_read() -> None:
    """The guard exports write before numbers to keep Excel from mangling them ('1234.56, ="-34.56") was taken off
    text cells but not off amounts, and a currency code after the number (OCA/bank-statement-import,
    account_statement_import_sheet_file/tests/fixtures/sample_statement_en_empty_values.xlsx writes `'579,68 USD`)
    was read before it only: each such row was an 'unreadable amount'."""
    data = _csv(
        [
            "交易日期,摘要,交易金额,余额",
            "2026-10-08,转入,'1234.56,'2234.56",
            '2026-10-09,转出,="-34.56",="2200.00"',
            "2026-10-10,手续费,-1.00 USD,2199.00 USD",
        ]
    )
    [pf] = parse_file(data, "明细.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.direction, ln.amount, ln.balance) for ln in pf.lines] == [
        ("in", Decimal("1234.56"), Decimal("2234.56")),
        ("out", Decimal("34.56"), Decimal("2200.00")),
        ("out", Decimal("1.00"), Decimal("2199.00")),
    ]
    assert pf.currency == "USD"


def test_a_bai2_detail_leaving_an_availability_amount_empty_is_read() -> None:
    """The BAI2 specification's own sample (moov-io/bai2, test/testdata/sample2.txt) writes a lockbox credit's
    availability as `S,,200000,300000` (nothing available at once): the whole file was 'cannot be read'."""
    data = (
        b"01,SENDR1,RECVR1,261008,0800,1,,,2/\n02,RECVR1,BANK01,1,261007,2359,USD,2/\n"
        b"03,1234567890,USD,010,500000,,,100,500000,1,/\n16,115,500000,S,,200000,300000,LB1,,LOCK BOX 1/\n"
        b"49,1500000,3/\n98,1500000,1,5/\n99,1500000,1,7/\n"
    )
    [pf] = parse_file(data, "lockbox.bai2")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.booking_date, ln.direction, ln.amount, ln.serial, ln.summary) for ln in pf.lines] == [
        (date(2026, 10, 7), "in", Decimal("5000.00"), "LB1", "LOCK BOX 1")
    ]


def test_an_mt940_statement_number_longer_than_five_digits_is_read() -> None:
    """`:28:1810118101` (WoLpH/mt940, mt940_tests/self-provided/long_statement_number.sta, a Turkish bank's): the
    whole file was 'no MT940 message of the file can be read … :28: cannot be read'."""
    data = (
        b":20:12345678\r\n:25:0067-00763/93984487\r\n:28:2610118101\r\n:60F:C261008TRY1000,00\r\n"
        b":61:2610081008D250,00NTRFNONREF//B1\r\n:86:KIRA ODEMESI\r\n:62F:C261008TRY750,00\r\n-"
    )
    [pf] = parse_file(data, "hesap.sta")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.booking_date, ln.direction, ln.amount) for ln in pf.lines] == [
        (date(2026, 10, 8), "out", Decimal("250.00"))
    ]
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("1000.00"), Decimal("750.00"))


def test_camt_documents_joined_in_one_file_are_read_as_a_zip_of_them() -> None:
    """Documents joined one after the other, with or without their XML declarations (OCA/bank-statement-import,
    account_statement_import_camt/tests/samples/test-camt053-merged): the file was 'malformed at line …, cut off or
    damaged?'. Read in the days' order, whatever the file's."""
    second = _camt_day("2026-10-08", "2026-10-08", "9814.39", "17520.20")
    first = _camt_day("2026-10-07", "2026-10-07")
    without_declaration = first[first.index(b"<Document") :]
    [pf] = parse_file(second + b"\n" + without_declaration, "camt053_joined.xml")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("2108.58"), Decimal("17520.20"))
    assert [ln.booking_date for ln in pf.lines] == [date(2026, 10, 7)] * 3 + [date(2026, 10, 8)] * 3


def test_a_camt_document_cut_off_is_still_malformed() -> None:
    data = _camt_day("2026-10-07", "2026-10-07")
    with pytest.raises(ParseError) as refused:
        parse_file(data[:-40] + b"\n" + data, "camt053.xml")
    assert refused.value.code == "unreadable"


def _ccb_personal(spent: str, received: str) -> bytes:
    return xls_bytes(
        [
            ["", "", "", "", "中国建设银行个人活期账户全部交易明细", "", "", "", ""],
            [
                "",
                "卡号/账号:6217000000001234",
                "",
                "客户名称:测试",
                "",
                "起始日期:20261001",
                "",
                "结束日期:20261031",
                "",
            ],
            ["当前时间段收支金额合计：人民币元；", f"总支出：{spent}", f"总收入：{received}", "", "", "", "", "", ""],
            ["序号", "摘要", "币别", "钞汇", "交易日期", "交易金额", "账户余额", "交易地点/附言", "对方账号与户名"],
            ["1", "支付机构提现", "人民币元", "钞", "20261005", "1,234.56", "2,000.00", "工资", ""],
            ["2", "消费", "人民币元", "钞", "20261006", "-12.34", "1,987.66", "财付通", ""],
        ]
    )


def test_the_totals_a_ccb_personal_export_states_are_checked() -> None:
    """建设银行's 个人活期账户全部交易明细 states 总支出 and 总收入 above its header (the shape public importers test
    with): they were not read, so an export missing lines was imported without a word."""
    [pf] = parse_file(_ccb_personal("12.34", "1,234.56"), "交易明细.xls")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.controls.in_total, pf.controls.out_total) == (Decimal("1234.56"), Decimal("12.34"))
    [short] = parse_file(_ccb_personal("99.00", "1,234.56"), "交易明细.xls")
    assert [(e.row, e.column, e.value, e.code) for e in short.errors] == [
        (3, "总支出", "99.00", "control_total_mismatch")
    ]


def _cmb_debit(received: str) -> bytes:
    return _csv(
        [
            "# 招商银行交易记录",
            "# 导出时间: [ 2026-11-01 10:00:00 ]",
            "# 账    号: [一卡通:6214 **** **** 1234 人民币]",
            "# 起始日期: [20261001]   终止日期: [20261031]",
            "# 过滤设置: 无",
            "交易日期,交易时间,收入,支出,余额,交易类型,交易备注",
            '"\t20261008","\t10:00:00","\t2000.00","\t","\t3000.00","\t转账汇入","\t王五转入"',
            '"\t20261009","\t11:30:00","\t","\t12.00","\t2988.00","\t快捷支付","\t财付通-美团"',
            f"# 收入合计: 1 笔，共 {received} 元",
            "# 支出合计: 1 笔，共 12.00 元",
        ],
        "gbk",
    )


def test_a_cmb_debit_card_export_names_its_card_and_currency_and_its_totals_are_checked() -> None:
    """招商银行's 一卡通 export (the shape beancount importers for Chinese banks read): the account was read as
    `一卡通:6214********1234人民币`, the currency not at all, 交易备注 dropped, and its `收入合计: 1 笔，共 … 元`
    totals ignored."""
    [pf] = parse_file(_cmb_debit("2000.00"), "CMB_6214.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.account_number, pf.currency, pf.period_start, pf.period_end) == (
        "6214********1234",
        "CNY",
        date(2026, 10, 1),
        date(2026, 10, 31),
    )
    assert (pf.controls.in_total, pf.controls.out_total) == (Decimal("2000.00"), Decimal("12.00"))
    assert [(ln.direction, ln.amount, ln.summary, ln.purpose) for ln in pf.lines] == [
        ("in", Decimal("2000.00"), "转账汇入", "王五转入"),
        ("out", Decimal("12.00"), "快捷支付", "财付通-美团"),
    ]
    [short] = parse_file(_cmb_debit("2100.00"), "CMB_6214.csv")
    assert [(e.column, e.value, e.code) for e in short.errors] == [("收入合计", "2100.00", "control_total_mismatch")]


def _camt054(status: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08">'
        "<BkToCstmrDbtCdtNtfctn><GrpHdr><MsgId>N1</MsgId><CreDtTm>2026-10-07T01:01:25+02:00</CreDtTm></GrpHdr>"
        "<Ntfctn><Id>1395663</Id><Acct><Id><IBAN>LT120000000000000002</IBAN></Id><Ccy>EUR</Ccy></Acct>"
        f'<Ntry><Amt Ccy="EUR">6329</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>{status}</Sts><NtryDtls><TxDtls>'
        '<Refs><TxId>495110</TxId></Refs><Amt Ccy="EUR">6329</Amt><CdtDbtInd>CRDT</CdtDbtInd></TxDtls></NtryDtls>'
        "</Ntry></Ntfctn></BkToCstmrDbtCdtNtfctn></Document>"
    ).encode()


def test_a_camt054_of_information_only_entries_is_refused_as_what_it_is() -> None:
    """A settlement bank's camt.054 notifications (Subite-eu/camt-to-coda, example-files/CAMT/…/CAMT_054/*.xml) mark
    every entry Sts INFO: they were refused as holding 'only pending' entries, which none of them is."""
    with pytest.raises(ParseError) as refused:
        parse_file(_camt054("INFO"), "2026-10-07.xml")
    assert refused.value.code == "no_transactions"
    assert "only informs of entries (Ntry with Sts INFO), it books none" in refused.value.message
    with pytest.raises(ParseError) as pending:
        parse_file(_camt054("PDNG"), "2026-10-07.xml")
    assert "only pending ones" in pending.value.message


def test_headers_and_labels_giving_their_english_name_beside_the_chinese_are_read() -> None:
    """交通银行's 个人客户交易清单 (the columns RenLangMan/beancount-daoru, tests/beancount_daoru/importers/
    test_bocom.py, reads) writes `Trans Date` above `交易日期` in one header cell and `账号/卡号Account/Card No:` in its
    title: no header row was found, and neither the account nor the period was read."""
    data = xlsx_bytes(
        [
            ["交通银行个人客户交易清单"],
            ["Bocom Personal Account Details"],
            ["账号/卡号Account/Card No: 6222600000001234", "户名Account Name: 李四"],
            ["查询起日Query Starting Date: 2026-10-01", "查询止日Query Ending Date: 2026-10-31"],
            [
                "Serial\nNum\n序号",
                "Trans Date\n交易日期",
                "Trans Time\n交易时间",
                "Trading Type\n交易类型",
                "Dc Flg\n借贷",
                "Trans Amt\n交易金额",
                "Balance\n余额",
                "Payment Receipt\nAccount\n对方账号",
                "Payment Receipt\nAccount Name\n对方户名",
                "Trading Place\n交易地点",
                "交易附言 Remark",
            ],
            ["1", "2026-10-01", "10:00:00", "存款利息", "贷 Cr", "1.00", "1,000.00", "12345", "应付利息", "批处理", ""],
            ["2", "2026-10-02", "11:00:00", "网上支付", "借 Dr", "10.00", "990.00", "678", "示例商户", "网上", "订单"],
        ]
    )
    [pf] = parse_file(data, "交通银行交易清单.xlsx")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.account_number, pf.account_name, pf.period_start, pf.period_end) == (
        "6222600000001234",
        "李四",
        date(2026, 10, 1),
        date(2026, 10, 31),
    )
    assert [(ln.direction, ln.amount, ln.balance, ln.counterparty_name, ln.summary, ln.purpose) for ln in pf.lines] == [
        ("in", Decimal("1.00"), Decimal("1000.00"), "应付利息", "存款利息", ""),
        ("out", Decimal("10.00"), Decimal("990.00"), "示例商户", "网上支付", "订单"),
    ]


def _boc_debit(spent: str) -> bytes:
    dashes = "-------------------"
    return _csv(
        [
            "中国银行交易流水明细清单",
            "交易区间： 2026-10-01 至2026-10-31 客户姓名： 张三 页数: 1 /1",
            f"借记卡号： 6216600000001234 借方发生数： {spent} 贷方发生数： 1.00 行数: 2",
            "账号：345670001234 按收支筛选： 全部 按币种筛选： 全部 打印时间： 2026/11/01 12:00:00",
            "记账日期,记账时间,币别,金额,余额,交易名称,渠道,网点名称,附言,对方账户名,对方卡号/账号,对方开户行",
            f'2026-10-01,10:00:00,人民币,1.00,"1,000.00",结息,其他,{dashes},----------,{dashes},{dashes},{dashes}',
            f"2026-10-02,11:00:00,人民币,-10.00,990.00,网上快捷支付,银企对接,{dashes},财付通,财付通,Z1234567890123N,{dashes}",
        ]
    )


def test_a_boc_statements_title_and_placeholders_are_read_for_what_they_say() -> None:
    """中国银行's 交易流水明细清单 (the shape RenLangMan/beancount-daoru, tests/beancount_daoru/importers/test_boc.py,
    reads): the account ran on into the labels after it (`345670001234按收支筛选:全部…打印时间:…`), its 借方发生数 and
    贷方发生数 were not checked, and the dashes it writes where a line has no other party were stored as the other
    party's name, account and bank."""
    [pf] = parse_file(_boc_debit("10.00"), "boc.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.account_number, pf.period_start, pf.period_end) == (
        "345670001234",
        date(2026, 10, 1),
        date(2026, 10, 31),
    )
    assert (pf.controls.in_total, pf.controls.out_total) == (Decimal("1.00"), Decimal("10.00"))
    assert [(ln.counterparty_name, ln.counterparty_account, ln.counterparty_bank, ln.purpose) for ln in pf.lines] == [
        ("", "", "", ""),
        ("财付通", "Z1234567890123N", "", "财付通"),
    ]
    [short] = parse_file(_boc_debit("99.00"), "boc.csv")
    assert [(e.column, e.code) for e in short.errors] == [("借方发生数", "control_total_mismatch")]
