"""Migration 0027 made duplicate files each owner's own. Migrating back restores the constraint that allowed a file
once across all companies: with two companies holding the same finished file it cannot be built, and the reverse
stops first with a message naming the imports and what to do; once all but one are withdrawn it goes back and
forward again."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.exceptions import IrreversibleError
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("reconcile", "0026_audit_trail_to_core")]
AFTER = [("reconcile", "0027_import_duplicates_per_owner")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _constraints() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, "reconcile_import"))


@pytest.mark.django_db(transaction=True)
def test_migrating_back_with_a_file_two_companies_hold_stops_first_naming_the_imports_then_works_once_withdrawn():
    apps = _migrate(AFTER)
    Customer = apps.get_model("reconcile", "Customer")
    Import = apps.get_model("reconcile", "Import")
    first, second = (
        Customer.objects.create(legal_name=name, credit_code=code)
        for name, code in (("上海甲公司", "91310000MA1FL0001A"), ("北京乙公司", "91110000MA1FL0002B"))
    )
    sha = "ab" * 32
    a = Import.objects.create(kind="bank", sha256=sha, status="done", customer=first)
    b = Import.objects.create(kind="bank", sha256=sha, status="done", customer=second)
    Import.objects.create(kind="bank", sha256="cd" * 32, status="done", customer=first)  # held once: no problem
    with pytest.raises(IrreversibleError) as refused:
        _migrate(BEFORE)
    text = str(refused.value)
    assert "1 file(s)" in text and f"#{a.pk}, #{b.pk}" in text and "Withdraw all but one" in text
    assert "import_unique_company_file" in _constraints()  # nothing changed
    # What the message says to do: the later copy withdrawn.
    Import.objects.filter(pk=b.pk).update(status="withdrawn")
    _migrate(BEFORE)
    assert "import_unique_done_file" in _constraints() and "import_unique_company_file" not in _constraints()
    _migrate(AFTER)
    assert "import_unique_company_file" in _constraints() and "import_unique_bank_file" in _constraints()
