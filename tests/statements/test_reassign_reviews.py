"""An account ops reassign from the company that registered it to its real holder leaves nothing of the previous
company's review (复核) behind: before, its submissions stayed on the account, so the new holder's workbench and API
showed the previous company's reviewer's note and people, the new holder's reviewer could approve the previous
company's submission, and a pending one held the period read-only for the new holder."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from core.errors import ServiceError
from core.models import AuditEvent
from portal.models import Role
from reconcile.models import CloseReview
from reconcile.services.matching import match_manual
from reconcile.services.review import close_review_return, close_review_submit
from statements.services.account_reassign import bank_account_reassign
from tests.factories import api_key, make_user
from tests.statements.test_account_squatting import squatted  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db
OCT, NOV = dt.date(2026, 10, 31), dt.date(2026, 11, 30)
NOTE = "ZQA复核意见：第3笔勾对有误"


@pytest.fixture
def reviewed(squatted, accountant_a, customer_a):  # noqa: F811
    reviewer = make_user("reviewer_a", [Role.REVIEWER], customer_a)
    returned = close_review_submit(actor=accountant_a, account_id=squatted.pk, period_end=OCT)
    close_review_return(actor=reviewer, review_id=returned.pk, note=NOTE)
    close_review_submit(actor=accountant_a, account_id=squatted.pk, period_end=NOV)  # still pending
    return squatted


def test_the_new_holder_sees_and_decides_none_of_the_previous_companys_reviews(
    client, reviewed, ops, customer_b, accountant_a
):
    accountant_b = make_user("accountant_b", [Role.ACCOUNTANT, Role.REVIEWER], customer_b)
    make_user("reviewer_b", [Role.REVIEWER], customer_b)
    bank_account_reassign(actor=ops, account_id=reviewed.pk, credit_code=customer_b.credit_code, reason="开户行核实")
    client.force_login(accountant_b)
    for period in ("2026-10-31", "2026-11-30"):
        page = client.get(reverse("portal:workbench", args=[reviewed.pk], query={"period": period}))
        assert page.status_code == 200
        assert NOTE not in page.content.decode() and "accountant_a" not in page.content.decode()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(accountant_b)}")
    for day in ("2026-10-31", "2026-11-30"):
        response = api.get(reverse("api:account-close-review", args=[reviewed.pk]), {"date": day})
        assert NOTE not in response.content.decode() and "accountant_a" not in response.content.decode()
    assert not CloseReview.objects.filter(account=reviewed).exists()
    assert AuditEvent.objects.get(action="bank_account.reassigned").after["reviews_removed"] == 2
    # the periods are the new holder's: what decides a submission is now their own table (nothing uploaded yet),
    # not the previous holder's pending one
    with pytest.raises(ServiceError) as refused:
        close_review_submit(actor=accountant_b, account_id=reviewed.pk, period_end=NOV)
    assert refused.value.code == "no_files"


def test_a_pending_submission_of_the_previous_holder_does_not_freeze_the_new_holders_period(reviewed, ops, customer_b):
    from reconcile.models import BankLine, JournalEntry
    from reconcile.services.imports import import_file
    from tests.fixtures.worked_example import BANK_CSV, JOURNAL_CSV

    accountant_b = make_user("accountant_b", [Role.ACCOUNTANT], customer_b)
    bank_account_reassign(actor=ops, account_id=reviewed.pk, credit_code=customer_b.credit_code, reason="开户行核实")
    for kind, data in (
        ("bank", BANK_CSV.replace("SN2026", "SB2026").encode()),
        ("journal", JOURNAL_CSV.encode("gb18030")),
    ):
        record = import_file(
            actor=accountant_b,
            kind=kind,
            data=data,
            filename=f"b-{kind}.csv",
            account_number=reviewed.number,
            customer=customer_b,
        )
        assert record.status == "done", record.errors
    line = BankLine.objects.live().filter(account=reviewed).order_by("pk").first()
    entry = JournalEntry.objects.live().filter(account=reviewed, amount=line.amount, direction=line.direction).first()
    assert match_manual(
        actor=accountant_b, account_id=reviewed.pk, bank_line_ids=[line.pk], journal_entry_ids=[entry.pk]
    )
