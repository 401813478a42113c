"""The statement page's note on an answer prepared from the workbench gives the book balance with the statement's
currency, as the bank balance above it is given ("CNY 1,250,000.00" ... "Book balance CNY 1,198,500.00")."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.urls import reverse

from tests.portal.test_answer_pages import reconciled, statement  # noqa: F401 (fixtures)
from tests.statements.test_reconciled_answer import DURING

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_the_prepared_answer_note_gives_the_book_balance_with_its_currency(client, reconciled, accountant_a, client_a):
    client.force_login(accountant_a)
    with time_machine.travel(DURING, tick=False):
        client.post(reverse("portal:statement-prepare-answer", args=[reconciled.pk]), HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(client_a)
    with time_machine.travel(DURING, tick=False):
        html = client.get(
            reverse("portal:statement-detail", args=[reconciled.pk]), HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "prepared an answer from the balance adjustment table on" in text
    assert f"Book balance {reconciled.currency} 1,198,500.00" in text


def test_the_accountant_sees_the_answer_already_prepared_and_prepares_it_again(client, reconciled, accountant_a):
    client.force_login(accountant_a)
    url = reverse("portal:statement-detail", args=[reconciled.pk])

    def page() -> str:
        with time_machine.travel(DURING, tick=False):
            html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))

    before = page()
    assert "Answer with the balance adjustment table" in before and "Prepare it again" not in before
    with time_machine.travel(DURING, tick=False):
        client.post(reverse("portal:statement-prepare-answer", args=[reconciled.pk]), HTTP_ACCEPT_LANGUAGE="en")
    after = page()
    assert "prepared an answer from the balance adjustment table on" in after
    assert "Preparing it again replaces it with the table as it is now." in after
    assert "Prepare it again from the table" in after and "Answer with the balance adjustment table" not in after
