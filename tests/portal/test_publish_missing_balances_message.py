"""Publishing refused for missing balances names the accounts in the page's language: the list separator and the
"and N more" tail past twenty accounts are translated, not English inside a Chinese sentence."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from core.errors import ServiceError
from statements.models import Agreement, Channel, Cycle
from statements.services.agreements import agreement_create
from statements.services.publish_checks import check_balances
from tests.factories import BankAccountFactory

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 8, 31)


def _agreements(customer, count: int):
    for i in range(count):
        agreement_create(
            actor=None,
            account=BankAccountFactory(customer=customer, number=f"6222{i:012d}"),
            cycle=Cycle.MONTHLY,
            channel=Channel.ONLINE_BANKING,
            contact_name="张敏",
            mobile="13700001111",
            valid_from=dt.date(2026, 1, 1),
        )
    return Agreement.objects.filter(account__number__startswith="6222")


def _refusal(agreements, language: str) -> str:
    with translation.override(language), pytest.raises(ServiceError) as refused:
        check_balances(agreements, AS_OF)
    return str(refused.value)


def test_more_than_twenty_accounts_end_with_how_many_more_in_english(customer_a):
    message = _refusal(_agreements(customer_a, 21), "en")
    assert "for 21 accounts: 6222000000000000, 6222000000000001," in message
    assert "6222000000000019 and 1 more. Upload" in message
    assert "6222000000000020" not in message


def test_the_accounts_are_listed_with_a_chinese_comma_in_chinese(customer_a):
    message = _refusal(_agreements(customer_a, 2), "zh-hans")
    assert "6222000000000000，6222000000000001" in message
    assert ", 6222" not in message
