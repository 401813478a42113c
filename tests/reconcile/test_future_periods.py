"""A period can be closed, or submitted for review, once it has ended. Before, an accountant could close (or submit)
the period up to 2099-12-31 (the last day the pages and the API accept): every later line was then refused as lying
in a closed period, the bank's own feed of the account's detail included, so one company user stopped the bank's
statement detail for the account for good."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from core.errors import ServiceError
from reconcile.models import BankLine, CloseReview, PeriodClose
from reconcile.services.imports import import_file
from reconcile.services.matching import period_close
from reconcile.services.review import close_review_submit
from tests.factories import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
FAR = dt.date(2099, 12, 31)


def test_a_period_that_has_not_ended_is_neither_closed_nor_submitted(account_a, accountant_a, customer_a):
    today = timezone.localdate()
    next_month_end = (today.replace(day=28) + dt.timedelta(days=35)).replace(day=1) - dt.timedelta(days=1)
    for end in (FAR, next_month_end):
        with pytest.raises(ServiceError) as refused:
            period_close(actor=accountant_a, account_id=account_a.pk, period_end=end)
        assert refused.value.code == "period_not_ended" and str(end) in refused.value.message
    make_user("reviewer_a", ["reviewer"], customer_a)
    with pytest.raises(ServiceError) as refused:
        close_review_submit(actor=accountant_a, account_id=account_a.pk, period_end=FAR)
    assert refused.value.code == "period_not_ended"
    assert not PeriodClose.objects.exists() and not CloseReview.objects.exists()


def test_the_bank_feed_goes_on_after_a_company_tried_to_close_the_future(account_a, accountant_a, ops):
    with pytest.raises(ServiceError):
        period_close(actor=accountant_a, account_id=account_a.pk, period_end=FAR)
    today = timezone.localdate()
    fed = import_file(
        actor=ops,
        kind="bank",
        data=f"交易日期,摘要,借方发生额,贷方发生额,余额\n{today},手续费,15.00,,985.00\n".encode(),
        filename="feed.csv",
        account_number=account_a.number,
        customer=account_a.customer,
    )
    assert fed.status == "done", fed.errors
    assert BankLine.objects.filter(account=account_a).count() == 1


def test_the_last_month_that_ended_closes(account_a, accountant_a):
    last_month_end = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    close = period_close(actor=accountant_a, account_id=account_a.pk, period_end=last_month_end)
    assert close.period_end == last_month_end
