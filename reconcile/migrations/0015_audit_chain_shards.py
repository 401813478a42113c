"""Several audit chains (issue 20: writers in different processes no longer queue behind one head row) and seals.

SQLite rebuilds reconcile_auditevent for the new constraint, which drops its append-only triggers: they are
created again here (the guarded DELETE of 0006), and the seal table gets the same protection on both databases.
"""

from django.conf import settings
from django.db import migrations, models

SQLITE_EVENT = [
    "DROP TRIGGER IF EXISTS reconcile_auditevent_no_update;",
    "DROP TRIGGER IF EXISTS reconcile_auditevent_no_delete;",
    """CREATE TRIGGER reconcile_auditevent_no_update BEFORE UPDATE ON reconcile_auditevent
       BEGIN SELECT RAISE(ABORT, 'reconcile_auditevent is append-only: UPDATE refused'); END;""",
    """CREATE TRIGGER reconcile_auditevent_no_delete BEFORE DELETE ON reconcile_auditevent
       WHEN EXISTS (SELECT 1 FROM reconcile_auditchainhead)
       BEGIN SELECT RAISE(ABORT, 'reconcile_auditevent is append-only: DELETE refused'); END;""",
    """CREATE TRIGGER reconcile_auditseal_no_update BEFORE UPDATE ON reconcile_auditseal
       BEGIN SELECT RAISE(ABORT, 'reconcile_auditseal is append-only: UPDATE refused'); END;""",
    """CREATE TRIGGER reconcile_auditseal_no_delete BEFORE DELETE ON reconcile_auditseal
       WHEN EXISTS (SELECT 1 FROM reconcile_auditchainhead)
       BEGIN SELECT RAISE(ABORT, 'reconcile_auditseal is append-only: DELETE refused'); END;""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS reconcile_auditseal_no_update;",
    "DROP TRIGGER IF EXISTS reconcile_auditseal_no_delete;",
]
PG_FORWARD = """
CREATE OR REPLACE FUNCTION reconcile_auditseal_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'reconcile_auditseal is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER reconcile_auditseal_append_only
    BEFORE UPDATE OR DELETE ON reconcile_auditseal
    FOR EACH ROW EXECUTE FUNCTION reconcile_auditseal_append_only();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS reconcile_auditseal_append_only ON reconcile_auditseal;
DROP FUNCTION IF EXISTS reconcile_auditseal_append_only();
"""


def drop_sqlite_triggers(apps, schema_editor):
    # The rebuilt tables would leave triggers pointing at a table that no longer exists mid-migration.
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_EVENT[:2]:
            schema_editor.execute(statement, params=None)


def triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_EVENT:
            schema_editor.execute(statement, params=None)
    else:
        raise RuntimeError(f"no append-only trigger for database vendor {vendor}")


def triggers_backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in [PG_BACKWARD] if vendor == "postgresql" else SQLITE_BACKWARD:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('reconcile', '0014_job_watchdog'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(drop_sqlite_triggers, migrations.RunPython.noop),
        migrations.CreateModel(
            name='AuditSeal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('seq', models.PositiveBigIntegerField(unique=True)),
                ('created_at', models.DateTimeField()),
                ('heads', models.JSONField()),
                ('prev_hash', models.CharField(max_length=64)),
                ('hash', models.CharField(max_length=64, unique=True)),
            ],
            options={
                'ordering': ['seq'],
            },
        ),
        migrations.AlterModelOptions(
            name='auditevent',
            options={'ordering': ['id'], 'verbose_name': 'audit event', 'verbose_name_plural': 'audit events'},
        ),
        migrations.RemoveConstraint(
            model_name='auditchainhead',
            name='auditchainhead_singleton',
        ),
        migrations.AddField(
            model_name='auditevent',
            name='shard',
            field=models.PositiveSmallIntegerField(default=1, verbose_name='chain'),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='seq',
            field=models.PositiveBigIntegerField(verbose_name='sequence'),
        ),
        migrations.AddConstraint(
            model_name='auditchainhead',
            constraint=models.CheckConstraint(condition=models.Q(('id__gte', 1)), name='auditchainhead_numbered'),
        ),
        migrations.AddConstraint(
            model_name='auditevent',
            constraint=models.UniqueConstraint(fields=('shard', 'seq'), name='auditevent_one_seq_per_chain'),
        ),
        migrations.RunPython(triggers, triggers_backward),
    ]
