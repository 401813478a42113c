"""The ops publish page for a period already published, with an account onboarded since: it asks to confirm the
accounts due since (naming the passed deadlines as passed), publishes only them, and says so on the run's page."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from statements.models import BalanceStatement, Channel, Cycle, StatementRun
from statements.services.agreements import agreement_create
from statements.services.balances import balances_import
from tests.factories import BankAccountFactory
from tests.fixtures.language import language_restored  # noqa: F401 (autouse fixture)

pytestmark = pytest.mark.django_db
URL = reverse("portal:ops-publish")
EN = {"accept-language": "en"}
LATE = dt.datetime(2026, 10, 14, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
NUMBER_C = "31050161373600009999"


@pytest.fixture
def onboarded_c(published, customer_a):
    account = BankAccountFactory(customer=customer_a, number=NUMBER_C)
    agreement_create(
        actor=None,
        account=account,
        cycle=Cycle.MONTHLY,
        channel=Channel.ONLINE_BANKING,
        contact_name="张敏",
        mobile="13700001111",
        valid_from=dt.date(2026, 1, 1),
    )
    return account


@pytest.fixture
def due_c(onboarded_c):
    data = f"account_number,currency,as_of,balance\n{NUMBER_C},CNY,2026-09-30,43210.99\n".encode()
    balances_import(actor=None, data=data, filename="core.csv")
    return onboarded_c


def _post(client, data, capture=None, follow=False):
    with time_machine.travel(LATE, tick=False):
        if capture is None:
            return client.post(URL, data, headers=EN, follow=follow)
        with capture(execute=True):
            return client.post(URL, data, headers=EN, follow=follow)


def test_the_page_asks_to_confirm_the_accounts_due_since_and_stores_nothing(client, ops, due_c):
    client.force_login(ops)
    response = _post(client, {"period": "2026-09"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Period 2026-09: 1 account due since it was published; 1 statement will be published." in body
    assert "2026-10-10 (passed: these statements are dispatched late)" in body
    assert "2026-10-13 (passed: these notices are sent late)" in body
    assert "<dt>Answers due (online statements)</dt><dd>2026-10-28</dd>" in body
    assert "<dt>Notices sent at once</dt><dd>SMS: 1</dd>" in body
    assert 'name="confirm" value="yes" required' in body
    assert BalanceStatement.objects.count() == 2


def test_the_confirmed_post_publishes_only_the_account_due_since(
    client, ops, due_c, django_capture_on_commit_callbacks
):
    client.force_login(ops)
    data = {"period": "2026-09", "as_of": "2026-09-30", "step": "confirm", "confirm": "yes"}
    response = _post(client, data, django_capture_on_commit_callbacks, follow=True)
    run = StatementRun.objects.get()
    assert response.redirect_chain[-1][0] == reverse("portal:ops-run", args=[run.pk])
    body = response.content.decode()
    assert "Period 2026-09: 1 account due since it was published; publishing it." in body
    assert BalanceStatement.objects.count() == 3 and BalanceStatement.objects.filter(account=due_c).count() == 1
    again = _post(client, data, django_capture_on_commit_callbacks, follow=True).content.decode()
    assert "Period 2026-09 was already published: 3 statements; nothing new was created." in again


def test_an_account_due_since_without_a_balance_is_refused_on_the_page(client, ops, onboarded_c):
    client.force_login(ops)
    body = _post(client, {"period": "2026-09"}).content.decode()
    assert NUMBER_C in body and "No balance as of 2026-09-30 for 1 account:" in body
    assert 'name="confirm"' not in body and BalanceStatement.objects.count() == 2


def test_a_customer_cannot_publish_again(client, client_b, due_c, django_capture_on_commit_callbacks):
    client.force_login(client_b)
    data = {"period": "2026-09", "as_of": "2026-09-30", "step": "confirm", "confirm": "yes"}
    assert _post(client, data, django_capture_on_commit_callbacks).status_code == 403
    assert BalanceStatement.objects.count() == 2 and StatementRun.objects.get().accounts_due == 2


def test_a_password_only_bank_officer_is_sent_to_the_second_factor(
    client, ops, due_c, settings, django_capture_on_commit_callbacks
):
    settings.BANK_STAFF_REQUIRE_2FA = True
    client.force_login(ops)
    data = {"period": "2026-09", "as_of": "2026-09-30", "step": "confirm", "confirm": "yes"}
    response = _post(client, data, django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"].startswith(reverse("portal:second-factor"))
    assert BalanceStatement.objects.count() == 2
