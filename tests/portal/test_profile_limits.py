"""A mapping profile is tried on every later upload and listed (and exported) by name: the API and the upload page's
form refuse one without an amount column, with two fields on one header, with a flag text that is empty, too long or
one of too many, and a name a spreadsheet would run as a formula; each refusal names the field and says what to do,
and nothing is stored."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from core.models import AuditEvent
from reconcile.models import MappingProfile

pytestmark = pytest.mark.django_db

GOOD = {"date": "入账日", "amount": "金额(元)"}
MANY_FLAGS = {f"code{i}": "in" for i in range(31)}


@pytest.fixture
def api(accountant_a) -> APIClient:
    client = APIClient()
    client.force_authenticate(accountant_a)
    return client


@pytest.mark.parametrize(
    ("body", "field", "says"),
    [
        ({"columns": {"date": "入账日", "summary": "说明"}}, "columns", "Map the column holding the amounts"),
        (
            {"columns": {"date": "入账日", "amount": "金额", "balance": "金额"}},
            "columns",
            "amount, balance are mapped to the same header 金额; map each field to its own column",
        ),
        ({"columns": GOOD, "flag_values": {"": "in"}}, "flag_values", "A direction flag text is empty"),
        ({"columns": GOOD, "flag_values": {" ": "out"}}, "flag_values", "A direction flag text is empty"),
        ({"columns": GOOD, "flag_values": {"x" * 41: "in"}}, "flag_values", "is longer than 40 characters"),
        ({"columns": GOOD, "flag_values": MANY_FLAGS}, "flag_values", "31 direction flag values given; a profile has"),
        ({"columns": GOOD, "name": "=HYPERLINK(1)"}, "name", "Profile name may not start with =, +, - or @"),
        ({"columns": GOOD, "name": "+农商行"}, "name", "Profile name may not start with =, +, - or @"),
        ({"columns": GOOD, "name": "@SUM"}, "name", "Profile name may not start with =, +, - or @"),
        ({"columns": GOOD, "name": "－1"}, "name", "Profile name may not start with =, +, - or @"),
    ],
    ids=str,
)
def test_the_api_refuses_a_profile_naming_the_field(api, body, field, says):
    events = AuditEvent.objects.count()
    answer = api.post(
        "/api/v1/profiles/",
        {"name": "某农商行", "kind": "bank", **body},
        format="json",
        headers={"accept-language": "en"},
    )
    assert answer.status_code == 400, answer.content
    assert answer.json()["code"] == "invalid" and says in answer.json()["errors"][field][0], answer.json()
    assert not MappingProfile.objects.exists() and AuditEvent.objects.count() == events


def test_a_refusal_is_said_in_the_readers_language(api):
    answer = api.post(
        "/api/v1/profiles/",
        {"name": "=农商行", "kind": "bank", "columns": GOOD},
        format="json",
        headers={"accept-language": "zh-hans"},
    )
    assert answer.status_code == 400
    assert answer.json()["errors"]["name"] == ["方案名称不能以 =、+、- 或 @ 开头（电子表格会将其视为公式）。"]


def test_a_profile_at_the_limits_is_saved(api):
    flags = {f"{i:0>40}": "in" if i % 2 else "out" for i in range(30)}
    answer = api.post(
        "/api/v1/profiles/",
        {"name": "农商行-2", "kind": "bank", "columns": {"date": "入账日", "debit": "借方", "credit": "贷方"}},
        format="json",
    )
    assert answer.status_code == 201, answer.content
    answer = api.post(
        "/api/v1/profiles/",
        {"name": "农商行", "kind": "bank", "columns": GOOD, "flag_values": flags},
        format="json",
    )
    assert answer.status_code == 201, answer.content
    assert MappingProfile.objects.get(name="农商行").flag_values == flags


@pytest.mark.parametrize(
    ("form", "says"),
    [
        ({"columns": "date = 入账日\nsummary = 说明"}, "Map the column holding the amounts"),
        ({"columns": "date = 金额\namount = 金额"}, "date, amount are mapped to the same header 金额"),
        ({"columns": "date = 入账日\namount = 金额", "flag_values": "x" * 41 + " = in"}, "longer than 40 characters"),
        ({"columns": "date = 入账日\namount = 金额", "name": "=1+1"}, "may not start with =, +, - or @"),
        (
            {"columns": "date = 入账日\namount = 金额\n# the other date\ndate = 记账日期"},
            "Lines 1 and 4 both map date (入账日, 记账日期); keep one of the two lines.",
        ),
        (
            {"columns": "date = 入账日\namount = 金额", "flag_values": "1 = in\n0 = out\n1 = out"},
            "Lines 1 and 3 both map 1 (in, out); keep one of the two lines.",
        ),
    ],
    ids=str,
)
def test_the_upload_pages_form_refuses_them_too(client, accountant_a, form, says):
    client.force_login(accountant_a)
    page = client.post(
        reverse("portal:profiles"), {"name": "某农商行", "kind": "bank", **form}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert page.status_code == 200 and says in page.content.decode()
    assert not MappingProfile.objects.exists()
