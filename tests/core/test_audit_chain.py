from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from core.models import AuditChainHead, AuditEvent
from core.selectors.audit import audit_chain_verify
from core.services.audit import audit_record
from reconcile.services.books import customer_create
from tests.core.audit_helpers import tamper_sql
from tests.factories import credit_code
from tests.fixtures.live import audit_rows_removable  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_events():
    for n in range(3):
        customer_create(actor=None, legal_name=f"审计测试{n}有限公司", credit_code=credit_code(n))
    assert AuditEvent.objects.count() == 3


def _tamper(statement: str) -> None:
    with connection.cursor() as cursor:
        for sql in tamper_sql(connection.vendor, statement):
            cursor.execute(sql)


def test_each_event_links_to_the_previous(three_events):
    events = list(AuditEvent.objects.order_by("seq"))
    assert [e.seq for e in events] == [1, 2, 3]
    assert events[0].prev_hash == "0" * 64
    assert events[1].prev_hash == events[0].hash
    assert events[2].prev_hash == events[1].hash
    assert len({e.shard for e in events}) == 1  # one thread writes one chain
    head = AuditChainHead.objects.get(pk=events[0].shard)
    assert (head.last_seq, head.last_hash) == (3, events[2].hash)
    assert audit_chain_verify().ok


def test_edited_row_is_detected_and_named(three_events):
    _tamper("UPDATE reconcile_auditevent SET actor_label = 'mallory' WHERE seq = 2")
    result = audit_chain_verify()
    assert not result.ok
    assert result.broken_seq == 2
    assert "edited" in result.problem
    with pytest.raises(CommandError, match="#2"):
        call_command("audit_verify")


def test_edited_payload_is_detected(three_events):
    _tamper('UPDATE reconcile_auditevent SET after = \'{"legal_name": "x"}\' WHERE seq = 1')
    assert audit_chain_verify().broken_seq == 1


def test_deleted_middle_row_is_detected(three_events):
    _tamper("DELETE FROM reconcile_auditevent WHERE seq = 2")
    result = audit_chain_verify()
    assert (result.ok, result.broken_seq) == (False, 2)
    assert "deleted" in result.problem


def test_deleted_newest_row_is_detected(three_events):
    _tamper("DELETE FROM reconcile_auditevent WHERE seq = 3")
    result = audit_chain_verify()
    assert (result.ok, result.broken_seq) == (False, 3)


def test_database_refuses_update_and_delete(three_events):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(seq=1).update(action="edited")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(seq=1).delete()
    assert audit_chain_verify().ok


@pytest.mark.django_db(transaction=True)
def test_audit_record_refuses_to_run_outside_a_transaction():
    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit_record(actor=None, action="x.y", target_type="x", target_id="1")
    assert AuditEvent.objects.count() == 0


def test_event_is_rolled_back_with_the_change_it_records():
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        customer_create(actor=None, legal_name="回滚测试有限公司", credit_code=credit_code(99))
        1 / 0  # noqa: B018 - the error that rolls the transaction back
    assert AuditEvent.objects.count() == 0
    assert audit_chain_verify().ok


def test_audit_verify_command_reports_intact_chain(three_events, capsys):
    call_command("audit_verify")
    assert "已校验 3 个事件" in capsys.readouterr().out  # the command speaks the product's language


def test_a_deleted_chain_head_is_detected(three_events):
    from core.models import AuditChainHead

    AuditChainHead.objects.all().delete()
    result = audit_chain_verify()
    assert not result.ok and "head row of chain" in result.problem and "is missing" in result.problem
    with pytest.raises(RuntimeError, match="is missing while events exist"), transaction.atomic():
        customer_create(actor=None, legal_name="新公司", credit_code=credit_code(77))


# --- several chains and their seals (issue 20: writers in different processes do not wait for each other) ---------


def _write_in_threads(names: list[str]) -> None:
    """Audited writes from other threads, one after another, each thread alive until all have written (so no two
    share a thread id): each appends to its thread's chain, as web and Celery workers' writes would."""
    import threading

    done = threading.Event()

    def run(name: str, code: int, written: threading.Event) -> None:
        try:
            customer_create(actor=None, legal_name=name, credit_code=credit_code(code))
        finally:
            connection.close()
            written.set()
            done.wait(30)

    workers = []
    for code, name in enumerate(names, start=2):
        written = threading.Event()
        worker = threading.Thread(target=run, args=(name, code, written))
        worker.start()
        written.wait(30)
        workers.append(worker)
    done.set()
    for worker in workers:
        worker.join()


def test_the_chain_is_fixed_per_process_and_thread_and_spread_across_chains():
    from core.audit_chain import shard_for

    assert shard_for(process_id=4242, thread_id=7, shards=16) == shard_for(process_id=4242, thread_id=7, shards=16)
    assert shard_for(process_id=4242, thread_id=7, shards=1) == 1
    chains = {shard_for(process_id=pid, thread_id=1, shards=16) for pid in range(1000, 1400)}
    assert chains == set(range(1, 17))


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("audit_rows_removable")
def test_writers_on_other_threads_append_to_their_own_chains_and_all_verify(settings):
    from core.services.audit import audit_shard

    settings.AUDIT_CHAIN_SHARDS = 64
    customer_create(actor=None, legal_name="主线程有限公司", credit_code=credit_code(1))
    _write_in_threads([f"线程{n}有限公司" for n in range(2, 8)])
    shards = set(AuditEvent.objects.values_list("shard", flat=True))
    assert audit_shard() in shards and len(shards) >= 2  # 7 writers over 64 chains: all in one is ~1e-11
    for shard in shards:
        seqs = list(AuditEvent.objects.filter(shard=shard).order_by("seq").values_list("seq", flat=True))
        assert seqs == list(range(1, len(seqs) + 1))
        assert AuditChainHead.objects.get(pk=shard).last_seq == len(seqs)
    assert audit_chain_verify() == type(audit_chain_verify())(True, 7)


def test_an_event_moved_to_another_chain_is_detected(settings):
    settings.AUDIT_CHAIN_SHARDS = 1
    customer_create(actor=None, legal_name="移动测试有限公司", credit_code=credit_code(5))
    event = AuditEvent.objects.get()
    assert event.shard == 1
    _tamper(f"UPDATE reconcile_auditevent SET shard = 2 WHERE id = {event.pk}")
    AuditChainHead.objects.create(pk=2, last_seq=1, last_hash=event.hash)
    AuditChainHead.objects.filter(pk=1).update(last_seq=0, last_hash="0" * 64)
    result = audit_chain_verify()
    assert (result.ok, result.broken_shard, result.broken_seq) == (False, 2, 1) and "edited" in result.problem


def test_a_seal_records_the_heads_once_and_chains_to_the_previous_seal(three_events):
    from core.models import AuditSeal
    from core.services.audit import audit_chain_seal

    first = audit_chain_seal()
    shard = AuditEvent.objects.first().shard
    assert first.seq == 1 and first.heads[str(shard)] == [3, AuditEvent.objects.get(seq=3).hash]
    assert audit_chain_seal() is None  # nothing moved: no new seal
    customer_create(actor=None, legal_name="封存后有限公司", credit_code=credit_code(40))
    second = audit_chain_seal()
    assert (second.seq, second.prev_hash, second.heads[str(shard)][0]) == (2, first.hash, 4)
    assert audit_chain_verify().ok
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditSeal.objects.filter(seq=1).update(heads={})


def test_a_tail_cut_back_with_its_head_is_caught_only_by_a_seal(three_events):
    from core.services.audit import audit_chain_seal

    third = AuditEvent.objects.get(seq=3)
    second = AuditEvent.objects.get(seq=2)
    audit_chain_seal()
    # An attacker deletes the newest event and lowers the head to match: the chain alone looks whole.
    _tamper("DELETE FROM reconcile_auditevent WHERE seq = 3")
    AuditChainHead.objects.filter(pk=third.shard).update(last_seq=2, last_hash=second.hash)
    result = audit_chain_verify()
    assert (result.ok, result.broken_shard, result.broken_seq) == (False, third.shard, 3)
    assert "a seal recorded" in result.problem


def test_an_edited_seal_is_detected(three_events):
    from core.services.audit import audit_chain_seal

    audit_chain_seal()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE reconcile_auditseal DISABLE TRIGGER reconcile_auditseal_append_only")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS reconcile_auditseal_no_update")
        cursor.execute("UPDATE reconcile_auditseal SET created_at = created_at WHERE seq = 1")
        cursor.execute("UPDATE reconcile_auditseal SET prev_hash = 'x' WHERE seq = 1")
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE reconcile_auditseal ENABLE TRIGGER reconcile_auditseal_append_only")
    result = audit_chain_verify()
    assert not result.ok and "seal #1" in result.problem
