# Mapping profile names become unique per owner (a customer, or the bank for bank-wide profiles) instead of across
# all customers. Rows valid under the old constraint (no two profiles share a name) are valid under the new ones, so
# no data changes; the new constraints are added before the old one goes, so names stay unique throughout.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reconcile', '0012_bank_fed_lines'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='mappingprofile',
            constraint=models.UniqueConstraint(condition=models.Q(('customer__isnull', False)), fields=('customer', 'name'), name='mappingprofile_unique_name_per_customer'),
        ),
        migrations.AddConstraint(
            model_name='mappingprofile',
            constraint=models.UniqueConstraint(condition=models.Q(('customer__isnull', True)), fields=('name',), name='mappingprofile_unique_bank_wide_name'),
        ),
        migrations.RemoveConstraint(
            model_name='mappingprofile',
            name='mappingprofile_unique_name',
        ),
    ]
