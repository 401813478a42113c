# The reviewer role (复核人, issue 19.4): the second person who approves an accountant's period close.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0005_user_mobile'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='rolegrant',
            name='rolegrant_role_valid',
        ),
        migrations.AlterField(
            model_name='rolegrant',
            name='role',
            field=models.CharField(choices=[('client_viewer', 'Client viewer'), ('client_confirmer', 'Client confirmer'), ('accountant', 'Accountant'), ('reviewer', 'Reviewer'), ('bank_ops', 'Bank operations'), ('bank_feed', 'Bank system feed')], max_length=32, verbose_name='role'),
        ),
        migrations.AddConstraint(
            model_name='rolegrant',
            constraint=models.CheckConstraint(condition=models.Q(('role__in', ['client_viewer', 'client_confirmer', 'accountant', 'reviewer', 'bank_ops', 'bank_feed'])), name='rolegrant_role_valid'),
        ),
    ]
