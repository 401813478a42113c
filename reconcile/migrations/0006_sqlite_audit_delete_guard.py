"""SQLite: refuse DELETE of audit events while the chain head exists.

Django's test flush (TransactionTestCase, live-server browser tests) empties tables with DELETE in name
order, chain head first; with the head gone the events may be cleared. Deleting events while the head
stands -- the only way to hide a single event -- stays refused, and a head deleted with events still present
is reported by audit_verify. PostgreSQL keeps its unconditional trigger (its flush uses TRUNCATE).
"""

from django.db import migrations

GUARDED = """CREATE TRIGGER reconcile_auditevent_no_delete BEFORE DELETE ON reconcile_auditevent
   WHEN EXISTS (SELECT 1 FROM reconcile_auditchainhead)
   BEGIN SELECT RAISE(ABORT, 'reconcile_auditevent is append-only: DELETE refused'); END;"""
PLAIN = """CREATE TRIGGER reconcile_auditevent_no_delete BEFORE DELETE ON reconcile_auditevent
   BEGIN SELECT RAISE(ABORT, 'reconcile_auditevent is append-only: DELETE refused'); END;"""


def _swap(schema_editor, statement: str) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS reconcile_auditevent_no_delete;", params=None)
    schema_editor.execute(statement, params=None)


def forward(apps, schema_editor):
    _swap(schema_editor, GUARDED)


def backward(apps, schema_editor):
    _swap(schema_editor, PLAIN)


class Migration(migrations.Migration):
    dependencies = [("reconcile", "0005_matching")]
    operations = [migrations.RunPython(forward, backward)]
