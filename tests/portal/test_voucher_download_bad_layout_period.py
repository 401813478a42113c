"""The vouchers download names what does not exist instead of giving another file: an unknown layout or a period that
is not a period end sends the accountant back to the workbench with a message naming the value and the choices (the
page's language); the API answers 400 naming the field and the valid values. Before, the browser silently got the
Kingdee file (or the latest month's), and the API's message named no valid layout."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import api_key
from tests.fixtures.books import import_both
from tests.portal.test_api_vouchers import BANK, END, JOURNAL

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def month(account_a, accountant_a):
    import_both(account_a, accountant_a, BANK, JOURNAL)
    return account_a


def _download(client, account, language: str, **params):
    url = reverse("portal:adjustment-vouchers", args=[account.pk])
    return client.get(url, params, follow=True, headers={"accept-language": language})


def test_an_unknown_layout_is_named_with_the_layouts_there_are(client, month, accountant_a):
    client.force_login(accountant_a)
    response = _download(client, month, "en", period=END, layout="sap")
    assert response.get("Content-Type", "").startswith("text/html")  # the workbench, not a Kingdee file
    assert response.redirect_chain == [(f"{reverse('portal:workbench', args=[month.pk])}?period={END}", 302)]
    body = response.content.decode()
    assert "There is no voucher layout “sap”: choose one of kingdee, yonyou." in body


def test_a_chinese_page_says_it_in_chinese(client, month, accountant_a):
    client.force_login(accountant_a)
    body = _download(client, month, "zh-hans", layout="kingdee").content.decode()
    assert "请选择期末日期（YYYY-MM-DD）。" in body and "Choose a period end" not in body
    body = _download(client, month, "zh-hans", period=END, layout="sap").content.decode()
    assert "没有名为“sap”的凭证格式：请选择以下之一：kingdee、yonyou。" in body and "There is no" not in body


@pytest.mark.parametrize("period", ["2026-13-01", "yesterday", "2300-01-31"])
def test_a_period_that_is_not_a_period_end_is_named(client, month, accountant_a, period):
    client.force_login(accountant_a)
    response = _download(client, month, "en", period=period, layout="kingdee")
    assert response.redirect_chain == [(reverse("portal:workbench", args=[month.pk]), 302)]
    assert f"“{period}” is not a period end: give a date (YYYY-MM-DD) between 1990-01-01 and 2099-12-31." in (
        response.content.decode()
    )


def test_a_known_layout_and_period_still_download(client, month, accountant_a):
    client.force_login(accountant_a)
    response = _download(client, month, "en", period=END, layout="yonyou")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert f"vouchers-yonyou-{month.number}-{END}.xlsx" in response["Content-Disposition"]


def test_the_adjustment_zip_names_a_bad_period_too(client, month, accountant_a):
    client.force_login(accountant_a)
    response = client.get(
        reverse("portal:reconcile-zip"), {"period": "2026-02-30"}, follow=True, headers={"accept-language": "en"}
    )
    assert "“2026-02-30” is not a period end" in response.content.decode()


def _api(user, language: str = "en") -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(user)}", HTTP_ACCEPT_LANGUAGE=language)
    return api


def test_the_api_names_the_layouts_there_are(month, accountant_a):
    response = _api(accountant_a).get(f"/api/v1/accounts/{month.pk}/vouchers", {"date": END, "layout": "sap"})
    assert response.status_code == 400
    message = "There is no voucher layout “sap”: choose one of kingdee, yonyou."
    assert response.json() == {"code": "invalid", "message": f"layout: {message}", "errors": {"layout": [message]}}


def test_the_api_asks_for_the_date_with_its_format(month, accountant_a):
    response = _api(accountant_a, "zh-hans").get(f"/api/v1/accounts/{month.pk}/vouchers", {"layout": "kingdee"})
    assert response.status_code == 400
    assert response.json()["errors"] == {"date": ["请选择期末日期（YYYY-MM-DD）。"]}


@pytest.mark.parametrize("name", ["portal:adjustment-xlsx", "portal:adjustment-pdf"])
def test_the_tables_download_names_a_bad_period_instead_of_another_months_table(client, month, accountant_a, name):
    client.force_login(accountant_a)
    url = reverse(name, args=[month.pk])
    response = client.get(url, {"period": "2026-10-32"}, follow=True, headers={"accept-language": "en"})
    assert response.redirect_chain == [(reverse("portal:workbench", args=[month.pk]), 302)]
    assert "“2026-10-32” is not a period end" in response.content.decode()
    response = client.get(url, follow=True, headers={"accept-language": "zh-hans"})
    assert "请选择期末日期（YYYY-MM-DD）。" in response.content.decode()
