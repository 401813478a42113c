"""Files in the shapes banks really send (tests/fixtures/files, MANIFEST.md): each is read right, or refused saying
why, and no message shows Python internals."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from reconcile.parsers import ParseError, parse_file
from reconcile.parsers.accounts import account_normal_form, split_currency_suffix
from tests.reconcile.parsers.cnparse_kit import csv_bytes, xls_bytes, xlsx_bytes

FILES = Path(__file__).resolve().parents[2] / "fixtures" / "files"


def _parse(name: str, **kw):
    return parse_file((FILES / name).read_bytes(), name, **kw)


def _lines(pf):
    return [(ln.booking_date, ln.direction, ln.amount) for ln in pf.lines]


def test_spdb_xls_reads_its_deposit_and_withdrawal_columns() -> None:
    [pf] = _parse("spdb_2026-10.xls")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.format, pf.account_number, pf.currency) == ("xls", "98470078801300000123", "CNY")
    assert _lines(pf) == [
        (date(2026, 10, 8), "in", Decimal("50000.00")),
        (date(2026, 10, 9), "out", Decimal("80000.00")),
        (date(2026, 10, 10), "out", Decimal("150.00")),
    ]
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("1200000.00"), Decimal("1169850.00"))


@pytest.mark.parametrize(
    ("money_in", "money_out"),
    [
        ("存入金额", "取出金额"),
        ("收入金额", "支出金额"),
        ("转入金额", "转出金额"),
        ("存入", "取出"),
        ("转入", "转出"),
        ("收入", "支出"),
        ("收款金额", "付款金额"),
        ("记账金额(收入)", "记账金额(支出)"),
    ],
)
def test_the_deposit_and_withdrawal_pairs_chinese_banks_use(money_in, money_out) -> None:
    rows = [
        ["交易日期", "摘要", money_in, money_out, "余额"],
        ["2026-10-08", "货款", "100.00", "", "1100.00"],
        ["2026-10-09", "付款", "", "40.00", "1060.00"],
    ]
    [pf] = parse_file(csv_bytes(rows), "b.csv")
    assert pf.ok and [(ln.direction, ln.amount) for ln in pf.lines] == [
        ("in", Decimal("100.00")),
        ("out", Decimal("40.00")),
    ]


@pytest.mark.parametrize(("debit", "credit"), [("借方金额", "贷方金额"), ("借方发生额", "贷方发生额")])
def test_debit_and_credit_pairs_read_as_the_bank_means_them(debit, credit) -> None:
    rows = [
        ["交易日期", debit, credit, "余额"],
        ["2026-10-08", "", "100.00", "1100.00"],
        ["2026-10-09", "40.00", "", "1060.00"],
    ]
    [pf] = parse_file(csv_bytes(rows), "b.csv")
    assert [ln.direction for ln in pf.lines] == ["in", "out"]


def test_an_unknown_withdrawal_column_is_named_with_the_deposit_column_found() -> None:
    rows = [["交易日期", "摘要", "存入金额", "取走额", "余额"], ["2026-10-08", "货款", "100.00", "", "1100.00"]]
    with pytest.raises(ParseError) as refused:
        parse_file(csv_bytes(rows), "b.csv")
    assert refused.value.code == "missing_column"
    assert "存入金额" in refused.value.message and "取走额" in refused.value.message


def test_a_row_without_any_amount_names_every_amount_column_read() -> None:
    rows = [
        ["交易日期", "摘要", "存入金额", "取出金额", "余额"],
        ["2026-10-08", "货款", "100.00", "", "1100.00"],
        ["2026-10-09", "???", "", "", "1100.00"],
    ]
    [pf] = parse_file(csv_bytes(rows), "b.csv")
    [err] = pf.errors
    assert (err.row, err.code) == (3, "missing_value")
    assert "存入金额" in err.message and "取出金额" in err.message


def test_icbc_csv_padded_cells_quoted_thousands_and_booked_amounts() -> None:
    [pf] = _parse("icbc_2026-10.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.account_number, pf.currency, pf.newest_first) == ("6222****0123", "CNY", True)
    assert _lines(pf) == [
        (date(2026, 10, 20), "out", Decimal("3400.00")),
        (date(2026, 10, 15), "in", Decimal("1234.56")),
        (date(2026, 10, 9), "out", Decimal("234.56")),
        (date(2026, 10, 8), "in", Decimal("12000.00")),
    ]
    assert pf.lines[1].counterparty_name == "北京中科信达科技有限公司" and pf.lines[1].row == 9
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("2500.00"), Decimal("12100.00"))
    # its 人民币合计 line is the file's own control total, and it holds
    assert (pf.controls.in_total, pf.controls.out_total) == (Decimal("13234.56"), Decimal("3634.56"))


def test_commas_inside_quotes_do_not_make_a_comma_file_tab_separated() -> None:
    text = (
        "交易日期,摘要,发生额,余额,借贷标志\r\n"
        '2026-10-08\t,"货款\t","1,234.56\t","2,234.56\t",贷\t\r\n'
        '2026-10-09\t,"付款\t","1,000.00\t","1,234.56\t",借\t\r\n'
    )
    [pf] = parse_file(text.encode("utf-8"), "t.csv")
    assert pf.ok and [ln.amount for ln in pf.lines] == [Decimal("1234.56"), Decimal("1000.00")]


def test_bocom_csv_bilingual_flags() -> None:
    [pf] = _parse("bocom_2026-10.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert [ln.direction for ln in pf.lines] == ["in", "out", "out"]
    assert pf.account_number == "310066771018000012345"


def test_a_flag_whose_two_languages_disagree_is_refused() -> None:
    rows = [["交易时间", "发生额", "借贷标志"], ["2026-10-08", "10.00", "借 Cr"]]
    [pf] = parse_file(csv_bytes(rows), "b.csv")
    assert [(e.row, e.code, e.value) for e in pf.errors] == [(2, "bad_direction", "借 Cr")]


def test_mt940_with_two_accounts_that_are_not_ibans() -> None:
    files = _parse("mt940_triodos_two_accounts.sta")
    assert [(pf.account_number, pf.currency, len(pf.lines)) for pf in files] == [
        ("TRIODOSBANK/0666666666", "EUR", 2),
        ("TRIODOSBANK/0777777777", "EUR", 1),
    ]
    assert all(pf.ok for pf in files)


def test_mt940_blank_statement_number_is_read() -> None:
    [pf] = _parse("mt940_blank_statement_number.sta")
    assert pf.ok and _lines(pf) == [
        (date(2026, 10, 9), "in", Decimal("1500.00")),
        (date(2026, 10, 9), "out", Decimal("230.40")),
    ]


def test_an_unreadable_mt940_field_is_named_without_python_internals() -> None:
    broken = (FILES / "mt940_blank_statement_number.sta").read_text().replace(":28C: /1", ":28C:ABC/DEF")
    with pytest.raises(ParseError) as refused:
        parse_file(broken.encode(), "x.sta")
    assert ":28C:" in refused.value.message and "ABC/DEF" in refused.value.message
    assert "object at 0x" not in refused.value.message and "RuntimeError" not in refused.value.message
    assert ":61:" not in refused.value.message  # the field that failed, not the transaction field


def test_bai2_specification_sample_with_continuations() -> None:
    [pf] = _parse("bai2_spec_continuation.bai2")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.account_number, pf.opening_balance, pf.closing_balance) == (
        "0975312468",
        Decimal("5000.00"),
        Decimal("4600.00"),
    )
    assert [(ln.row, ln.direction, ln.amount) for ln in pf.lines] == [
        (5, "in", Decimal("100.00")),
        (6, "out", Decimal("300.00")),
        (8, "out", Decimal("200.00")),
    ]
    assert "PAYEE CONTOSO SUPPLY" in pf.lines[1].summary  # the detail's own continuation


def test_zipped_daily_camt053_is_one_statement_per_account_in_day_order() -> None:
    [pf] = _parse("camt053_daily_2026-10.zip")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.format, pf.account_number, pf.currency) == ("camt.053", "DE41500105170123456789", "EUR")
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("10000.00"), Decimal("10930.60"))
    assert _lines(pf) == [(date(2026, 10, 5), "in", Decimal("1250.00")), (date(2026, 10, 7), "out", Decimal("319.40"))]
    assert (pf.period_start, pf.period_end) == (date(2026, 10, 5), date(2026, 10, 7))


def test_a_zip_whose_days_do_not_join_is_refused_naming_the_document() -> None:
    src = zipfile.ZipFile(FILES / "camt053_daily_2026-10.zip")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name in src.namelist():
            data = src.read(name)
            if name.endswith("20261006.xml"):
                data = data.replace(b"11250.00", b"11250.01")
            zf.writestr(name, data)
    [pf] = parse_file(out.getvalue(), "camt.zip")
    assert not pf.ok and {e.code for e in pf.errors} == {"balance_mismatch"}


def test_a_zip_of_other_files_says_what_they_are_and_a_qif_is_read() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("statement.pdf", b"%PDF-1.4")
    with pytest.raises(ParseError) as archive:
        parse_file(out.getvalue(), "x.zip")
    assert archive.value.code == "unsupported_format" and "statement.pdf" in archive.value.message
    [qif] = _parse("statement_2026-10.qif")  # 10/05 and 10/12: month first, the order whose days lie together
    assert qif.ok and [(ln.booking_date, ln.direction, ln.amount) for ln in qif.lines] == [
        (date(2026, 10, 5), "in", Decimal("1250.00")),
        (date(2026, 10, 12), "out", Decimal("300.00")),
    ]


def test_mt940_booking_of_zero_is_named_not_dropped_silently() -> None:
    [pf] = _parse("mt940_zero_booking.sta")
    assert pf.ok and len(pf.lines) == 7
    assert pf.zero_rows == [11]  # the :61: line of the 0,00 booking


def test_a_currency_appended_to_the_account_is_the_statements_currency() -> None:
    [pf] = _parse("mt940_currency_suffix.sta")
    assert (pf.account_number, pf.currency) == ("NL08BUNQ2206789012", "EUR")
    assert split_currency_suffix("NL08BUNQ2206789012USD", "EUR") == ("NL08BUNQ2206789012USD", None)
    assert split_currency_suffix("UBRTHUHB/1234567890/HUF", "HUF") == ("UBRTHUHB/1234567890", "HUF")
    assert split_currency_suffix("ACCOUNTEUR", "EUR") == ("ACCOUNTEUR", None)  # letters before: part of it


def test_german_bank_code_and_account_number_normal_form() -> None:
    assert account_normal_form("12345678/1324357") == "12345678/0001324357"
    assert account_normal_form("51230800/0000007055") == "51230800/0000007055"
    assert account_normal_form("6222 0000 1111 2222") == "6222000011112222"
    assert account_normal_form("TRIODOSBANK/0666666666") == "TRIODOSBANK/0666666666"


def test_one_account_with_two_currencies_is_refused_naming_the_rows() -> None:
    [pf] = _parse("mixed_currency_2026-10.xlsx")
    assert [(e.row, e.column, e.value, e.code) for e in pf.errors] == [
        (5, "币种", "USD", "mixed_currency"),
        (7, "币种", "USD", "mixed_currency"),
    ]


def test_credit_card_charges_are_money_out() -> None:
    [pf] = _parse("gongwuka_2026-10.xlsx")
    assert pf.ok and pf.credit_card
    assert _lines(pf) == [
        (date(2026, 10, 8), "out", Decimal("2800.00")),
        (date(2026, 10, 12), "out", Decimal("1080.00")),
        (date(2026, 10, 20), "in", Decimal("500.00")),
    ]
    assert pf.account_number == "6259650012345678" and (pf.period_start, pf.period_end) == (
        date(2026, 10, 1),
        date(2026, 10, 31),
    )


def test_a_card_statements_owed_balance_becomes_the_accounts_balance() -> None:
    rows = [
        ["信用卡对账单"],
        ["卡号:", "6259650012345678"],
        ["交易日期", "交易摘要", "交易金额", "余额"],
        ["2026-10-08", "消费", "100.00", "100.00"],
        ["2026-10-09", "消费", "50.00", "150.00"],
        ["2026-10-20", "还款", "-150.00", "0.00"],
    ]
    [pf] = parse_file(xlsx_bytes(rows), "card.xlsx")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.direction, ln.balance) for ln in pf.lines] == [
        ("out", Decimal("-100.00")),
        ("out", Decimal("-150.00")),
        ("in", Decimal("0.00")),
    ]


def test_the_same_layout_without_card_words_is_an_account_statement() -> None:
    rows = [
        ["账户明细"],
        ["账号:", "11001234560001"],
        ["交易日期", "交易摘要", "交易金额"],
        ["2026-10-08", "货款", "100.00"],
        ["2026-10-09", "付款", "-50.00"],
    ]
    [pf] = parse_file(xlsx_bytes(rows), "a.xlsx")
    assert not pf.credit_card and [ln.direction for ln in pf.lines] == ["in", "out"]


@pytest.mark.parametrize(
    ("name", "account", "balance", "start", "end"),
    [
        ("mt940_german_quiet_month.sta", "12345678/0001324357", "15000.00", date(2026, 9, 30), date(2026, 10, 31)),
        ("camt053_quiet_month.xml", "DE41500105170123456789", "42118.30", date(2026, 10, 1), date(2026, 10, 31)),
        ("ofx_quiet_month.ofx", "4120098877", "25310.75", date(2026, 10, 1), date(2026, 10, 31)),
    ],
)
def test_a_quiet_months_statement_is_its_balances(name, account, balance, start, end) -> None:
    [pf] = _parse(name)
    assert pf.ok and pf.lines == []
    assert (pf.account_number, pf.opening_balance, pf.closing_balance) == (account, Decimal(balance), Decimal(balance))
    assert (pf.period_start, pf.period_end) == (start, end)


def test_a_quiet_statement_whose_balances_differ_is_refused() -> None:
    text = (
        (FILES / "mt940_german_quiet_month.sta")
        .read_text()
        .replace(":62F:C261031EUR15000,00", ":62F:C261031EUR15100,00")
    )
    [pf] = parse_file(text.encode(), "q.sta")
    assert [e.code for e in pf.errors] == ["control_total_mismatch"]


def test_balances_without_a_closing_one_are_still_nothing_to_import() -> None:
    text = ":20:X\n:25:12345678/1324357\n:28C:1/1\n:60F:C260930EUR15000,00\n-\n"
    with pytest.raises(ParseError) as refused:
        parse_file(text.encode(), "q.sta")
    assert refused.value.code == "no_transactions" and "12345678/0001324357" in refused.value.message


# Python internals a person must never see: object reprs, exception class names, tracebacks, tuples of arguments.
_INTERNALS = re.compile(
    r"object at 0x|<[\w.]+ object|Traceback|\b\w+(?:Error|Exception)\b|\('|\)\)|NoneType|"
    r"index out of range|argument must be|has no attribute|<class "
)


def _broken_inputs():
    """Each real-shape file cut short at several points and with a field garbled, plus the issue's own cases."""
    for path in sorted(FILES.iterdir()):
        if path.suffix in (".py", ".md"):
            continue
        data = path.read_bytes()
        for cut in (len(data) // 3, len(data) // 2, len(data) - 7):
            yield f"{path.name}[:{cut}]", path.name, data[:cut]
        if path.suffix in (".sta", ".bai2", ".ofx", ".xml", ".qif"):
            yield f"{path.name} garbled", path.name, re.sub(rb"\d{3}", b"x?z", data, count=3)
    yield "mt940 bad 28C", "x.sta", b":20:X\n:25:12345678/1\n:28C:ABC\n:60F:C261008EUR1,00\n:62F:C261008EUR1,00\n-\n"
    yield (
        "mt940 bad 61",
        "x.sta",
        b":20:X\n:25:NL08BUNQ2206789012\n:60F:C261008EUR1,00\n:61:ZZZ\n:62F:C261008EUR1,00\n-",
    )
    yield (
        "bai2 bad type",
        "x.bai2",
        b"01,A,B,261101,0200,1,80,,2/\n02,B,A,1,261031,2359,USD,2/\n03,1,USD,999,5,,/\n49,5,2/\n98,5,1,4/\n99,5,1,6/\n",
    )


@pytest.mark.parametrize(
    ("case", "name", "data"), list(_broken_inputs()), ids=lambda v: v if isinstance(v, str) else ""
)
def test_no_message_shows_python_internals(case, name, data, settings) -> None:
    from django.utils import translation

    for language in ("zh-hans", "en"):
        with translation.override(language):
            try:
                files = parse_file(data, name)
            except ParseError as exc:
                messages = [exc.message]
            else:
                messages = [e.message for pf in files for e in pf.errors] + [
                    str(w) for pf in files for w in pf.warnings
                ]
            for message in messages:
                assert message.strip() and not _INTERNALS.search(message), (case, message)


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


def test_a_camt_zip_bomb_is_refused_before_reading() -> None:
    from reconcile.parsers import ParseOptions

    bomb = _zip({"day1.xml": (FILES / "camt053_quiet_month.xml").read_bytes() + b" " * 3_000_000})
    with pytest.raises(ParseError) as refused:
        parse_file(bomb, "camt.zip", options=ParseOptions(max_uncompressed_bytes=1_000_000))
    assert refused.value.code == "zip_bomb"


def test_an_archive_inside_the_archive_is_not_opened() -> None:
    inner = (FILES / "camt053_daily_2026-10.zip").read_bytes()
    with pytest.raises(ParseError) as refused:
        parse_file(
            _zip({"inner.zip": inner, "2026-10-31.xml": (FILES / "camt053_quiet_month.xml").read_bytes()}), "outer.zip"
        )
    assert refused.value.code == "unsupported_format" and "inner.zip" in refused.value.message


def test_an_archive_mixing_statements_and_notifications_is_refused() -> None:
    statement = (FILES / "camt053_quiet_month.xml").read_bytes()
    notification = (
        statement.replace(b"camt.053.001.02", b"camt.054.001.02")
        .replace(b"BkToCstmrStmt", b"BkToCstmrDbtCdtNtfctn")
        .replace(b"Stmt>", b"Ntfctn>")
    )
    with pytest.raises(ParseError) as refused:
        parse_file(_zip({"a.xml": statement, "b.xml": notification}), "mixed.zip")
    assert refused.value.code == "unsupported_format" and "camt.054" in refused.value.message


def test_a_camt_zip_of_two_accounts_is_two_statements() -> None:
    quiet = (FILES / "camt053_quiet_month.xml").read_bytes()
    other = quiet.replace(b"DE41500105170123456789", b"NL44TRIO0666666666")
    files = parse_file(_zip({"de.xml": quiet, "nl.xml": other}), "two.zip")
    assert sorted(pf.account_number for pf in files) == ["DE41500105170123456789", "NL44TRIO0666666666"]


def test_a_journal_of_the_card_account_is_not_turned_round() -> None:
    """The company's own journal of its card account (其他应付款-公务卡) keeps its signs: only the bank's card statement
    writes charges as positive amounts."""
    rows = [
        ["公务卡 明细账 2026年度"],
        ["日期", "凭证字号", "摘要", "金额"],
        ["2026-10-08", "记-1", "差旅费", "-2800.00"],
        ["2026-10-20", "记-2", "还款", "500.00"],
    ]
    [pf] = parse_file(xlsx_bytes(rows), "j.xlsx", kind="journal")
    assert not pf.credit_card and [ln.direction for ln in pf.lines] == ["out", "in"]


def test_icbc_one_booked_amount_column_beside_a_dash_transaction_amount() -> None:
    """工商银行's one-column form: 交易金额 holds "-", the signed booked amount is in 记账金额."""
    [pf] = _parse("icbc_booked_2026-11.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.account_number, pf.currency) == ("6222****7788", "CNY")
    assert _lines(pf) == [
        (date(2026, 11, 20), "out", Decimal("3400.00")),
        (date(2026, 11, 15), "in", Decimal("1234.56")),
        (date(2026, 11, 3), "in", Decimal("14265.44")),
    ]
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("0.00"), Decimal("12100.00"))


def test_a_direction_column_beside_the_booked_amount() -> None:
    rows = [
        ["账户明细"],
        ["账号: 6212261202000012345"],
        ["交易日期", "摘要", "收入/支出", "记账金额", "余额", "对方户名"],
        ["2026-11-02", "汇入", "收入", "1,000.00", "11,000.00", "甲"],
        ["2026-11-03", "汇出", "支出", "500.00", "10,500.00", "乙"],
    ]
    [pf] = parse_file(csv_bytes(rows), "c.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.direction, ln.amount) for ln in pf.lines] == [("in", Decimal("1000.00")), ("out", Decimal("500.00"))]


@pytest.mark.parametrize(("debit", "credit"), [("借记金额", "贷记金额"), ("借方发生金额", "贷方发生金额")])
def test_more_debit_and_credit_names_in_an_xls_with_title_rows(debit, credit) -> None:
    rows = [
        ["账户交易明细"],
        ["账号", "95200078801600001111", "", "账户名称", "示例制造有限公司"],
        ["交易日期", "交易时间", "凭证号", debit, credit, "余额", "对方账号", "对方户名", "摘要"],
        ["20261103", "091011", "", "", "12,000.00", "112,000.00", "6222000011112222", "甲公司", "货款"],
        ["20261105", "100000", "", "3,500.50", "", "108,499.50", "6222000033334444", "乙公司", "付材料款"],
    ]
    [pf] = parse_file(xls_bytes(rows), "mx.xls")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.direction, ln.amount) for ln in pf.lines] == [("in", Decimal("12000.00")), ("out", Decimal("3500.50"))]
    assert pf.opening_balance == Decimal("100000.00")


def test_a_header_whose_amount_columns_are_unknown_names_the_row_and_the_columns() -> None:
    """Not "no header row": the header is there with its date, only its money columns are named otherwise."""
    rows = [
        ["账户交易明细"],
        ["账号", "95200078801600001111"],
        ["交易日期", "摘要", "流入额", "流出额", "余额"],
        ["2026-11-03", "货款", "12,000.00", "", "112,000.00"],
    ]
    with pytest.raises(ParseError) as refused:
        parse_file(xls_bytes(rows), "u.xls")
    assert refused.value.code == "missing_column"
    message = refused.value.message
    assert "3" in message and "交易日期" in message and "流入额" in message and "流出额" in message
    assert "no header row" not in message


def test_a_card_charge_abroad_is_read_in_the_settled_currency() -> None:
    """公务卡 used abroad: 交易金额 in the currency spent, 结算金额 what the card account is charged."""
    rows = [
        ["公务卡对账单"],
        ["交易日", "记账日", "交易描述", "交易币种", "交易金额", "结算币种", "结算金额"],
        ["2026-11-03", "2026-11-04", "HOTEL FRANKFURT", "EUR", "120.00", "CNY", "936.00"],
        ["2026-11-10", "2026-11-10", "还款", "CNY", "-936.00", "CNY", "-936.00"],
    ]
    [pf] = parse_file(xlsx_bytes(rows), "card.xlsx")
    assert pf.ok, [e.message for e in pf.errors]
    assert pf.currency == "CNY"
    assert [(ln.direction, ln.amount) for ln in pf.lines] == [("out", Decimal("936.00")), ("in", Decimal("936.00"))]


def test_a_bic_before_an_iban_is_the_iban() -> None:
    [pf] = _parse("mt940_bic_slash_iban.sta")
    assert pf.ok and pf.account_number == "NL10BUNQ2290325473"
    assert account_normal_form("BUNQNL2A/NL10BUNQ2290325473") == "NL10BUNQ2290325473"
    assert account_normal_form("TRIODOSBANK/0666666666") == "TRIODOSBANK/0666666666"
    assert account_normal_form("DEUTDEFF/NL10BUNQ2290325474") == "DEUTDEFF/NL10BUNQ2290325474"  # not an IBAN


def test_amounts_marked_in_two_currencies_without_a_currency_column_are_refused() -> None:
    """No 币种 column, but the amounts say their currency: a USD line among CNY lines is not CNY money."""
    rows = [
        ["账户明细"],
        ["账号", "6217000010001234567"],
        ["交易日期", "摘要", "交易金额", "余额"],
        ["2026-11-02", "货款", "¥1,000.00", "11,000.00"],
        ["2026-11-03", "外汇汇入", "USD 200.00", "11,200.00"],
        ["2026-11-04", "付款", "-¥300.00", "10,900.00"],
    ]
    [pf] = parse_file(xlsx_bytes(rows), "m.xlsx")
    assert [(e.row, e.code, e.value) for e in pf.errors] == [(5, "mixed_currency", "USD")]
    assert pf.currency == "CNY"


def test_an_amount_marked_in_another_currency_than_its_currency_column_is_refused() -> None:
    rows = [
        ["交易日期", "摘要", "交易金额", "币种"],
        ["2026-11-02", "货款", "1,000.00", "人民币"],
        ["2026-11-03", "外汇汇入", "USD 200.00", "人民币"],
    ]
    [pf] = parse_file(xlsx_bytes(rows), "m.xlsx")
    [err] = pf.errors
    assert (err.row, err.code, err.column) == (3, "mixed_currency", "交易金额")
    assert "USD" in err.message and "CNY" in err.message


def test_amounts_marked_in_the_statements_own_currency_are_read() -> None:
    rows = [
        ["交易日期", "摘要", "收入金额", "支出金额"],
        ["2026-11-02", "货款", "¥1,000.00", ""],
        ["2026-11-03", "付款", "", "RMB 200.00"],
        ["2026-11-04", "付款", "", "50.00元"],
    ]
    [pf] = parse_file(xlsx_bytes(rows), "m.xlsx")
    assert (
        pf.ok
        and pf.currency == "CNY"
        and [ln.amount for ln in pf.lines]
        == [
            Decimal("1000.00"),
            Decimal("200.00"),
            Decimal("50.00"),
        ]
    )


def test_a_web_page_saved_as_xls_is_read_as_its_table() -> None:
    """Online banking's "Excel" download that is an HTML table (GB2312): read like the workbook Excel shows."""
    [pf] = _parse("spdb_web_2026-11.xls")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.format, pf.account_number, pf.account_name) == ("html", "95200078801600004444", "宁波示例贸易有限公司")
    assert _lines(pf) == [
        (date(2026, 11, 3), "in", Decimal("12000.00")),
        (date(2026, 11, 5), "out", Decimal("3500.50")),
        (date(2026, 11, 30), "in", Decimal("18.20")),
    ]
    assert [ln.row for ln in pf.lines] == [4, 5, 6]  # the rows Excel shows the page in
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("100000.00"), Decimal("108517.70"))


def test_a_web_page_without_a_table_is_refused_saying_what_it_is() -> None:
    with pytest.raises(ParseError) as refused:
        parse_file(b"<html><body><p>session expired</p></body></html>", "statement.xls")
    assert refused.value.code == "unsupported_format" and "HTML" in refused.value.message


def test_a_bad_cell_in_a_web_page_table_names_its_row_and_column() -> None:
    page = (
        "<table><tr><td>交易日期</td><td>摘要</td><td>收入金额</td><td>支出金额</td></tr>"
        "<tr><td>2026-11-03</td><td>货款</td><td>1,000.00</td><td></td></tr>"
        "<tr><td>2026-11-04</td><td>付款</td><td></td><td>12.3.4</td></tr></table>"
    ).encode()
    [pf] = parse_file(page, "s.xls")
    [err] = pf.errors
    assert (err.row, err.column, err.value) == (3, "支出金额", "12.3.4")


@pytest.mark.parametrize("header", ["收/支", "收支方向", "收付标志", "资金方向"])
def test_a_card_statement_with_a_direction_column_follows_the_column(header) -> None:
    """A direction column under another name was ignored: the card rule then made a repayment a charge."""
    rows = [
        ["公务卡交易明细"],
        ["交易日期", "交易描述", "交易金额", header],
        ["2026-11-03", "差旅", "680.00", "支出"],
        ["2026-11-10", "还款", "680.00", "存入"],
        ["2026-11-12", "退款", "20.00", "收入"],
    ]
    [pf] = parse_file(xlsx_bytes(rows), "card.xlsx")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.direction, ln.amount) for ln in pf.lines] == [
        ("out", Decimal("680.00")),
        ("in", Decimal("680.00")),
        ("in", Decimal("20.00")),
    ]


def test_an_unnamed_direction_column_beside_unsigned_amounts_gives_the_direction() -> None:
    """A column holding only 收入/支出 under a name no synonym knows (收支类别): every positive amount was money in."""
    rows = [
        ["交易日期", "交易说明", "交易金额", "收支类别"],
        ["2026-11-03", "货款", "1,000.00", "收入"],
        ["2026-11-04", "付款", "300.00", "支出"],
        ["2026-11-05", "手续费", "5.00", "支出"],
    ]
    [pf] = parse_file(xlsx_bytes(rows), "x.xlsx")
    assert pf.ok, [e.message for e in pf.errors]
    assert [ln.direction for ln in pf.lines] == ["in", "out", "out"]


def test_a_summary_of_transfer_words_beside_signed_amounts_is_not_a_direction() -> None:
    rows = [
        ["交易日期", "摘要", "交易金额", "用途"],
        ["2026-11-03", "转入", "1,000.00", "货款"],
        ["2026-11-04", "转出", "-300.00", "付款"],
    ]
    [pf] = parse_file(xlsx_bytes(rows), "x.xlsx")
    assert pf.ok and [ln.direction for ln in pf.lines] == ["in", "out"]


@pytest.mark.parametrize("field", [":28C:/", ":28C:00001/", ":28C: 7 / ", ":28C:"])
def test_a_statement_number_with_blank_parts_is_read(field) -> None:
    text = (FILES / "mt940_blank_statement_number.sta").read_text().replace(":28C: /1", field)
    [pf] = parse_file(text.encode(), "x.sta")
    assert pf.ok and len(pf.lines) == 2


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("49,1090000,7/", "49,1090000,9/", ["49", "9", "7"]),  # the account trailer counts records
        ("49,1090000,7/", "49,1090001,7/", ["49", "1090001", "1090000"]),  # the account control total
        ("98,1090000,1,9/", "98,1090000,2,9/", ["98", "2", "1"]),  # the group trailer counts accounts
        ("99,1090000,1,11/", "99,1090000,1,12/", ["99", "12", "11"]),  # the file trailer counts records
    ],
)
def test_a_bai2_trailer_that_does_not_match_says_which_in_the_readers_words(old, new, words, settings) -> None:
    """The BAI2 library's words quoted a Python class name (`for Bai2File.`) and stayed English in Chinese."""
    text = (FILES / "bai2_spec_continuation.bai2").read_text().replace(old, new)
    with pytest.raises(ParseError) as refused:
        parse_file(text.encode(), "x.bai2")
    message = refused.value.message
    assert refused.value.code == "integrity"
    assert all(w in message for w in words), message
    assert not re.search(r"Invalid|Account\.|Group\.|Bai2File|expected", message), message


_OFX_BAD = """OFXHEADER:100
DATA:OFXSGML
VERSION:102
SECURITY:NONE
ENCODING:USASCII
CHARSET:1252
COMPRESSION:NONE
OLDFILEUID:NONE
NEWFILEUID:NONE

<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>
<STMTRS><CURDEF>USD<BANKACCTFROM><BANKID>121000248<ACCTID>4455667788<ACCTTYPE>CHECKING</BANKACCTFROM>
<BANKTRANLIST><DTSTART>20261101<DTEND>20261130
<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20261105<TRNAMT>-45.10<NAME>NO ID</STMTTRN>
<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20261106<TRNAMT>$120<FITID>B2<NAME>DOLLAR SIGN</STMTTRN>
<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>2026-11-07<TRNAMT>-1.00<FITID>B3<NAME>BAD DATE</STMTTRN>
</BANKTRANLIST><LEDGERBAL><BALAMT>100.00<DTASOF>20261130</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>
"""


def test_rejected_ofx_transactions_name_the_field_in_the_readers_words() -> None:
    """ofxparse's English (`Missing FIT id (a required field`, `Invalid Transaction Amount: '$120`) is not shown."""
    [pf] = parse_file(_OFX_BAD.encode(), "x.ofx")
    found = [(e.row, e.column, e.value) for e in pf.errors]
    assert found == [(1, "FITID", None), (2, "TRNAMT", "$120"), (3, "DTPOSTED", "2026-11-07")], found
    for e in pf.errors:
        assert not re.search(r"Invalid|Missing|required field|FIT id", e.message), e.message


@pytest.mark.parametrize("name", ["spdb_2026-10.xls", "mt940_bic_slash_iban.sta", "icbc_booked_2026-11.csv"])
def test_a_zip_holding_one_statement_file_reads_that_file(name) -> None:
    """Banks and mail gateways zip a single statement (对账单.zip): read as the file it holds."""
    inside = parse_file((FILES / name).read_bytes(), name)
    files = parse_file(_zip({f"对账单/{name}": (FILES / name).read_bytes()}), "对账单.zip")
    assert [(pf.format, pf.account_number, _lines(pf)) for pf in files] == [
        (pf.format, pf.account_number, _lines(pf)) for pf in inside
    ]


def test_a_zip_of_several_statement_files_that_are_not_camt_says_to_upload_them_one_by_one() -> None:
    sta = (FILES / "mt940_bic_slash_iban.sta").read_bytes()
    with pytest.raises(ParseError) as refused:
        parse_file(_zip({"a.sta": sta, "b.sta": sta}), "x.zip")
    assert refused.value.code == "unsupported_format" and "a.sta" in refused.value.message


def test_a_zip_holding_one_zip_is_not_opened() -> None:
    inner = (FILES / "camt053_daily_2026-10.zip").read_bytes()
    with pytest.raises(ParseError) as refused:
        parse_file(_zip({"inner.zip": inner}), "outer.zip")
    assert refused.value.code == "unsupported_format" and "inner.zip" in refused.value.message


def test_a_zip_of_one_mt940_is_no_journal() -> None:
    sta = (FILES / "mt940_bic_slash_iban.sta").read_bytes()
    with pytest.raises(ParseError) as refused:
        parse_file(_zip({"a.sta": sta}), "x.zip", kind="journal")
    assert refused.value.code == "unsupported_format" and "mt940" in refused.value.message
    with pytest.raises(ParseError) as camt:
        parse_file((FILES / "camt053_daily_2026-10.zip").read_bytes(), "c.zip", kind="journal")
    assert camt.value.code == "unsupported_format"


def test_an_empty_zip_says_it_holds_no_file() -> None:
    with pytest.raises(ParseError) as refused:
        parse_file(_zip({}), "statements.zip")
    assert refused.value.code == "empty_file" and refused.value.reason.key == "zip.empty"


def _quiet_export(opening: str, closing: str, period: bool = True) -> bytes:
    rows = [
        ["账户明细"],
        ["账号", "6217000010001234567", "户名", "宁波示例贸易有限公司"],
        ["起止日期", "2026-11-01至2026-11-30" if period else ""],
        ["期初余额", opening, "期末余额", closing],
        ["交易日期", "摘要", "收入金额", "支出金额", "余额"],
    ]
    return xlsx_bytes(rows)


def test_a_chinese_export_of_a_quiet_month_is_its_balances() -> None:
    """Item 5 for the banks' own exports: the header, no rows, the period and both balances in the title."""
    [pf] = parse_file(_quiet_export("10,000.00", "10,000.00"), "q.xlsx")
    assert pf.ok and not pf.lines
    assert (pf.account_number, pf.period_start, pf.period_end) == (
        "6217000010001234567",
        date(2026, 11, 1),
        date(2026, 11, 30),
    )
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("10000.00"), Decimal("10000.00"))


def test_a_quiet_export_whose_balances_differ_is_refused() -> None:
    [pf] = parse_file(_quiet_export("10,000.00", "9,000.00"), "q.xlsx")
    assert not pf.ok and {e.code for e in pf.errors} == {"control_total_mismatch"}


def test_an_export_without_rows_or_a_period_is_still_nothing_to_import() -> None:
    with pytest.raises(ParseError) as refused:
        parse_file(_quiet_export("10,000.00", "10,000.00", period=False), "q.xlsx")
    assert refused.value.code == "no_transactions"


def test_currency_section_rows_give_their_lines_the_currency() -> None:
    """A 钞汇 account's export lists each currency under a 币种：美元 row: the USD lines were read as CNY."""
    rows = [
        ["账号", "6217000010001234567"],
        ["交易日期", "摘要", "收入金额", "支出金额"],
        ["币种：人民币"],
        ["2026-11-02", "货款", "1000.00", ""],
        ["币种：美元"],
        ["2026-11-03", "汇入", "200.00", ""],
    ]
    [pf] = parse_file(xlsx_bytes(rows), "s.xlsx")
    assert [(e.row, e.code, e.value) for e in pf.errors] == [(6, "mixed_currency", "USD")]


def test_statements_on_two_sheets_are_refused_naming_the_sheets() -> None:
    """Only the first sheet was read: the other currency's (or account's) statement was dropped without a word."""
    import openpyxl

    wb = openpyxl.Workbook()
    cny = wb.active
    cny.title = "人民币"
    usd = wb.create_sheet("美元")
    for ws, currency, amount in ((cny, "人民币", "1000.00"), (usd, "美元", "200.00")):
        for row in (
            ["账号", "6217000010001234567"],
            ["币种", currency],
            ["交易日期", "摘要", "收入金额", "支出金额"],
            ["2026-11-02", "货款", amount, ""],
        ):
            ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(ParseError) as refused:
        parse_file(buf.getvalue(), "two.xlsx")
    assert refused.value.code == "unsupported_format"
    assert "人民币" in refused.value.message and "美元" in refused.value.message


def test_a_cover_sheet_beside_the_statement_is_not_a_second_statement() -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    cover = wb.active
    cover.title = "说明"
    cover.append(["本文件由网上银行导出"])
    detail = wb.create_sheet("明细")
    for row in (["交易日期", "摘要", "收入金额", "支出金额"], ["2026-11-02", "货款", "1000.00", ""]):
        detail.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    [pf] = parse_file(buf.getvalue(), "one.xlsx")
    assert pf.ok and len(pf.lines) == 1
