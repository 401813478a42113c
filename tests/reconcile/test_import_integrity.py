"""What the database refuses while an import stores its lines: only the constraints another import can trip at the
same moment (a line's fingerprint, the same file finished) are told "another import … at the same moment"; any other
constraint was reported as that race too, which sent the person uploading the same file again and again."""

from __future__ import annotations

import pytest
from django.db import IntegrityError

from reconcile.import_messages import import_message
from reconcile.models import BalanceCheckpoint, BankLine, ImportStatus
from reconcile.services.imports import import_file, pipeline
from tests.reconcile.test_import_service import ROWS, bank_csv

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_another_constraint_is_not_told_as_a_concurrent_import(account_a, monkeypatch):
    def twice(*, found):  # a checkpoint stored twice: checkpoint_unique_per_file, which no other import can trip
        BalanceCheckpoint.objects.bulk_create(found.values())
        BalanceCheckpoint.objects.bulk_create([BalanceCheckpoint(**_fields(c)) for c in found.values()])

    monkeypatch.setattr(pipeline, "save_checkpoints", twice)
    record = import_file(
        actor=None, kind="bank", data=bank_csv(ROWS[:2]), filename="oct.csv", account_number=account_a.number
    )
    assert record.status == ImportStatus.REFUSED
    message = import_message(record)
    assert "same moment" not in message
    assert "could not be stored" in message and f"#{record.pk}" in message
    assert not BankLine.objects.filter(account=account_a).exists()


def test_a_line_stored_by_another_import_meanwhile_is_told_as_the_race(account_a, monkeypatch):
    def race(**kwargs):
        raise IntegrityError("UNIQUE constraint failed: reconcile_bankline.account_id, reconcile_bankline.fingerprint")

    monkeypatch.setattr(pipeline, "save_checkpoints", race)
    record = import_file(
        actor=None, kind="bank", data=bank_csv(ROWS[:2]), filename="oct.csv", account_number=account_a.number
    )
    assert record.status == ImportStatus.REFUSED
    assert "same moment" in import_message(record)


def _fields(checkpoint: BalanceCheckpoint) -> dict:
    return {
        f.attname: getattr(checkpoint, f.attname) for f in BalanceCheckpoint._meta.concrete_fields if f.name != "id"
    }
