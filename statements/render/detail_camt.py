"""A statement's detail as ISO 20022 camt.053.001.08 (BankToCustomerStatementV08), valid against the official schema
(tests/fixtures/iso20022/camt.053.001.08.xsd).

    GrpHdr      MsgId (statement number and version), CreDtTm (when the detail was generated)
    Stmt        Id, CreDtTm, FrToDt (the period), Acct (Id/IBAN or Id/Othr/Id, Ccy, Ownr/Nm the customer,
                Svcr/FinInstnId BICFI or Nm the bank), Bal OPBD on the first day and CLBD on the last,
                TxsSummry (count and sum of all, credit and debit entries)
    Ntry        one per line, in the bank's order: Amt, CdtDbtInd, Sts BOOK, BookgDt, ValDt (when the bank states
                one), AcctSvcrRef the bank serial, BkTxCd Prtry NMSC (the nature is not known), one TxDtls with
                Refs/EndToEndId the voucher number and Refs/Prtry "BALANCE AFTER ENTRY" the running balance
                (camt has no place of its own for it), RltdPties the counterparty (Dbtr for money in, Cdtr for money
                out, with its account), RltdAgts its bank (BICFI when it is one, else Nm), RmtInf/Ustrd the purpose;
                AddtlNtryInf the summary (摘要)

Texts are UTF-8, Chinese as it is. What the schema cannot hold is refused with DetailFormatError naming the line and
the field (a counterparty name or bank over 140 characters, an account over 34, a serial or voucher number over 35),
never cut. A purpose over 140 characters is split over several Ustrd at spaces, which the importer joins with a
space; a stretch of 140 characters without one is split where it reaches 140 (the importer then reads a space there).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Final

from lxml import etree

from reconcile.parsers.camt import BALANCE_AFTER
from statements.render.detail import DetailFormatError, DetailLine, StatementDetail

NAMESPACE: Final = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"
_BIC = re.compile(r"[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?")
_IBAN = re.compile(r"[A-Z]{2}[0-9]{2}[a-zA-Z0-9]{1,30}")
_USTRD: Final = 140
_LIMITS: Final = (
    ("counterparty_name", 140),
    ("counterparty_bank", 140),
    ("counterparty_account", 34),
    ("serial", 35),
    ("voucher_no", 35),
)


def _el(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, f"{{{NAMESPACE}}}{tag}", **attrs)
    if text is not None:
        el.text = text
    return el


def _path(parent: etree._Element, path: str, text: str | None = None) -> etree._Element:
    *heads, last = path.split("/")
    for tag in heads:
        parent = _el(parent, tag)
    return _el(parent, last, text)


def _money(value: Decimal) -> str:
    return f"{abs(value):.2f}"


def _account(parent: etree._Element, number: str) -> None:
    ident = _el(parent, "Id")
    if _IBAN.fullmatch(number):
        _el(ident, "IBAN", number)
    else:
        _path(ident, "Othr/Id", number)


def _institution(parent: etree._Element, bic: str, name: str) -> None:
    fin = _el(parent, "FinInstnId")
    if _BIC.fullmatch(bic):
        _el(fin, "BICFI", bic)
    elif name:
        _el(fin, "Nm", name[:140])


def _balance(stmt: etree._Element, code: str, value: Decimal, day: dt.date, currency: str) -> None:
    bal = _el(stmt, "Bal")
    _path(bal, "Tp/CdOrPrtry/Cd", code)
    _el(bal, "Amt", _money(value), Ccy=currency)
    _el(bal, "CdtDbtInd", "DBIT" if value < 0 else "CRDT")
    _path(bal, "Dt/Dt", day.isoformat())


def _purpose_parts(text: str) -> list[str]:
    parts: list[str] = []
    while len(text) > _USTRD:
        cut = text.rfind(" ", 1, _USTRD + 1)
        if cut > 0:
            parts.append(text[:cut])
            text = text[cut + 1 :]
        else:
            parts.append(text[:_USTRD])
            text = text[_USTRD:]
    return parts + ([text] if text else [])


def _check(number: int, line: DetailLine) -> None:
    for field, limit in _LIMITS:
        if len(getattr(line, field)) > limit:
            raise DetailFormatError("camt.053", number, field, f"at most {limit} characters")


def _entry(stmt: etree._Element, line: DetailLine, currency: str) -> None:
    ntry = _el(stmt, "Ntry")
    _el(ntry, "Amt", _money(line.amount), Ccy=currency)
    _el(ntry, "CdtDbtInd", "CRDT" if line.direction == "in" else "DBIT")
    _path(ntry, "Sts/Cd", "BOOK")
    _path(ntry, "BookgDt/Dt", line.booking_date.isoformat())
    if line.value_date is not None:
        _path(ntry, "ValDt/Dt", line.value_date.isoformat())
    if line.serial:
        _el(ntry, "AcctSvcrRef", line.serial)
    _path(ntry, "BkTxCd/Prtry/Cd", "NMSC")
    tx = _path(ntry, "NtryDtls/TxDtls")
    if line.voucher_no or line.balance_after is not None:
        refs = _el(tx, "Refs")
        if line.voucher_no:
            _el(refs, "EndToEndId", line.voucher_no)
        if line.balance_after is not None:
            prtry = _el(refs, "Prtry")
            _el(prtry, "Tp", BALANCE_AFTER)
            _el(prtry, "Ref", f"{line.balance_after:.2f}")
    party, agent = ("Dbtr", "DbtrAgt") if line.direction == "in" else ("Cdtr", "CdtrAgt")
    if line.counterparty_name or line.counterparty_account:
        parties = _el(tx, "RltdPties")
        if line.counterparty_name:
            _path(parties, f"{party}/Pty/Nm", line.counterparty_name)
        if line.counterparty_account:
            _account(_el(parties, f"{party}Acct"), line.counterparty_account)
    if line.counterparty_bank:
        _institution(_path(tx, f"RltdAgts/{agent}"), line.counterparty_bank, line.counterparty_bank)
    if line.purpose:
        rmt = _el(tx, "RmtInf")
        for part in _purpose_parts(line.purpose):
            _el(rmt, "Ustrd", part)
    if line.summary:
        _el(ntry, "AddtlNtryInf", line.summary)


def _summary(stmt: etree._Element, detail: StatementDetail) -> None:
    summary = _el(stmt, "TxsSummry")
    total = _el(summary, "TtlNtries")
    _el(total, "NbOfNtries", str(len(detail.lines)))
    _el(total, "Sum", _money(detail.total_in + detail.total_out))
    for tag, count, amount in (
        ("TtlCdtNtries", detail.count_in, detail.total_in),
        ("TtlDbtNtries", detail.count_out, detail.total_out),
    ):
        block = _el(summary, tag)
        _el(block, "NbOfNtries", str(count))
        _el(block, "Sum", _money(amount))


def render_detail_camt053(detail: StatementDetail) -> bytes:
    if len(detail.account_number) > 34:
        raise DetailFormatError("camt.053", None, "account number", "at most 34 characters")
    for number, line in enumerate(detail.lines, start=1):
        _check(number, line)
    created = detail.generated_at.replace(microsecond=0).isoformat()
    reference = f"{detail.statement_number}-V{detail.version}"[-35:]
    root = etree.Element(f"{{{NAMESPACE}}}Document", nsmap={None: NAMESPACE})
    message = _el(root, "BkToCstmrStmt")
    header = _el(message, "GrpHdr")
    _el(header, "MsgId", reference)
    _el(header, "CreDtTm", created)
    stmt = _el(message, "Stmt")
    _el(stmt, "Id", reference)
    _el(stmt, "ElctrncSeqNb", str(detail.version))
    _el(stmt, "CreDtTm", created)
    period = _el(stmt, "FrToDt")
    _el(period, "FrDtTm", f"{detail.period_start.isoformat()}T00:00:00")
    _el(period, "ToDtTm", f"{detail.period_end.isoformat()}T23:59:59")
    acct = _el(stmt, "Acct")
    _account(acct, detail.account_number)
    _el(acct, "Ccy", detail.currency)
    if detail.customer_name:
        _path(acct, "Ownr/Nm", detail.customer_name[:140])
    if detail.bank_bic or detail.bank_name:
        _institution(_el(acct, "Svcr"), detail.bank_bic, detail.bank_name)
    _balance(stmt, "OPBD", detail.opening_balance, detail.period_start, detail.currency)
    _balance(stmt, "CLBD", detail.closing_balance, detail.period_end, detail.currency)
    _summary(stmt, detail)
    for line in detail.lines:
        _entry(stmt, line, detail.currency)
    xml: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return xml
