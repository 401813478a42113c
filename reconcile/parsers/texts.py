"""The parsers' message texts (English message ids; the Chinese is in locale/zh_Hans). See messages.py."""

from __future__ import annotations

# `_` only marks the texts for `make messages` (xgettext); they are translated when a message is rendered.
from .messages import gettext_noop as _
from .messages import plural_noop as ngettext  # named so `make messages` extracts both forms
from .messages import register

register(
    {
        # values
        "amount.out_of_range": _("amount out of range (must be below 10^16)"),
        "amount.unreadable": _("unreadable amount"),
        "amount.comma_in_point_file": _(
            "a comma where a decimal point belongs (amounts here are written 1,234.56, a comma only grouping "
            "thousands): the cell looks damaged; correct it or export the statement again"
        ),
        "amount.sub_cent": _("more decimals than cents; amounts are not rounded"),
        "amount.minor_unit": _("more decimals than %(currency)s allows"),
        "amount.empty": _("the amount is empty"),
        "amount.none_in_columns": _("no amount in any amount column (read: %(columns)s)"),
        "amount.both_sides": _("both the money-in and the money-out column carry an amount; the direction is unclear"),
        "amount.zero": _("zero amount"),
        "amount.negative_with_direction": _(
            "a negative amount with a direction: give the amount as a positive number, or leave out the direction"
        ),
        "date.unreadable": _("unreadable date"),
        "date.no_such_day": _("no such date"),
        "date.empty": _("the date is empty"),
        "table.second_account_section": _(
            "a second opening balance after lines, not where the balance stands: the report holds the sections of "
            "several accounts; export it for the one account only"
        ),
        "date.no_year": _("no year (no year column, and no year such as “2026年度” in the title)"),
        "date.bad_ymd": _("the year, month and day are not a valid date"),
        "date.two_digit_year_order": _(
            "the year, the month and the day of a date with a two-digit year cannot be told apart (the column's other "
            "dates do not show which is which): export the statement with dates written year-month-day (2026-03-04)"
        ),
        "date.day_month_order": _(
            "the day and the month cannot be told apart (the column's dates do not show which comes first): export "
            "the statement with dates written year-month-day (2026-03-04)"
        ),
        "currency.mixed": _(
            "this line is in %(value)s, the statement in %(main)s: an account is kept in one currency, "
            "so export each currency's statement on its own and upload each"
        ),
        "product.mixed": _(
            "this line is of the product “%(value)s”, the statement's lines before it of “%(main)s”: each keeps its "
            "own balance, as an account of its own, so export each product's statement on its own and upload each"
        ),
        "currency.balance_mixed": _(
            "this balance is in %(value)s, the statement in %(main)s: it is no balance of the account; "
            "export the statement again"
        ),
        "currency.amount_marked": _(
            "the amount is marked %(value)s, but the line is in %(main)s: an account is kept in one currency, "
            "so export each currency's statement on its own and upload each"
        ),
        "direction.unknown_flag": _("unknown direction flag"),
        "direction.neutral": _(
            "neither money in nor money out (不计收支, 中性交易): this is a payment app's personal bill, listing payments "
            "made from several cards and balances, not an account's statement; upload the bank account's statement, "
            "or the merchant account's (微信支付 资金账单, 支付宝 账务明细)"
        ),
        "direction.numeric_flag": _(
            "unknown direction flag (for 0/1 flags, say in a mapping profile which one is money in)"
        ),
        "balance.side_even_not_zero": _("the balance side is 平 (even) but the balance is not zero"),
        "balance.side_unknown": _("unknown balance side"),
        "balance.side_unreadable": _(
            "unreadable balance (a balance with its side is written 借 1,000.00, 1,000.00 贷, Dr 1,000.00 or 1,000.00 CR)"
        ),
        "balance.side_disagrees": _("the side written with the balance is not the one the side column gives"),
        # files and formats
        "file.empty": _("the file is empty"),
        "file.too_large": _("the file is too large (%(mb)s MB; the limit is %(limit)s MB)"),
        "format.unknown": _("unknown file format"),
        "format.binary": _("unknown file format (binary content)"),
        "text.nul": _("the text holds a NUL byte, which no text may contain; remove it and export the file again"),
        "format.unknown_binary": _(
            "unknown file format (binary content that is not Excel, CSV, MT940, camt, BAI2 or OFX)"
        ),
        "format.html": _(
            "the file is a web page (HTML) saved with an Excel name, not a real workbook: open it in Excel, "
            "save it as .xlsx and upload that"
        ),
        "format.xml_not_camt": _("unsupported XML file (not a camt.052/053/054 statement)"),
        "format.payment_app_bill": _(
            "the file is a payment or shopping app's personal bill (账单明细 of 微信支付, 支付宝, 京东 or 美团: payments made "
            "from several cards and balances, some closed or refunded, and no balance), not an account's statement; upload "
            "the bank account's statement, or the merchant account's (微信支付 资金账单, 支付宝 账务明细)"
        ),
        "format.trade_record": _(
            "the file is a record of securities or crypto-asset trades (columns %(columns)s), not a bank account's "
            "statement; upload the statement of the bank account the money moved through (the transfers to and from "
            "the broker or exchange are on it)"
        ),
        "format.pdf": _(
            "the file is a PDF: a statement printed to PDF cannot be imported; download the statement from online "
            "banking as Excel (.xls, .xlsx), CSV, MT940 or camt.053 and upload that"
        ),
        "format.image": _(
            "the file is a picture (a photo or scan): a statement cannot be imported from a picture; download the "
            "statement from online banking as Excel (.xls, .xlsx), CSV, MT940 or camt.053 and upload that"
        ),
        "format.pdf_journal": _(
            "the file is a PDF: a journal printed to PDF cannot be imported; export the bank journal "
            "from your accounting software (Kingdee, Yonyou) as Excel (.xlsx, .xls) or CSV and upload that"
        ),
        "format.image_journal": _(
            "the file is a picture (a photo or scan): a journal cannot be imported from a picture; export the bank "
            "journal from your accounting software (Kingdee, Yonyou) as Excel (.xlsx, .xls) or "
            "CSV and upload that"
        ),
        "format.text_named_excel": _(
            "%(name)s is not an Excel file: it is plain text (it begins “%(start)s”), not a workbook, and holds no "
            "statement table this reader knows; download the statement from online banking again as Excel (.xlsx, "
            ".xls) or CSV and upload that, or open the file to see what it is"
        ),
        "format.text_named_excel_journal": _(
            "%(name)s is not an Excel file: it is plain text (it begins “%(start)s”), not a workbook, and holds no "
            "journal table this reader knows; export the bank journal from your accounting software "
            "(Kingdee, Yonyou) again as Excel (.xlsx, .xls) or CSV and upload that, or open the file to see "
            "what it is"
        ),
        "format.bank_only": _("%(format)s is a bank statement format; it cannot be imported as a company journal"),
        "format.json_upload": _(
            "JSON lines are sent through the ERP push API (POST /api/v1/imports/push/), not uploaded as a file"
        ),
        "text.broken_utf16": _("the UTF-16 text is damaged"),
        "text.unknown_encoding": _(
            "unknown text encoding (neither UTF-8 nor GBK/GB18030): save the file as UTF-8 CSV or as Excel"
        ),
        "csv.too_many_rows": _("the CSV file has more than %(limit)s rows: split it and upload the parts"),
        "csv.malformed": _("the CSV file is malformed at line %(line)s"),
        "excel.damaged": _("the Excel file is damaged or incomplete and cannot be opened"),
        "excel.too_slow": _(
            "reading the workbook took more than %(seconds)s seconds; it may be damaged: save it again as "
            "a new .xlsx or as CSV and upload that"
        ),
        "excel.too_much_memory_cells": _(
            "reading the workbook needs more than %(mb)s MB: it is damaged, or a cell lies "
            "far outside the data (such as XFD10000); delete the empty rows and columns "
            "beyond the data, save it and upload it again"
        ),
        "excel.too_much_memory": _("reading the workbook needs more than %(mb)s MB: it is damaged or too large"),
        "excel.too_many_rows": _(
            "sheet “%(sheet)s” has %(rows)s rows, more than the limit of %(limit)s: split it by "
            "month and upload the parts"
        ),
        "excel.unreadable": _("the workbook cannot be read; save it again as .xlsx and upload that"),
        "excel.empty": _("the workbook holds no data"),
        "zip.not_a_workbook": _("the ZIP archive is not an Excel workbook"),
        "zip.too_large": _("the archive expands to more than %(mb)s MB; it is refused unread"),
        # tables (Excel, CSV)
        # The examples are the reader's own words: the English text names English headers, its Chinese translation
        # names Chinese ones (an English reader was shown only “交易日期”, “借方发生额” ...).
        "table.no_header": _(
            "no header row in the first %(rows)s rows (a date column and amount columns are needed, such as "
            "“Date” with “Debit”/“Credit” or “Amount”, and a “Description”): check the file or save a mapping profile"
        ),
        "table.amount_columns_unknown": _(
            "row %(row)s looks like the header (date column “%(date)s”), but none of its columns is an amount "
            "column this reader knows; columns named like amounts: %(columns)s. Save a mapping profile naming "
            "the money-in and money-out columns (or the amount column)"
        ),
        "table.several_sheets": _(
            "the workbook holds a statement on each of several sheets (%(sheets)s): save each sheet as a file of its "
            "own and upload each, or save a mapping profile naming the sheet to read"
        ),
        "table.profile_column_missing": _("the column “%(column)s” named in the mapping profile is not in the header"),
        "table.no_date_column": _("no date column (such as “Date”, “Transaction Date” or “Posting Date”)"),
        "table.no_amount_column": _("no amount column (such as “Amount”, or “Debit” and “Credit”)"),
        "table.only_debit": _("only a debit (借方) amount column, no credit (贷方) amount column"),
        "table.only_credit": _("only a credit (贷方) amount column, no debit (借方) amount column"),
        "table.only_in": _(
            "only a money-in column (“%(found)s”) and no money-out column was recognised; other amount "
            "columns: %(unknown)s. Save a mapping profile naming the money-out column"
        ),
        "table.only_out": _(
            "only a money-out column (“%(found)s”) and no money-in column was recognised; other amount "
            "columns: %(unknown)s. Save a mapping profile naming the money-in column"
        ),
        "table.journal_no_year": _(
            "the journal has month and day columns but no year anywhere (such as “2026年度” in "
            "the title): give the year in a mapping profile"
        ),
        "table.no_rows": _("the header was found, but no transaction rows under it"),
        # checks a file makes about itself
        "balance.running": _(
            "the running balance does not follow: the previous balance %(previous)s %(sign)s this "
            "amount %(amount)s is %(expected)s, but the row's balance is"
        ),
        "balance.closing_vs_last": _(
            "the stated closing balance differs from the last line's balance %(last)s; the file states"
        ),
        "balance.opening_to_closing": _(
            "the opening balance %(opening)s plus the lines is %(expected)s, not the stated closing balance"
        ),
        "balance.statements_do_not_join": _(
            "the opening balance does not continue the previous statement's closing balance %(previous)s"
        ),
        "balance.cut_statement_does_not_join": _(
            "the opening balance does not continue the previous statement, which ends without a closing balance: its "
            "opening balance %(opening)s plus its lines is %(expected)s"
        ),
        "control.in_total": _(
            "the stated total of money in differs from the lines, which give %(got)s; the file states"
        ),
        "control.out_total": _(
            "the stated total of money out differs from the lines, which give %(got)s; the file states"
        ),
        "control.in_count": _(
            "the stated number of lines of money in differs from the lines, which are %(got)s; the file states"
        ),
        "control.out_count": _(
            "the stated number of lines of money out differs from the lines, which are %(got)s; the file states"
        ),
        "control.line_count": _(
            "the stated number of lines differs from the lines, which are %(got)s; the file states"
        ),
        "kind.looks_like_journal": _(
            "the balances only follow if debits are money in, as in a company's journal: this "
            "looks like a bank journal; upload it as a journal"
        ),
        "kind.looks_like_statement": _(
            "the balances only follow if debits are money out, as on a bank statement: this "
            "looks like a bank statement; upload it as one"
        ),
        # statements (MT940, camt, BAI2, OFX)
        "statement.too_many_lines": _("more than %(limit)s transactions"),
        "statement.balances_incomplete": _(
            "the %(format)s statement of account %(account)s has no transactions and does "
            "not state both its opening and its closing balance with their dates, so "
            "there is nothing to import"
        ),
        "statement.empty_account_left_out": _(
            "the %(format)s statement of account %(account)s in the same file has no transactions and no dated "
            "opening and closing balances: it was left out"
        ),
        "text.not_in_encoding": _("the file cannot be decoded as %(encoding)s"),
        "mt940.unknown_encoding": _("unknown MT940 text encoding"),
        "mt940.decoded_as": _("the MT940 file is not UTF-8; it was read as %(encoding)s"),
        "mt940.field_unreadable": _(
            "the MT940 field %(field)s cannot be read (“%(text)s”); export the statement again"
        ),
        "mt940.message_unreadable": _("this MT940 message cannot be read (%(detail)s); export the statement again"),
        "mt940.message_unreadable_plain": _("this MT940 message cannot be read; export the statement again"),
        "mt940.no_message": _("no MT940 message (:20:) in the file"),
        "mt940.ends_without_closing": _(
            "the last MT940 message ends without its closing balance (:62F:): the file may be cut off, export it again"
        ),
        "mt940.nothing_readable": ngettext(
            "no MT940 message of the file can be read (%(count)s problem, the first: "
            "%(first)s); check that the file is complete and export it again",
            "no MT940 message of the file can be read (%(count)s problems, the first: "
            "%(first)s); check that the file is complete and export it again",
            "count",
        ),
        "mt940.layout_unreadable": _(
            "the :86: field after this line says it is in the detail layout (/BRDT/1) but "
            "cannot be read (%(detail)s); download the detail again"
        ),
        "mt940.long_reference": _(
            "the :61: lines of the message from line %(line)s have a customer reference longer "
            "than 16 characters; they were read leniently"
        ),
        "table.headerless": _(
            "the file has no header row: its columns were read as %(columns)s (by what they hold); check the lines' "
            "dates, amounts and directions"
        ),
        "format.pain": _(
            "the file is a payment order (ISO 20022 pain: transfers or direct debits sent to the bank), not a "
            "statement of the account; download the account's statement (camt.053, MT940, Excel or CSV) and upload that"
        ),
        "format.pain_status": _(
            "the file is the bank's status report on a payment order (ISO 20022 pain.002: which transfers it accepted "
            "or rejected), not a statement of the account; download the account's statement (camt.053, MT940, Excel "
            "or CSV) and upload that"
        ),
        "format.coda": _(
            "the file is a CODA statement (the Belgian banks' fixed-width format), which is not read here; download "
            "the statement from online banking as camt.053 (or MT940, Excel or CSV) and upload that"
        ),
        "format.norma43": _(
            "the file is a Norma 43 (AEB 43, cuaderno 43) statement, the Spanish banks' fixed-width format, which is "
            "not read here; download the statement from online banking as camt.053, MT940, Excel or CSV and upload that"
        ),
        "format.cfonb": _(
            "the file is a CFONB 120 statement (relevé de compte, the French banks' fixed-width format), which is not "
            "read here; download the statement from online banking as camt.053, MT940, Excel or CSV and upload that"
        ),
        "camt.malformed": _(
            "the camt XML is malformed at line %(line)s, column %(column)s (cut off or damaged?); "
            "export the statement again"
        ),
        "camt.no_container": _("no <%(tag)s> element in the %(format)s file"),
        "camt.no_booked_entries": _(
            "the %(format)s file has no booked entries (Ntry with Sts BOOK), only pending ones"
        ),
        "camt.only_information_entries": _(
            "the %(format)s file only informs of entries (Ntry with Sts INFO), it books none: import the account's "
            "statement (camt.053) or the notification of booked entries"
        ),
        "table.not_booked_left_out": _(
            "rows %(rows)s were left out: their status (%(statuses)s) says they are not booked (yet); they move no "
            "booked money"
        ),
        "camt.skipped_pending": _("%(count)s entries not yet booked (status other than BOOK) were left out"),
        "camt.signed_amount": _("camt amounts must be positive; the direction is CdtDbtInd"),
        "zip.in_member": _("%(name)s: %(reason)s"),
        "zip.damaged": _("the ZIP archive is damaged or incomplete and cannot be opened"),
        "zip.empty": _("the ZIP archive holds no file"),
        "zip.too_many_members": _("the ZIP archive holds %(count)s files, more than %(limit)s: upload it in parts"),
        "zip.not_camt": _(
            "the ZIP archive is not an Excel workbook and holds files that are not camt statements "
            "(%(names)s): unzip it and upload the statement files one by one"
        ),
        "zip.mixed_camt": _(
            "the ZIP archive mixes %(formats)s documents, which report the same entries twice: upload "
            "the camt.053 statements only"
        ),
        "bai2.file_header": _("the file header 01"),
        "bai2.group_header": _("the group header 02"),
        "bai2.account_record": _("the account record 03"),
        "bai2.out_of_place": _("the BAI2 record %(code)s on line %(line)s is out of place (it must follow %(parent)s)"),
        "bai2.trailer_closes_nothing": _("the BAI2 trailer %(code)s on line %(line)s closes no record"),
        "bai2.detail_outside_account": _("the BAI2 detail record 16 on line %(line)s lies outside an account (03)"),
        "bai2.starts_with_continuation": _("the BAI2 file starts with a continuation record (88)"),
        "bai2.not_a_record": _("line %(line)s is not a BAI2 record (record code “%(code)s”)"),
        "bai2.must_start_with_01": _("line %(line)s: a BAI2 file must start with a file header 01"),
        "bai2.after_99": _("line %(line)s: records follow the file trailer 99"),
        "bai2.never_closed": _(
            "the BAI2 file is incomplete: %(record)s on line %(line)s is never closed (by %(trailer)s); "
            "the file may be cut off: export it again"
        ),
        "bai2.empty": _("the BAI2 file is empty"),
        "bai2.trailer_records": _(
            "the BAI2 trailer record %(record)s counts %(expected)s records, the file holds %(found)s: the file is "
            "incomplete or damaged, download it again"
        ),
        "bai2.trailer_accounts": _(
            "the BAI2 trailer record %(record)s counts %(expected)s accounts, the file holds %(found)s: the file is "
            "incomplete or damaged, download it again"
        ),
        "bai2.trailer_groups": _(
            "the BAI2 trailer record %(record)s counts %(expected)s groups, the file holds %(found)s: the file is "
            "incomplete or damaged, download it again"
        ),
        "bai2.trailer_total": _(
            "the BAI2 trailer record %(record)s states the control total %(expected)s, the amounts in the file add "
            "up to %(found)s: the file is incomplete or damaged, download it again"
        ),
        "bai2.integrity": _("the BAI2 trailer records (49/98/99) do not match the records: %(detail)s"),
        "bai2.malformed": _("the BAI2 file cannot be read: %(detail)s"),
        "bai2.type_unsupported": _(
            "the BAI2 type code %(code)s is not one this import knows; check the file's records"
        ),
        "bai2.record_short": _(
            "line %(line)s: the BAI2 record %(code)s has %(found)s of its %(needed)s fields; export the file again"
        ),
        "bai2.record_short_unended": _(
            "line %(line)s: the BAI2 record %(code)s has %(found)s of its %(needed)s fields and no “/” to end it: it "
            "was cut short; export the file again"
        ),
        "bai2.field_not_a_code": _(
            "line %(line)s: the BAI2 record %(code)s has “%(value)s” where its %(field)s belongs: a field is missing or "
            "one too many; export the file again"
        ),
        "bai2.funds_type": _("funds type (0, 1, 2, S, V, D or Z)"),
        "bai2.group_status": _("group status (1 to 4)"),
        "bai2.date_modifier": _("as-of date modifier (1 to 4)"),
        "bai2.malformed_plain": _("the BAI2 file cannot be read; check that it is complete and export it again"),
        "bai2.integrity_plain": _("the BAI2 trailer records (49/98/99) do not match the records"),
        "bai2.reflowed": _("the BAI2 records were not one per line; they were split into lines"),
        "bai2.type_not_credit_or_debit": _("the BAI2 type code is neither a credit nor a debit"),
        "bai2.summary_without_type": _("the BAI2 account record 03 states an amount without its type code"),
        "xmlss.malformed": _(
            "the Excel XML (XML Spreadsheet 2003) file cannot be read; check that it is complete and export it again"
        ),
        "xmlss.too_many_cells": _(
            "row %(row)s: the Excel XML file holds more than %(limit)s cells (its rows reach far to the right); "
            "export only the statement's columns"
        ),
        "xmlss.bad_index": _("the Excel XML file places a row or cell at a position that does not exist “%(value)s”"),
        "bai2.information_left_out": _(
            "BAI2 details of type 890 (non-monetary information) move no money and were not imported (rows %(rows)s)"
        ),
        "ofx.malformed": _("the OFX file cannot be read: %(detail)s"),
        "ofx.malformed_plain": _("the OFX file cannot be read; check that it is complete and export it again"),
        "ofx.field_missing": _("this OFX transaction has no %(field)s, which OFX requires; export the statement again"),
        "ofx.field_unreadable": _("this OFX transaction's %(field)s cannot be read"),
        "ofx.transaction_rejected": _("this OFX transaction cannot be read: %(detail)s"),
        "ofx.transaction_rejected_plain": _("this OFX transaction cannot be read"),
        "ofx.no_statement": _("no account statement in the OFX file"),
        "ofx.server_error": _(
            "no account statement in the OFX file: the bank's server answered the request with an error "
            "(%(detail)s); download the statement again"
        ),
        "ofx.investment": _(
            "the OFX file is the statement of investment account %(account)s (INVSTMTRS: holdings and trades), not "
            "of a bank or card account; export the bank account's statement (OFX, MT940, camt.053, CSV or Excel)"
        ),
        # ERP push (JSON)
        "push.not_a_list": _("expected a list of lines, or an object with a “lines” list"),
        "push.empty": _("the push holds no lines"),
        "push.too_many_lines": _("more than %(limit)s lines in one push"),
        "push.line_not_object": _("each line must be an object"),
        "push.period_reversed": _("the period ends before it starts (period_start is after period_end)"),
        "push.outside_period": _("the line is dated outside the period the push states (%(start)s to %(end)s)"),
        "push.text_not_text": _("a text field takes a string (or a whole number), not a list, an object or true/false"),
    }
)
