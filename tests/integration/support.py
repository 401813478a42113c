"""Helpers of the integration tests: bounded waits, row locks held from another connection, data."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import psycopg
from django.db import connection, connections
from django.utils import timezone, translation

from reconcile.models import BankAccount, Customer
from statements.calendar import SHANGHAI
from statements.models import Agreement, BalanceSource, Channel, Cycle, PeriodBalance
from tests.factories import credit_code

# ---------------------------------------------------------------------------------------------- waiting


def wait_until(predicate: Callable[[], Any], *, timeout: float, what: str, interval: float = 0.05) -> Any:
    """Poll until `predicate()` is truthy and return its value; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


# ------------------------------------------------------------------------------ other PostgreSQL sessions


def raw_connection(*, autocommit: bool = False) -> psycopg.Connection:
    """A PostgreSQL session of its own on the test database (not Django's)."""
    s = connection.settings_dict
    return psycopg.connect(
        host=s.get("HOST") or "127.0.0.1",
        port=s.get("PORT") or 5432,
        user=s.get("USER") or None,
        password=s.get("PASSWORD") or None,
        dbname=s["NAME"],
        autocommit=autocommit,
    )


@contextlib.contextmanager
def row_locks(sql: str, params: tuple = ()) -> Iterator[Callable[[], None]]:
    """Hold `SELECT ... FOR UPDATE` locks in another session; yields `release` (also called on exit)."""
    conn = raw_connection()
    conn.execute(sql, params)
    released = False

    def release() -> None:
        nonlocal released
        if not released:
            conn.rollback()
            released = True

    try:
        yield release
    finally:
        release()
        conn.close()


def audit_head_lock():
    """Hold every audit chain's head: every service's transaction stops at its audit_record, uncommitted, whichever
    chain its process and thread append to (the heads not written yet are created first, empty, so there is a row
    to hold)."""
    from django.conf import settings

    shards = int(settings.AUDIT_CHAIN_SHARDS)
    with raw_connection(autocommit=True) as conn:
        conn.execute(
            "INSERT INTO reconcile_auditchainhead (id, last_seq, last_hash) SELECT n, 0, repeat('0', 64) "
            "FROM generate_series(1, %s) n ON CONFLICT (id) DO NOTHING",
            (shards,),
        )
    return row_locks("SELECT id FROM reconcile_auditchainhead ORDER BY id FOR UPDATE")


def lock_waiters(*, query_like: str | None = None) -> list[tuple[int, str]]:
    """Sessions of the test database waiting for a lock: [(backend pid, query)]."""
    with raw_connection(autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid, query FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        ).fetchall()
    return [(pid, q) for pid, q in rows if query_like is None or query_like.lower() in q.lower()]


def wait_for_lock_waiters(n: int, *, timeout: float = 30, query_like: str | None = None) -> list[tuple[int, str]]:
    return wait_until(
        lambda: (w := lock_waiters(query_like=query_like)) and len(w) >= n and w,
        timeout=timeout,
        what=f"{n} session(s) waiting for a lock ({query_like or 'any'})",
    )


def backend_alive(pid: int) -> bool:
    with raw_connection(autocommit=True) as conn:
        return conn.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchone() is not None


# ---------------------------------------------------------------------------------------------- threads


@dataclass
class Outcome:
    result: Any = None
    error: BaseException | None = None


@dataclass
class InThread:
    """Run a call in a thread with its own database connection (closed at the end), English messages."""

    fn: Callable[[], Any]
    outcome: Outcome = field(default_factory=Outcome)

    def __post_init__(self) -> None:
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        try:
            with translation.override("en"):
                self.outcome.result = self.fn()
        except BaseException as exc:  # collected and asserted by the test
            self.outcome.error = exc
        finally:
            connections.close_all()

    def start(self) -> InThread:
        self.thread.start()
        return self

    def finished(self) -> bool:
        return self.thread.ident is not None and not self.thread.is_alive()

    def join(self, timeout: float = 60) -> Outcome:
        self.thread.join(timeout)
        assert not self.thread.is_alive(), "a thread did not finish in time"
        return self.outcome


# ------------------------------------------------------------------------------------------ time and data


def shanghai_today() -> dt.date:
    return timezone.localdate(timezone.now(), SHANGHAI)


def last_finished_month(today: dt.date | None = None) -> tuple[str, dt.date]:
    """The most recent month that has ended (real clock): ('2026-10', date(2026, 10, 31))."""
    today = today or shanghai_today()
    end = today.replace(day=1) - dt.timedelta(days=1)
    return f"{end:%Y-%m}", end


def ensure_calendar(today: dt.date | None = None) -> None:
    """This year and next must be loaded (due dates run into next year in December).

    The library ships official years only; a year it lacks gets a synthetic schedule (New Year's Day
    off, otherwise Monday to Friday) through the ops loader, like a real next-year load.
    """
    from statements.selectors import workday_calendar
    from statements.services.calendar import workdays_load

    today = today or shanghai_today()
    calendar = workday_calendar()
    missing = [y for y in (today.year - 1, today.year, today.year + 1) if not calendar.is_loaded(y)]
    if missing:
        rows = "".join(f"{y}-01-01,holiday\n" for y in missing)
        workdays_load(actor=None, data=f"date,kind\n{rows}".encode(), source="integration tests: synthetic", force=True)


def channel_for(i: int) -> str:
    """Every 5th account gets paper mail, the rest alternate between the two online channels."""
    if i % 5 == 4:
        return Channel.PAPER
    return Channel.ONLINE_BANKING if i % 2 else Channel.WEBSITE


@dataclass(frozen=True)
class DueAccounts:
    account_ids: list[int]
    online_ids: set[int]
    period: str
    period_end: dt.date


def make_due_accounts(n: int, *, period_end: dt.date, prefix: int = 1, per_customer: int = 100) -> DueAccounts:
    """n active accounts with a monthly agreement valid since 2026-01-01 and a balance at the period end.

    bulk_create for speed; the services that publish them are exercised by the tests.
    """
    customers = Customer.objects.bulk_create(
        [
            Customer(legal_name=f"集成测试企业{prefix}-{c}有限公司", credit_code=credit_code(prefix * 100_000 + c))
            for c in range((n + per_customer - 1) // per_customer)
        ]
    )
    accounts = BankAccount.objects.bulk_create(
        [
            BankAccount(
                number=f"62{prefix:02d}{i:012d}",
                currency="CNY",
                customer=customers[i // per_customer],
                branch="上海浦东分行营业部",
            )
            for i in range(n)
        ],
        batch_size=2000,
    )
    Agreement.objects.bulk_create(
        [
            Agreement(
                account=a,
                cycle=Cycle.MONTHLY,
                channel=channel_for(i),
                contact_name="王丽",
                mobile=f"13{prefix % 10}{i:08d}",
                valid_from=dt.date(2026, 1, 1),
                address="上海市浦东新区世纪大道100号" if channel_for(i) == Channel.PAPER else "",
            )
            for i, a in enumerate(accounts)
        ],
        batch_size=2000,
    )
    PeriodBalance.objects.bulk_create(
        [
            PeriodBalance(
                account=a, as_of=period_end, balance=Decimal(1000 + i) + Decimal("0.55"), source=BalanceSource.CORE_FEED
            )
            for i, a in enumerate(accounts)
        ],
        batch_size=2000,
    )
    return DueAccounts(
        account_ids=[a.pk for a in accounts],
        online_ids={a.pk for i, a in enumerate(accounts) if channel_for(i) != Channel.PAPER},
        period=f"{period_end:%Y-%m}",
        period_end=period_end,
    )


@contextlib.contextmanager
def eager_tasks() -> Iterator[None]:
    """Run tasks in this process (like `make test`), for setting up small data through the services."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = previous


def open_dispute(statement, client):
    """The client disagrees (through the service): the statement is disputed, a dispute opened."""
    from statements.models import Dispute
    from statements.services.confirmations import confirmation_submit

    confirmation_submit(
        actor=client,
        statement_id=statement.pk,
        decision="disagree",
        book_balance="1000.00",
        reason="a deposit on the last day is missing",
    )
    return Dispute.objects.get(statement=statement)
