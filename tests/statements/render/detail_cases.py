"""Statement details the detail-writer tests share: each case is a statement whose lines exercise one thing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reconcile.parsers import ParsedLine
from statements.render.detail import DetailLine, StatementDetail

D = Decimal
ACCOUNT = "310012345678901"
START, END = dt.date(2026, 10, 1), dt.date(2026, 10, 31)
GENERATED = dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
LONG_SUMMARY = "代付供应商货款及运杂费" * 50  # 550 characters: more than the 200 a bank line stores
LONG_PURPOSE = " ".join(["Invoice 2026-10-%02d shipment" % n for n in range(1, 14)])  # 272 characters with spaces


def running(opening: Decimal, *moves: tuple) -> list[DetailLine]:
    """Lines with running balances: each move is (day, direction, amount, fields)."""
    lines, balance = [], opening
    for day, direction, amount, fields in moves:
        balance += amount if direction == "in" else -amount
        lines.append(
            DetailLine(
                booking_date=day,
                value_date=fields.pop("value_date", None),
                direction=direction,
                amount=amount,
                balance_after=fields.pop("balance_after", balance),
                **fields,
            )
        )
    return lines


def detail(
    opening: Decimal,
    lines: list[DetailLine],
    *,
    start: dt.date = START,
    end: dt.date = END,
    account: str = ACCOUNT,
    currency: str = "CNY",
) -> StatementDetail:
    closing = opening + sum((ln.signed_amount for ln in lines), Decimal("0.00"))
    return StatementDetail(
        bank_name="中国某某银行股份有限公司上海分行",
        bank_bic="ABOCCNBJ",
        account_number=account,
        currency=currency,
        customer_name="北京恒瑞贸易有限公司",
        statement_number="DZD-202610-000123",
        version=2,
        period_start=start,
        period_end=end,
        opening_balance=opening,
        closing_balance=closing,
        lines=tuple(lines),
        generated_at=GENERATED,
    )


def day(n: int) -> dt.date:
    return dt.date(2026, 10, n)


def _cases() -> dict[str, StatementDetail]:
    cases: dict[str, StatementDetail] = {}
    cases["chinese_and_latin"] = detail(
        D("1250000.00"),
        running(
            D("1250000.00"),
            (
                day(8),
                "in",
                D("300000.00"),
                dict(
                    counterparty_name="上海浦东发展银行股份有限公司",
                    counterparty_account="6222021234567890123",
                    counterparty_bank="中国工商银行上海分行营业部",
                    summary="货款",
                    purpose="合同 HT-2026-117 第二期",
                    serial="2026100800012345",
                    voucher_no="ZP-0091",
                    value_date=day(7),
                ),
            ),
            (
                day(9),
                "out",
                D("12345.67"),
                dict(
                    counterparty_name="Acme Trading GmbH",
                    counterparty_account="DE89370400440532013000",
                    counterparty_bank="COBADEFFXXX",
                    summary="Cross-border payment",
                    purpose="INV 4711 / PO 99",
                    serial="FT26282ABC1234567890",
                ),
            ),
            (day(10), "out", D("25.00"), dict(summary="手续费", serial="202610100009")),
            (
                day(11),
                "in",
                D("880.00"),
                dict(counterparty_name="赟犇喆堃有限公司（深圳）", summary="退款、冲正", serial="S-11"),
            ),
        ),
    )
    cases["empty_counterparty"] = detail(
        D("500.00"),
        running(D("500.00"), (day(3), "out", D("2.00"), dict(serial="FEE0001")), (day(4), "in", D("1.23"), dict())),
    )
    cases["no_serial"] = detail(
        D("10000.00"),
        running(
            D("10000.00"),
            (
                day(5),
                "in",
                D("300.00"),
                dict(
                    counterparty_name="杭州某某电子商务有限公司",
                    counterparty_account="571908765432",
                    summary="网银转入",
                ),
            ),
            (
                day(5),
                "out",
                D("300.00"),
                dict(
                    counterparty_name="杭州某某电子商务有限公司",
                    counterparty_account="571908765432",
                    summary="网银转出",
                ),
            ),
        ),
    )
    # Two equal payments on one day: the running balance tells them apart, and without one the copy number does.
    twin = dict(counterparty_name="国网上海市电力公司", counterparty_account="0107000100123", summary="电费")
    cases["twin_payments"] = detail(
        D("8000.00"),
        running(D("8000.00"), (day(20), "out", D("1000.00"), dict(twin)), (day(20), "out", D("1000.00"), dict(twin))),
    )
    cases["twin_payments_no_balance"] = detail(
        D("8000.00"),
        running(
            D("8000.00"),
            (day(20), "out", D("1000.00"), dict(twin, balance_after=None)),
            (day(20), "out", D("1000.00"), dict(twin, balance_after=None)),
        ),
    )
    cases["extremes"] = detail(
        D("0.00"),
        running(
            D("0.00"),
            (day(1), "in", D("9999999999999.99"), dict(summary="大额", serial="BIG1")),
            (day(2), "out", D("0.01"), dict(summary="最小", serial="SMALL1")),
            (day(3), "out", D("9999999999999.98"), dict(summary="大额转出", serial="BIG2")),
        ),
    )
    cases["overdraft"] = detail(
        D("100.00"),
        running(
            D("100.00"),
            (day(30), "out", D("250.00"), dict(summary="透支", serial="OD1")),
            (day(31), "in", D("100.00"), dict(summary="还款", serial="OD2")),
        ),
    )
    cases["year_end"] = detail(
        D("1.00"),
        running(
            D("1.00"),
            (
                dt.date(2027, 1, 2),
                "in",
                D("5.00"),
                dict(summary="跨年起息", serial="Y1", value_date=dt.date(2026, 12, 31)),
            ),
            (dt.date(2026, 12, 31), "in", D("6.00"), dict(summary="年末", serial="Y2", value_date=dt.date(2027, 1, 1))),
        ),
        start=dt.date(2026, 12, 1),
        end=dt.date(2027, 1, 31),
    )
    cases["hostile"] = detail(
        D("1000.00"),
        running(
            D("1000.00"),
            (
                day(12),
                "in",
                D("1.00"),
                dict(
                    counterparty_name='=HYPERLINK("http://evil.example","点此")',
                    summary="+1 @SUM(A1)",
                    purpose="-1",
                    serial="H1",
                ),
            ),
            (
                day(12),
                "in",
                D("2.00"),
                dict(counterparty_name="\t=1+1", summary="＝1+1 全角", purpose="'已引用", voucher_no='="0012"'),
            ),
            (
                day(13),
                "in",
                D("3.00"),
                dict(
                    counterparty_name="NUL\x00在中间\x07",
                    summary="a\r\nb\tc  d",
                    purpose="问号? 斜杠/ 冒号: 减号- 加号+ 撇号' 括号() 句点. 逗号,",
                ),
            ),
            (
                day(14),
                "out",
                D("4.00"),
                dict(summary=LONG_SUMMARY, purpose=LONG_PURPOSE, counterparty_name="𠀀字 🙂 Ünïcødé"),
            ),
            (
                day(15),
                "out",
                D("5.00"),
                dict(summary=":86:/NAME/x -} ?0022?", counterparty_account="-12 34", serial="NONREF"),
            ),
        ),
    )
    # Words the spreadsheet importer reads as the label of a totals or opening row, as a payer's text.
    markers = ("小计", "合计", "期初余额", "工资合计", "本日合计", "承前页", "总计科技")
    cases["marker_words"] = detail(
        D("100.00"),
        running(
            D("100.00"),
            *(
                (
                    day(2 + n),
                    "in" if n % 2 else "out",
                    D("1.00") + n,
                    dict(counterparty_name=word, summary=word, purpose=word),
                )
                for n, word in enumerate(markers)
            ),
        ),
    )
    cases["quiet"] = detail(D("4321.00"), [])
    return cases


CASES = _cases()


def as_parsed(line: DetailLine) -> ParsedLine:
    """The line as the import would have read it from the bank's file: what its stored fingerprint comes from."""
    return ParsedLine(
        row=0,
        booking_date=line.booking_date,
        amount=line.amount,
        direction=line.direction,
        value_date=line.value_date,
        balance=line.balance_after,
        counterparty_name=line.counterparty_name,
        counterparty_account=line.counterparty_account,
        counterparty_bank=line.counterparty_bank,
        summary=line.summary,
        purpose=line.purpose,
        serial=line.serial,
        voucher_no=line.voucher_no,
    )
