from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('statements', '0011_run_progress'),
    ]

    operations = [
        migrations.AddField(
            model_name='agreement',
            name='detail_in_pdf',
            field=models.BooleanField(default=False, help_text='Print the period’s transaction detail as pages after the statement (paper letters always carry it).', verbose_name='detail in the PDF'),
        ),
    ]
