"""Postal code and contact phone on the agreement: onboarded from the bank's file (Chinese headers), kept current
through change requests, shown to ops, and printed on the paper mailing list (tests/portal/test_exports.py)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import Workbook

from core.tabular import RowsRefused
from reconcile.models import BankAccount
from statements.models import Agreement
from statements.services.change_requests import change_request_decide, change_request_submit
from statements.services.onboarding import agreements_import
from statements.validators import normalize_cn_phone, normalize_cn_postcode
from tests.factories import credit_code

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
HEADER = ["客户名称", "统一社会信用代码", "账号", "开户行", "对账周期", "对账渠道", "联系人"]
ROW = ["测试有限公司", credit_code(7), "6222000000000007", "北京分行", "按季", "纸质", "李强"]


def _xlsx(tmp_path, header: list[str], *rows: list[str]) -> bytes:
    wb = Workbook()
    wb.active.append(header)
    for row in rows:
        wb.active.append(row)
    path = tmp_path / "agreements.xlsx"
    wb.save(path)
    return path.read_bytes()


def _current() -> Agreement:
    return Agreement.objects.get(account__number="6222000000000007", valid_to__isnull=True)


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("021-58881234", "021 5888 1234"),
        ("(021)5888-1234", "021 5888 1234"),
        ("021-58881234-8001", "021 5888 1234 转 8001"),
        ("021-58881234 ext. 8001", "021 5888 1234 转 8001"),
        ("021-58881234转8001", "021 5888 1234 转 8001"),
        ("０２１－５８８８１２３４", "021 5888 1234"),
        ("13901234567", "139 0123 4567"),
        ("+86 10 6255 1234", "010 6255 1234"),
        ("", ""),
    ],
)
def test_phone_numbers_are_stored_as_a_courier_dials_them(value, stored):
    assert normalize_cn_phone(value) == stored


@pytest.mark.parametrize("value", ["12345", "95588", "abc", "021-5888", "+1 202 555 0143"])
def test_a_number_that_is_not_a_chinese_phone_is_refused_naming_it(value):
    with pytest.raises(ValidationError, match=value.replace("+", r"\+")):
        normalize_cn_phone(value)


def test_postcodes_are_six_digits():
    assert normalize_cn_postcode(" 100080 ") == "100080" and normalize_cn_postcode("２００１２０") == "200120"
    assert normalize_cn_postcode("") == ""
    for bad in ("10008", "1000800", "10008A"):
        with pytest.raises(ValidationError, match="six digits"):
            normalize_cn_postcode(bad)


def test_chinese_headers_bring_postcode_and_phone(tmp_path):
    data = _xlsx(
        tmp_path,
        HEADER + ["手机号码", "联系电话", "邮寄地址", "邮编"],
        ROW + ["13901234567", "010-62551234-806", "北京市海淀区中关村大街27号", "100080"],
    )
    agreements_import(actor=None, data=data, filename="agreements.xlsx")
    agreement = _current()
    assert (agreement.mobile, agreement.phone, agreement.postcode) == (
        "+8613901234567",
        "010 6255 1234 转 806",
        "100080",
    )


def test_a_file_with_only_a_contact_phone_column_reads_it_as_the_mobile_as_before(tmp_path):
    data = _xlsx(
        tmp_path,
        HEADER + ["联系电话", "邮寄地址", "邮政编码"],
        ROW + ["13901234567", "北京市海淀区中关村大街27号", "100080"],
    )
    agreements_import(actor=None, data=data, filename="agreements.xlsx")
    assert (_current().mobile, _current().phone, _current().postcode) == ("+8613901234567", "", "100080")


def test_bad_postcode_and_phone_are_named_and_nothing_is_stored(tmp_path):
    data = _xlsx(tmp_path, HEADER + ["手机", "电话", "地址", "邮编"], ROW + ["13901234567", "12345", "北京市", "10008"])
    with pytest.raises(RowsRefused) as refused:
        agreements_import(actor=None, data=data, filename="agreements.xlsx")
    assert "row 2, column phone ('12345')" in refused.value.message
    assert "row 2, column postcode ('10008')" in refused.value.message
    assert not BankAccount.objects.filter(number="6222000000000007").exists()


def test_a_file_without_the_columns_keeps_what_the_agreement_has(tmp_path):
    full = HEADER + ["手机", "电话", "地址", "邮编"]
    agreements_import(
        actor=None,
        data=_xlsx(tmp_path, full, ROW + ["13901234567", "010-62551234", "北京市", "100080"]),
        filename="a.xlsx",
        today=dt.date(2026, 11, 1),
    )
    older = HEADER + ["手机", "地址"]  # a file made before the columns existed
    result = agreements_import(
        actor=None,
        data=_xlsx(tmp_path, older, ROW + ["13901234567", "北京市"]),
        filename="a.xlsx",
        today=dt.date(2026, 11, 2),
    )
    assert result.counts == {}
    assert (_current().phone, _current().postcode) == ("010 6255 1234", "100080")
    changed = agreements_import(
        actor=None,
        data=_xlsx(tmp_path, full, ROW + ["13901234567", "", "北京市", "100081"]),
        filename="a.xlsx",
        today=dt.date(2026, 11, 3),
    )
    assert changed.counts == {"agreements changed": 1}
    assert (_current().phone, _current().postcode, _current().valid_from) == ("", "100081", dt.date(2026, 11, 3))


def test_change_requests_carry_postcode_and_phone(agreement_a, account_a, client_a, ops):
    with pytest.raises(ValidationError) as bad:
        change_request_submit(
            actor=client_a,
            account_id=account_a.pk,
            contact_name="张伟",
            mobile="13900001111",
            address="上海市",
            postcode="2001",
            phone="555",
            channel="online_banking",
        )
    assert set(bad.value.message_dict) == {"postcode", "phone"}
    request = change_request_submit(
        actor=client_a,
        account_id=account_a.pk,
        contact_name="张伟",
        mobile="13900001111",
        address="上海市浦东新区张杨路500号",
        postcode="200120",
        phone="021-58881234",
        channel="online_banking",
    )
    with time_machine.travel(dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC), tick=False):
        change_request_decide(actor=ops, request_id=request.pk, approve=True)
    current = Agreement.objects.get(account=account_a, valid_to__isnull=True)
    assert (current.postcode, current.phone) == ("200120", "021 5888 1234")


def test_ops_see_postcode_and_phone(client, agreement_a, account_a, client_a, ops):
    Agreement.objects.filter(pk=agreement_a.pk).update(
        postcode="200120", phone="021 5888 1234", address="上海市浦东新区张杨路500号"
    )
    change_request_submit(
        actor=client_a,
        account_id=account_a.pk,
        contact_name="张伟",
        mobile="13900001111",
        address="上海市浦东新区世纪大道100号",
        postcode="200121",
        phone="021-58880000",
        channel="online_banking",
    )
    client.force_login(ops)
    detail = client.get(reverse("portal:account-detail", args=[account_a.pk])).content.decode()
    assert "200120" in detail and "021 5888 1234" in detail
    requests = client.get(reverse("portal:ops-change-requests")).content.decode()
    assert "200120" in requests and "021 5888 1234" in requests  # now
    assert "200121" in requests and "021 5888 0000" in requests  # requested
    # The client's form offers the fields, each hint tied to its field for screen readers.
    client.force_login(client_a)
    form = client.get(reverse("portal:account-detail", args=[account_a.pk])).content.decode()
    assert 'name="postcode"' in form and 'name="phone"' in form and 'id="id_phone_helptext"' in form
