"""A journal entry's fields carry a bank line's names for the same concept (issue 21 item 3, migration 0023)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from reconcile.models import BankLine, JournalEntry

pytestmark = pytest.mark.django_db

# The journal's name before 0023 -> the one both sides use: the day, the line's own number (bank 交易流水号, journal
# 凭证字号), the document both sides cite (凭证号/支票号, 结算号/票号), the other party.
RENAMED = {
    "date": "booking_date",
    "voucher": "serial",
    "settlement_no": "voucher_no",
    "counterparty": "counterparty_name",
}


def test_both_sides_name_the_same_concept_alike():
    bank = {f.name for f in BankLine._meta.get_fields()}
    journal = {f.name for f in JournalEntry._meta.get_fields()}
    assert set(RENAMED.values()) <= bank & journal
    assert not set(RENAMED) & journal


def test_the_models_and_the_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)  # exits non-zero on a missing migration
