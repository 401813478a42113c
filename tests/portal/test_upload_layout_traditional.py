"""A bank export in traditional characters (a Hong Kong, Macau or Taiwan bank's 借方發生額, 餘額, 對方戶名), in UTF-8
or Big5, is one layout month after month, and the same layout as the simplified export of that header (the parsers
compare headers folded to simplified characters, ``header_key``): next month's file that does not name its account
is offered the account chosen last time, selected."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reconcile.models import Import

pytestmark = pytest.mark.django_db
UPLOAD = reverse("portal:import-upload")
SIMPLIFIED = "交易日期,摘要,借方发生额,贷方发生额,余额,对方户名,交易流水号\n"
TRADITIONAL = "交易日期,摘要,借方發生額,貸方發生額,餘額,對方戶名,交易流水號\n"
OCTOBER = "2026-10-08,貨款,,200000.00,1200000.00,臺北貿易有限公司,SN1\n2026-10-15,付款,50000.00,,1150000.00,香港科技有限公司,SN2\n"
NOVEMBER = "2026-11-08,貨款,,300.00,1150300.00,臺北貿易有限公司,SN3\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _upload(client, capture, name: str, data: bytes, account: str = "") -> Import:
    with capture(execute=True):
        client.post(UPLOAD, {"kind": "bank", "file": SimpleUploadedFile(name, data), "account": account})
    return Import.objects.order_by("-pk").first()


@pytest.mark.parametrize(
    ("first_header", "encoding"),
    [(TRADITIONAL, "utf-8"), (TRADITIONAL, "big5"), (SIMPLIFIED, "utf-8")],
)
def test_a_traditional_header_is_offered_the_account_chosen_last_time(
    client, accountant_a, account_a, django_capture_on_commit_callbacks, first_header, encoding
):
    client.force_login(accountant_a)
    first_data = (first_header + OCTOBER).encode("utf-8" if first_header == SIMPLIFIED else encoding)
    first = _upload(client, django_capture_on_commit_callbacks, "oct.csv", first_data, account_a.number)
    assert first.status == "done" and first.layout
    waiting = _upload(client, django_capture_on_commit_callbacks, "nov.csv", (TRADITIONAL + NOVEMBER).encode(encoding))
    assert waiting.status == "refused" and waiting.layout == first.layout
    body = client.get(
        reverse("portal:import-detail", args=[waiting.pk]), headers={"accept-language": "en"}
    ).content.decode()
    assert "chose last time for a file of this layout" in body
    select = re.search(r'<select name="account"[^>]*>(.*?)</select>', body, re.S).group(1)
    assert re.search(rf'<option value="{account_a.number}"[^>]*selected', select)
