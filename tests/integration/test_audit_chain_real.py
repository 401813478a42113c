"""The audit chain after real work (worker and parallel writers): intact, and every kind of tampering found."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction

from core.audit_chain import ChainRecord, record_hash
from core.models import AuditChainHead, AuditEvent
from core.selectors.audit import audit_chain_verify
from core.tasks import audit_chain_verify_task
from portal.models import Role
from reconcile.services.books import customer_create
from reconcile.services.imports import import_receive
from reconcile.tasks import import_process_task
from statements.models import BalanceStatement, RunStatus, StatementRun
from statements.services.confirmations import confirmation_submit, deadlines_sweep
from statements.services.disputes import dispute_resolve, dispute_take
from statements.services.publishing import statement_run_start
from tests.core.audit_helpers import tamper_sql
from tests.factories import credit_code, make_user
from tests.integration.support import (
    InThread,
    ensure_calendar,
    last_finished_month,
    make_due_accounts,
    open_dispute,
    shanghai_today,
    wait_until,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("english")]

COLUMNS = (
    "seq",
    "created_at",
    "actor_id",
    "actor_label",
    "action",
    "target_type",
    "target_id",
    "before",
    "after",
    "prev_hash",
    "shard",
    "hash",
)


def tamper(statement: str, params: tuple = ()) -> None:
    """What an attacker with database access does: switch the append-only trigger off, change rows."""
    with transaction.atomic(), connection.cursor() as cursor:
        for sql in tamper_sql(connection.vendor, statement):
            cursor.execute(sql, params if sql == statement else ())


def verify_both_ways() -> dict:
    """The chain checked here and by the worker process must agree."""
    here = audit_chain_verify()
    there = audit_chain_verify_task.delay().get(timeout=60)
    assert there == {
        "ok": here.ok,
        "checked": here.checked,
        "broken_seq": here.broken_seq,
        "broken_shard": here.broken_shard,
        "problem": here.problem,
    }
    return there


def _workload(celery_worker_process) -> None:
    ensure_calendar()
    period, end = last_finished_month()
    due = make_due_accounts(40, period_end=end)
    run = statement_run_start(actor=None, period=period).run  # published by the worker
    wait_until(
        lambda: StatementRun.objects.get(pk=run.pk).status == RunStatus.DONE,
        timeout=60,
        what="the worker to publish the period",
    )

    csv = "交易日期,摘要,借方发生额,贷方发生额,余额\n2026-10-29,货款,,100.00,5100.00\n2026-10-30,手续费,1.00,,5099.00\n"
    account_number = BalanceStatement.objects.get(account_id=due.account_ids[0]).account.number
    record = import_receive(
        actor=None, kind="bank", data=csv.encode(), filename="oct.csv", account_number=account_number
    )
    assert import_process_task.delay(record.pk).get(timeout=60) == "done"

    online = list(BalanceStatement.objects.filter(account_id__in=due.online_ids).order_by("pk"))
    BalanceStatement.objects.filter(pk__in=[s.pk for s in online[:5]]).update(
        due_date=shanghai_today() - dt.timedelta(days=1)
    )
    assert deadlines_sweep(as_of=shanghai_today()) == 5

    client = make_user("client_audit", [Role.CLIENT_CONFIRMER], online[5].account.customer)
    confirmation_submit(actor=client, statement_id=online[6].pk, decision="agree")
    dispute = open_dispute(online[5], client)
    ops = make_user("ops_audit", [Role.BANK_OPS])
    dispute_take(actor=ops, dispute_id=dispute.pk)
    dispute_resolve(
        actor=ops, dispute_id=dispute.pk, finding="bank_error", resolution="Corrected.", corrected_balance="1000.00"
    )

    writers = [
        InThread(
            lambda i=i: [
                customer_create(
                    actor=None, legal_name=f"审计并发{i}-{j}有限公司", credit_code=credit_code(9000 + i * 10 + j)
                )
                for j in range(3)
            ]
        )
        for i in range(6)
    ]
    for w in writers:
        w.start()
    assert [w.join().error for w in writers] == [None] * 6


def test_the_chain_survives_real_work_and_reveals_every_tampering(celery_worker_process):
    _workload(celery_worker_process)
    total = AuditEvent.objects.count()
    assert {
        "statement_run.started",
        "statements.published",
        "import.completed",
        "statements.deemed_confirmed",
        "confirmation.submitted",
        "statement.answered",
        "dispute.opened",
        "dispute.taken",
        "dispute.resolved",
        "statement.reissued",
        "customer.created",
    } <= set(AuditEvent.objects.values_list("action", flat=True))
    # The worker process, this process and its threads wrote to chains of their own, each numbered without gaps.
    chains = sorted(set(AuditEvent.objects.values_list("shard", flat=True)))
    assert len(chains) >= 2
    for chain in chains:
        seqs = list(AuditEvent.objects.filter(shard=chain).order_by("seq").values_list("seq", flat=True))
        assert seqs == list(range(1, len(seqs) + 1))
    assert verify_both_ways() == {"ok": True, "checked": total, "broken_seq": None, "broken_shard": None, "problem": ""}

    # The tampering below is done in the longest chain.
    shard = max(chains, key=lambda c: AuditEvent.objects.filter(shard=c).count())
    n = AuditEvent.objects.filter(shard=shard).count()
    assert n >= 4

    # 1. An edited row: its own hash no longer matches.
    k = n // 2
    original = AuditEvent.objects.get(shard=shard, seq=k)
    tamper("UPDATE reconcile_auditevent SET actor_label = 'someone else' WHERE shard = %s AND seq = %s", (shard, k))
    result = verify_both_ways()
    assert (result["ok"], result["broken_shard"], result["broken_seq"]) == (False, shard, k)
    assert "edited" in result["problem"]

    # 2. Edited with its hash recomputed: the next row no longer links to it.
    edited = AuditEvent.objects.filter(shard=shard, seq=k).values_list(*COLUMNS[:-1]).get()
    forged = record_hash(ChainRecord(*edited))
    tamper("UPDATE reconcile_auditevent SET hash = %s WHERE shard = %s AND seq = %s", (forged, shard, k))
    result = verify_both_ways()
    assert (result["ok"], result["broken_seq"]) == (False, k + 1) and "does not link" in result["problem"]

    # Put the row back as it was: intact again (the check is of content, not of a flag).
    tamper(
        "UPDATE reconcile_auditevent SET actor_label = %s, hash = %s WHERE shard = %s AND seq = %s",
        (original.actor_label, original.hash, shard, k),
    )
    assert verify_both_ways()["ok"]

    # 3. A row deleted from the middle.
    tamper("DELETE FROM reconcile_auditevent WHERE shard = %s AND seq = %s", (shard, k))
    result = verify_both_ways()
    assert (result["ok"], result["broken_seq"]) == (False, k) and "missing" in result["problem"]

    # 4. The newest rows deleted (the middle one restored first, re-inserted as it was).
    with transaction.atomic():
        AuditEvent.objects.bulk_create([original])
    assert verify_both_ways()["ok"]
    tamper("DELETE FROM reconcile_auditevent WHERE shard = %s AND seq > %s", (shard, n - 2))
    result = verify_both_ways()
    assert (result["ok"], result["broken_shard"], result["broken_seq"]) == (False, shard, n - 1)
    assert "newest rows were deleted" in result["problem"]
    assert AuditChainHead.objects.get(pk=shard).last_seq == n
