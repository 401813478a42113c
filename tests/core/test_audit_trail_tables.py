"""The audit trail is core's, on the tables reconcile created: the rows, the index and the triggers did not move."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, transaction

from core.models import AuditChainHead, AuditEvent, AuditSeal
from core.services.audit import audit_record

pytestmark = pytest.mark.django_db

MOVE = importlib.import_module("reconcile.migrations.0026_audit_trail_to_core")


@pytest.fixture(autouse=True)
def _fresh_content_type_cache():
    # These tests delete and create content types; the manager's cache must not outlive them.
    ContentType.objects.clear_cache()
    yield
    ContentType.objects.clear_cache()


def test_the_models_are_cores_on_the_tables_reconcile_created():
    assert [m._meta.label for m in (AuditEvent, AuditChainHead, AuditSeal)] == [
        "core.AuditEvent",
        "core.AuditChainHead",
        "core.AuditSeal",
    ]
    assert [m._meta.db_table for m in (AuditEvent, AuditChainHead, AuditSeal)] == [
        "reconcile_auditevent",
        "reconcile_auditchainhead",
        "reconcile_auditseal",
    ]
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, "reconcile_auditevent")
    assert "reconcile_a_target__5410cf_idx" in indexes
    assert "auditevent_one_seq_per_chain" in indexes


def test_the_append_only_triggers_still_guard_the_table():
    with transaction.atomic():
        event = audit_record(actor=None, action="test.written", target_type="test", target_id="1")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="test.rewritten")


def test_the_content_types_follow_the_models_and_keep_their_ids():
    ContentType.objects.filter(app_label="core", model__in=MOVE.MODELS).delete()
    old = {m: ContentType.objects.create(app_label="reconcile", model=m).pk for m in MOVE.MODELS}
    MOVE.content_types_to_core(django_apps, None)
    moved = dict(ContentType.objects.filter(app_label="core", model__in=MOVE.MODELS).values_list("model", "pk"))
    assert moved == old  # the same rows, so the permissions granted on them still hold
    assert not ContentType.objects.filter(app_label="reconcile", model__in=MOVE.MODELS).exists()
    MOVE.content_types_to_reconcile(django_apps, None)
    back = ContentType.objects.filter(app_label="reconcile", model__in=MOVE.MODELS)
    assert dict(back.values_list("model", "pk")) == old


def test_a_row_already_under_core_is_kept_and_the_old_one_left_alone():
    ContentType.objects.get_or_create(app_label="core", model="auditevent")
    stale = ContentType.objects.create(app_label="reconcile", model="auditevent")
    MOVE.content_types_to_core(django_apps, None)
    assert ContentType.objects.get(pk=stale.pk).app_label == "reconcile"
    assert ContentType.objects.filter(app_label="core", model="auditevent").count() == 1
