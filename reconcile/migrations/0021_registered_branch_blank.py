"""Accounts registered from an imported file kept a translated placeholder in ``branch`` ("(registered from an
imported file)" in the uploader's language), which the 余额调节表 then compared in both languages. The branch is
now blank until onboarding names it; the placeholders stored so far are cleared."""

from django.db import migrations

PLACEHOLDERS = ["(registered from an imported file)", "（由导入文件登记）"]


def clear(apps, schema_editor):
    apps.get_model("reconcile", "BankAccount").objects.filter(branch__in=PLACEHOLDERS).update(branch="")


class Migration(migrations.Migration):
    dependencies = [("reconcile", "0020_match_rules")]
    operations = [migrations.RunPython(clear, migrations.RunPython.noop)]
