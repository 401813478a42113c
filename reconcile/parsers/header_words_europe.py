"""Column names of German banks' own CSV exports, beside ``header_words`` (which is at its size limit).

The cooperative banks' export (Atruvia's, used by the Volksbanken and Raiffeisenbanken, Sparda, PSD and GLS Bank:
`Bezeichnung Auftragskonto; IBAN Auftragskonto; ...; Name Zahlungsbeteiligter; IBAN Zahlungsbeteiligter; BIC
(SWIFT-Code) Zahlungsbeteiligter; ...; Saldo nach Buchung`) was read without its account, the other party and the
running balance; Commerzbank's newer export names the account's own IBAN `IBAN Kontoinhaber`; PayPal's German
download was refused for want of a header row. Each list is ordered
as in ``header_words``: the first synonym wins.
"""

from __future__ import annotations

EUROPE: dict[str, list[str]] = {
    "account_number": ["IBAN Auftragskonto", "IBAN Kontoinhaber"],
    "counterparty_name": ["Name Zahlungsbeteiligter"],
    "counterparty_account": ["IBAN Zahlungsbeteiligter"],
    "counterparty_bank": ["BIC (SWIFT-Code) Zahlungsbeteiligter"],
    "balance": ["Saldo nach Buchung", "Guthaben"],
    # PayPal's German activity download (its English one: Net, Fee, Balance, Type): the balance moves by Netto.
    "amount": ["Netto"],
    "fee": ["Gebühr"],
    "summary": ["Typ", "Label"],  # Targobank's Excel download: the line's text
    "serial": ["Transaktionscode"],
    # Sparkasse's CSV: `Umsatz gebucht` or `Umsatz vorgemerkt` (noted, not yet booked: left out as pending lines are)
    "status": ["Info"],
}
