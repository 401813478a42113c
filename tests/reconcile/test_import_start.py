"""Starting an import in the background (``import_start``, the web and the API upload): the file is received in the
request, and the rest of the pipeline is queued as the task once the request's transaction commits."""

from __future__ import annotations

import pytest
from django.db import transaction

from core.errors import ServiceError
from reconcile.models import Import, ImportStatus
from reconcile.services.imports import DuplicateFile, import_file, import_start

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

CSV = "交易日期,摘要,借方发生额,贷方发生额,余额\n2026-10-08,货款,,30000.00,130000.00\n".encode()


def test_the_task_is_queued_only_once_the_transaction_commits(account_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        record = import_start(actor=None, kind="bank", data=CSV, filename="oct.csv", account_number=account_a.number)
        assert callbacks == []  # nothing asked of the broker while the pending row may still roll back
    assert len(callbacks) == 1
    record.refresh_from_db()
    assert (record.status, record.source) == (ImportStatus.PENDING, "upload")
    callbacks[0]()  # the commit: the task runs (eagerly in the tests)
    record.refresh_from_db()
    assert record.status == ImportStatus.DONE and record.lines_stored == 1


def test_a_file_refused_on_receipt_queues_nothing(account_a, django_capture_on_commit_callbacks):
    import_file(actor=None, kind="bank", data=CSV, filename="oct.csv", account_number=account_a.number)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(DuplicateFile):
            import_start(actor=None, kind="bank", data=CSV, filename="again.csv", account_number=account_a.number)
        with pytest.raises(ServiceError, match="empty"):
            import_start(actor=None, kind="bank", data=b"", filename="empty.csv")
    assert callbacks == [] and Import.objects.count() == 1
