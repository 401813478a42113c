"""BAI2 (cash management balance reporting) via the `bai2` library (ministryofjustice/bai2).

Amounts in BAI2 are integers in minor units; BAI2 has no per-transaction date, so the booking date of
a line is its group's as-of date. The record structure is fed to the library one record per line:
files that put several records on one physical line, or wrap a record onto a line without a record
code, are re-flowed first (see _reflow).
"""

from __future__ import annotations

import re
from decimal import Decimal

from bai2 import bai2 as bai2_lib
from bai2.exceptions import IntegrityException

from .amounts import bounded, minor_unit
from .checks import check_controls, check_opening_to_closing
from .errors import Code, ErrorCollector, ParseError, RowProblem
from .text import squash
from .types import IN, OUT, ControlTotals, ParsedFile, ParsedLine, ParseOptions

_CODES = ("01", "02", "03", "16", "49", "88", "98", "99")
_RECORD_START = re.compile(r"^(?:%s)," % "|".join(_CODES))
_INLINE_SPLIT = re.compile(r"/[ \t]+(?=(?:%s),)" % "|".join(_CODES))


def _reflow(text: str) -> tuple[str, bool]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if all(not ln.strip() or (_RECORD_START.match(ln) and not _INLINE_SPLIT.search(ln)) for ln in lines):
        return "\n".join(ln.rstrip() for ln in lines if ln.strip()), False
    out: list[str] = []
    for physical in lines:
        if not physical.strip():
            continue
        for part in _INLINE_SPLIT.sub("/\n", physical).split("\n"):
            if _RECORD_START.match(part) or not out:
                out.append(part.rstrip())
            else:  # a record wrapped onto a line of its own: glue it back
                out[-1] = out[-1] + " " + part.strip()
    return "\n".join(out), True


def _money(value: int | None, currency: str | None) -> Decimal | None:
    """Minor units -> Decimal; RowProblem for amounts beyond numeric(18,2) (checked before quantize,
    which would raise InvalidOperation on them)."""
    if value is None:
        return None
    return bounded(Decimal(int(value)).scaleb(-minor_unit(currency))).quantize(Decimal("0.01"))


# What each record may follow inside the 01/02/03 nesting; checked before the library sees the file,
# because bai2 0.15 loops forever when a file is cut before its 49/98/99 trailers.
_OPENS = {"01": None, "02": "01", "03": "02"}
_CLOSES = {"49": "03", "98": "02", "99": "01"}
_NAMES = {"01": "文件头 01 / file header 01", "02": "组头 02 / group header 02", "03": "账户 03 / account 03"}


def _check_structure(text: str) -> None:
    stack: list[tuple[str, int]] = []
    last = 0
    records = text.split("\n")
    for number, record in enumerate(records, start=1):
        code = record[:2]
        last = number
        if code in _OPENS:
            parent = _OPENS[code]
            if (stack[-1][0] if stack else None) != parent:
                raise ParseError(Code.UNREADABLE, f"BAI2 第{number}行的 {code} 记录位置不对(应在 "
                                 f"{parent or '文件开头'} 之后) / record {code} on line {number} is out of place")
            stack.append((code, number))
        elif code in _CLOSES:
            if not stack or stack[-1][0] != _CLOSES[code]:
                raise ParseError(Code.UNREADABLE, f"BAI2 第{number}行的 {code} 结束记录没有对应的开头记录 / "
                                 f"trailer {code} on line {number} closes nothing")
            stack.pop()
        elif code == "16":
            if not stack or stack[-1][0] != "03":
                raise ParseError(Code.UNREADABLE, f"BAI2 第{number}行的 16 明细不在账户(03)之内 / detail 16 on "
                                 f"line {number} is outside an account")
        elif code == "88":
            if number == 1:
                raise ParseError(Code.UNREADABLE, "BAI2 文件以续行(88)开头 / file starts with a continuation 88")
        else:
            raise ParseError(Code.UNREADABLE, f"BAI2 第{number}行不是 BAI2 记录(记录码 “{code}”) / line {number} "
                             "is not a BAI2 record")
        if not stack and code != "99":
            raise ParseError(Code.UNREADABLE, f"BAI2 第{number}行: 文件应以 01 开头 / file must start with 01")
        if code == "99" and number != len(records):
            raise ParseError(Code.UNREADABLE, f"BAI2 第{number}行的 99 之后还有记录 / records after the 99 trailer")
    if stack:
        code, number = stack[-1]
        raise ParseError(Code.UNREADABLE, f"BAI2 文件不完整: 第{number}行的{_NAMES[code]}没有结束记录"
                         f"({ {v: k for k, v in _CLOSES.items()}[code]}), 文件可能被截断，请重新导出 / "
                         f"incomplete BAI2 file: {code} on line {number} is never closed (cut off?); export it again")
    if last == 0:
        raise ParseError(Code.NO_TRANSACTIONS, "BAI2 文件为空 / empty BAI2 file")


def parse_bai2(data: bytes, options: ParseOptions) -> list[ParsedFile]:
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    text, reflowed = _reflow(text)
    _check_structure(text)
    try:
        doc = bai2_lib.parse_from_string(text, check_integrity=True)
    except IntegrityException as exc:
        raise ParseError(Code.INTEGRITY, f"BAI2 控制记录(49/98/99)与明细不符: {exc} / BAI2 trailer counts or totals "
                         "do not match the records", detail=str(exc)) from exc
    except Exception as exc:  # the library raises ParsingException, ValueError, KeyError on bad records
        raise ParseError(Code.UNREADABLE, f"BAI2 文件无法解析({type(exc).__name__}: {str(exc)[:120]}) / "
                         "malformed BAI2 file", detail=str(exc)) from exc
    record_lines = text.split("\n")
    detail_rows = [i + 1 for i, ln in enumerate(record_lines) if ln.startswith("16,")]
    errors = ErrorCollector(options.max_errors)
    statements: list[ParsedFile] = []
    seq = 0
    for group in doc.children:
        as_of = group.header.as_of_date
        for account in group.children:
            head = account.header
            currency = head.currency or group.header.currency
            pf = ParsedFile(format="bai2", kind="bank", account_number=str(head.customer_account_number),
                            currency=currency, period_start=as_of, period_end=as_of)
            if reflowed:
                pf.warnings.append("BAI2 记录未按行分隔，已重新分行 / records re-flowed one per line")
            controls = ControlTotals()
            for item in head.summary_items:
                code = item.type_code.code
                try:
                    amount = _money(item.amount, currency)
                except RowProblem as problem:
                    errors.add_problem(None, f"03 {code}", item.amount, problem)
                    continue
                if code == "010":
                    pf.opening_balance = amount
                elif code == "015":
                    pf.closing_balance = amount
                elif code == "100":
                    controls.in_total, controls.in_count = amount, item.item_count
                elif code == "400":
                    controls.out_total, controls.out_count = amount, item.item_count
            for tx in account.children:
                row = detail_rows[seq] if seq < len(detail_rows) else seq + 1
                seq += 1
                kind = tx.type_code.transaction.value if tx.type_code.transaction else None
                if kind not in ("credit", "debit"):
                    errors.add(row, "16", tx.type_code.code, Code.BAD_DIRECTION,
                               "BAI2 交易类型码不是借记或贷记 / type code is neither credit nor debit")
                    continue
                try:
                    amount = _money(tx.amount, currency)
                except RowProblem as problem:
                    errors.add_problem(row, "16", tx.amount, problem)
                    continue
                if not amount:
                    continue
                pf.lines.append(ParsedLine(
                    row=row, booking_date=as_of, amount=abs(amount), direction=IN if kind == "credit" else OUT,
                    currency=currency, summary=squash(tx.text or "")[:200],
                    purpose=tx.type_code.description or "",
                    serial=(tx.bank_reference or "").strip(), voucher_no=(tx.customer_reference or "").strip(),
                ))
            pf.controls = controls
            if not controls.is_empty():
                check_controls(pf, errors, {k: (None, "BAI2 03 汇总(100/400)") for k in
                                            ("in_total", "out_total", "in_count", "out_count")})
            if options.check_balances:
                check_opening_to_closing(pf, errors, None, "BAI2 015 期末余额")
            statements.append(pf)
    if not any(pf.lines for pf in statements) and errors.count == 0:
        raise ParseError(Code.NO_TRANSACTIONS, "BAI2 文件中没有交易明细(16 记录) / no 16 detail records")
    # Not merged by account number: anonymised and multi-entity files reuse one number for several
    # accounts within a group, so each 03 account record stays its own statement.
    for pf in statements:
        pf.errors, pf.error_count = list(errors.errors), errors.count
    return statements
