"""The audit chain's head row, and database triggers that refuse UPDATE and DELETE on events."""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION reconcile_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'reconcile_auditevent is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER reconcile_auditevent_append_only
    BEFORE UPDATE OR DELETE ON reconcile_auditevent
    FOR EACH ROW EXECUTE FUNCTION reconcile_audit_append_only();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS reconcile_auditevent_append_only ON reconcile_auditevent;
DROP FUNCTION IF EXISTS reconcile_audit_append_only();
"""
SQLITE_FORWARD = [
    """CREATE TRIGGER reconcile_auditevent_no_update BEFORE UPDATE ON reconcile_auditevent
       BEGIN SELECT RAISE(ABORT, 'reconcile_auditevent is append-only: UPDATE refused'); END;""",
    """CREATE TRIGGER reconcile_auditevent_no_delete BEFORE DELETE ON reconcile_auditevent
       BEGIN SELECT RAISE(ABORT, 'reconcile_auditevent is append-only: DELETE refused'); END;""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS reconcile_auditevent_no_update;",
    "DROP TRIGGER IF EXISTS reconcile_auditevent_no_delete;",
]


def forward(apps, schema_editor):
    apps.get_model("reconcile", "AuditChainHead").objects.get_or_create(pk=1)
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement, params=None)
    else:
        raise RuntimeError(f"no append-only trigger for database vendor {vendor}")


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = [PG_BACKWARD] if vendor == "postgresql" else SQLITE_BACKWARD
    for statement in statements:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("reconcile", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
