"""Date the status of accounts already dormant or closed from the audit log: the last ``bank_account.status_changed``
event that set their current status (or their creation, if they were created so). Without such an event the date
stays unknown (null), and the supervisory return rate leaves the account out of every period."""

from django.db import migrations
from django.utils import timezone


def date_statuses(apps, schema_editor):
    BankAccount = apps.get_model("reconcile", "BankAccount")
    AuditEvent = apps.get_model("reconcile", "AuditEvent")
    for account in BankAccount.objects.filter(status__in=["dormant", "closed"], status_since__isnull=True):
        events = AuditEvent.objects.filter(target_type="reconcile.bankaccount", target_id=str(account.pk),
                                           action__in=["bank_account.status_changed", "bank_account.created"])
        for event in events.order_by("-id"):
            if (event.after or {}).get("status") == account.status:
                BankAccount.objects.filter(pk=account.pk).update(
                    status_since=timezone.localtime(event.created_at).date())
                break


class Migration(migrations.Migration):

    dependencies = [
        ("reconcile", "0016_account_reporting_policy"),
    ]

    operations = [
        migrations.RunPython(date_statuses, migrations.RunPython.noop),
    ]
