"""The 403, 404 and 500 pages speak the user's language and say what to do next (DEBUG is off under pytest)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_client_on_a_bank_page_gets_a_chinese_403_with_the_role(client, client_a):
    client.force_login(client_a)
    response = client.get(reverse("portal:ops-onboarding"))
    assert response.status_code == 403
    body = response.content.decode()
    assert '<html lang="zh-hans">' in body
    assert "无权访问此页面" in body
    assert "此页面需要以下角色之一：银行运营。" in body
    assert f'href="{reverse("portal:home")}"' in body and "返回首页" in body
    assert "退出并以其他用户登录" in body and f'action="{reverse("portal:logout")}"' in body
    assert "Forbidden" not in body


def test_403_in_english(client, client_a):
    client.force_login(client_a)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("portal:ops-onboarding")).content.decode()
    assert "No access to this page" in body and "This page needs one of these roles: Bank operations." in body


def test_missing_page_is_a_chinese_404_that_leaks_nothing(client, client_a):
    client.force_login(client_a)
    response = client.get("/no-such-page-xyz/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "页面不存在" in body and "返回首页" in body and "请联系银行" in body
    main = body.split('<main id="main">', 1)[1]
    # Only the language switcher carries the path (to come back to it); the page itself names nothing.
    assert "no-such-page-xyz" not in main and "Not Found" not in body and "Traceback" not in body


def test_404_for_an_anonymous_user(client):
    response = client.get("/no-such-page-xyz/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_500_page_renders_without_a_context():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    body = response.content.decode()
    assert "系统暂时出错" in body and "请联系您的开户银行" in body and 'href="/"' in body
    assert "Server error" in body  # the English line for English readers


def test_api_missing_statement_is_a_chinese_404(client_a):
    api = APIClient()
    api.force_authenticate(client_a)
    response = api.get(reverse("api:statement-pdf", args=[999999]))
    assert response.status_code == 404
    assert response.json()["message"] == "对账单不存在。"
    response = api.post(reverse("api:statement-confirm", args=[999999]))
    assert response.status_code == 404 and response.json()["message"] == "对账单不存在。"


def test_api_messages_in_english(client_a):
    api = APIClient()
    api.force_authenticate(client_a)
    response = api.get(reverse("api:statement-pdf", args=[999999]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["message"] == "No such statement."


def test_api_role_and_filter_messages_are_chinese(client_a):
    api = APIClient()
    api.force_authenticate(client_a)
    response = api.get(reverse("api:import-list"))
    assert response.status_code == 403 and response.json()["message"] == "导入数据需要“会计”或“银行运营”角色。"
    response = api.get(reverse("api:sms-list"))
    assert response.status_code == 403 and response.json()["message"] == "短信发件箱仅供银行运营人员使用。"
    response = api.get(reverse("api:statement-list"), {"status": "bogus"})
    assert response.status_code == 400
    assert "无法识别的状态“bogus”，请使用以下之一：" in response.json()["message"]


def test_a_stale_form_gets_a_403_about_the_form_not_about_roles():
    """A form posted without its CSRF token (a page left open, cookies blocked) said "Your user may not open this page
    ... the role named above": no role is named and the user's roles are not the cause; reloading the form is."""
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    response = browser.post(reverse("portal:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "请刷新页面" in body or "重新提交" in body, body
    assert "角色" not in body, body
