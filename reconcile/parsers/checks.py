"""Checks a file can make about itself: running balances and stated control totals."""

from __future__ import annotations

from bisect import bisect_right
from decimal import Decimal

from .errors import Code, ErrorCollector, ParseError, show_value
from .messages import msg
from .types import IN, OUT, ControlTotals, ParsedFile, ParsedLine, RowError


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
        errors.add(None, column, None, Code.WRONG_KIND, msg(_WRONG_KIND[pf.kind]))
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
            errors.add(
                ln.row,
                column,
                ln.balance,
                Code.BALANCE_MISMATCH,
                msg(
                    "balance.running",
                    previous=prev_balance,
                    sign=sign,
                    amount=ln.amount,
                    expected=prev_balance + ln.signed_amount,
                ),
            )
        first_with_balance = False
        prev_balance = ln.balance
    last = next((ln.balance for ln in reversed(chrono) if ln.balance is not None), None)
    assert last is not None  # a line shows a balance: the check returned at the top otherwise
    if pf.closing_balance is None:
        # Lines listed after the last one that shows a balance still move it.
        after = next(i for i in range(len(chrono) - 1, -1, -1) if chrono[i].balance is not None)
        pf.closing_balance = last + sum((ln.signed_amount for ln in chrono[after + 1 :]), Decimal("0.00"))
    elif last is not None and last != pf.closing_balance and chrono[-1].balance is not None:
        errors.add(None, None, pf.closing_balance, Code.BALANCE_MISMATCH, msg("balance.closing_vs_last", last=last))


_WRONG_KIND = {"bank": "kind.looks_like_journal", "journal": "kind.looks_like_statement"}


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
    Said once, instead of a balance error on every row. It takes two steps that follow swapped: one step that does
    not follow fits the other way round as often as not (Schwab's two-line export), and is a balance error."""
    return (
        sum(ln.balance is not None for ln in chrono) + (opening is not None) >= 3
        and _mismatches(chrono, opening, 1) > 0
        and _mismatches(chrono, opening, -1) == 0
    )


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
        errors.add(
            where,
            label,
            pf.closing_balance,
            Code.CONTROL_TOTAL,
            msg("balance.opening_to_closing", opening=pf.opening_balance, expected=expected),
        )


ZERO_SUM = Decimal(0)


def check_controls(
    pf: ParsedFile, errors: ErrorCollector, where: dict[str, tuple[int | None, str]], reversed_total: Decimal = ZERO_SUM
) -> None:
    """Compare stated totals with the parsed lines. ``where`` names the row and label of each total. A table's
    ``reversed_total`` (its red-ink reversals, written with a minus in a money column) is what both stated totals may
    fall short of the lines by: the export sums each column as written."""
    c: ControlTotals = pf.controls
    ins = [ln for ln in pf.lines if ln.direction == IN]
    outs = [ln for ln in pf.lines if ln.direction == OUT]
    in_sum = sum((ln.amount for ln in ins), Decimal("0.00"))
    out_sum = sum((ln.amount for ln in outs), Decimal("0.00"))
    actual: dict[str, Decimal | int] = {
        "in_total": in_sum,
        "out_total": out_sum,
        "in_count": len(ins),
        "out_count": len(outs),
        "line_count": len(pf.lines),
    }
    # Both totals as the columns write them (each short of the lines by the reversals), or neither.
    netted = bool(reversed_total) and all(
        stated in (None, got - reversed_total) for stated, got in ((c.in_total, in_sum), (c.out_total, out_sum))
    )
    for key, got in actual.items():
        stated = getattr(c, key)
        if stated is None or stated == got:
            continue
        if netted and key in ("in_total", "out_total"):
            continue
        row, label = where.get(key, (None, None))
        errors.add(row, label, stated, Code.CONTROL_TOTAL, msg(f"control.{key}", got=got))


def merge_statements(statements: list[ParsedFile], errors: ErrorCollector) -> list[ParsedFile]:
    """Consecutive statements of one account and currency become one ParsedFile; the closing balance
    of one must be the opening balance of the next."""
    merged: list[ParsedFile] = []
    by_key: dict[tuple[str | None, str | None], ParsedFile] = {}
    # What the lines merged so far move, kept as they are merged: summing them again for each cut message made a file
    # of thousands of cut messages quadratic.
    moved: dict[tuple[str | None, str | None], Decimal] = {}
    for st in statements:
        key = (st.account_number, st.currency)
        cur = by_key.get(key)
        st_moved = sum((ln.signed_amount for ln in st.lines), Decimal(0))
        if cur is None:
            by_key[key] = st
            moved[key] = st_moved
            merged.append(st)
            continue
        if (
            cur.closing_balance is not None
            and st.opening_balance is not None
            and cur.closing_balance != st.opening_balance
        ):
            errors.add(
                st.lines[0].row if st.lines else None,
                None,
                st.opening_balance,
                Code.BALANCE_MISMATCH,
                msg("balance.statements_do_not_join", previous=cur.closing_balance),
            )
        elif cur.closing_balance is None and cur.opening_balance is not None and st.opening_balance is not None:
            # A message cut off before its closing balance (:62F:) is checked by where the next one starts: without
            # this, the lines of the cut one, whatever they are, would be imported beside the next one's.
            expected = cur.opening_balance + moved[key]
            if expected != st.opening_balance:
                errors.add(
                    st.lines[0].row if st.lines else None,
                    None,
                    st.opening_balance,
                    Code.BALANCE_MISMATCH,
                    msg("balance.cut_statement_does_not_join", opening=cur.opening_balance, expected=expected),
                )
        if st.closing_balance is not None:
            cur.closing_lines = None  # the later closing balance counts every line before it
        elif st.lines and cur.closing_balance is not None and cur.closing_lines is None:
            cur.closing_lines = len(cur.lines)  # an interim report (MT942) after the statement: not in its :62F:
        cur.lines.extend(st.lines)
        moved[key] += st_moved
        cur.closing_balance = st.closing_balance if st.closing_balance is not None else cur.closing_balance
        cur.period_end = st.period_end or cur.period_end
        cur.warnings.extend(st.warnings)
        cur.zero_rows.extend(st.zero_rows)
        for attr in ("in_total", "out_total", "in_count", "out_count"):
            a, b = getattr(cur.controls, attr), getattr(st.controls, attr)
            setattr(cur.controls, attr, a + b if a is not None and b is not None else None)
    return merged


def refuse_unusable_balances_only(files: list[ParsedFile], fmt: str) -> None:
    """A statement without transactions is the statement of a period without movements: it stands when it states its
    opening and closing balances and the day of the closing one (they must then be equal, which the opening-to-closing
    check sees). Anything less has nothing to import: the file is refused when none of its statements has anything,
    and otherwise such a statement of another account is left out (a bank's download of every account, an empty card
    account beside the current account's movements), saying so, rather than refusing the statements that stand."""
    unusable = [
        pf
        for pf in files
        if not pf.lines and (pf.opening_balance is None or pf.closing_balance is None or pf.period_end is None)
    ]
    if not unusable:
        return
    kept = [pf for pf in files if all(pf is not other for other in unusable)]
    kept_accounts = {pf.account_number for pf in kept}
    first = unusable[0]
    if not kept or any(pf.account_number in kept_accounts or not pf.account_number for pf in unusable):
        raise ParseError(
            Code.NO_TRANSACTIONS, msg("statement.balances_incomplete", format=fmt, account=first.account_number or "-")
        )
    for pf in kept:
        pf.warnings.extend(
            msg("statement.empty_account_left_out", format=fmt, account=other.account_number) for other in unusable
        )
    files[:] = kept


_LINE_TEXTS = [name for name, kind in ParsedLine.__annotations__.items() if "str" in str(kind) and name != "raw"]


def refuse_nul_text(pf: ParsedFile, cap: int) -> None:
    """A NUL byte in a text read (a cell, a :86:, a BAI2 detail's text) is a row error naming it: PostgreSQL stores no
    NUL in text, so it failed the import with a server error instead. The readers refuse NUL only in a file's head
    (binary content)."""
    # str() first: a pushed line may carry a number where a text is expected (its check is elsewhere).
    found: list[tuple[int | None, str, str]] = [
        (None, name, value)
        for name in ("account_number", "account_name", "currency", "statement_id")
        if "\x00" in (value := str(getattr(pf, name) or ""))
    ]
    for line in pf.lines:
        texts = [(name, str(getattr(line, name) or "")) for name in _LINE_TEXTS]
        texts += [(str(key), str(value)) for key, value in (line.raw or {}).items()]
        found += [(line.row, name, value) for name, value in texts if "\x00" in value or "\x00" in name]
    for row, name, value in found:
        pf.error_count += 1
        if len(pf.errors) < cap:
            shown = show_value(value.replace("\x00", "\ufffd"))
            pf.errors.append(RowError(row, name.replace("\x00", "\ufffd"), shown, Code.BAD_RECORD, msg("text.nul")))
