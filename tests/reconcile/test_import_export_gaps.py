"""Real exports through the import service: the refusal's words in the reader's language, an MT940 without balance
lines, Revolut's fees, Discover's card export."""

from __future__ import annotations

import re

import pytest

from reconcile.import_messages import error_rows, import_message
from reconcile.models import BankLine, Import, ImportStatus
from reconcile.services.imports import import_file

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

_CJK = re.compile(r"[\u4e00-\u9fff]")


def test_a_table_without_a_recognisable_header_is_refused_with_english_examples() -> None:
    data = b"Posted On,Memo,Sum\n2026-10-08,Invoice 17,100.00\n2026-10-09,Fee,-2.00\n"
    record = import_file(actor=None, kind="bank", data=data, filename="export.csv", account_number="6228480012345678")
    assert record.status == ImportStatus.REFUSED, error_rows(record)
    text = import_message(record)
    assert "“Date” with “Debit”/“Credit” or “Amount”, and a “Description”" in text and not _CJK.search(text), text
    assert not BankLine.objects.exists() and Import.objects.filter(status=ImportStatus.DONE).count() == 0
