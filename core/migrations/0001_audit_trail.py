"""The audit trail's models move to core, in Django's state only: the tables, their rows, indexes, constraints and
append-only triggers stay exactly as reconcile's migrations created them (reconcile_audit*), and no SQL runs here.
reconcile 0026 removes the same models from reconcile's state."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        # The tables as the last migration that changed them left them.
        ('reconcile', '0017_status_since_from_audit'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
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
                        'db_table': 'reconcile_auditseal',
                        'ordering': ['seq'],
                    },
                ),
                migrations.CreateModel(
                    name='AuditChainHead',
                    fields=[
                        ('id', models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
                        ('last_seq', models.PositiveBigIntegerField(default=0)),
                        ('last_hash', models.CharField(default='0000000000000000000000000000000000000000000000000000000000000000', max_length=64)),
                    ],
                    options={
                        'db_table': 'reconcile_auditchainhead',
                        'constraints': [models.CheckConstraint(condition=models.Q(('id__gte', 1)), name='auditchainhead_numbered')],
                    },
                ),
                migrations.CreateModel(
                    name='AuditEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('shard', models.PositiveSmallIntegerField(default=1, verbose_name='chain')),
                        ('seq', models.PositiveBigIntegerField(verbose_name='sequence')),
                        ('created_at', models.DateTimeField(verbose_name='time')),
                        ('actor_label', models.CharField(max_length=150, verbose_name='actor label')),
                        ('action', models.CharField(max_length=64, verbose_name='action')),
                        ('target_type', models.CharField(max_length=64, verbose_name='target type')),
                        ('target_id', models.CharField(max_length=64, verbose_name='target id')),
                        ('before', models.JSONField(blank=True, null=True, verbose_name='before')),
                        ('after', models.JSONField(blank=True, null=True, verbose_name='after')),
                        ('prev_hash', models.CharField(max_length=64, verbose_name='previous hash')),
                        ('hash', models.CharField(max_length=64, unique=True, verbose_name='hash')),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='actor')),
                    ],
                    options={
                        'verbose_name': 'audit event',
                        'verbose_name_plural': 'audit events',
                        'db_table': 'reconcile_auditevent',
                        'ordering': ['id'],
                        'indexes': [models.Index(fields=['target_type', 'target_id'], name='reconcile_a_target__5410cf_idx')],
                        'constraints': [models.UniqueConstraint(fields=('shard', 'seq'), name='auditevent_one_seq_per_chain')],
                    },
                ),
            ],
        ),
    ]
