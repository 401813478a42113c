"""SWIFT MT940 / MT942 via the mt-940 library.

We split the file into messages ourselves (at each `:20:`) so every statement keeps its own :60F:/:62F:
balances and can be checked (opening + lines == closing, :90D:/:90C: totals, continuity between
consecutive statements). Statements of the same account and currency are merged into one ParsedFile.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from decimal import Decimal
from typing import Any

import mt940

from .amounts import CENT, bounded, decimal_exact
from .checks import check_controls, check_opening_to_closing, merge_statements
from .errors import Code, ErrorCollector, ParseError, RowProblem
from .text import squash
from .types import IN, OUT, ControlTotals, MappingProfile, ParsedFile, ParsedLine, ParseOptions

# mt940 logs every field it cannot match (with its whole regex) at ERROR before raising; we turn the exception into
# a row error that names the line, so its log is only noise on a command line or in the worker's output.
logging.getLogger("mt940").setLevel(logging.CRITICAL)

_ENVELOPE_START = re.compile(r"\{1:[^\n]*?\{4:[ \t]*")
_ENVELOPE_END = re.compile(r"(?m)^-\}.*$|^-[ \t]*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CHUNK = re.compile(r"(?m)^(?=:20:)")
_SINGLE_BYTE = ("cp1252", "cp1250", "cp852", "iso8859_2")


_STRICT_REF = r"(?P<customer_reference>((?!//)[^\n]){0,16})"
if _STRICT_REF not in mt940.tags.Statement.pattern:  # pragma: no cover - guards a library upgrade
    raise ImportError("mt-940 changed its :61: pattern; review swift._TolerantStatement")


class _TolerantStatement(mt940.tags.Statement):
    """:61: whose customer reference is longer than SWIFT's 16 characters (ASN Bank puts the whole
    counterparty IBAN there). Used only after the strict parse of a message failed."""

    pattern = mt940.tags.Statement.pattern.replace(_STRICT_REF, _STRICT_REF.replace("{0,16}", "{0,34}"))


def _decode(data: bytes, profile: MappingProfile | None) -> tuple[str, str | None]:
    """SWIFT text should be ASCII; non-ASCII only occurs in :86: narratives. UTF-8 first, then the
    single-byte code page that reads most of the non-ASCII bytes as letters (CP852 for Hungarian)."""
    if profile and profile.encoding:
        try:
            return data.decode(profile.encoding), None
        except (UnicodeDecodeError, LookupError) as exc:
            raise ParseError(Code.ENCODING, f"无法按 {profile.encoding} 解码 / cannot decode as {profile.encoding}") from exc
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    best: tuple[float, str, str] | None = None
    for enc in _SINGLE_BYTE:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        high = [c for c in text if ord(c) > 127]
        score = sum(c.isalpha() for c in high) / max(len(high), 1)
        if best is None or score > best[0]:
            best = (score, enc, text)
    if best is None:  # pragma: no cover - iso8859_2 decodes every byte
        raise ParseError(Code.ENCODING, "无法识别 MT940 文件编码 / unknown MT940 encoding")
    return best[2], f"MT940 不是 UTF-8，按 {best[1]} 解码 / not UTF-8, decoded as {best[1]}"


def _parse_chunk(chunk: str) -> tuple[mt940.models.Transactions, bool]:
    try:
        t = mt940.models.Transactions()
        t.parse(chunk)
        return t, False
    except Exception:  # mt-940 raises RuntimeError/ValueError/KeyError on malformed tags
        t = mt940.models.Transactions(tags={_TolerantStatement.id: _TolerantStatement()})
        t.parse(chunk)
        return t, True


def _plain(d: Any) -> date | None:
    # mt-940 returns its own date subclass; hand out plain dates.
    return None if d is None else date(d.year, d.month, d.day)


def _balance(data: dict[str, Any], *keys: str) -> tuple[Decimal | None, Any]:
    for key in keys:
        bal = data.get(key)
        if bal is not None:
            # Bounded before quantize (which raises InvalidOperation on 1e30); the caller names the tag.
            return bounded(Decimal(bal.amount.amount)).quantize(CENT), bal
    return None, None


def parse_mt940(data: bytes, options: ParseOptions, profile: MappingProfile | None = None) -> list[ParsedFile]:
    text, warning = _decode(data, profile)
    text = _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _ENVELOPE_START.sub("", text)
    text = _ENVELOPE_END.sub("", text)
    errors = ErrorCollector(options.max_errors)
    statements: list[ParsedFile] = []
    line_no = 1
    for chunk in _CHUNK.split(text):
        start_line = line_no
        line_no += chunk.count("\n")
        if ":20:" not in chunk and ":61:" not in chunk:
            continue
        try:
            t, tolerant = _parse_chunk(chunk)
        except Exception as exc:
            errors.add(start_line, ":61:", None, Code.BAD_RECORD,
                       f"MT940 报文无法解析({type(exc).__name__}) / MT940 message cannot be parsed: {str(exc)[:160]}")
            continue
        statements.append(_statement(t, chunk, start_line, tolerant, errors, options.check_balances))
        if sum(len(s.lines) for s in statements) > options.max_rows:
            raise ParseError(Code.TOO_MANY_ROWS, f"超过 {options.max_rows} 笔交易 / too many transactions")
    if not statements and errors.count == 0:
        raise ParseError(Code.NO_TRANSACTIONS, "MT940 文件中没有报文(:20:) / no MT940 message found")
    if not statements:  # every message failed: there is no statement to attach the row errors to
        first = errors.errors[0].message if errors.errors else ""
        raise ParseError(Code.UNREADABLE, f"MT940 文件中没有可解析的报文({errors.count} 处错误，第一处: {first}) / "
                         "no MT940 message could be parsed; check the file is complete and export it again")
    fmt = "mt942" if any(s.format == "mt942" for s in statements) else "mt940"
    merged = merge_statements(statements, errors if options.check_balances else ErrorCollector(0))
    if not any(pf.lines for pf in merged) and errors.count == 0:
        raise ParseError(Code.NO_TRANSACTIONS, "MT940 文件只有余额，没有任何交易(:61:) / only balances, no :61: transactions")
    for pf in merged:
        pf.format = fmt
        if warning:
            pf.warnings.append(warning)
        pf.errors, pf.error_count = list(errors.errors), errors.count
    return merged


def _statement(t: mt940.models.Transactions, chunk: str, start_line: int, tolerant: bool,
               errors: ErrorCollector, check_balances: bool) -> ParsedFile:
    d = t.data
    is_942 = "d_floor_limit" in d or "c_floor_limit" in d or "date" in d and "final_opening_balance" not in d
    try:
        opening, ob = _balance(d, "final_opening_balance", "intermediate_opening_balance", "opening_balance")
        closing, cb = _balance(d, "final_closing_balance", "intermediate_closing_balance", "closing_balance")
    except RowProblem as p:
        errors.add_problem(start_line, ":60F:/:62F:", None, p)
        opening = closing = ob = cb = None
    currency = t.currency or next((tx.data.get("currency") for tx in t), None)
    pf = ParsedFile(format="mt942" if is_942 else "mt940", kind="bank", account_number=d.get("account_identification"),
                    currency=currency, opening_balance=opening, closing_balance=closing,
                    statement_id=d.get("transaction_reference"))
    if ob is not None:
        pf.period_start = _plain(ob.date)
    if cb is not None:
        pf.period_end = _plain(cb.date)
    if tolerant:
        pf.warnings.append(f"第{start_line}行起的报文 :61: 客户参考号超过 16 位，已宽松解析 / lenient :61: parse")
    rows = [start_line + chunk.count("\n", 0, m.start()) for m in re.finditer(r"(?m)^:61:", chunk)]
    for i, tx in enumerate(t):
        row = rows[i] if i < len(rows) else start_line
        x = tx.data
        try:
            signed = decimal_exact(Decimal(x["amount"].amount), currency)
        except RowProblem as p:
            errors.add_problem(row, ":61:", x["amount"].amount, p)
            continue
        if signed == 0:
            pf.warnings.append(f"第{row}行金额为零，已跳过 / zero amount skipped")
            continue
        bank_ref = (x.get("bank_reference") or "").strip()
        cust_ref = (x.get("customer_reference") or "").strip()
        details = squash(x.get("transaction_details") or "")
        pf.lines.append(ParsedLine(
            row=row, booking_date=_plain(x.get("entry_date") or x["date"]), value_date=_plain(x.get("date")),
            amount=abs(signed), direction=IN if signed > 0 else OUT, currency=currency,
            counterparty_name=squash(x.get("applicant_name") or ""),
            counterparty_account=(x.get("applicant_iban") or "").strip(),
            summary=squash(x.get("posting_text") or "") or details[:200],
            purpose=squash(x.get("purpose") or "") or (details[:200] if x.get("posting_text") else ""),
            serial=bank_ref or ("" if cust_ref.upper() == "NONREF" else cust_ref),
            voucher_no="" if cust_ref.upper() == "NONREF" else cust_ref,
        ))
    # :90D: / :90C: (MT942) state number and sum of debit and credit entries.
    sd, sc = d.get("sum_debit_entries"), d.get("sum_credit_entries")
    if sd is not None or sc is not None:
        pf.controls = ControlTotals(
            out_total=abs(Decimal(sd.amount)) if sd is not None else None,
            out_count=int(sd.number) if sd is not None else None,
            in_total=abs(Decimal(sc.amount)) if sc is not None else None,
            in_count=int(sc.number) if sc is not None else None,
        )
        check_controls(pf, errors, {k: (start_line, ":90D:/:90C:") for k in ("in_total", "out_total", "in_count",
                                                                             "out_count")})
    closing_line = start_line + chunk.count("\n", 0, max(chunk.find(":62F:"), chunk.find(":62M:"), 0))
    if check_balances:
        check_opening_to_closing(pf, errors, closing_line, ":62F:")
    return pf
