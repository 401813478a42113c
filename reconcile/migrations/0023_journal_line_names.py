"""A journal entry's fields take a bank line's names for the same concept (issue 21 item 3): the parsers give both
sides one line shape, and the code reads one attribute on either side instead of translating names per kind.

date -> booking_date, voucher (凭证字号, the entry's own number) -> serial, settlement_no (结算号/票号, the document
both sides cite) -> voucher_no, counterparty -> counterparty_name. The columns are renamed in place (no data moves)
and the (account, day) index follows its column: it is renamed, not rebuilt."""

from django.db import migrations, models

OLD_INDEX = "reconcile_j_account_32945f_idx"
NEW_INDEX = "reconcile_j_account_641b4e_idx"  # the name Django gives an index on (account, booking_date)


class Migration(migrations.Migration):
    dependencies = [("reconcile", "0022_close_review")]
    operations = [
        # Renamed while its fields still read (account, date): where a database cannot rename an index (SQLite) Django
        # drops and creates it, on the columns the state names at that point.
        migrations.RenameIndex(model_name="journalentry", new_name=NEW_INDEX, old_name=OLD_INDEX),
        migrations.RenameField(model_name="journalentry", old_name="date", new_name="booking_date"),
        migrations.RenameField(model_name="journalentry", old_name="voucher", new_name="serial"),
        migrations.RenameField(model_name="journalentry", old_name="settlement_no", new_name="voucher_no"),
        migrations.RenameField(model_name="journalentry", old_name="counterparty", new_name="counterparty_name"),
        # The index's column was renamed with its field; only the migration state still lists the old field name.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name="journalentry", name=NEW_INDEX),
                migrations.AddIndex(
                    model_name="journalentry",
                    index=models.Index(fields=["account", "booking_date"], name=NEW_INDEX),
                ),
            ]
        ),
        migrations.AlterModelOptions(
            name="journalentry",
            options={
                "ordering": ["account", "booking_date", "id"],
                "verbose_name": "journal entry",
                "verbose_name_plural": "journal entries",
            },
        ),
    ]
