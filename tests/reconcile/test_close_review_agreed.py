"""复核 is for a table that agrees: submitting a period whose 余额调节表 is refused or shows a difference is refused.

The workbench offers **Submit for review** only under an agreeing table (README, "Review before close"); the API and
a form posted from a stale page went through the same service without that check, so a reviewer could be asked to
approve (and so close) a period with no files at all, or one whose table does not agree.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from core.errors import ConflictError, ServiceError
from reconcile.models import CloseReview
from reconcile.services.matching import match_run_execute, match_run_start
from reconcile.services.review import close_review_submit
from tests.factories import BankAccountFactory, api_key, make_user
from tests.fixtures.books import import_both
from tests.fixtures.worked_example import BANK_CSV, JOURNAL_CSV

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
END = dt.date(2026, 10, 31)

# The worked example's journal, 1,000.00 short from its opening balance on: nothing explains the difference.
SHORT_JOURNAL = (
    JOURNAL_CSV.replace('"1,000,000.00"', '"999,000.00"')
    .replace('"1,200,000.00"', '"1,199,000.00"')
    .replace('"1,150,000.00"', '"1,149,000.00"')
    .replace('"1,248,500.00"', '"1,247,500.00"')
    .replace('"1,168,500.00"', '"1,167,500.00"')
    .replace('"1,198,500.00"', '"1,197,500.00"')
)


@pytest.fixture
def reviewer_a(customer_a):
    return make_user("reviewer_a", ["reviewer"], customer_a)


def test_a_table_with_a_difference_is_not_submitted(account_a, accountant_a, reviewer_a):
    import_both(account_a, accountant_a, bank=BANK_CSV, journal=SHORT_JOURNAL)
    match_run_execute(run_id=match_run_start(actor=accountant_a, account_id=account_a.pk, period_end=END).pk)
    with pytest.raises(ConflictError) as refused:
        close_review_submit(actor=accountant_a, account_id=account_a.pk, period_end=END)
    assert refused.value.code == "not_agreed"
    assert "1,000.00" in refused.value.message
    assert not CloseReview.objects.exists()


def test_an_account_without_files_is_not_submitted(customer_a, accountant_a, reviewer_a):
    empty = BankAccountFactory(customer=customer_a, number="31050161373600009999")
    with pytest.raises(ServiceError) as refused:
        close_review_submit(actor=accountant_a, account_id=empty.pk, period_end=END)
    assert refused.value.code == "no_files"
    assert not CloseReview.objects.exists()


def test_the_api_answers_409_with_the_tables_refusal(customer_a, account_a, accountant_a, reviewer_a):
    empty = BankAccountFactory(customer=customer_a, number="31050161373600009999")
    import_both(account_a, accountant_a, bank=BANK_CSV, journal=SHORT_JOURNAL)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(accountant_a)}", HTTP_ACCEPT_LANGUAGE="en")
    for account, code in ((empty, "no_files"), (account_a, "not_agreed")):
        answer = api.post(reverse("api:account-close-review", kwargs={"pk": account.pk}), {"date": "2026-10-31"})
        assert answer.status_code == 409, answer.content
        assert answer.json()["code"] == code
    assert not CloseReview.objects.exists()


def test_an_agreeing_table_is_still_submitted(books, accountant_a, reviewer_a):
    match_run_execute(run_id=match_run_start(actor=accountant_a, account_id=books.pk, period_end=END).pk)
    assert close_review_submit(actor=accountant_a, account_id=books.pk, period_end=END).state == "submitted"
