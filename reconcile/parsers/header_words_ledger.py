"""Column names of ERP and bookkeeping exports of a bank account's ledger (read as journals only).

Kept apart from ``header_words`` (the banks' words) because these names mean the company's books: 往来单位 is the
business partner a voucher line names, SAP's 分配 / Zuordnung its assignment, Odoo's Partner and Label, QuickBooks'
Split the account on the other side. Each list is ordered as in ``header_words``: the first synonym wins.
"""

from __future__ import annotations

LEDGER: dict[str, list[str]] = {
    # Oracle's GL account analysis: the accounting date is the booking date.
    # YonSuite's 明细账 dates its lines by 凭证日期 (the voucher's day, the one the books use).
    "date": [
        "accountingdate",
        "gldate",
        "glpostingdate",
        "pstngdate",
        "pstng.date",
        "凭证日期",
        "belegdatum",
        "doc.date",
    ],  # SAP's short heading
    # 金蝶 星空 / 精斗云, 好会计: 往来单位 (the customer or supplier of the voucher line); Odoo: Partner (业务伙伴).
    # Xero's Account Transactions with the Contact column shown: the customer or supplier.
    "counterparty_name": [
        "往来单位",
        "往来单位名称",
        "往来户",
        "往来单位名",
        "partner",
        "业务伙伴",
        "合作伙伴",
        "contact",
    ],
    # SAP's line text (文本, Text), Odoo's Label (标签), Oracle's Line Description, QuickBooks' Memo/Description.
    # A register's Memo is what the line says (its Type only the kind of line: Check, Deposit).
    # Sage 50 (US)'s Trans Description; Business Central's German Beschreibung, SAP's Buchungstext.
    "summary": [
        "文本",
        "label",
        "标签",
        "linedescription",
        "memo/description",
        "行描述",
        "memo",
        "摘要说明",
        "transdescription",
        "beschreibung",
        "buchungstext",
    ],
    # 精斗云's and 好会计's 收支类别 (the income or expense category the cashier chose): what the line was for.
    "purpose": ["收支类别", "收支项目"],
    # The entry's own number: Odoo's Journal Entry, SAP's German Belegnummer, QuickBooks' Num / Ref No., NetSuite's
    # Number.
    "serial": [
        "journalentry",
        "日记账分录",
        "belegnummer",
        "belegnr.",
        "belegnr",
        "docno.",
        "documentno.",
        "documentno",
        "num",
        "refno.",
        "number",
    ],
    # One amount column and a debit/credit flag beside it (借 is money in on the company's books): these names were
    # the bank's alone, and every line of such a journal was read as money in.
    # SAP's debit/credit indicator (SHKZG: S debit, H credit) as FAGLL03 / FB03 name it in English, German and Chinese.
    "flag": [
        "借贷",
        "借贷方向",
        "借贷方",
        "d/c",
        "dc",
        "dr/cr",
        "debit/credit",
        "soll/haben",
        "debit/creditind",
        "debit/creditind.",
        "debit/creditindicator",
        "d/cind.",
        "d/cindicator",
        "soll/haben-kennz.",
        "soll/haben-kennzeichen",
        "s/h",
        "借/贷标识",
        "借贷标识",
    ],
    # A reference the bank also knows: SAP's assignment (分配, Zuordnung, often the cheque or payment number).
    "voucher_no": ["分配", "zuordnung", "reference", "ref", "票据号码"],
    # The account on the other side: QuickBooks' Split, SAP's offsetting account.
    "counter_subject": ["split", "offsettingacctno.", "offsettingaccount", "gegenkonto", "对方科目编码"],
    # SAP's amount in local currency as its German and Chinese screens name it.
    # FBL3N's English column, as its list and its Spreadsheet / unconverted download head it: Amount in local cur.
    "amount": [
        "betraginhauswährung",
        "betraghauswährung",
        "betraginhw",
        "本位币金额",
        "本币金额",
        "amountinlocalcur.",
        "amountinlocalcur",
        "amt.inloc.cur.",
        "amountinloc.cur.",
        "accountedamount",  # Oracle's signed line amounts: the accounted (functional currency) one first
        "enteredamount",
    ],
    # Oracle: the accounted (functional currency) amounts before the entered ones.
    # Sage 50 (US): Debit Amt / Credit Amt.
    "debit": ["amount(debit)", "accounteddebit", "accounteddr", "entereddebit", "entereddr", "debitamt", "debitamt."],
    "credit": [
        "amount(credit)",
        "accountedcredit",
        "accountedcr",
        "enteredcredit",
        "enteredcr",
        "creditamt",
        "creditamt.",
    ],
    # A bank register (QuickBooks): Payment / Deposit.
    "out_amount": ["payment", "payments"],
    "currency": ["本位币", "hauswährung", "lcurr", "currencycode"],
}
