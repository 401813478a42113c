"""A statement answered 调节后相符 does not say "Confirmed (agreed)": the books differed and items explain it."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from tests.fixtures.signing import sign_redirect
from tests.portal.test_answer_pages import (
    _form,
    statement,  # noqa: F401  (the fixture)
)
from tests.statements.test_reconciled_answer import BOOK, DURING, ITEMS

pytestmark = pytest.mark.django_db


def test_the_status_says_agreed_after_adjustment(client, statement, client_a):
    client.force_login(client_a)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with time_machine.travel(DURING, tick=False):
        sign_redirect(
            client, client.post(reverse("portal:statement-adjusted", args=[statement.pk]), _form(BOOK, ITEMS))
        )
        page = client.get(reverse("portal:statement-detail", args=[statement.pk])).content.decode()
    assert "Confirmed (agreed after adjustment)" in page
    assert "Confirmed (agreed)<" not in page


def test_the_list_says_agreed_after_adjustment_too(client, statement, client_a):
    """The statement list reads the same outcome as the page (its rows come from one query of their own)."""
    client.force_login(client_a)
    with time_machine.travel(DURING, tick=False):
        sign_redirect(
            client, client.post(reverse("portal:statement-adjusted", args=[statement.pk]), _form(BOOK, ITEMS))
        )
        chinese = client.get(reverse("portal:statements")).content.decode()
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        client.cookies.pop("django_language", None)
        english = client.get(reverse("portal:statements")).content.decode()
    assert f'status-confirmed">{_zh("Confirmed (agreed after adjustment)")}</span>' in chinese
    assert 'status-confirmed">Confirmed (agreed after adjustment)</span>' in english
    assert "Confirmed (agreed)<" not in english


def _zh(text: str) -> str:
    with translation.override("zh-hans"):
        return str(translation.gettext(text))


def test_a_plain_agreement_still_says_agreed(client, statement, client_a):
    client.force_login(client_a)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with time_machine.travel(DURING, tick=False):
        sign_redirect(client, client.post(reverse("portal:statement-agree", args=[statement.pk])))
        page = client.get(reverse("portal:statement-detail", args=[statement.pk])).content.decode()
    assert "Confirmed (agreed)<" in page
