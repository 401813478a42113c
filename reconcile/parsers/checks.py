"""Checks a file can make about itself: running balances and stated control totals."""

from __future__ import annotations

from bisect import bisect_right
from decimal import Decimal

from .errors import Code, ErrorCollector
from .types import IN, OUT, ControlTotals, ParsedFile, ParsedLine


def detect_newest_first(lines: list[ParsedLine]) -> bool:
    """Some banks list newest first. The running balance tells which way round the file is; dates
    decide when there are no balances (or they fit both ways equally)."""
    asc = desc = 0
    prev: ParsedLine | None = None
    for ln in lines:
        if prev is not None and prev.balance is not None and ln.balance is not None:
            if prev.balance + ln.signed_amount == ln.balance:
                asc += 1
            if ln.balance + prev.signed_amount == prev.balance:
                desc += 1
        prev = ln
    if asc != desc:
        return desc > asc
    if len(lines) >= 2 and lines[0].booking_date > lines[-1].booking_date:
        return True
    return False


def check_running_balances(pf: ParsedFile, errors: ErrorCollector, column: str | None) -> None:
    """Each balance must equal the previous balance plus this line; derives opening/closing balances
    when the file does not state them, and compares when it does."""
    lines = pf.lines
    if not lines or all(ln.balance is None for ln in lines):
        return
    newest_first = detect_newest_first(lines)
    pf.newest_first = newest_first
    chrono = list(reversed(lines)) if newest_first else lines
    if _other_kind(chrono, pf.opening_balance):
        errors.add(None, column, None, Code.WRONG_KIND, _WRONG_KIND[pf.kind])
        return
    prev_balance = pf.opening_balance
    first_with_balance = True
    before_first = Decimal("0.00")  # movements listed before the first line that shows a balance
    # Rows already refused (an unreadable amount or date) are missing from the chain: the line after one is not
    # checked against the line before it, or every refused row would also cost its neighbour a balance error.
    refused = sorted({e.row for e in errors.errors if e.row is not None})
    prev_row: int | None = None
    for ln in chrono:
        if refused and prev_row is not None and _refused_between(refused, prev_row, ln.row):
            prev_balance = None
        prev_row = ln.row
        if ln.balance is None:
            prev_balance = None if prev_balance is None else prev_balance + ln.signed_amount
            before_first += ln.signed_amount
            continue
        if prev_balance is None and first_with_balance:
            derived = ln.balance - ln.signed_amount - before_first
            if pf.opening_balance is None:
                pf.opening_balance = derived
        elif prev_balance is not None and prev_balance + ln.signed_amount != ln.balance:
            sign = "+" if ln.direction == IN else "-"
            errors.add(ln.row, column, ln.balance, Code.BALANCE_MISMATCH,
                       f"余额与上一笔不衔接: 上一余额 {prev_balance} {sign} 本笔金额 {ln.amount} = "
                       f"{prev_balance + ln.signed_amount}，但本行余额为 / running balance does not follow "
                       f"(expected {prev_balance + ln.signed_amount})")
        first_with_balance = False
        prev_balance = ln.balance
    last = next((ln.balance for ln in reversed(chrono) if ln.balance is not None), None)
    if pf.closing_balance is None:
        # Lines listed after the last one that shows a balance still move it.
        after = next(i for i in range(len(chrono) - 1, -1, -1) if chrono[i].balance is not None)
        pf.closing_balance = last + sum((ln.signed_amount for ln in chrono[after + 1:]), Decimal("0.00"))
    elif last is not None and last != pf.closing_balance and chrono[-1].balance is not None:
        errors.add(None, "期末余额", pf.closing_balance, Code.BALANCE_MISMATCH,
                   f"文件所列期末余额与最后一笔余额 {last} 不符 / closing balance differs from the last line's balance")


_WRONG_KIND = {
    "bank": "余额只有按“借方=收入”计算才衔接，这是企业日记账的记法：这份文件像是银行存款日记账，请按“日记账”上传 / "
            "the balances only follow if debits are money in, as in a company's journal: this looks like a bank "
            "journal; upload it as a journal",
    "journal": "余额只有按“借方=支出”计算才衔接，这是银行对账单的记法：这份文件像是银行对账单，请按“银行对账单”上传 / "
               "the balances only follow if debits are money out, as on a bank statement: this looks like a bank "
               "statement; upload it as one",
}


def _mismatches(chrono: list[ParsedLine], opening: Decimal | None, sign: int) -> int:
    """Lines whose balance does not follow the previous one, with every amount's direction times ``sign``."""
    prev, count = opening, 0
    for ln in chrono:
        moved = ln.signed_amount * sign
        if ln.balance is None:
            prev = None if prev is None else prev + moved
            continue
        if prev is not None and prev + moved != ln.balance:
            count += 1
        prev = ln.balance
    return count


def _other_kind(chrono: list[ParsedLine], opening: Decimal | None) -> bool:
    """True when the balances do not follow as read but all follow with debits and credits swapped: a company's
    journal uploaded as a bank statement, or the other way round (借方 is money out on one, money in on the other).
    Said once, instead of a balance error on every row."""
    return (sum(ln.balance is not None for ln in chrono) >= 2 and _mismatches(chrono, opening, 1) > 0
            and _mismatches(chrono, opening, -1) == 0)


def _refused_between(refused: list[int], a: int, b: int) -> bool:
    low, high = (a, b) if a < b else (b, a)
    at = bisect_right(refused, low)
    return at < len(refused) and refused[at] < high


def check_opening_to_closing(pf: ParsedFile, errors: ErrorCollector, where: int | None, label: str) -> None:
    """Opening + lines == closing, for formats that state both (MT940 60F/62F, camt OPBD/CLBD, BAI2)."""
    if pf.opening_balance is None or pf.closing_balance is None:
        return
    expected = pf.opening_balance + sum((ln.signed_amount for ln in pf.lines), Decimal("0.00"))
    if expected != pf.closing_balance:
        errors.add(where, label, pf.closing_balance, Code.CONTROL_TOTAL,
                   f"期初余额 {pf.opening_balance} 加减明细后应为 {expected}，与期末余额不符 / "
                   f"opening balance plus lines is {expected}, not the stated closing balance")


def check_controls(pf: ParsedFile, errors: ErrorCollector, where: dict[str, tuple[int | None, str]]) -> None:
    """Compare stated totals with the parsed lines. ``where`` names the row and label of each total."""
    c: ControlTotals = pf.controls
    ins = [ln for ln in pf.lines if ln.direction == IN]
    outs = [ln for ln in pf.lines if ln.direction == OUT]
    actual = {
        "in_total": sum((ln.amount for ln in ins), Decimal("0.00")),
        "out_total": sum((ln.amount for ln in outs), Decimal("0.00")),
        "in_count": len(ins),
        "out_count": len(outs),
        "line_count": len(pf.lines),
    }
    words = {"in_total": "收入(流入)合计", "out_total": "支出(流出)合计", "in_count": "收入笔数",
             "out_count": "支出笔数", "line_count": "总笔数"}
    for key, got in actual.items():
        stated = getattr(c, key)
        if stated is None or stated == got:
            continue
        row, label = where.get(key, (None, words[key]))
        errors.add(row, label, stated, Code.CONTROL_TOTAL,
                   f"文件所列{words[key]}与明细不符，明细合计为 {got}，文件写的是 / stated total differs from the lines "
                   f"(lines give {got})")


def merge_statements(statements: list[ParsedFile], errors: ErrorCollector) -> list[ParsedFile]:
    """Consecutive statements of one account and currency become one ParsedFile; the closing balance
    of one must be the opening balance of the next."""
    merged: list[ParsedFile] = []
    by_key: dict[tuple[str | None, str | None], ParsedFile] = {}
    for st in statements:
        key = (st.account_number, st.currency)
        cur = by_key.get(key)
        if cur is None:
            by_key[key] = st
            merged.append(st)
            continue
        if cur.closing_balance is not None and st.opening_balance is not None and cur.closing_balance != st.opening_balance:
            errors.add(st.lines[0].row if st.lines else None, "期初余额", st.opening_balance, Code.BALANCE_MISMATCH,
                       f"本期期初余额与上一期期末余额 {cur.closing_balance} 不衔接 / opening balance does not continue "
                       "the previous statement")
        if st.closing_balance is not None:
            cur.closing_lines = None  # the later closing balance counts every line before it
        elif st.lines and cur.closing_balance is not None and cur.closing_lines is None:
            cur.closing_lines = len(cur.lines)  # an interim report (MT942) after the statement: not in its :62F:
        cur.lines.extend(st.lines)
        cur.closing_balance = st.closing_balance if st.closing_balance is not None else cur.closing_balance
        cur.period_end = st.period_end or cur.period_end
        cur.warnings.extend(st.warnings)
        for attr in ("in_total", "out_total", "in_count", "out_count"):
            a, b = getattr(cur.controls, attr), getattr(st.controls, attr)
            setattr(cur.controls, attr, a + b if a is not None and b is not None else None)
    return merged
