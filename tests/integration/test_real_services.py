"""The foundation on real services: PostgreSQL, Redis and a Celery worker in its own process."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from core.models import AuditEvent
from core.selectors.audit import audit_chain_verify
from core.tasks import audit_chain_verify_task
from reconcile.services.books import customer_create
from tests.core.audit_helpers import tamper_sql
from tests.factories import credit_code

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_database_is_postgresql():
    assert connection.vendor == "postgresql"


def test_worker_runs_a_task_against_the_same_database(celery_worker_process):
    customer_create(actor=None, legal_name="上海恒瑞贸易有限公司", credit_code=credit_code(1))
    result = audit_chain_verify_task.delay().get(timeout=60)
    assert result == {"ok": True, "checked": 1, "broken_seq": None, "broken_shard": None, "problem": ""}

    # Tamper with the row in the database; the worker's verification must now name it.
    with connection.cursor() as cursor:
        for sql in tamper_sql(connection.vendor, "UPDATE reconcile_auditevent SET action = 'x' WHERE seq = 1"):
            cursor.execute(sql)
    result = audit_chain_verify_task.delay().get(timeout=60)
    assert result["ok"] is False
    assert result["broken_seq"] == 1


def test_concurrent_appends_keep_the_chain_intact():
    """Eight threads, each its own PostgreSQL connection, append at once: each chain's head lock serialises the
    writers that share the chain, and every chain stays intact."""
    errors: list[BaseException] = []

    def worker(i: int) -> None:
        try:
            for j in range(5):
                customer_create(
                    actor=None, legal_name=f"并发测试{i}-{j}有限公司", credit_code=credit_code(5000 + i * 10 + j)
                )
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert AuditEvent.objects.count() == 40
    for chain in set(AuditEvent.objects.values_list("shard", flat=True)):  # each writer thread's own chain
        seqs = list(AuditEvent.objects.filter(shard=chain).order_by("seq").values_list("seq", flat=True))
        assert seqs == list(range(1, len(seqs) + 1))
    assert audit_chain_verify().ok


def test_database_refuses_update_and_delete_of_audit_rows():
    from django.db import DatabaseError, transaction

    customer_create(actor=None, legal_name="上海恒瑞贸易有限公司", credit_code=credit_code(2))
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic():
            AuditEvent.objects.filter(seq=1).update(action="edited")
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic():
            AuditEvent.objects.filter(seq=1).delete()
    assert audit_chain_verify().ok
