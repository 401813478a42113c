"""Pages name people by their real names (王丽), as the receipts and the 余额调节表 do, not by their login names."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from tests.fixtures.signing import sign_redirect

pytestmark = pytest.mark.django_db
CST = dt.timezone(dt.timedelta(hours=8))
DURING = dt.datetime(2026, 10, 12, 10, 0, tzinfo=CST)


@pytest.fixture
def named_client(client_a):
    client_a.username = "client_hengrui"
    client_a.last_name, client_a.first_name = "王", "丽"
    client_a.save()
    return client_a


def test_home_and_header_greet_the_person_by_name(client, named_client):
    client.force_login(named_client)
    body = client.get(reverse("portal:home")).content.decode()
    assert "欢迎，王丽" in body
    assert "client_hengrui" not in body


def test_the_answer_history_names_who_answered(client, named_client, published, customer_a):
    statement = published[customer_a.pk]
    client.force_login(named_client)
    with time_machine.travel(DURING, tick=False):
        sign_redirect(client, client.post(reverse("portal:statement-agree", args=[statement.pk])))
        body = client.get(reverse("portal:statement-detail", args=[statement.pk])).content.decode()
    assert " · 王丽 · " in body
    assert "client_hengrui" not in body


def test_a_person_without_a_name_is_shown_by_login(client, client_a):
    client.force_login(client_a)
    assert f"欢迎，{client_a.username}" in client.get(reverse("portal:home")).content.decode()
