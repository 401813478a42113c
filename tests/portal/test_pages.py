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


EMPTY_RUNS = "No statement cycle has been published yet"
EMPTY_IMPORTS = "No bank statement or journal has been uploaded yet"


def test_home_shows_empty_states_only_when_there_is_nothing(client, ops, accountant_a):
    client.force_login(ops)
    assert EMPTY_RUNS in client.get(reverse("portal:home"), headers={"accept-language": "en"}).content.decode()
    client.force_login(accountant_a)
    assert EMPTY_IMPORTS in client.get(reverse("portal:home"), headers={"accept-language": "en"}).content.decode()


def test_home_shows_the_latest_runs_and_uploads(client, ops, accountant_a, account_a, published):
    from reconcile.services.imports import import_file
    from tests.fixtures.worked_example import BANK_CSV

    import_file(
        actor=accountant_a,
        kind="bank",
        data=BANK_CSV.encode(),
        filename="十月对账单.csv",
        account_number=account_a.number,
        customer=account_a.customer,
    )
    client.force_login(ops)
    body = client.get(reverse("portal:home"), headers={"accept-language": "en"}).content.decode()
    assert EMPTY_RUNS not in body and "2026-09" in body and reverse("portal:ops-run", args=[1])[:-2] in body
    client.force_login(accountant_a)
    body = client.get(reverse("portal:home"), headers={"accept-language": "en"}).content.decode()
    assert EMPTY_IMPORTS not in body and "十月对账单.csv" in body and account_a.number in body


def test_ops_dashboard_and_run_page_speak_the_chosen_language(client, ops, published):
    from statements.models import StatementRun

    client.force_login(ops)
    en = {"accept-language": "en"}
    dashboard = client.get(reverse("portal:ops"), headers=en).content.decode()
    assert "2026-09 returned" in dashboard and "回签" not in dashboard and "视同相符" not in dashboard
    assert ">0</text>" in dashboard and ">0.0</text>" not in dashboard.split("Open disputes by age")[-1]
    run = StatementRun.objects.get(period="2026-09")
    page = client.get(reverse("portal:ops-run", args=[run.pk]), headers=en).content.decode()
    assert "<dt>Dispatched</dt>" in page and "<dt>dispatched</dt>" not in page
    zh = client.get(reverse("portal:ops-run", args=[run.pk])).content.decode()
    assert "<dt>已发送</dt>" in zh


def test_the_not_received_link_is_for_company_users_only(client, ops, client_a):
    client.force_login(ops)
    assert reverse("portal:inquiry-new") not in client.get(reverse("portal:statements")).content.decode()
    client.force_login(client_a)
    assert reverse("portal:inquiry-new") in client.get(reverse("portal:statements")).content.decode()
