"""The accountant's matching rules (issue 19.1, 19.2): match by pattern, never auto-match, alias; learned names."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reconcile', '0019_customer_groups'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='MatchRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('match', 'Match by pattern'), ('never', 'Never auto-match'), ('alias', 'Same party (alias)')], max_length=8, verbose_name='kind')),
                ('name', models.CharField(blank=True, max_length=80, verbose_name='name')),
                ('priority', models.PositiveSmallIntegerField(default=100, verbose_name='priority')),
                ('active', models.BooleanField(default=True, verbose_name='active')),
                ('proposed', models.BooleanField(default=False, verbose_name='proposed')),
                ('pattern', models.CharField(max_length=200, verbose_name='pattern')),
                ('journal_pattern', models.CharField(blank=True, max_length=200, verbose_name='journal pattern')),
                ('target', models.CharField(blank=True, max_length=200, verbose_name='same party as')),
                ('direction', models.CharField(blank=True, max_length=3, verbose_name='direction')),
                ('min_amount', models.DecimalField(blank=True, decimal_places=2, max_digits=18, null=True, verbose_name='minimum amount')),
                ('max_amount', models.DecimalField(blank=True, decimal_places=2, max_digits=18, null=True, verbose_name='maximum amount')),
                ('days', models.PositiveSmallIntegerField(default=0, verbose_name='days apart')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('account', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='match_rules', to='reconcile.bankaccount', verbose_name='bank account')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('customer', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='match_rules', to='reconcile.customer', verbose_name='customer')),
                ('learned_from', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='reconcile.match')),
            ],
            options={
                'verbose_name': 'matching rule',
                'verbose_name_plural': 'matching rules',
                'ordering': ['priority', 'pk'],
                'indexes': [models.Index(fields=['customer', 'active'], name='reconcile_m_custome_84a6c3_idx')],
                'constraints': [models.CheckConstraint(condition=models.Q(('kind__in', ['match', 'never', 'alias'])), name='matchrule_kind_valid'), models.CheckConstraint(condition=models.Q(('direction__in', ['', 'in', 'out'])), name='matchrule_direction_valid'), models.CheckConstraint(condition=models.Q(('proposed', True), ('active', True), _negated=True), name='matchrule_proposal_inactive'), models.UniqueConstraint(condition=models.Q(('kind', 'alias')), fields=('customer', 'account', 'pattern', 'target'), name='matchrule_alias_once')],
            },
        ),
    ]
