"""ISO 20022 camt.052 / camt.053 / camt.054 with lxml.

bankstatementparser 0.0.29 was evaluated and not used: it pulls pandas and pydantic into a pure core,
returns DataFrames (we would convert straight back), and its 0.0.x API is not stable. The subset of
camt we need (account, balances, entries, first transaction details, TxsSummry) is small and read here
with namespace-agnostic lookups, so every version (001.02 ... 001.08, and no namespace) reads alike.
One <Ntry> = one line: that is what moves the balance; batch details stay in the narrative.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from lxml import etree

from .amounts import decimal_exact
from .checks import check_controls, check_opening_to_closing, merge_statements, refuse_unusable_balances_only
from .dates import parse_date
from .errors import Code, ErrorCollector, ParseError, RowProblem
from .messages import msg
from .text import chinese_gbk, squash
from .types import IN, OUT, ControlTotals, ParsedFile, ParsedLine, ParseOptions

_OPENING = ("OPBD", "PRCD")  # PRCD (previous closing) is the opening of this statement
_CLOSING = ("CLBD",)
_CONTAINERS = {"camt.053": "Stmt", "camt.052": "Rpt", "camt.054": "Ntfctn"}
_PENDING = "camt.skipped_pending"
BALANCE_AFTER = "BALANCE AFTER ENTRY"


def _parser() -> etree.XMLParser:
    # No entities, no network, no huge trees: an uploaded XML must not reach out or blow up memory.
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)


def _t(el: etree._Element | None, path: str) -> str:
    if el is None:
        return ""
    found = el.find(path)
    return (found.text or "").strip() if found is not None and found.text else ""


# How an account is identified: IBAN, or another scheme's number (Othr/Id); the first versions (camt.05x.001.01)
# wrote the latter as PrtryAcct/Id, BBAN or UPIC.
_ACCOUNT_IDS = ("{*}IBAN", "{*}Othr/{*}Id", "{*}PrtryAcct/{*}Id", "{*}BBAN", "{*}UPIC")


def _account_id(el: etree._Element | None, path: str) -> str:
    """The account number under ``path`` (an ``Acct`` element's ``Id``), whichever way the version writes it."""
    return next((found for tag in _ACCOUNT_IDS if (found := _t(el, f"{path}/{tag}"))), "")


def _amount(el: etree._Element, currency: str | None, *, entry: bool) -> Decimal:
    """camt amounts are unsigned (the sign is CdtDbtInd): a signed amount is refused, and so is a zero
    entry (it moves nothing; a zero balance is fine)."""
    text = (el.text or "").strip()
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise RowProblem(Code.BAD_AMOUNT, msg("amount.unreadable")) from exc
    if value.is_finite() and (value.is_signed() or text[:1] in "+-" or (entry and not value)):
        raise RowProblem(Code.BAD_AMOUNT, msg("camt.signed_amount"))
    return decimal_exact(value, currency)


def _date(el: etree._Element | None) -> date | None:
    if el is None:
        return None
    text = _t(el, "{*}Dt") or _t(el, "{*}DtTm")
    return parse_date(text[:10]) if text else None


def _period(frto: etree._Element, pf: ParsedFile, errors: ErrorCollector) -> None:
    for attr, paths in (("period_start", ("{*}FrDtTm", "{*}FrDt")), ("period_end", ("{*}ToDtTm", "{*}ToDt"))):
        text = _t(frto, paths[0]) or _t(frto, paths[1])
        try:
            setattr(pf, attr, parse_date(text[:10] or None))
        except RowProblem as p:
            errors.add_problem(frto.sourceline, "FrToDt", text, p)


def _root(data: bytes) -> etree._Element:
    try:
        return etree.fromstring(data, _parser())
    except etree.XMLSyntaxError:
        # A Chinese bank's camt in GBK whose XML declaration does not say so (XML then means UTF-8).
        chinese = chinese_gbk(data) if b"encoding" not in data[:100] else None
        if chinese is None:
            raise
        return etree.fromstring(chinese.encode("utf-8"), _parser())


# Where a camt document starts: its XML declaration if it has one, then its root element.
_DOCUMENT_START = re.compile(rb"(?:<\?xml\b[^>]*\?>\s*)?<(?:[\w.-]+:)?Document\b")


def _documents(data: bytes) -> list[bytes]:
    """Several camt documents one after the other in one file (banks that deliver a day's or an account's documents
    joined, with or without their XML declarations): each is read as a document of a ZIP archive is. Text before the
    first document, or a single document, is one document (the XML parser names what is wrong)."""
    starts = [m.start() for m in _DOCUMENT_START.finditer(data)]
    if len(starts) < 2 or data[: starts[0]].strip(b"\xef\xbb\xbf \t\r\n"):
        return [data]
    return [data[a:b] for a, b in zip(starts, [*starts[1:], len(data)], strict=True)]


def by_account_and_day(pf: ParsedFile) -> tuple[str, str, date]:
    """Statements of several documents in any order: each account's by the days they cover, so each closing balance
    meets the next opening balance."""
    days = [d for d in (pf.period_start, min((ln.booking_date for ln in pf.lines), default=None), pf.period_end) if d]
    return (pf.account_number or "", pf.currency or "", min(days) if days else date.min)


def parse_camt(data: bytes, fmt: str, options: ParseOptions) -> list[ParsedFile]:
    errors = ErrorCollector(options.max_errors)
    try:
        return finish_camt(camt_statements(data, fmt, options, errors), fmt, errors, options)
    except ParseError as exc:
        documents = _documents(data) if exc.code == Code.UNREADABLE else [data]
        if len(documents) == 1:
            raise
    errors = ErrorCollector(options.max_errors)
    statements: list[ParsedFile] = []
    for number, document in enumerate(documents, start=1):
        errors.context = f"Document {number}"  # the XML element each document is, numbered in the file's order
        statements.extend(camt_statements(document, fmt, options, errors, source=errors.context))
    errors.context = None
    statements.sort(key=by_account_and_day)
    return finish_camt(statements, fmt, errors, options)


def camt_statements(
    data: bytes, fmt: str, options: ParseOptions, errors: ErrorCollector, source: str | None = None
) -> list[ParsedFile]:
    """The statements (reports, notifications) of one camt document, not yet merged; ``source`` names the document
    inside a ZIP archive in messages."""
    try:
        root = _root(data)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (exc.lineno, 0)
        reason = msg("camt.malformed", line=line or "-", column=column or "-")
        raise ParseError(
            Code.UNREADABLE, msg("zip.in_member", name=source, reason=reason) if source else reason, detail=str(exc)
        ) from exc
    tag = _CONTAINERS[fmt]
    containers = root.findall(f".//{{*}}{tag}")
    if not containers:
        reason = msg("camt.no_container", format=fmt, tag=tag)
        raise ParseError(Code.NO_TRANSACTIONS, msg("zip.in_member", name=source, reason=reason) if source else reason)
    # Banks send camt written on one line: every entry is then on the same line, so entries are numbered in the order
    # they come instead (as an OFX file's transactions are), or a problem would name "row 2" for each of them.
    entries = list(root.iter("{*}Ntry"))
    rows = {e: n for n, e in enumerate(entries, 1)} if len({e.sourceline for e in entries}) < len(entries) else {}
    return [_statement(st, fmt, errors, options, rows) for st in containers]


def finish_camt(
    statements: list[ParsedFile], fmt: str, errors: ErrorCollector, options: ParseOptions
) -> list[ParsedFile]:
    """Check and merge the statements of one upload (one document, or every document of a ZIP archive)."""
    if sum(len(pf.lines) for pf in statements) > options.max_rows:
        raise ParseError(Code.TOO_MANY_ROWS, msg("statement.too_many_lines", limit=options.max_rows))
    if errors.count == 0:
        skipped = [w for pf in statements for w in pf.warnings if w.key == _PENDING]
        if not any(pf.lines for pf in statements) and skipped:
            statuses = {status for w in skipped for status in w.params.get("statuses", ())}
            # Information only (Sts INFO): a notification of what the bank expects or was told, never a booking.
            key = "camt.only_information_entries" if statuses == {"INFO"} else "camt.no_booked_entries"
            raise ParseError(Code.NO_TRANSACTIONS, msg(key, format=fmt))
        refuse_unusable_balances_only(statements, fmt)
    out = merge_statements(statements, errors if options.check_balances else ErrorCollector(0))
    for pf in out:
        pf.errors, pf.error_count = list(errors.errors), errors.count
    return out


def _statement(
    st: etree._Element, fmt: str, errors: ErrorCollector, options: ParseOptions, rows: dict[etree._Element, int]
) -> ParsedFile:
    acct = st.find("{*}Acct")
    account = _account_id(acct, "{*}Id") or None
    currency = _t(acct, "{*}Ccy") or None
    pf = ParsedFile(
        format=fmt,
        kind="bank",
        account_number=account,
        account_name=_t(acct, "{*}Ownr/{*}Nm") or None,
        currency=currency,
        statement_id=_t(st, "{*}Id") or None,
    )
    frto = st.find("{*}FrToDt")
    if frto is not None:
        _period(frto, pf, errors)
    closing_line = None
    for bal in st.findall("{*}Bal"):
        code = _t(bal, "{*}Tp/{*}CdOrPrtry/{*}Cd")
        amt_el = bal.find("{*}Amt")
        if amt_el is None or code not in _OPENING + _CLOSING:
            continue
        ccy = amt_el.get("Ccy") or currency
        pf.currency = pf.currency or ccy
        if ccy != pf.currency:  # read as the account's, its figure was quoted as the balance the lines must reach
            errors.add(
                bal.sourceline,
                f"Bal/{code}",
                ccy,
                Code.MIXED_CURRENCY,
                msg("currency.balance_mixed", value=ccy, main=pf.currency),
            )
            continue
        try:
            value = _amount(amt_el, ccy, entry=False)
            as_of = _date(bal.find("{*}Dt"))
        except RowProblem as p:
            errors.add_problem(bal.sourceline, f"Bal/{code}", amt_el.text, p)
            continue
        if _t(bal, "{*}CdtDbtInd") == "DBIT":
            value = -value
        if code in _OPENING and pf.opening_balance is None:
            pf.opening_balance = value
            pf.period_start = pf.period_start or as_of
        elif code in _CLOSING:
            pf.closing_balance, closing_line = value, bal.sourceline
            pf.period_end = pf.period_end or as_of
    skipped: list[str] = []
    # An entry without BookgDt and ValDt (both optional in camt) is of the statement's day when the statement is of
    # one day (its period, or its opening and closing balances, on one date), as a bank's daily statement is.
    day = pf.period_start if pf.period_start is not None and pf.period_start == pf.period_end else None
    for ntry in st.findall("{*}Ntry"):
        status = _t(ntry, "{*}Sts/{*}Cd") or _t(ntry, "{*}Sts")
        if status and status != "BOOK":
            skipped.append(status)  # pending / information-only entries do not move the booked balance
            continue
        line = _entry(ntry, rows.get(ntry) or ntry.sourceline or 0, pf.currency, errors, day)
        if line is not None:
            pf.lines.append(line)
    if skipped:
        pf.warnings.append(msg(_PENDING, count=len(skipped), statuses=sorted(set(skipped))))
    _entries_currency(pf, errors)
    summary = st.find("{*}TxsSummry")
    if summary is not None:
        pf.controls = _summary(summary)
        where = {
            k: (summary.sourceline, "TxsSummry")
            for k in ("in_total", "out_total", "in_count", "out_count", "line_count")
        }
        check_controls(pf, errors, where)
    if options.check_balances:
        check_opening_to_closing(pf, errors, closing_line, "Bal/CLBD")
    return pf


def _entries_currency(pf: ParsedFile, errors: ErrorCollector) -> None:
    """A report of entries alone (no Acct/Ccy, no balance) is in its entries' currency: without it the account was
    opened in the default currency. Entries are in the account's currency; one in another is refused, named."""
    currencies = list(dict.fromkeys(ln.currency for ln in pf.lines if ln.currency))
    pf.currency = pf.currency or (currencies[0] if currencies else None)
    for ln in pf.lines:
        if ln.currency and ln.currency != pf.currency:
            errors.add(
                ln.row,
                "Ntry/Amt",
                ln.currency,
                Code.MIXED_CURRENCY,
                msg("currency.mixed", value=ln.currency, main=pf.currency),
            )


def _entry(
    ntry: etree._Element, row: int, currency: str | None, errors: ErrorCollector, statement_day: date | None
) -> ParsedLine | None:
    amt_el = ntry.find("{*}Amt")
    if amt_el is None:
        errors.add(row, "Ntry/Amt", None, Code.MISSING_VALUE, msg("amount.empty"))
        return None
    ccy = amt_el.get("Ccy") or currency
    try:
        amount = _amount(amt_el, ccy, entry=True)
        booking = _date(ntry.find("{*}BookgDt"))
        value_date = _date(ntry.find("{*}ValDt"))
    except RowProblem as p:
        errors.add_problem(row, "Ntry", amt_el.text, p)
        return None
    booking = booking or value_date or statement_day
    if booking is None:
        errors.add(row, "Ntry/BookgDt", None, Code.MISSING_VALUE, msg("date.empty"))
        return None
    ind = _t(ntry, "{*}CdtDbtInd")
    if ind not in ("CRDT", "DBIT"):
        errors.add(row, "Ntry/CdtDbtInd", ind, Code.BAD_DIRECTION, msg("direction.unknown_flag"))
        return None
    direction = IN if ind == "CRDT" else OUT
    txs = ntry.findall("{*}NtryDtls/{*}TxDtls")
    tx = txs[0] if len(txs) == 1 else None
    # The other party: the debtor pays us (money in), the creditor is paid by us (money out).
    party = "Dbtr" if direction == IN else "Cdtr"
    name = _t(tx, f"{{*}}RltdPties/{{*}}{party}/{{*}}Nm") or _t(tx, f"{{*}}RltdPties/{{*}}{party}/{{*}}Pty/{{*}}Nm")
    acct = _account_id(tx, f"{{*}}RltdPties/{{*}}{party}Acct/{{*}}Id")
    agent = f"{{*}}RltdAgts/{{*}}{party}Agt/{{*}}FinInstnId/{{*}}"
    bank = _t(tx, agent + "BIC") or _t(tx, agent + "BICFI") or squash(_t(tx, agent + "Nm"))
    ustrd = " ".join(u.text.strip() for u in (tx.findall("{*}RmtInf/{*}Ustrd") if tx is not None else []) if u.text)
    ustrd = "" if ustrd.upper() == "NOTPROVIDED" else ustrd  # SEPA's placeholder, not a text
    e2e = _t(tx, "{*}Refs/{*}EndToEndId")
    try:
        balance = _balance_after(tx, ccy)
    except RowProblem as p:
        errors.add_problem(row, f"Refs/Prtry/{BALANCE_AFTER}", None, p)
        return None
    return ParsedLine(
        row=row,
        booking_date=booking,
        value_date=value_date,
        amount=amount,
        direction=direction,
        currency=ccy,
        balance=balance,
        counterparty_name=squash(name),
        counterparty_account=acct,
        counterparty_bank=bank,
        summary=squash(_t(ntry, "{*}AddtlNtryInf") or _t(tx, "{*}AddtlTxInf"))[:200],
        purpose=squash(" ".join([ustrd, *_creditor_references(tx, ustrd)]))[:300],
        serial=_t(ntry, "{*}AcctSvcrRef") or _t(ntry, "{*}NtryRef") or _t(tx, "{*}Refs/{*}AcctSvcrRef"),
        voucher_no="" if e2e == "NOTPROVIDED" else e2e,
    )


def _creditor_references(tx: etree._Element | None, ustrd: str) -> list[str]:
    """The payment references of a structured remittance (RmtInf/Strd/CdtrRefInf/Ref) the unstructured text does not
    already quote: a Swiss QR or ESR reference (27 digits), an RF creditor reference (SCOR), a Dutch betalingskenmerk.
    They name the invoice paid, and were dropped: a PostFinance ESR credit or a Nordea SCOR credit had no purpose."""
    if tx is None:
        return []
    refs = (squash(r.text or "") for r in tx.findall("{*}RmtInf/{*}Strd/{*}CdtrRefInf/{*}Ref"))
    return list(dict.fromkeys(r for r in refs if r and r.upper() != "NOTPROVIDED" and r not in ustrd))


def _balance_after(tx: etree._Element | None, currency: str | None) -> Decimal | None:
    """The running balance after the entry, where the statement states it: camt has no element for it, so a
    proprietary reference of type ``BALANCE AFTER ENTRY`` carries it signed (the product's detail files write it)."""
    if tx is None:
        return None
    for prtry in tx.findall("{*}Refs/{*}Prtry"):
        if _t(prtry, "{*}Tp") == BALANCE_AFTER:
            try:
                return decimal_exact(Decimal(_t(prtry, "{*}Ref")), currency)
            except InvalidOperation as exc:
                raise RowProblem(Code.BAD_AMOUNT, msg("amount.unreadable")) from exc
    return None


def _summary(el: etree._Element) -> ControlTotals:
    def num(path: str) -> int | None:
        t = _t(el, path)
        # Read as any count that is not a number (not at all) when int() would raise: a ², thousands of digits.
        return int(t) if t.isascii() and t.isdigit() and len(t) <= 18 else None

    def total(path: str) -> Decimal | None:
        # The sum of the credit or of the debit entries, whose side the element names: Wise writes the debits' sum
        # negative (<Sum>-509.12</Sum>), which is the same sum, not a different one.
        t = _t(el, path)
        try:
            return abs(Decimal(t)).quantize(Decimal("0.01")) if t else None
        except InvalidOperation:
            return None

    return ControlTotals(
        in_total=total("{*}TtlCdtNtries/{*}Sum"),
        in_count=num("{*}TtlCdtNtries/{*}NbOfNtries"),
        out_total=total("{*}TtlDbtNtries/{*}Sum"),
        out_count=num("{*}TtlDbtNtries/{*}NbOfNtries"),
        line_count=num("{*}TtlNtries/{*}NbOfNtries"),
    )
