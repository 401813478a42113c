"""The notification channels offered anywhere (model fields and so the admin and the API, the change-request form, the
onboarding import file, error messages) come from the one registry: a channel added there is offered everywhere,
with no other change. And the preferred channel + openid of a contact are checked with clear messages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from core.tabular import RowsRefused
from portal.forms import ChangeRequestForm
from statements.models import Agreement, AgreementChangeRequest, Channel, Cycle, SmsMessage
from statements.notify import registry
from statements.notify.base import NotifyChannel
from statements.notify.registry import channel_choices, channel_from_text
from statements.services.agreements import agreement_create
from statements.services.change_requests import change_request_decide, change_request_submit
from statements.services.onboarding import agreements_import
from statements.sms.backends import get_backend
from statements.validators import normalize_cn_mobile
from tests.factories import credit_code

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
OPENID = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"
HEADER = (
    "customer_name,credit_code,account_number,currency,branch,cycle,channel,contact_name,mobile,address,status,"
    "notify_channel,wechat_openid\n"
)


def row(n: int, notify: str, openid: str = "") -> str:
    return (
        f"测试{n}有限公司,{credit_code(n)},6222000000{n:06d},CNY,上海分行,monthly,online_banking,王丽,13812345678,"
        f"上海市,active,{notify},{openid}\n"
    )


@pytest.fixture
def pigeon(monkeypatch):
    """A channel added the way the README says: one module's CHANNEL, one registry row."""
    channel = NotifyChannel(
        name="pigeon",
        label=gettext_lazy("Carrier pigeon"),
        aliases=("pigeon", "信鸽"),
        address_field="mobile",
        normalize_address=normalize_cn_mobile,
        backend=get_backend,
    )
    monkeypatch.setitem(registry.REGISTRY, "pigeon", channel)
    return channel


def test_the_registry_lists_sms_and_wechat_by_default():
    assert [name for name, _ in channel_choices()] == ["sms", "wechat"]
    assert channel_from_text("短信") == "sms" and channel_from_text(" 微信 ") == "wechat"
    assert channel_from_text("WeChat") == "wechat" and channel_from_text("fax") is None


def test_a_channel_added_to_the_registry_is_offered_everywhere(pigeon, admin_client):
    # Model fields (what the admin's filters, model forms and the API schema read).
    for model, field in (
        (Agreement, "notify_channel"),
        (AgreementChangeRequest, "notify_channel"),
        (SmsMessage, "channel"),
    ):
        assert "pigeon" in dict(model._meta.get_field(field).choices), (model, field)
    # The client's change-request form.
    assert ("pigeon", "Carrier pigeon") in list(ChangeRequestForm().fields["notify_channel"].choices)
    # The onboarding import file, by name or alias.
    result = agreements_import(
        actor=None, data=(HEADER + row(1, "信鸽")).encode(), filename="a.csv", today=dt.date(2026, 11, 1)
    )
    assert result.counts["agreements created"] == 1
    assert Agreement.objects.get().notify_channel == "pigeon"
    # The admin's filter of agreements.
    page = admin_client.get("/admin/statements/agreement/").content.decode()
    assert "notify_channel__exact=pigeon" in page and "notify_channel__exact=wechat" in page
    # And the message naming the accepted values.
    with pytest.raises(RowsRefused) as info:
        agreements_import(actor=None, data=(HEADER + row(2, "fax")).encode(), filename="a.csv")
    assert "pigeon" in str(info.value) and "wechat" in str(info.value)


def test_without_the_registry_row_the_channel_is_offered_nowhere():
    assert "pigeon" not in dict(Agreement._meta.get_field("notify_channel").choices)
    assert "pigeon" not in dict(ChangeRequestForm().fields["notify_channel"].choices)
    with pytest.raises(RowsRefused, match="unknown notification channel"):
        agreements_import(actor=None, data=(HEADER + row(1, "pigeon")).encode(), filename="a.csv")
    assert Agreement.objects.count() == 0


def test_the_import_file_sets_the_channel_and_openid_and_explains_bad_values():
    data = (HEADER + row(1, "微信", OPENID) + row(2, "")).encode()
    agreements_import(actor=None, data=data, filename="a.csv", today=dt.date(2026, 11, 1))
    found = dict(Agreement.objects.values_list("account__number", "notify_channel"))
    assert found == {"6222000000000001": "wechat", "6222000000000002": "sms"}
    assert Agreement.objects.get(account__number="6222000000000001").wechat_openid == OPENID
    bad = HEADER + row(3, "微信") + row(4, "wechat", "=1+1") + row(5, "telegram") + row(6, "wechat", "x" * 5000)
    with pytest.raises(RowsRefused) as info:
        agreements_import(actor=None, data=bad.encode(), filename="b.csv")
    text = str(info.value)
    assert "row 2, column wechat_openid" in text and "need this address" in text  # row 3 of the data is line 2
    assert "'=1+1'" in text and "is not a WeChat openid" in text
    assert "row 4, column notify_channel ('telegram'): unknown notification channel" in text
    assert "row 5, column wechat_openid" in text
    assert Agreement.objects.count() == 2  # nothing of the refused file was stored


def test_a_file_naming_wechat_without_the_openid_column_says_which_column_to_add():
    header = HEADER.replace(",wechat_openid", "")
    line = row(1, "wechat").rsplit(",", 1)[0] + "\n"
    with pytest.raises(RowsRefused, match="add the column wechat_openid"):
        agreements_import(actor=None, data=(header + line).encode(), filename="a.csv")


def test_a_file_without_the_columns_keeps_the_contacts_channel(account_a):
    agreement_create(
        actor=None,
        account=account_a,
        cycle=Cycle.MONTHLY,
        channel=Channel.ONLINE_BANKING,
        contact_name="王丽",
        mobile="13812345678",
        notify_channel="wechat",
        wechat_openid=OPENID,
        valid_from=dt.date(2026, 1, 1),
    )
    header = (
        "customer_name,credit_code,account_number,currency,branch,cycle,channel,contact_name,mobile,address,status\n"
    )
    line = (
        f"{account_a.customer.legal_name},{account_a.customer.credit_code},{account_a.number},{account_a.currency},"
        f"{account_a.branch},monthly,online_banking,王丽,13900001111,上海市,active\n"
    )
    agreements_import(actor=None, data=(header + line).encode(), filename="a.csv", today=dt.date(2026, 11, 1))
    current = Agreement.objects.get(account=account_a, valid_to__isnull=True)
    assert (current.mobile, current.notify_channel, current.wechat_openid) == ("+8613900001111", "wechat", OPENID)


def test_agreements_and_change_requests_check_the_channel_and_openid(account_a, client_a, ops):
    with pytest.raises(ValidationError) as info:
        agreement_create(
            actor=None,
            account=account_a,
            cycle=Cycle.MONTHLY,
            channel=Channel.ONLINE_BANKING,
            contact_name="王丽",
            mobile="13812345678",
            notify_channel="wechat",
            valid_from=dt.date(2026, 1, 1),
        )
    assert set(info.value.message_dict) == {"wechat_openid"}
    with pytest.raises(ValidationError) as info:
        agreement_create(
            actor=None,
            account=account_a,
            cycle=Cycle.MONTHLY,
            channel=Channel.ONLINE_BANKING,
            contact_name="王丽",
            mobile="13812345678",
            notify_channel="fax",
            valid_from=dt.date(2026, 1, 1),
        )
    assert "Unknown notification channel fax" in info.value.message_dict["notify_channel"][0]
    agreement_create(
        actor=None,
        account=account_a,
        cycle=Cycle.MONTHLY,
        channel=Channel.ONLINE_BANKING,
        contact_name="王丽",
        mobile="13812345678",
        valid_from=dt.date(2026, 1, 1),
    )
    for hostile in ("=1+1", "o\x00penid-openid-openid", "x" * 100_000):
        with pytest.raises(ValidationError) as info:
            change_request_submit(
                actor=client_a,
                account_id=account_a.pk,
                contact_name="王丽",
                mobile="13812345678",
                address="",
                channel="online_banking",
                notify_channel="wechat",
                wechat_openid=hostile,
            )
        assert set(info.value.message_dict) == {"wechat_openid"}
    request = change_request_submit(
        actor=client_a,
        account_id=account_a.pk,
        contact_name="王丽",
        mobile="13812345678",
        address="",
        channel="online_banking",
        notify_channel="wechat",
        wechat_openid=f" {OPENID} ",
    )
    change_request_decide(actor=ops, request_id=request.pk, approve=True)
    current = Agreement.objects.get(account=account_a, valid_to__isnull=True)
    assert (current.notify_channel, current.wechat_openid) == ("wechat", OPENID)


def test_the_change_request_page_offers_the_channel_and_keeps_it_when_a_post_omits_it(client, account_a, client_a):
    from django.urls import reverse

    agreement_create(
        actor=None,
        account=account_a,
        cycle=Cycle.MONTHLY,
        channel=Channel.ONLINE_BANKING,
        contact_name="王丽",
        mobile="13812345678",
        notify_channel="wechat",
        wechat_openid=OPENID,
        valid_from=dt.date(2026, 1, 1),
    )
    client.force_login(client_a)
    url = reverse("portal:account-detail", args=[account_a.pk])
    page = client.get(url).content.decode()
    assert 'name="notify_channel"' in page and '<option value="wechat" selected>' in page and OPENID in page
    response = client.post(
        url,
        {
            "contact_name": "王丽",
            "mobile": "13812345678",
            "address": "上海市",
            "channel": "online_banking",
            "notify_channel": "wechat",
            "wechat_openid": "=1+1",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200 and "is not a WeChat openid" in response.content.decode()
    response = client.post(
        url, {"contact_name": "张伟", "mobile": "13812345678", "address": "上海市", "channel": "online_banking"}
    )
    assert response.status_code == 302
    request = AgreementChangeRequest.objects.get()
    assert (request.notify_channel, request.wechat_openid) == ("wechat", OPENID)
