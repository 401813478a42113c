"""The dispute page on a statement without detail: "the bank does not feed this account" only when it never does;
an account the bank feeds from a later period has no detail for the disputed period, which the page says."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from reconcile.services.imports import import_file
from statements.models import Decision
from statements.services.confirmations import confirmation_submit
from tests.fixtures.language import language_restored  # noqa: F401 (autouse fixture)

pytestmark = pytest.mark.django_db
CST = dt.timezone(dt.timedelta(hours=8))
EN = {"accept-language": "en"}
# October 2026 of account A as the bank feeds it: the feed starts after September was published bare.
OCTOBER_CSV = """交易日期,摘要,对方户名,借方发生额,贷方发生额,余额,交易流水号
2026-10-09,收恒瑞货款,上海恒瑞贸易有限公司,,"30,000.00","1,280,000.00",OCT0001
2026-10-20,手续费,,150.00,,"1,279,850.00",OCT0002
"""
NOT_FED = "none: the bank does not feed this account"
NOT_FOR_PERIOD = (
    "none: the bank's detail is not available for this period (the bank feeds this account from 2026-10-09)"
)


@pytest.fixture
def dispute(published, customer_a, client_a):
    """Customer A disagrees with its bare September statement, naming a fee the bank charged (a bank-side item)."""
    statement = published[customer_a.pk]
    assert statement.detail_lines is None
    with time_machine.travel(dt.datetime(2026, 10, 12, 10, tzinfo=CST), tick=False):
        confirmation_submit(
            actor=client_a,
            statement_id=statement.pk,
            decision=Decision.DISAGREE,
            book_balance="1249500.00",
            reason="管理费误扣",
            outstanding=[
                {"kind": "bank_out_not_journal", "date": "2026-09-28", "amount": "500.00", "summary": "管理费"}
            ],
        )
    return statement.disputes.get()


def _page(client, ops, dispute) -> str:
    client.force_login(ops)
    return client.get(reverse("portal:ops-dispute", args=[dispute.pk]), headers=EN).content.decode()


def test_an_account_the_bank_never_fed_keeps_saying_so(client, ops, dispute):
    body = _page(client, ops, dispute)
    assert NOT_FED in body and "not available for this period" not in body
    assert "not checked: the bank does not feed this account" in body


def test_an_account_fed_from_a_later_month_has_no_detail_for_the_disputed_period(client, ops, dispute, account_a):
    with time_machine.travel(dt.datetime(2026, 11, 2, 10, tzinfo=CST), tick=False):
        fed = import_file(
            actor=ops, kind="bank", data=OCTOBER_CSV.encode(), filename="oct.csv", account_number=account_a.number
        )
    assert fed.status == "done", fed.errors
    body = _page(client, ops, dispute)
    assert NOT_FOR_PERIOD in body and NOT_FED not in body
    assert "not checked: the bank's detail is not available for this period" in body  # the fee's check
    assert "the bank does not feed this account" not in body


def test_taking_a_dispute_says_so_and_offers_the_button_no_more(client, ops, dispute):
    """The button stayed after the dispute was taken: pressed again it did nothing and said nothing, and for a second
    officer it could only be refused."""
    url = reverse("portal:ops-dispute", args=[dispute.pk])
    body = _page(client, ops, dispute)
    assert ">Take this dispute</button>" in body
    response = client.post(url, {"action": "take"}, headers=EN, follow=True)
    body = response.content.decode()
    assert "You are investigating this dispute now." in body
    assert ">Take this dispute</button>" not in body
    dispute.refresh_from_db()
    assert (dispute.status, dispute.assigned_to_id) == ("investigating", ops.pk)
