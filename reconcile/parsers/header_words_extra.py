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
    "counterparty_name": ["收付方名称", "收付方户名", "Name Zahlungsbeteiligter"],
    "counterparty_account": ["收付方账号", "IBAN Zahlungsbeteiligter"],
    "counterparty_bank": ["收付方开户行名", "收付方开户行", "BIC (SWIFT-Code) Zahlungsbeteiligter"],
    "balance": ["Saldo nach Buchung", "Guthaben"],
    # PayPal's German activity download (its English one: Net, Fee, Balance, Type): the balance moves by Netto.
    "amount": ["Netto"],
    "fee": ["Gebühr"],
    "summary": ["Typ", "Label"],  # Targobank's Excel download: the line's text
    "serial": ["Transaktionscode"],
    # Sparkasse's CSV: `Umsatz gebucht` or `Umsatz vorgemerkt` (noted, not yet booked: left out as pending lines are)
    "status": ["Info"],
}
