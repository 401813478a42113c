"""Importing a large bank statement through real workers: a worker killed mid-import, duplicate uploads."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Count

from core.models import AuditEvent
from core.selectors.audit import audit_chain_verify
from reconcile.import_messages import import_message
from reconcile.models import BankLine, Import, ImportStatus
from reconcile.services.books import bank_account_create, customer_create
from reconcile.services.imports import DuplicateFile, import_process, import_receive
from reconcile.tasks import import_process_task
from tests.factories import credit_code
from tests.integration.support import (
    InThread,
    audit_head_lock,
    backend_alive,
    wait_for_lock_waiters,
    wait_until,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("english")]

LINES = 6_000  # three insert batches of 2,000
ACCOUNT = "31050161373600009999"


def big_statement(n: int = LINES) -> tuple[bytes, Decimal, Decimal]:
    """A bank CSV export of n movements in October 2026 with running balances; returns (bytes, in, out)."""
    rows = ["交易日期,摘要,借方发生额,贷方发生额,余额,对方户名,交易流水号"]
    balance, total_in, total_out = Decimal("1000000.00"), Decimal(0), Decimal(0)
    for i in range(n):
        day = dt.date(2026, 10, 1) + dt.timedelta(days=i * 31 // n)
        amount = (Decimal(100 + i) / 100).quantize(Decimal("0.01"))
        if i % 3 == 0:
            balance -= amount
            total_out += amount
            rows.append(f"{day},付款,{amount},,{balance},供应商{i % 50}有限公司,SN{i:08d}")
        else:
            balance += amount
            total_in += amount
            rows.append(f"{day},货款,,{amount},{balance},客户{i % 50}有限公司,SN{i:08d}")
    return ("\n".join(rows) + "\n").encode("utf-8"), total_in, total_out


@pytest.fixture
def account():
    customer = customer_create(actor=None, legal_name="上海恒瑞贸易有限公司", credit_code=credit_code(7))
    return bank_account_create(actor=None, customer=customer, number=ACCOUNT, branch="上海浦东分行营业部")


def _assert_stored_once(record: Import, account, total_in: Decimal, total_out: Decimal) -> None:
    record.refresh_from_db()
    assert record.status == ImportStatus.DONE
    assert (record.lines_in_file, record.lines_stored, record.lines_known) == (LINES, LINES, 0)
    assert (record.total_in, record.total_out) == (total_in, total_out)
    lines = BankLine.objects.filter(account=account)
    assert lines.count() == LINES
    assert set(lines.values_list("source_import_id", flat=True)) == {record.pk}
    assert lines.values("fingerprint").distinct().count() == LINES
    assert sorted(lines.values_list("row", flat=True)) == list(range(2, LINES + 2))  # every row, none twice
    assert Import.objects.filter(sha256=record.sha256, status=ImportStatus.DONE).count() == 1
    assert AuditEvent.objects.filter(action="import.completed").count() == 1
    assert audit_chain_verify().ok


def test_a_worker_killed_mid_import_is_redone_once(celery_workers, account):
    data, total_in, total_out = big_statement()
    record = import_receive(actor=None, kind="bank", data=data, filename="oct-export.csv", account_number=ACCOUNT)
    # The same export uploaded again before the first finished: received too (only a done import blocks).
    twin = import_receive(actor=None, kind="bank", data=data, filename="oct-export (1).csv", account_number=ACCOUNT)
    queue = celery_workers.queue()

    with audit_head_lock() as release_audit:
        import_process_task.delay(record.pk)
        first = celery_workers.start(queue, wait=False)
        # Parsed, 6,000 lines written, Import row marked done: the worker stops, uncommitted, at the audit
        # record of the completion. There it is killed.
        [(backend, _query)] = wait_for_lock_waiters(1, timeout=60, query_like="reconcile_auditchainhead")
        first.kill()
        release_audit()
    wait_until(lambda: not backend_alive(backend), timeout=30, what="PostgreSQL to end the dead worker's session")

    record.refresh_from_db()
    assert record.status == ImportStatus.PENDING and BankLine.objects.count() == 0  # nothing half-stored

    # Re-enqueue the same import (twice: a retried request), then the twin; a new worker takes over.
    results = [
        import_process_task.delay(record.pk),
        import_process_task.delay(record.pk),
        import_process_task.delay(twin.pk),
    ]
    celery_workers.start(queue, wait=False)
    assert [r.get(timeout=120) for r in results] == [ImportStatus.DONE, ImportStatus.DONE, ImportStatus.REFUSED]

    _assert_stored_once(record, account, total_in, total_out)
    twin.refresh_from_db()
    # Refused by the worker, in the product's language (Chinese), naming the import that holds the file.
    assert twin.status == ImportStatus.REFUSED and f"#{record.pk}" in import_message(twin)
    assert not twin.bank_lines.exists()
    with pytest.raises(DuplicateFile, match="already imported"):
        import_receive(actor=None, kind="bank", data=data, filename="again.csv", account_number=ACCOUNT)


def test_two_uploads_of_one_file_processed_at_once_store_it_once(account):
    """Two pending imports of the same file, processed concurrently: the unique constraints decide."""
    data, total_in, total_out = big_statement()
    first = import_receive(actor=None, kind="bank", data=data, filename="a.csv", account_number=ACCOUNT)
    second = import_receive(actor=None, kind="bank", data=data, filename="b.csv", account_number=ACCOUNT)

    with audit_head_lock() as release_audit:
        a = InThread(lambda: import_process(import_id=first.pk)).start()
        # `first` holds its 6,000 uncommitted lines at the audit record ...
        wait_for_lock_waiters(1, timeout=60, query_like="reconcile_auditchainhead")
        b = InThread(lambda: import_process(import_id=second.pk)).start()
        # ... and `second` waits on the same (account, fingerprint) keys.
        wait_for_lock_waiters(2, timeout=60)
        release_audit()
    assert a.join().error is None and b.join().error is None

    assert a.outcome.result.status == ImportStatus.DONE
    refused = b.outcome.result
    assert refused.status == ImportStatus.REFUSED and f"(import #{first.pk})" in import_message(refused)
    assert BankLine.objects.filter(source_import=second).count() == 0
    _assert_stored_once(first, account, total_in, total_out)
    assert not BankLine.objects.values("account", "fingerprint").annotate(n=Count("id")).filter(n__gt=1).exists()
