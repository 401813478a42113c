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

from .accounts import split_currency_suffix
from .amounts import decimal_exact
from .checks import check_controls, check_opening_to_closing, merge_statements
from .checks import refuse_unusable_balances_only as _quiet_ok
from .errors import Code, ErrorCollector, ParseError, RowProblem, row_message
from .messages import Msg, explained, msg
from .swift_codewords import read_codewords, read_iban_first, read_labelled
from .swift_text import MARKER, XTextError, read_layout
from .text import chinese_gbk, squash
from .types import IN, OUT, ControlTotals, MappingProfile, ParsedFile, ParsedLine, ParseOptions

# mt940 logs every field it cannot match (with its whole regex) at ERROR before raising; we turn the exception into
# a row error that names the line, so its log is only noise on a command line or in the worker's output.
logging.getLogger("mt940").setLevel(logging.CRITICAL)

_ENVELOPE_START = re.compile(r"\{1:[^\n]*?\{4:[ \t]*")
_ENVELOPE_END = re.compile(r"(?m)^-\}.*$|^-[ \t]*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CHUNK = re.compile(r"(?m)^(?=:20:)")
_FINTS_BREAKS = re.compile(r"@@:(?:20|25|61):")
_SINGLE_BYTE = ("cp1252", "cp1250", "cp852", "iso8859_2")


_STRICT_REF = r"(?P<customer_reference>((?!//)[^\n]){0,16})"
if _STRICT_REF not in mt940.tags.Statement.pattern:  # pragma: no cover - guards a library upgrade
    raise ImportError("mt-940 changed its :61: pattern; review swift._TolerantStatement")


class _TolerantStatement(mt940.tags.Statement):
    """:61: whose customer reference is longer than SWIFT's 16 characters (ASN Bank puts the whole
    counterparty IBAN there). Used only after the strict parse of a message failed."""

    pattern = mt940.tags.Statement.pattern.replace(_STRICT_REF, _STRICT_REF.replace("{0,16}", "{0,34}"))


class _StatementNumber(mt940.tags.StatementNumber):
    """:28C: whose statement or sequence number is blank (`:28C: /1`, `:28C:/1`, `:28C:00001/`, `:28C:/`), or longer
    than SWIFT's five digits (`:28:1810118101`, a Turkish bank's): the numbers only count statements, and a bank that
    leaves them out or numbers them its own way has still sent a statement."""

    pattern = r"""\s*(?P<statement_number>\d*)\s*(?:/\s*(?P<sequence_number>\d*))?\s*$"""


_TAGS = {_StatementNumber.id: _StatementNumber()}
_TOLERANT_TAGS = {**_TAGS, _TolerantStatement.id: _TolerantStatement()}
# A message in the product's own detail layout (swift_text) has :86: fields as long as their texts need: read them
# whole. Other messages keep mt-940's default cap, so what they read is unchanged.
_LAYOUT = re.compile(rf"(?m)^:86:{re.escape(MARKER)}")
# Every message: a :61: marked RC (reversal of a credit) takes money out, as the debit it is, and a lowercase mark
# (d, rc) counts as its uppercase form; mt-940 by default signs only a plain D, so both were read as money in. A German
# :86:'s ?31 (the other party's IBAN or account) is its account: by default mt-940 put it in front of the name (a
# Volksbank line's other party was "DE40500105174675974588Olivia Dorn", with no account); an :86: without KREF
# no longer wipes the :61:'s own reference; an MT942's :34F: without a D/C mark gives the statement its currency.
_FIXES = {
    "reversal_sign": True,
    "case_insensitive_marks": True,
    "applicant_iban": True,
    "merge_keeps_values": True,
    "floor_limit_blank_mark": True,
}
_SIGNS = mt940.Options(**_FIXES)
_WHOLE = mt940.Options(unbounded_details=True, **_FIXES)


def _decode(data: bytes, profile: MappingProfile | None) -> tuple[str, Msg | None]:
    """SWIFT text should be ASCII; non-ASCII only occurs in :86: narratives. UTF-8 first, then the
    single-byte code page that reads most of the non-ASCII bytes as letters (CP852 for Hungarian)."""
    if profile and profile.encoding:
        try:
            return data.decode(profile.encoding), None
        except (UnicodeDecodeError, LookupError) as exc:
            raise ParseError(Code.ENCODING, msg("text.not_in_encoding", encoding=profile.encoding)) from exc
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    chinese = chinese_gbk(data)  # 工商银行, 中国银行 … write :86: in GBK: read as a code page it becomes mojibake
    if chinese is not None:
        return chinese, msg("mt940.decoded_as", encoding="GB18030")
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
        raise ParseError(Code.ENCODING, msg("mt940.unknown_encoding"))
    return best[2], msg("mt940.decoded_as", encoding=best[1])


# The amount of a balance (:60F:, :62M:, :64: ...), a :61: booking, a :90D:/:90C: total and a :34F: floor limit. SWIFT
# writes `1234,56`; some banks (Rabobank's older exports) write `000000000300.25`, or group thousands (`1.234,56`).
# mt-940 reads only the digits before a point: 300.25 became 300.00, and 1.234,56 became 1.00, without a word.
_AMOUNT_FIELDS = re.compile(
    r"(?m)^(:6[0245][FM]?:[CDcd]\d{6}[A-Za-z]{3}|:61:\d{6}(?:\d{4})?[Rr]?[CDcd][A-Z]?|:90[DC]:\d+[A-Za-z]{3}"
    r"|:34F:[A-Za-z]{3}[CD]?)(\d[\d.,]*)"
)
_POINT_DECIMAL = re.compile(r"\d+\.\d*")  # 300.25: the point is the decimal mark
_POINT_GROUPS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d*)?")  # 1.234,56 or 1.234.567,: points group thousands
_COMMA_GROUPS = re.compile(r"\d{1,3}(?:,\d{3})+\.\d*")  # 1,234.56: commas group, the point is the decimal mark


def _swift_amount(text: str) -> str:
    """An amount written with a decimal point or thousands separators, in SWIFT's own form (a decimal comma, no
    grouping); anything else is left as written (mt-940 reads it, or names the field it cannot read)."""
    if "." not in text:
        return text
    if _POINT_GROUPS.fullmatch(text):
        return text.replace(".", "")
    if _COMMA_GROUPS.fullmatch(text):
        return text.replace(",", "").replace(".", ",")
    if _POINT_DECIMAL.fullmatch(text):
        return text.replace(".", ",")
    return text


# A :61: without its transaction type (Penta writes "D20,00NONREF"): mt-940 took N-ONR for the type and "EF" for the
# reference of every line, so two equal payments of a day had one reference.
_UNTYPED = re.compile(r"(?m)^(:61:\d{6}(?:\d{4})?[Rr]?[CDcd][A-Z]?\d[\d,]*)(NONREF)(?=//|[ \t]*$)")


# A :61: with neither transaction type nor customer reference, the bank's reference right after the amount (Zenith
# Bank writes "CN220000,00//19239782213"): mt-940 read none of these lines but the last, and the statement did not add
# up. The type is unknown (NMSC) and the customer's reference not given (NONREF).
_BARE = re.compile(r"(?m)^(:61:\d{6}(?:\d{4})?[Rr]?[CDcd][A-Z]?\d[\d,]*)(?=//)")


def _swift_amounts(text: str) -> str:
    text = _AMOUNT_FIELDS.sub(lambda m: m.group(1) + _swift_amount(m.group(2)), text)
    return _BARE.sub(r"\1NMSCNONREF", _UNTYPED.sub(r"\1NMSC\2", text))


_CLOSING_TAG = re.compile(r"(?m)^:62[FM]:")
_OWNER_INFO = re.compile(r"(?ms)^:86:.*?(?=^:|\Z)")


def _without_owner_info(chunk: str) -> str:
    """The message without the :86: after its closing balance: that one informs the account owner about the whole
    statement (ING's /SUM/ counts and totals), and mt-940 would add it to the last line's details."""
    closing = [m.start() for m in _CLOSING_TAG.finditer(chunk)]
    if not closing or re.search(r"(?m)^:61:", chunk[closing[-1] :]):
        return chunk
    return chunk[: closing[-1]] + _OWNER_INFO.sub("", chunk[closing[-1] :])


def _parse_chunk(chunk: str) -> tuple[mt940.models.Transactions, bool]:
    chunk = _without_owner_info(chunk)
    options = _WHOLE if _LAYOUT.search(chunk) else _SIGNS
    try:
        t = mt940.models.Transactions(tags=dict(_TAGS), options=options)
        t.parse(chunk)
        return t, False
    except Exception:  # mt-940 raises RuntimeError/ValueError/KeyError on malformed tags
        t = mt940.models.Transactions(tags=dict(_TOLERANT_TAGS), options=options)
        t.parse(chunk)
        return t, True


def _failure(exc: Exception, chunk: str, start_line: int) -> tuple[int, str | None, Msg]:
    """Where a message failed and why, in words: the line and field the library could not read (its exception carries
    the tag object and the text), never the library's own message (it shows Python object addresses)."""
    tag = exc.args[1] if len(exc.args) >= 3 and isinstance(exc.args[1], mt940.tags.Tag) else None
    if tag is not None:
        value = str(exc.args[2]).strip().splitlines()[0][:60] if str(exc.args[2]).strip() else ""
        found = re.search(rf"(?m)^:({re.escape(str(tag.id))}[A-Z]?):", chunk)
        field = f":{found.group(1)}:" if found else f":{tag.id}:"
        line = start_line + (chunk.count("\n", 0, found.start()) if found else 0)
        return line, field, msg("mt940.field_unreadable", field=field, text=value)
    return start_line, None, explained("mt940.message_unreadable", exc)


def _plain(d: Any) -> date | None:
    # mt-940 returns its own date subclass; hand out plain dates.
    return None if d is None else date(d.year, d.month, d.day)


# The tag of each balance mt-940 reads, to name the line of one that cannot be read.
_BALANCE_TAGS = {
    "final_opening_balance": "60F",
    "intermediate_opening_balance": "60M",
    "opening_balance": "60",
    "final_closing_balance": "62F",
    "intermediate_closing_balance": "62M",
    "closing_balance": "62",
}


def _currencyless(data: dict[str, Any], chunk: str, start_line: int, errors: ErrorCollector) -> bool:
    """Whether a balance of the message writes no currency (`:62M:C020315105000,00`): mt-940 takes any three characters
    for the currency, so the first digits of the amount became one ("105") and the balance 0.00, which the check then
    quoted as the stated closing balance. The field is named as written instead."""
    bad = False
    for key, tag in _BALANCE_TAGS.items():
        bal = data.get(key)
        if bal is None or re.fullmatch(r"[A-Za-z]{3}", str(bal.amount.currency or "")):
            continue
        found = re.search(rf"(?m)^:{tag}:(.*)$", chunk)
        line = start_line + (chunk.count("\n", 0, found.start()) if found else 0)
        text = found.group(1).strip()[:60] if found else ""
        errors.add(line, f":{tag}:", None, Code.BAD_RECORD, msg("mt940.field_unreadable", field=f":{tag}:", text=text))
        bad = True
    return bad


def _balance(data: dict[str, Any], *keys: str) -> tuple[Decimal | None, Any]:
    for key in keys:
        bal = data.get(key)
        if bal is not None:
            # Bounded (1e30 is refused) and never rounded: a balance of a 3-decimal currency (BHD 1,813) was stored
            # as 1.81; the caller names the tag.
            return decimal_exact(Decimal(bal.amount.amount)), bal
    return None, None


def parse_mt940(data: bytes, options: ParseOptions, profile: MappingProfile | None = None) -> list[ParsedFile]:
    text, warning = _decode(data, profile)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _FINTS_BREAKS.search(text):  # FinTS (HBCI) writes "@@" for each line break: rows count the breaks it stands for
        text = text.replace("@@", "\n")
    text = _CONTROL.sub(" ", text)
    text = _ENVELOPE_START.sub("", text)
    text = _swift_amounts(_ENVELOPE_END.sub("", text))
    errors = ErrorCollector(options.max_errors)
    statements: list[ParsedFile] = []
    read = 0  # lines of the statements so far, counted as each is read (summing them again per message was quadratic)
    line_no = 1
    last_chunk, last_start = "", 1
    for chunk in _CHUNK.split(text):
        start_line = line_no
        line_no += chunk.count("\n")
        if ":20:" not in chunk and ":61:" not in chunk:
            continue
        try:
            t, tolerant = _parse_chunk(chunk)
        except Exception as exc:
            line, field, reason = _failure(exc, chunk, start_line)
            errors.add(line, field, None, Code.BAD_RECORD, reason)
            continue
        statements.append(_statement(t, chunk, start_line, tolerant, errors, options.check_balances))
        last_chunk, last_start = chunk, start_line
        read += len(statements[-1].lines)
        if read > options.max_rows:
            raise ParseError(Code.TOO_MANY_ROWS, msg("statement.too_many_lines", limit=options.max_rows))
    if not statements and errors.count == 0:
        raise ParseError(Code.NO_TRANSACTIONS, msg("mt940.no_message"))
    if not statements:  # every message failed: there is no statement to attach the row errors to
        first = errors.errors[0]
        raise ParseError(
            Code.UNREADABLE,
            msg(
                "mt940.nothing_readable",
                count=errors.count,
                first=row_message(first.row, first.column, first.value, first.reason),
            ),
        )
    if options.check_balances and _cut_off(statements[-1], last_chunk):
        errors.add(last_start, ":62F:", None, Code.INTEGRITY, msg("mt940.ends_without_closing"))
    fmt = "mt942" if any(s.format == "mt942" for s in statements) else "mt940"
    merged = merge_statements(statements, errors if options.check_balances else ErrorCollector(0))
    if errors.count == 0:
        _quiet_ok(merged, "mt940")
    for pf in merged:
        pf.format = fmt
        if warning:
            pf.warnings.append(warning)
        pf.errors, pf.error_count = list(errors.errors), errors.count
    return merged


def _cut_off(last: ParsedFile, chunk: str) -> bool:
    """Whether the file's last statement opens with a balance and books lines but never closes: a message cut off
    before its :62F: is checked against the next one's opening balance, and after the last there is none, so a
    download that broke off there imported what it held as the whole statement."""
    return (
        last.format == "mt940"
        and last.opening_balance is not None
        and bool(last.lines)
        and _CLOSING_TAG.search(chunk) is None
    )


def _statement(
    t: mt940.models.Transactions,
    chunk: str,
    start_line: int,
    tolerant: bool,
    errors: ErrorCollector,
    check_balances: bool,
) -> ParsedFile:
    d = t.data
    is_942 = "d_floor_limit" in d or "c_floor_limit" in d or "date" in d and "final_opening_balance" not in d
    opening = closing = ob = cb = None
    if not _currencyless(d, chunk, start_line, errors):
        try:
            opening, ob = _balance(d, "final_opening_balance", "intermediate_opening_balance", "opening_balance")
            closing, cb = _balance(d, "final_closing_balance", "intermediate_closing_balance", "closing_balance")
        except RowProblem as p:
            errors.add_problem(start_line, ":60F:/:62F:", None, p)
            opening = closing = ob = cb = None
    currency = t.currency or next((tx.data.get("currency") for tx in t), None)
    account, _suffix = split_currency_suffix(d.get("account_identification"), currency)
    pf = ParsedFile(
        format="mt942" if is_942 else "mt940",
        kind="bank",
        account_number=account or None,
        currency=currency,
        opening_balance=opening,
        closing_balance=closing,
        statement_id=d.get("transaction_reference"),
    )
    if ob is not None:
        pf.period_start = _plain(ob.date)
    if cb is not None:
        pf.period_end = _plain(cb.date)
    if tolerant:
        pf.warnings.append(msg("mt940.long_reference", line=start_line))
    # Each :61:'s line, counted on from the one before (counted from the message's start, a long message was quadratic).
    rows: list[int] = []
    row, counted = start_line, 0
    for m in re.finditer(r"(?m)^:61:", chunk):
        row += chunk.count("\n", counted, m.start())
        counted = m.start()
        rows.append(row)
    for i, tx in enumerate(t):
        row = rows[i] if i < len(rows) else start_line
        x = tx.data
        try:
            signed = decimal_exact(Decimal(x["amount"].amount), currency)
        except RowProblem as p:
            errors.add_problem(row, ":61:", x["amount"].amount, p)
            continue
        if signed == 0:
            pf.zero_rows.append(row)  # moves no money: not a line, but the import names it
            continue
        bank_ref = (x.get("bank_reference") or "").strip()
        cust_ref = (x.get("customer_reference") or "").strip()
        if cust_ref.upper().startswith("KREF+\n"):  # the :61:'s "KREF+" (see ?20) joined to the :86:'s KREF+ value
            cust_ref = squash(cust_ref[6:])
        try:
            layout = read_layout((x.get("transaction_details") or "").replace("\n", ""))
        except (XTextError, RowProblem) as exc:
            errors.add(row + 1, ":86:", None, Code.BAD_RECORD, msg("mt940.layout_unreadable", detail=str(exc)))
            continue
        booked = _plain(x.get("entry_date") or x["date"])
        assert booked is not None  # every :61: has its value date (6!n: mt-940 reads none without)
        if layout is not None:
            balance = layout.pop("balance", None)  # the one field of the layout that is an amount
            texts = {name: text for name, text in layout.items() if isinstance(text, str)}
            pf.lines.append(
                ParsedLine(
                    row=row,
                    booking_date=booked,
                    value_date=_plain(x.get("date")),
                    amount=abs(signed),
                    direction=IN if signed > 0 else OUT,
                    currency=currency,
                    balance=balance if isinstance(balance, Decimal) else None,
                    raw=None,
                    **texts,
                )
            )
            continue
        details = squash(x.get("transaction_details") or "")
        words = read_codewords(x.get("transaction_details") or "")
        if cust_ref.upper() in ("EREF", "PREF", "MARF", "NONREF"):  # a codeword naming where the reference is
            cust_ref = (words.value(cust_ref) or words.value("EREF") or words.value("PREF")) if words else ""
        if words is None:
            words = read_labelled(x.get("transaction_details") or "")
        if words is None:
            words = read_iban_first(x.get("transaction_details") or "", cust_ref)
        pf.lines.append(
            ParsedLine(
                row=row,
                booking_date=booked,
                value_date=_plain(x.get("date")),
                amount=abs(signed),
                direction=IN if signed > 0 else OUT,
                currency=currency,
                counterparty_name=squash(x.get("applicant_name") or "") or (words.counterparty_name if words else ""),
                counterparty_account=squash(x.get("applicant_iban") or "").replace(" ", "")
                or (words.counterparty_account if words else ""),
                counterparty_bank=(x.get("applicant_bin") or "").strip() or (words.counterparty_bank if words else ""),
                summary=squash(x.get("posting_text") or "") or details[:200],
                purpose=squash(x.get("purpose") or "")
                or (words.purpose if words else "")
                or (details[:200] if x.get("posting_text") else ""),
                serial=bank_ref or cust_ref,
                voucher_no=cust_ref or (words.value("KENMERK") if words else ""),
            )
        )
    # :90D: / :90C: (MT942) state number and sum of debit and credit entries.
    sd, sc = d.get("sum_debit_entries"), d.get("sum_credit_entries")
    if sd is not None or sc is not None:
        pf.controls = ControlTotals(
            out_total=abs(Decimal(sd.amount)) if sd is not None else None,
            out_count=int(sd.number) if sd is not None and sd.number else None,
            in_total=abs(Decimal(sc.amount)) if sc is not None else None,
            in_count=int(sc.number) if sc is not None and sc.number else None,  # ":90C:EUR,00" states no count
        )
        check_controls(
            pf, errors, {k: (start_line, ":90D:/:90C:") for k in ("in_total", "out_total", "in_count", "out_count")}
        )
    closing_line = start_line + chunk.count("\n", 0, max(chunk.find(":62F:"), chunk.find(":62M:"), 0))
    if check_balances:
        check_opening_to_closing(pf, errors, closing_line, ":62F:")
    return pf
