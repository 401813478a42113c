"""An answer form of a statement that can no longer be answered sends the client back to the statement saying why,
instead of showing a form that is refused only once filled in (agree, disagree, agree after adjustment)."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from tests.fixtures.signing import sign_redirect
from tests.portal.test_statement_pages import AFTER, DURING

pytestmark = pytest.mark.django_db
FORMS = ("portal:statement-agree", "portal:statement-disagree", "portal:statement-adjusted")


@pytest.fixture
def answered(client, client_a, published, customer_a):
    statement = published[customer_a.pk]
    client.force_login(client_a)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with time_machine.travel(DURING, tick=False):
        sign_redirect(client, client.post(reverse("portal:statement-agree", args=[statement.pk])))
    return statement


@pytest.mark.parametrize("name", FORMS)
def test_an_answered_statement_offers_no_form(client, answered, name):
    with time_machine.travel(DURING, tick=False):
        response = client.get(reverse(name, args=[answered.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("portal:statement-detail", args=[answered.pk])
    assert "This statement can no longer be answered: it is Confirmed (agreed)." in response.content.decode()


@pytest.mark.parametrize("name", FORMS)
def test_a_statement_past_its_due_date_offers_no_form(client, client_a, published, customer_a, name):
    statement = published[customer_a.pk]
    client.force_login(client_a)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with time_machine.travel(AFTER, tick=False):
        response = client.get(reverse(name, args=[statement.pk]), follow=True)
    assert response.redirect_chain and "The answer period ended on" in response.content.decode()


@pytest.mark.parametrize("name", FORMS)
def test_an_open_statement_shows_its_form(client, client_a, published, customer_a, name):
    statement = published[customer_a.pk]
    client.force_login(client_a)
    with time_machine.travel(DURING, tick=False):
        assert client.get(reverse(name, args=[statement.pk])).status_code == 200
