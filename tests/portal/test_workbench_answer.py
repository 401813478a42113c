"""“Answer with this table” on the workbench: shown only for an account with a statement open for answer at the
period end shown; one step makes the prepared answer, which a confirmer submits (maker-checker)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from statements.models import AnswerDraft, Confirmation, ConfirmationStatus, Decision
from tests.portal.test_answer_pages import reconciled, statement  # noqa: F401 (fixtures)
from tests.statements.test_reconciled_answer import BOOK, DURING

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
BUTTON = "Answer with this table"


@pytest.fixture(autouse=True)
def _pages_in_english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the button's label as asserted; the page is zh-Hans by default


def _workbench(client, account, period: str) -> str:
    with time_machine.travel(DURING, tick=False):
        response = client.get(reverse("portal:workbench", args=[account.pk]) + f"?period={period}")
    assert response.status_code == 200
    return response.content.decode()


def test_the_button_makes_the_prepared_answer_in_one_step(client, reconciled, accountant_a, account_a):
    client.force_login(accountant_a)
    page = _workbench(client, account_a, "2026-09-30")
    assert BUTTON in page and reverse("portal:statement-prepare-answer", args=[reconciled.pk]) in page
    assert reconciled.number in page
    with time_machine.travel(DURING, tick=False):
        done = client.post(reverse("portal:statement-prepare-answer", args=[reconciled.pk]))
    assert done.status_code == 302 and done["Location"] == reverse("portal:statement-detail", args=[reconciled.pk])
    draft = AnswerDraft.objects.get(statement=reconciled)
    assert draft.difference == 0 and str(draft.book_balance) == BOOK and len(draft.items) == 4
    assert not Confirmation.objects.exists()  # prepared, not answered: a confirmer submits it


def test_no_button_for_a_period_end_without_a_statement(client, reconciled, accountant_a, account_a):
    client.force_login(accountant_a)
    assert BUTTON not in _workbench(client, account_a, "2026-09-29")


def test_no_button_once_the_statement_is_answered_or_past_its_due_date(
    client, reconciled, accountant_a, account_a, client_a
):
    client.force_login(accountant_a)
    with time_machine.travel(reconciled.due_date + dt.timedelta(days=1), tick=False):
        late = client.get(reverse("portal:workbench", args=[account_a.pk]) + "?period=2026-09-30")
    assert BUTTON not in late.content.decode()
    Confirmation.objects.create(
        statement=reconciled,
        decision=Decision.AGREE,
        submitted_by=client_a,
        status=ConfirmationStatus.AWAITING_APPROVAL,
        submitted_at=timezone.now(),
    )
    assert BUTTON not in _workbench(client, account_a, "2026-09-30")


def test_the_prepared_answer_names_its_preparer_as_documents_do(client, reconciled, accountant_a, account_a, client_a):
    """The statement page named the accountant with Django's "first last" (敏 张); it is 张敏, as on the table."""
    accountant_a.last_name, accountant_a.first_name = "张", "敏"
    accountant_a.save(update_fields=["last_name", "first_name"])
    client.force_login(accountant_a)
    with time_machine.travel(DURING, tick=False):
        client.post(reverse("portal:statement-prepare-answer", args=[reconciled.pk]))
        client.force_login(client_a)
        page = client.get(reverse("portal:statement-detail", args=[reconciled.pk])).content.decode()
    assert "张敏 prepared an answer from the balance adjustment table" in page
    assert "敏 张" not in page
