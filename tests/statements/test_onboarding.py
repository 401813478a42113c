from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from openpyxl import Workbook

from core.tabular import RowsRefused
from reconcile.models import AccountStatus, BankAccount, Customer
from statements.models import Agreement, PeriodBalance
from statements.services.onboarding import agreements_import
from tests.factories import credit_code

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
HEADER = "customer_name,credit_code,account_number,currency,branch,cycle,channel,contact_name,mobile,address,status\n"


def row(n: int, **over) -> str:
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
    return ",".join(values[k] for k in HEADER.strip().split(",")) + "\n"


def test_import_is_idempotent_and_updates(tmp_path):
    data = (HEADER + row(1) + row(2, cycle="按季", channel="纸质")).encode()
    first = agreements_import(actor=None, data=data, filename="a.csv", today=dt.date(2026, 11, 1))
    assert first.counts == {"customers created": 2, "accounts created": 2, "agreements created": 2}
    assert agreements_import(actor=None, data=data, filename="a.csv", today=dt.date(2026, 11, 2)).counts == {}
    changed = (HEADER + row(1, mobile="13900001111") + row(2, status="不动户", cycle="按季", channel="纸质")).encode()
    result = agreements_import(actor=None, data=changed, filename="a.csv", today=dt.date(2026, 11, 3))
    assert result.counts == {"agreements changed": 1, "accounts dormant": 1, "agreements ended": 1}
    first_account = BankAccount.objects.get(number="6222000000000001")
    versions = list(Agreement.objects.filter(account=first_account).order_by("valid_from"))
    assert [(a.mobile, a.valid_to) for a in versions] == [
        ("+8613812345678", dt.date(2026, 11, 2)),
        ("+8613900001111", None),
    ]
    assert BankAccount.objects.get(number="6222000000000002").status == AccountStatus.DORMANT
    assert Customer.objects.count() == 2


def test_every_bad_row_is_named_and_nothing_is_stored():
    data = (
        HEADER
        + row(1)
        + row(2, credit_code="91310115MA1H7QK8XA", mobile="12345")
        + row(3, cycle="weekly", channel="fax")
        + row(4, account_number="6222000000000001")
    ).encode()
    with pytest.raises(RowsRefused) as info:
        agreements_import(actor=None, data=data, filename="a.csv")
    message = info.value.message
    assert "row 3, column credit_code" in message and "row 3, column mobile" in message
    assert "row 4, column cycle" in message and "row 4, column channel" in message
    assert "row 5, column account_number" in message and "already on row 2" in message
    assert Customer.objects.count() == 0 and BankAccount.objects.count() == 0


def test_chinese_headers_and_xlsx(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(
        [
            "客户名称",
            "统一社会信用代码",
            "账号",
            "币种",
            "开户行",
            "对账周期",
            "对账渠道",
            "联系人",
            "手机号码",
            "邮寄地址",
            "账户状态",
        ]
    )
    ws.append(
        [
            "测试有限公司",
            credit_code(7),
            "6222000000000007",
            "CNY",
            "北京分行",
            "按月",
            "网银",
            "李强",
            "13901234567",
            "北京市",
            "正常",
        ]
    )
    path = tmp_path / "a.xlsx"
    wb.save(path)
    call_command("import_agreements", str(path))
    assert Agreement.objects.get().cycle == "monthly"


def test_account_of_another_customer_is_refused(customer_a, account_a):
    data = (HEADER + row(1, account_number=account_a.number)).encode()
    with pytest.raises(RowsRefused, match="belongs to another customer"):
        agreements_import(actor=None, data=data, filename="a.csv")


def test_balances_import(account_a, tmp_path, capsys):
    path = tmp_path / "b.csv"
    path.write_text(f'account_number,currency,as_of,balance\n{account_a.number},CNY,2026-09-30,"1,250,000.00"\n')
    call_command("import_balances", str(path))
    assert PeriodBalance.objects.get().balance == Decimal("1250000.00")
    path.write_text(
        f"account_number,currency,as_of,balance\n9999999999,CNY,2026-09-30,1\n{account_a.number},USD,2026-09-30,1x\n"
    )
    with pytest.raises(CommandError) as info:
        call_command("import_balances", str(path))
    assert "row 2, column account_number" in str(info.value) and "unknown account" in str(info.value)
    assert "row 3" in str(info.value)
    assert PeriodBalance.objects.count() == 1


def test_workdays_commands(tmp_path, capsys, db):
    call_command("workdays", "add", "2026-09-30", "10")
    call_command("workdays", "is-workday", "2026-10-10")
    call_command("workdays", "is-workday", "2026-10-05")
    assert capsys.readouterr().out.split() == ["2026-10-20", "true", "false"]
    with pytest.raises(CommandError, match="2027.*workdays load"):
        call_command("workdays", "add", "2026-12-30", "3")
    schedule = Path(__file__).parent / "calendar" / "data" / "workdays_2027_PLAUSIBLE_SYNTHETIC.csv"
    call_command("workdays", "load", str(schedule))
    call_command("workdays", "add", "2026-12-30", "3")
    assert capsys.readouterr().out.strip().splitlines()[-1] == "2027-01-05"  # 12-31, then 01-04 and 01-05
    bad = tmp_path / "bad.csv"
    bad.write_text("date,kind\n2027-13-01,holiday\n2027-01-02,vacation\n")
    # Both bad rows, named as every uploaded table's problems are (core.tabular).
    with translation.override("en"), pytest.raises(CommandError) as info:
        call_command("workdays", "load", str(bad))
    assert "\nrow 2, column date ('2027-13-01'): " in str(info.value)
    assert "\nrow 3, column kind ('vacation'): " in str(info.value)


def test_valid_from_dates_new_agreements_and_changes_apply_from_today():
    data = (HEADER.strip() + ",valid_from\n" + row(1).strip() + ",2025-01-01\n").encode()
    agreements_import(actor=None, data=data, filename="a.csv", today=dt.date(2026, 11, 1))
    assert Agreement.objects.get().valid_from == dt.date(2025, 1, 1)
    bad = (
        HEADER.strip() + ",valid_from\n" + row(2).strip() + ",2099-01-01\n" + row(3).strip() + ",tomorrow\n"
    ).encode()
    with pytest.raises(RowsRefused) as info:
        agreements_import(actor=None, data=bad, filename="a.csv")
    assert "row 2, column valid_from" in info.value.message and "row 3, column valid_from" in info.value.message


def test_publishing_with_nothing_due_is_refused(db):
    import time_machine

    from core.errors import ServiceError
    from statements.models import StatementRun
    from statements.services.publishing import statement_run_start

    with time_machine.travel(dt.datetime(2026, 10, 9, 10, tzinfo=dt.UTC), tick=False):
        with pytest.raises(ServiceError, match="No account is due"):
            statement_run_start(actor=None, period="2026-09")
    assert StatementRun.objects.count() == 0


def test_a_nul_byte_deep_in_the_file_is_refused_and_nothing_is_stored():
    data = (HEADER + "".join(row(n) for n in range(1, 60)) + row(60, customer_name="测试\x00公司")).encode()
    with pytest.raises(RowsRefused) as info:
        agreements_import(actor=None, data=data, filename="a.csv")
    assert "row 61, column customer_name" in info.value.message and "\x00" not in info.value.message
    assert not Customer.objects.exists() and not BankAccount.objects.exists()
