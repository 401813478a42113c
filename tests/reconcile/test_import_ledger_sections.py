"""Importing a 明细账 of two bank accounts' sections as the journal of one of them: only its section is stored; a file
whose sections none names is refused, naming them, and stores nothing."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from reconcile.import_messages import error_rows, import_message
from reconcile.models import Import, ImportStatus, JournalEntry
from reconcile.services.imports import import_file

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

K3 = (
    Path(__file__).resolve().parents[1]
    / "fixtures"
    / "journals"
    / "sections"
    / "kingdee_k3_gl_detail_two_banks_2026-01.csv"
)


def _import(account: str) -> Import:
    return import_file(actor=None, kind="journal", data=K3.read_bytes(), filename=K3.name, account_number=account)


def test_the_journal_of_the_account_chosen_is_its_section() -> None:
    record = _import("6222000200001234")
    assert record.status == ImportStatus.DONE, (import_message(record), error_rows(record))
    assert record.lines_stored == 2
    assert sorted(JournalEntry.objects.values_list("amount", flat=True)) == [Decimal("1200.00"), Decimal("50000.00")]
    assert "the others (1002.02 银行存款-建设银行 5100005678) were left out" in import_message(record)


def test_a_file_whose_sections_name_another_account_is_refused_whole() -> None:
    refused = _import("31050161373600009999")
    assert refused.status == ImportStatus.REFUSED
    assert "none names account 31050161373600009999" in import_message(refused)
    assert not JournalEntry.objects.exists()


BANK = """账号：6222000200001234
交易日期,摘要,对方户名,收入金额,支出金额,余额
2026-01-05,货款,华东公司,50000.00,,150000.00
2026-01-09,运费,物流公司,,1200.00,148800.00
"""


def test_reconcile_files_reads_the_section_of_the_bank_statements_account(tmp_path: Path) -> None:
    bank = tmp_path / "bank.csv"
    bank.write_text(BANK, encoding="utf-8")
    out = tmp_path / "out"
    call_command(
        "reconcile_files", "--bank", str(bank), "--journal", str(K3), "--out", str(out), "--language", "en",
        stdout=io.StringIO(),
    )  # fmt: skip
    summary = json.loads((out / "adjustment.json").read_text())
    assert (summary["book_balance"], summary["bank_balance"], summary["agreed"]) == ("148800.00", "148800.00", True)


def test_a_heading_naming_last_digits_two_of_the_companys_accounts_end_with_is_refused(account_a) -> None:
    # account_a ends with 1234, as does the company's other account whose section the heading may be.
    from tests.factories import BankAccountFactory

    BankAccountFactory(customer=account_a.customer, number="6217000099991234")
    data = K3.read_bytes().replace(b"0200001234", b"1234")
    refused = import_file(actor=None, kind="journal", data=data, filename=K3.name, account_number=account_a.number)
    assert refused.status == ImportStatus.REFUSED
    message = import_message(refused)
    assert "1234" in message and "6217000099991234" in message and account_a.number in message
    assert not JournalEntry.objects.exists()
