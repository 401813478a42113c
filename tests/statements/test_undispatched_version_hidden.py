"""A company user never sees a statement the bank has not dispatched (``statements_in``): a corrected version 2 on
paper waits for the post (PUBLISHED, dispatched_at empty). Its balance must not show on version 1's page, in the list
of versions, before the company has it; bank staff still see every version."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest
from django.urls import reverse

from statements.models import BalanceStatement, StatementStatus
from statements.selectors.page import statement_page_reads

pytestmark = pytest.mark.django_db
CORRECTED = Decimal("7654321.98")


@pytest.fixture
def undispatched_v2(published, customer_a):
    first = published[customer_a.pk]
    second = copy.copy(first)
    second.pk = None
    second.version, second.previous, second.balance = 2, first, CORRECTED
    second.status, second.dispatched_at, second.verification_code = StatementStatus.PUBLISHED, None, "ZZZZ9999"
    second.content_hash = "f" * 64
    second.save()
    first.status = StatementStatus.SUPERSEDED
    first.save(update_fields=["status"])
    return first, second


def test_the_company_does_not_see_an_undispatched_version_on_the_page(client, client_a, undispatched_v2):
    first, second = undispatched_v2
    client.force_login(client_a)
    page = client.get(reverse("portal:statement-detail", args=[first.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "7,654,321.98" not in body and reverse("portal:statement-detail", args=[second.pk]) not in body
    assert [v.pk for v in statement_page_reads(client_a, first.pk).versions] == [first.pk]


def test_bank_staff_see_every_version(ops, undispatched_v2):
    first, second = undispatched_v2
    reads = statement_page_reads(ops, first.pk)
    assert reads is not None and [v.pk for v in reads.versions] == [first.pk, second.pk]
    assert BalanceStatement.objects.get(pk=second.pk).dispatched_at is None
