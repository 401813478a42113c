"""The answer prepared from the workbench's table: its amounts read as every amount on the page (grouped), and the
workbench shows that it was prepared instead of offering "answer with this table" as if nothing had been done."""

from __future__ import annotations

from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from statements.models import AnswerDraft, Confirmation, Decision
from tests.fixtures.signing import sign_redirect
from tests.portal.test_answer_pages import _form, reconciled, statement  # noqa: F401 (fixtures)
from tests.statements.test_reconciled_answer import DURING

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
ANSWER = "Answer with this table"
AGAIN = "Prepare again from this table (replaces the prepared answer)"


@pytest.fixture(autouse=True)
def _pages_in_english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def _prepare(client, statement) -> None:
    with time_machine.travel(DURING, tick=False):
        client.post(reverse("portal:statement-prepare-answer", args=[statement.pk]))


def _workbench(client, account) -> str:
    with time_machine.travel(DURING, tick=False):
        response = client.get(reverse("portal:workbench", args=[account.pk]) + "?period=2026-09-30")
    assert response.status_code == 200
    return response.content.decode()


def test_the_prepared_answer_fills_in_grouped_amounts_that_submit_as_shown(client, reconciled, accountant_a, client_a):
    client.force_login(accountant_a)
    _prepare(client, reconciled)
    client.force_login(client_a)
    url = reverse("portal:statement-adjusted", args=[reconciled.pk])
    with time_machine.travel(DURING, tick=False):
        form = client.get(url + "?draft=1").content.decode()
    assert 'value="1,198,500.00"' in form and 'value="1198500.00"' not in form
    assert "e.g. 1,200,000.00" in form  # the hint's example, grouped as the values are
    assert 'value="30,000.00"' in form and 'value="80,000.00"' in form  # the items too
    items = [dict(item, amount=f"{Decimal(item['amount']):,.2f}") for item in AnswerDraft.objects.get().items]
    with time_machine.travel(DURING, tick=False):
        done = sign_redirect(client, client.post(url, _form("1,198,500.00", items)))
    assert done.status_code == 302
    answer = Confirmation.objects.get(statement=reconciled)
    assert answer.decision == Decision.AGREE_ADJUSTED and str(answer.book_balance) == "1198500.00"


def test_the_workbench_shows_the_prepared_answer_instead_of_offering_it_again(
    client, reconciled, accountant_a, account_a
):
    client.force_login(accountant_a)
    assert ANSWER in _workbench(client, account_a) and AGAIN not in _workbench(client, account_a)
    _prepare(client, reconciled)
    page = _workbench(client, account_a)
    assert ANSWER not in page
    assert "prepared an answer from the balance adjustment table on" in page and "4 outstanding items." in page
    assert "Book balance 1,198,500.00" in page and "waiting for a confirmer of your company to submit it" in page
    assert f'<a href="{reverse("portal:statement-detail", args=[reconciled.pk])}">See the prepared answer</a>' in page
    # Preparing again is allowed (a newer draft replaces the older), and the button says so.
    assert AGAIN in page and reverse("portal:statement-prepare-answer", args=[reconciled.pk]) in page
    _prepare(client, reconciled)
    assert AnswerDraft.objects.filter(statement=reconciled).count() == 2
    assert AGAIN in _workbench(client, account_a)
