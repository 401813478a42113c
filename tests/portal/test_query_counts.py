"""No N+1: the number of queries of a page does not grow with the number of rows it shows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from statements.models import (
    BalanceSource,
    BalanceStatement,
    Channel,
    Cycle,
    SmsMessage,
    SmsStatus,
    StatementRun,
    StatementStatus,
)
from statements.services.agreements import agreement_create
from tests.factories import BankAccountFactory, api_key
from tests.fixtures.signing import post_signed, register_key

pytestmark = pytest.mark.django_db


def _statements(customer, n: int, start: int, run: StatementRun | None = None) -> None:
    for i in range(n):
        account = BankAccountFactory(customer=customer, number=f"62220000{start + i:08d}")
        agreement = agreement_create(
            actor=None,
            account=account,
            cycle=Cycle.MONTHLY,
            channel=Channel.ONLINE_BANKING,
            contact_name="王丽",
            mobile="13812345678",
            valid_from=dt.date(2026, 1, 1),
        )
        BalanceStatement.objects.create(
            account=account,
            agreement=agreement,
            run=run,
            period="2026-09",
            period_end=dt.date(2026, 9, 30),
            number=f"202609-{account.pk:08d}",
            currency="CNY",
            balance=Decimal("100.00"),
            balance_source=BalanceSource.CORE_FEED,
            channel=Channel.ONLINE_BANKING,
            verification_code=f"CODE{start + i:08d}",
            content_hash="0" * 64,
            status=StatementStatus.DISPATCHED,
            dispatched_at=dt.datetime(2026, 10, 9, 2, tzinfo=dt.UTC),
            due_date=dt.date(2099, 10, 22),
        )


def _count(fn) -> int:
    fn()  # warm up: per-user caches (roles) are filled on the first request of a user object
    with CaptureQueriesContext(connection) as ctx:
        response = fn()
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["portal:home", "portal:statements", "portal:accounts"])
def test_client_pages_do_not_grow_with_rows(client, client_a, customer_a, page):
    client.force_login(client_a)
    _statements(customer_a, 2, 0)
    small = _count(lambda: client.get(reverse(page)))
    _statements(customer_a, 12, 100)
    assert _count(lambda: client.get(reverse(page))) == small


def test_statement_page_query_count_is_bounded(client, client_a, customer_a):
    client.force_login(client_a)
    _statements(customer_a, 1, 0)
    statement = BalanceStatement.objects.get()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("portal:statement-detail", args=[statement.pk])).status_code == 200
    assert len(ctx.captured_queries) <= 30


def test_api_statement_list_does_not_grow(client_a, customer_a):
    api = APIClient()
    api.force_authenticate(client_a)
    _statements(customer_a, 2, 0)
    small = _count(lambda: api.get(reverse("api:statement-list")))
    _statements(customer_a, 12, 100)
    assert _count(lambda: api.get(reverse("api:statement-list"))) == small


def test_ops_dashboard_does_not_grow_with_statements(client, ops, customer_a):
    client.force_login(ops)
    _statements(customer_a, 2, 0)
    small = _count(lambda: client.get(reverse("portal:ops")))
    _statements(customer_a, 12, 100)
    assert _count(lambda: client.get(reverse("portal:ops"))) == small


def _runs(customer, months: range) -> None:
    """A run per month with two statements, both dispatched (10-09) and notified (10-13) a day after the deadlines."""
    notified = dt.datetime(2026, 10, 13, 2, tzinfo=dt.UTC)
    for month in months:
        run = StatementRun.objects.create(
            period=f"2025-{month:02d}",
            period_start=dt.date(2025, month, 1),
            period_end=dt.date(2025, month, 28),
            as_of=dt.date(2025, month, 28),
            dispatch_deadline=dt.date(2026, 10, 8),
            sms_deadline=dt.date(2026, 10, 12),
        )
        _statements(customer, 2, 1000 * month, run=run)
        for statement in run.statements.all():
            SmsMessage.objects.create(
                key=f"statement_notice:{statement.pk}:v1",
                template="statement_notice",
                phone="13812345678",
                statement=statement,
                not_before=statement.dispatched_at,
                status=SmsStatus.SENT,
                sent_at=notified,
            )


def test_ops_dashboard_and_run_page_do_not_grow_with_runs(client, ops, customer_a):
    """The runs' deadline counts are two aggregate queries, whether the dashboard lists one run or six."""
    client.force_login(ops)
    _runs(customer_a, range(1, 2))
    run = StatementRun.objects.get()
    small = _count(lambda: client.get(reverse("portal:ops")))
    run_page = _count(lambda: client.get(reverse("portal:ops-run", args=[run.pk])))
    _runs(customer_a, range(2, 7))
    response = client.get(reverse("portal:ops"), headers={"accept-language": "en"})
    assert response.content.decode().count('<td class="amount late">2</td>') == 12  # 6 runs, both counts late
    assert _count(lambda: client.get(reverse("portal:ops"))) == small
    assert _count(lambda: client.get(reverse("portal:ops-run", args=[run.pk]))) == run_page


def _sql(fn) -> list[str]:
    fn()
    with CaptureQueriesContext(connection) as ctx:
        response = fn()
    assert response.status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def test_statement_list_queries_are_fixed_whatever_the_page(client, client_a, customer_a):
    """Session, the user with customer and roles (portal.auth) and the page's rows, which carry the listing's count
    (COUNT(*) OVER ()): 3, on every page. A page out of range (an old link) costs the count and the last page's rows
    as Django's Paginator reads them, and shows the last page."""
    client.force_login(client_a)
    _statements(customer_a, 60, 0)
    for page in ("1", "2", "3"):
        sql = _sql(lambda: client.get(reverse("portal:statements"), {"page": page}))  # noqa: B023 - called at once
        assert len(sql) == 3
        assert not [q for q in sql if "COUNT(*) AS" in q.upper()]  # no count query of its own
    assert len(_sql(lambda: client.get(reverse("portal:statements"), {"page": "9"}))) == 5
    last = client.get(reverse("portal:statements"), {"page": "9"})
    assert last.context["page"].number == 3 and len(last.context["rows"]) == 10


def test_statement_page_repeat_view_queries(client, client_a, customer_a):
    """Session, the user with customer and roles, and the statement, which says in the same query (EXISTS) whether
    it has disputes, answers, other versions or a prepared answer: 3 for a statement with none of them, and no
    write once the statement was viewed."""
    client.force_login(client_a)
    _statements(customer_a, 1, 0)
    statement = BalanceStatement.objects.get()
    sql = _sql(lambda: client.get(reverse("portal:statement-detail", args=[statement.pk])))
    assert len(sql) == 3
    assert not [q for q in sql if q.lstrip().upper().startswith(("UPDATE", "INSERT", "BEGIN", "SAVEPOINT"))]


def test_statement_page_reads_and_shows_each_thing_the_statement_has(client, client_a, accountant_a, customer_a):
    """Each of another version, an answer, a dispute and a prepared answer adds its read (and is on the page)."""
    from django.utils import timezone

    from statements.models import AnswerDraft, Confirmation, ConfirmationStatus, Decision, Dispute

    client.force_login(client_a)
    _statements(customer_a, 1, 0)
    statement = BalanceStatement.objects.get()
    url = reverse("portal:statement-detail", args=[statement.pk])
    assert len(_sql(lambda: client.get(url))) == 3

    other = BalanceStatement.objects.get(pk=statement.pk)
    other.pk, other.version, other.verification_code, other.previous = None, 2, "CODE-V2", statement
    other.save()
    assert len(_sql(lambda: client.get(url))) == 4  # + the versions
    assert reverse("portal:statement-detail", args=[other.pk]) in client.get(url).content.decode()

    answer = Confirmation.objects.create(
        statement=statement,
        decision=Decision.DISAGREE,
        book_balance=Decimal("850.00"),
        reason="账上少一百元",
        status=ConfirmationStatus.FINAL,
        submitted_by=client_a,
        submitted_at=timezone.now(),
    )
    assert len(_sql(lambda: client.get(url))) == 6  # + the answers and their items
    assert "账上少一百元" in client.get(url).content.decode()

    Dispute.objects.create(
        statement=statement, confirmation=answer, opened_at=timezone.now(), bank_due_date=dt.date(2099, 11, 3)
    )
    assert len(_sql(lambda: client.get(url))) == 8  # + the disputes and their notes
    assert "2099-11-03" in client.get(url).content.decode()

    AnswerDraft.objects.create(
        statement=statement,
        prepared_by=accountant_a,
        prepared_at=timezone.now(),
        book_balance=Decimal("4321.09"),
        difference=Decimal("0"),
    )
    assert len(_sql(lambda: client.get(url))) == 9  # + the prepared answer
    assert "4,321.09" in client.get(url).content.decode()


def test_api_confirm_queries_and_one_lock_of_the_audit_chain(client_a, customer_a):
    _statements(customer_a, 2, 0)
    first, second = BalanceStatement.objects.order_by("pk")
    api = APIClient()
    token = api_key(client_a)
    key = register_key(customer_a)
    post_signed(
        api, reverse("api:statement-confirm", args=[first.pk]), first.pk, key, HTTP_AUTHORIZATION=f"Token {token}"
    )
    with CaptureQueriesContext(connection) as ctx:
        response = post_signed(
            api, reverse("api:statement-confirm", args=[second.pk]), second.pk, key, HTTP_AUTHORIZATION=f"Token {token}"
        )
    assert response.status_code == 200 and response.json()["status"] == "confirmed"
    sql = [q["sql"] for q in ctx.captured_queries]
    # token with user, customer and roles, visible?, the signing key, [savepoint/begin], the statement and its
    # company unlocked (the caller's right, checked before any lock), statement lock, pending?, the signing key again
    # under the lock (revoked since?), confirmation, statement, chain head lock, both events in one INSERT, head
    # update, [commit]; then the answer the response shows (the answer, its items)
    assert len([q for q in sql if not q.upper().startswith(("SAVEPOINT", "RELEASE", "BEGIN", "COMMIT"))]) == 14
    head_locks = [
        i
        for i, q in enumerate(sql)  # SELECT ... FOR UPDATE on PostgreSQL (SQLite locks the file)
        if "auditchainhead" in q and q.upper().startswith("SELECT")
    ]
    assert len(head_locks) == 1
    writes = [
        i
        for i, q in enumerate(sql)
        if q.upper().startswith(("INSERT", "UPDATE")) and "auditevent" not in q and "auditchainhead" not in q
    ]
    assert max(writes) < head_locks[0]  # the chain head is locked last, after the statement's own writes
