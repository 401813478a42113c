from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_page_speaks_chinese_by_default(client):
    response = client.get(reverse("portal:login"))
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="zh-hans">' in body
    assert "登录" in body and "用户名" in body and "密码" in body


def test_login_page_in_english_after_switching(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/login/"}, follow=True)
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert "Log in" in body and "Username" in body


def test_anonymous_home_redirects_to_login(client):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:login"))


def test_login_with_wrong_password_says_what_to_do(client, client_a):
    response = client.post(reverse("portal:login"), {"username": "client_a", "password": "nope"})
    assert response.status_code == 200
    assert "请重试" in response.content.decode()


def test_login_then_home(client, client_a):
    response = client.post(reverse("portal:login"), {"username": "client_a", "password": "Test@2026!"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("portal:home")
    assert "client_a" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "present", "absent"),
    [
        ("client_a", ["待回复的对账单"], ["银行运营", "对账工作台"]),
        ("accountant_a", ["余额调节"], ["银行运营", "待回复的对账单"]),
        ("ops", ["银行运营", "管理后台"], ["待回复的对账单"]),
    ],
)
def test_home_is_role_aware(client, request, persona, present, absent):
    client.force_login(request.getfixturevalue(persona))
    body = client.get(reverse("portal:home")).content.decode()
    for text in present:
        assert text in body
    for text in absent:
        assert text not in body


def test_logout_is_a_post(client, client_a):
    client.force_login(client_a)
    response = client.post(reverse("portal:logout"))
    assert response.status_code == 302
    assert client.get(reverse("portal:home")).status_code == 302
