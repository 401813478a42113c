"""More column names of banks' own exports, beside ``header_words`` (which is at its size limit).

招商银行's corporate banking (企业银行) export names the other party 收付方名称, 收付方帐号 and 收付方开户行名: the lines
were read without their other party.

German banks' own CSV: the cooperative banks' export (Atruvia's, used by the Volksbanken and Raiffeisenbanken,
Sparda, PSD and GLS Bank: `Bezeichnung Auftragskonto; IBAN Auftragskonto; ...; Name Zahlungsbeteiligter; IBAN
Zahlungsbeteiligter; BIC (SWIFT-Code) Zahlungsbeteiligter; ...; Saldo nach Buchung`) was read without its account,
the other party and the running balance; Commerzbank's newer export names the account's own IBAN `IBAN
Kontoinhaber`; PayPal's German download was refused for want of a header row. Each list is ordered as in
``header_words``: the first synonym wins.
"""

from __future__ import annotations

EXTRA: dict[str, list[str]] = {
    "account_number": ["IBAN Auftragskonto", "IBAN Kontoinhaber"],
    # The other party as other Chinese banks' and ERPs' exports name it (平安银行's 对方账户开户行, 对手方户名, 收/付方名称).
    "counterparty_name": [
        "收付方名称",
        "收付方户名",
        "收/付方名称",
        "收付款人名称",
        "对方客户名称",
        "对方账号户名",
        "对手方户名",
        "对手方名称",
        "交易对方名称",
        "交易对方户名",
        "Name Zahlungsbeteiligter",
    ],
    "counterparty_account": [
        "收付方账号",
        "收/付方账号",
        "收付款人账号",
        "对手方账号",
        "交易对方账号",
        "交易对手账户",
        "对方单位账号",
        "IBAN Zahlungsbeteiligter",
    ],
    "counterparty_bank": [
        "收付方开户行名",
        "收付方开户行",
        "对方账户开户行",
        "对方账号开户行",
        "对方开户行名称",
        "对方账户开户行名称",
        "对方账户开户机构",
        "对方单位开户行",
        "对方开户网点",
        "对方金融机构",
        "对手行名",
        "BIC (SWIFT-Code) Zahlungsbeteiligter",
        "对方行号",  # the other bank's clearing number (CNAPS), where no name of it is given
    ],
    "summary": ["摘要说明", "Typ", "Label"],  # Label: Targobank's Excel download, the line's text
    "purpose": ["备注信息"],
    "balance": ["Saldo nach Buchung", "Guthaben"],
    # PayPal's German activity download (its English one: Net, Fee, Balance, Type): the balance moves by Netto.
    "amount": ["Netto"],
    "fee": ["Gebühr"],
    "serial": ["业务流水号", "柜员流水号", "Transaktionscode"],
    # Sparkasse's CSV: `Umsatz gebucht` or `Umsatz vorgemerkt` (noted, not yet booked: left out as pending lines are)
    "status": ["Info"],
}
