"""Messages of the statements services in Chinese by default (the product's language) and in English on request."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.errors import ServiceError
from core.tabular import RowsRefused, read_table
from statements.calendar import WorkdayCalendar, YearNotLoaded
from statements.periods import PeriodError, parse_period
from statements.services.balances import balances_import
from statements.services.onboarding import agreements_import
from statements.services.receipts import receipt_pdf
from tests.factories import credit_code

AGREEMENTS = (
    "customer_name,credit_code,account_number,currency,branch,cycle,channel,contact_name,mobile,address,status\n"
)


def _agreement_row(n: int, **over) -> str:
    values = {
        "customer_name": f"测试{n}有限公司",
        "credit_code": credit_code(n),
        "account_number": f"6222000000{n:06d}",
        "currency": "CNY",
        "branch": "上海分行",
        "cycle": "monthly",
        "channel": "online_banking",
        "contact_name": "王丽",
        "mobile": "13812345678",
        "address": "上海市",
        "status": "active",
    } | over
    return ",".join(values[k] for k in AGREEMENTS.strip().split(",")) + "\n"


def test_period_errors_are_chinese_by_default():
    with pytest.raises(PeriodError) as info:
        parse_period("garbage")
    assert str(info.value) == "“garbage”不是有效的对账期间：按月请填写 2026-09，按季请填写 2026-Q3。"
    with pytest.raises(PeriodError) as info:
        parse_period("2026-13")
    assert str(info.value) == "“2026-13”：月份须在 01 至 12 之间。"


def test_period_errors_in_english(english):
    with pytest.raises(PeriodError) as info:
        parse_period("garbage")
    assert str(info.value) == "'garbage' is not a period; write 2026-09 for a month or 2026-Q3 for a quarter."
    with pytest.raises(PeriodError, match="'2026-13': the month must be 01 to 12."):
        parse_period("2026-13")


def test_unloaded_year_tells_the_officer_what_to_do():
    """The officer is sent to the page that loads it (issue 22 item 9), and only to it: the message is read in
    browsers, where a shell command is no help (`manage.py doctor` names the command)."""
    from django.utils import translation

    with translation.override("en"), pytest.raises(YearNotLoaded) as info:
        WorkdayCalendar().is_workday(dt.date(2099, 1, 5))
    message = str(info.value)
    assert (
        "calendar for 2099 is not loaded" in message and "Operations › Working-day calendar (/ops/workdays/)" in message
    )
    assert "manage.py" not in message and "`" not in message
    assert "No official" not in message


def test_unloaded_year_in_chinese_names_no_shell_command():
    """One language at a time (issue 22 item 6), and what the Chinese pages show names the page, not a shell command."""
    import re

    from django.utils import translation

    with translation.override("zh-hans"), pytest.raises(YearNotLoaded) as info:
        WorkdayCalendar().is_workday(dt.date(2099, 1, 5))
    banner = WorkdayCalendar().missing_year_warning(dt.date(2099, 12, 1))
    for text in (str(info.value), banner or ""):
        assert "/ops/workdays/" in text and not re.search(r"manage\.py|`", text), text
        assert not re.search(r"[A-Za-z]{3,}", text.replace("/ops/workdays/", "")), text


def test_onboarding_unknown_account_is_chinese_and_names_the_upload(db):
    data = b"account_number,currency,as_of,balance\n9999999999,CNY,2026-09-30,1\n"
    with pytest.raises(RowsRefused) as info:
        balances_import(actor=None, data=data, filename="b.csv", today=dt.date(2026, 10, 9))
    message = info.value.message
    assert message.startswith("共 1 处问题，未导入任何数据。请修改后重新上传文件：\n")
    assert "第 2 行“账号”列（“9999999999”）：系统中没有该账户，请先上传包含该账户的对账协议文件" in message
    assert "import_agreements" not in message


def test_onboarding_unknown_account_in_english(db, english):
    data = b"account_number,currency,as_of,balance\n9999999999,CNY,2026-09-30,1\n"
    with pytest.raises(RowsRefused) as info:
        balances_import(actor=None, data=data, filename="b.csv", today=dt.date(2026, 10, 9))
    assert info.value.message == (
        "1 problem; nothing was imported. Fix it and upload the file again:\n"
        "row 2, column account_number ('9999999999'): unknown account; upload the "
        "agreements file with this account first"
    )


def test_balance_rows_name_the_column_in_chinese(account_a):
    data = (
        f"账号,币种,余额日期,余额\n{account_a.number},CNY,2026-12-31,1\n{account_a.number},CNY,,1\n"
        f"{account_a.number},CNY,2026-09-30,\n"
    ).encode()
    with pytest.raises(RowsRefused) as info:
        balances_import(actor=None, data=data, filename="b.csv", today=dt.date(2026, 10, 9))
    message = info.value.message
    assert "共 3 处问题" in message
    assert "第 2 行“余额日期”列（“2026-12-31”）：日期晚于今天，请填写今天或之前的日期" in message
    assert "第 3 行“余额日期”列：日期不能为空（格式为 YYYY-MM-DD）" in message
    assert "第 4 行“余额”列：余额不能为空" in message


def test_a_bad_date_and_a_bad_balance_are_each_named_with_column_and_value(account_a):
    # The tabular imports' shape (README, "How to add a tabular file import"): a cell's problem names its row, its
    # column and what it held; a bad date hid the bad balance of the same row, and named neither column nor value.
    data = f"账号,币种,余额日期,余额\n{account_a.number},CNY,2026-09-31,abc\n".encode()
    with pytest.raises(RowsRefused) as info:
        balances_import(actor=None, data=data, filename="b.csv", today=dt.date(2026, 10, 9))
    message = info.value.message
    assert "共 2 处问题" in message
    assert "第 2 行“余额日期”列（“2026-09-31”）：" in message
    assert "第 2 行“余额”列（“abc”）：" in message


def test_agreement_rows_are_chinese(db):
    data = (AGREEMENTS + _agreement_row(1, status="frozen", cycle="weekly") + _agreement_row(1)).encode()
    with pytest.raises(RowsRefused) as info:
        agreements_import(actor=None, data=data, filename="a.csv")
    message = info.value.message
    assert "第 2 行“账户状态”列（“frozen”）：无法识别的账户状态，请填写“正常”“不动户”或“销户”" in message
    assert "第 2 行“对账周期”列（“weekly”）：无法识别的对账周期" in message
    assert "unknown" not in message


def test_onboarding_summary_is_chinese(db):
    result = agreements_import(actor=None, data=(AGREEMENTS + _agreement_row(1)).encode(), filename="a.csv")
    assert result.summary() == "共 1 行：新建账户 1 个，新建对账协议 1 份，新建客户 1 户"
    unchanged = agreements_import(actor=None, data=(AGREEMENTS + _agreement_row(1)).encode(), filename="a.csv")
    assert unchanged.summary() == "共 1 行：无需变更"


def test_onboarding_summary_in_english(db, english):
    result = agreements_import(
        actor=None, data=(AGREEMENTS + _agreement_row(1) + _agreement_row(2)).encode(), filename="a.csv"
    )
    assert result.summary() == "2 rows: 2 accounts created, 2 agreements created, 2 customers created"


def test_missing_header_column_is_chinese():
    with pytest.raises(ServiceError) as info:
        read_table(
            b"account_number,balance\n1,2\n",
            "b.csv",
            {"account_number": ("账号",), "as_of": ("余额日期",), "balance": ("余额",)},
            ("account_number", "as_of", "balance"),
        )
    assert info.value.message.startswith("b.csv：表头缺少以下列：as_of/余额日期。")


def test_no_receipt_before_an_answer_is_chinese(published):
    statement = next(iter(published.values()))
    with pytest.raises(ServiceError) as info:
        receipt_pdf(statement)
    assert info.value.message == "该对账单尚未回复，暂无回执。"


def test_onboarding_page_shows_the_row_problem_in_chinese(client, ops, settings):
    settings.BANK_STAFF_REQUIRE_2FA = False
    client.force_login(ops)
    upload = SimpleUploadedFile(
        "b.csv", b"account_number,currency,as_of,balance\n9999999999,CNY,2026-09-30,1\n", content_type="text/csv"
    )
    response = client.post(reverse("portal:ops-onboarding"), {"which": "balances", "balances-file": upload})
    body = response.content.decode()
    assert response.status_code == 200
    assert "系统中没有该账户，请先上传包含该账户的对账协议文件" in body
