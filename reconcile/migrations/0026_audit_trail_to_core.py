"""The audit trail's models now belong to core (core 0001): they leave reconcile's state only. The tables, their rows
and the append-only triggers (0002, 0006, 0015) stay as they are; no SQL runs on them here.

Their content types follow them (reconcile -> core), so the admin's permissions on the audit log, granted by content
type, keep working; a database that never had the rows has nothing to rename (post_migrate creates them under core).
"""

from django.db import migrations

MODELS = ["auditevent", "auditchainhead", "auditseal"]


def _relabel(apps, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        # A row already under the new label (post_migrate ran in between) wins; the old one is then left alone.
        if not ContentType.objects.filter(app_label=new, model=model).exists():
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)


def content_types_to_core(apps, schema_editor):
    _relabel(apps, "reconcile", "core")


def content_types_to_reconcile(apps, schema_editor):
    _relabel(apps, "core", "reconcile")


class Migration(migrations.Migration):

    dependencies = [
        ('reconcile', '0025_job_attempts'),
        ('core', '0001_audit_trail'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name='AuditChainHead'),
                migrations.DeleteModel(name='AuditSeal'),
                migrations.DeleteModel(name='AuditEvent'),
            ],
        ),
        migrations.RunPython(content_types_to_core, content_types_to_reconcile),
    ]
