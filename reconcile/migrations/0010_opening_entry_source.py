"""Opening items entered in the workbench get their own Import.source (``opening_entry``).

Until now they shared ``opening`` with files imported by ``import_file --opening`` and were told apart by their stored
name, push.json, which made an ``--opening`` file of that name read as a workbench batch. The imports that were read
that way are labelled for what they were read as.
"""

from django.db import migrations


def label_entries(apps, schema_editor):
    Import = apps.get_model("reconcile", "Import")
    Import.objects.filter(source="opening", filename="push.json").update(source="opening_entry")


def unlabel_entries(apps, schema_editor):
    Import = apps.get_model("reconcile", "Import")
    Import.objects.filter(source="opening_entry").update(source="opening")


class Migration(migrations.Migration):

    dependencies = [
        ("reconcile", "0009_withdrawal_restores"),
    ]

    operations = [
        migrations.RunPython(label_entries, unlabel_entries),
    ]
