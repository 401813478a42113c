from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from reconcile.models import AuditChainHead, AuditEvent
from reconcile.selectors import audit_chain_verify
from reconcile.services.audit import audit_record
from reconcile.services.books import customer_create
from tests.factories import credit_code
from tests.reconcile.audit_helpers import tamper_sql

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
    head = AuditChainHead.objects.get(pk=1)
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
    _tamper("UPDATE reconcile_auditevent SET after = '{\"legal_name\": \"x\"}' WHERE seq = 1")
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
    assert "3 events verified" in capsys.readouterr().out


def test_a_deleted_chain_head_is_detected(three_events):
    from reconcile.models import AuditChainHead

    AuditChainHead.objects.all().delete()
    result = audit_chain_verify()
    assert not result.ok and "head row is missing" in result.problem
    with pytest.raises(RuntimeError, match="head is missing while events exist"), transaction.atomic():
        customer_create(actor=None, legal_name="新公司", credit_code=credit_code(77))
