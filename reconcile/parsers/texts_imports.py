"""The QIF reader's and the journal readers' newer message texts (English message ids; the Chinese is in
locale/zh_Hans). See messages.py."""

from __future__ import annotations

from .messages import gettext_noop as _
from .messages import plural_noop as ngettext  # named so `make messages` extracts both forms
from .messages import register

register(
    {
        "qif.type": _(
            "the QIF file holds an account of type “%(type)s” (line %(line)s), not a bank or credit card account: only "
            "!Type:Bank and !Type:CCard are imported; export the bank account's statement (QIF, OFX, CSV or Excel)"
        ),
        "qif.no_type": _(
            "line %(line)s of the QIF file comes before any !Type line, so it is unclear what it records: export the "
            "account again from the bank or Quicken"
        ),
        "qif.several_accounts": _(
            "the QIF file holds several accounts (%(accounts)s): export each account to a file of its own and upload "
            "them one by one"
        ),
        "qif.not_a_field": _(
            "line %(line)s of the QIF file (“%(text)s”) is no QIF field (a letter such as D, T or P, then its "
            "value): a CSV file is uploaded as it is, without a !Type line; else export the QIF file again"
        ),
        "qif.unterminated": _(
            "the record is not ended by a ^ line, as the file's last record is when the file was cut short: export "
            "the file again and upload it whole"
        ),
        "qif.no_records": _(
            "the QIF file holds no bank or credit card transaction (D and T lines ending with ^): check the date "
            "range of the export"
        ),
        "qif.day_month_order": _(
            "the QIF file's dates do not show whether the day or the month comes first (%(value)s, line "
            "%(line)s, could be either, and no date of the file tells): export it again with dates written "
            "year-month-day (2025-12-31), or as OFX, CSV or Excel"
        ),
        "qif.day_month_both": _(
            "the QIF file's dates are written both day first (%(dmy)s, line %(dmy_line)s) and month first (%(mdy)s, "
            "line %(mdy_line)s): export it again with dates written year-month-day (2025-12-31), or as OFX, CSV or "
            "Excel"
        ),
        "qif.card": _(
            "a credit card (!Type:CCard) QIF file: charges, written negative, are money out and payments money in"
        ),
        "import.no_currency_qif": _(
            "The file states no currency: a QIF file names neither its account nor its currency, and account "
            "%(number)s is not in the portal yet, so its currency is not known either. Nothing was imported. Register "
            "account %(number)s with its currency first, or export the statement as OFX, CSV or Excel, then upload it."
        ),
        "table.days_carried": ngettext(
            "the journal prints each day once: %(count)s entry without a date (row %(rows)s) was taken as of the day "
            "of the entry above it",
            "the journal prints each day once: %(count)s entries without a date (rows %(rows)s) were taken as of the "
            "day of the entry above them",
            "count",
        ),
        "sections.no_account": _(
            "the file holds the sections of %(count)s accounts (%(sections)s), each with its own opening balance: "
            "choose at upload the account the import is for (its section is then read), or export the ledger of one "
            "account only"
        ),
        "sections.none_match": _(
            "the file holds the sections of %(count)s accounts (%(sections)s), and none names account %(account)s (by "
            "its number or its last digits in the 科目 name): choose the account of one of them, or export that "
            "account's ledger on its own"
        ),
        "sections.several_match": _(
            "the file holds the sections of %(count)s accounts (%(sections)s), and more than one names account "
            "%(account)s: export that account's ledger on its own"
        ),
        "sections.digits_shared": _(
            "the section “%(section)s” names its account by the last digits %(digits)s only, and both account "
            "%(account)s and account %(other)s end with them: write the full account number in the 科目 name, or "
            "export that account's ledger on its own"
        ),
        "sections.read_one": _(
            "the file holds the sections of several accounts: the section of account %(account)s (%(section)s) was "
            "read, the others (%(others)s) were left out"
        ),
        "sections.xero": _(
            "the Xero report holds %(count)s accounts (%(sections)s), not one bank account's transactions: in Xero, "
            "run Reports › Account Transactions with only the bank account selected, export it as CSV or Excel and "
            "upload that"
        ),
    }
)
