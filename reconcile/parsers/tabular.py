"""Rows of cells (xlsx / xls / csv) -> ParsedFile, for bank statements and ERP journals alike."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from .amounts import amount_currency, is_blank_amount, uses_decimal_comma
from .bare_totals import is_bare, unexplained
from .cards import is_card_statement, known_export, turn_round
from .checks import check_opening_to_closing
from .column_roles import (
    iban_party,
    numbered_purpose,
    party_account,
    party_account_beside,
    sepa_remittance,
    unit_currency,
)
from .dates import day_order, month_day_date, parse_date
from .day_carry import carry_days
from .errors import Code, ErrorCollector, ParseError, RowProblem
from .fees import fee_column, fee_in, with_fee_lines
from .headers import HeaderMap, find_header, lookup, other_date_column
from .journal import flag_direction, side_direction, ymd_date
from .messages import msg
from .metadata import CLOSING, OPENING, PERIOD_TOTAL, read_title_rows, row_marker, whole_total
from .readers import Sheet
from .sections import another_account, fill_merged_days, is_entry, standing
from .table_amounts import balance_in, flag_signed, minus_written, no_money, read_totals, red_ink, signed_amount
from .table_amounts import cell_at as _cell
from .tabular_finish import apply_meta, finish, stated_closing, title_account
from .text import Cell, cell_text, currency_code, header_key, is_chinese
from .title_period import order_in_span, title_span
from .types import IN, OUT, ControlTotals, Direction, Kind, MappingProfile, ParsedFile, ParsedLine, ParseOptions
from .voucher_word import voucher_reference, word_column

_TEXT_FIELDS = (
    "counterparty_name",
    "counterparty_account",
    "counterparty_bank",
    "summary",
    "purpose",
    "serial",
    "voucher_no",
    "settlement_method",
    "counter_subject",
)
_SIDES = ("debit", "credit", "in_amount", "out_amount")
ZERO = Decimal("0.00")


def pick_sheet(
    sheets: list[Sheet], kind: Kind, options: ParseOptions, profile: MappingProfile | None
) -> tuple[Sheet, HeaderMap]:
    """The first sheet with a recognisable header (exports sometimes put a cover sheet first)."""
    first_error: ParseError | None = None
    for sheet in sheets:
        try:
            return sheet, find_header(sheet.rows, kind, options.header_scan_rows, profile, sheet.row_number)
        except ParseError as exc:
            first_error = first_error or exc
    assert first_error is not None
    raise first_error


def _is_blank(row: list[Cell]) -> bool:
    for c in row:
        if c is not None and c != "" and not (isinstance(c, str) and not c.strip()):
            return False
    return True


# A run of dashes is what 中国银行 writes where a line has no other party, branch or note (`-------------------`).
_NOTHING = re.compile(r"[-—–_]{2,}")


def _row_key(row: list[Cell]) -> tuple[str, ...]:
    texts = [header_key(cell_text(c)) for c in row]
    while texts and not texts[-1]:
        texts.pop()
    return tuple(texts)


def _text(cell: Cell) -> str:
    text = cell_text(cell)
    return "" if _NOTHING.fullmatch(text) else text


def parse_table(
    sheet: Sheet, hm: HeaderMap, fmt: str, kind: Kind, profile: MappingProfile | None, options: ParseOptions
) -> list[ParsedFile]:
    rows = sheet.rows
    errors = ErrorCollector(options.max_errors)
    meta = read_title_rows(rows[: hm.row_index], [sheet.row_number(i) for i in range(hm.row_index)])
    cols = _own_iban(hm.columns, hm, rows[hm.first_data_index :], rows[: hm.row_index])
    if kind == "bank":
        cols = party_account(cols, hm.names, rows[hm.first_data_index :])
        taken = set(cols.values())
        spare = [c for c, n in hm.names.items() if c not in taken and (lookup(n, kind) or ("",))[0] == "account_number"]
        cols = party_account_beside(cols, spare)
        taken = set(cols.values())
        names = [
            c for c, n in hm.names.items() if c not in taken and (lookup(n, kind) or ("",))[0] == "counterparty_name"
        ]
        cols = iban_party(cols, hm.names, rows[hm.first_data_index :], names[0] if names else None)

    def name(col: int | None) -> str | None:
        return None if col is None else hm.names.get(col)

    c_date, c_dt = cols.get("date"), cols.get("datetime")
    c_y, c_m, c_d = cols.get("year"), cols.get("month"), cols.get("day")
    c_amount, c_flag, c_bal = cols.get("amount"), cols.get("flag"), cols.get("balance")
    c_side, c_summary = cols.get("balance_side"), cols.get("summary")
    c_vdate, c_cur, c_acct = cols.get("value_date"), cols.get("currency"), cols.get("account_number")
    days = {c for c in (c_date, c_dt, c_y, c_m, c_d) if c is not None}
    fill_merged_days(rows, sheet.merged, days, hm.first_data_index)
    sides = [(cols[f], side_direction(f, kind), f) for f in _SIDES if f in cols]
    text_cols = [(f, cols[f]) for f in _TEXT_FIELDS if f in cols]
    c_word = word_column(cols, hm.names) if kind == "journal" else None  # 凭证字 beside 凭证号
    purpose_parts = numbered_purpose(hm.names, cols) if kind == "bank" else []
    # Columns named as the summary too that lost to a better name (交通银行's 交易类型 beside its 摘要, empty on most
    # lines): a line whose summary is empty takes theirs.
    used = set(cols.values())
    spare_summary = [c for c, n in hm.names.items() if c not in used and (lookup(n, kind) or ("",))[0] == "summary"]
    payer = (cols.get("payer_name"), cols.get("payer_account"))
    payee = (cols.get("payee_name"), cols.get("payee_account"))
    flags = dict(profile.flag_values) if profile and profile.flag_values else None
    if kind == "bank" and c_amount is not None and c_flag is None and not sides and flags is None:
        c_flag = _direction_column(rows, hm, c_amount)
    year_hint = (profile.year if profile and profile.year else None) or hm.year_hint or meta.year
    date_col = c_date if c_date is not None else c_dt
    # A journal of a year (`2026年度`) writing its days `01-05`: of that year, as a statement month's are of its month.
    statement_month = meta.month or ((year_hint, 12) if kind == "journal" and year_hint else None)
    if kind == "journal" and date_col is None and c_y is None and year_hint is None:
        raise ParseError(Code.MISSING_YEAR, msg("table.journal_no_year"))
    known = known_export(list(hm.names.values())) if kind == "bank" else None  # an issuer's export of known layout
    default_currency = (
        currency_code((profile.currency if profile and profile.currency else None) or meta.text("currency"))
        or title_account(meta)[1]
        or (known.currency if known else None)
        or unit_currency(hm.names, [cols.get(f) for f in ("amount", "balance", *_SIDES)])
    )

    lines: list[ParsedLine] = []
    opening: Decimal | None = None
    opening_day: date | None = None
    totals = ControlTotals()
    totals_where: dict[str, tuple[int | None, str]] = {}
    footer_rows: list[int] = []
    zero_rows: list[int] = []
    section_currency: str | None = None  # a 币种：美元 row above a currency's lines
    width = max(hm.names, default=0) + 1
    order = day_order([_cell(r, date_col) for r in rows[hm.first_data_index :]]) if date_col is not None else None
    if order is None and known is not None:
        order = known.day_order  # the issuer's export always writes its dates so
    if order is None and date_col is not None:  # the period the title names tells (title_period.py)
        order = order_in_span(
            [_cell(r, date_col) for r in rows[hm.first_data_index :]], title_span(rows[: hm.row_index])
        )
    alt_date_col = other_date_column(hm, kind, c_date)
    money = [c for c, _, _ in sides] + [c for c in (c_amount, c_bal) if c is not None]
    carried = carry_days(sheet, hm.first_data_index, sorted(days), c_summary, cols.get("serial"), money, kind)
    # A Chinese export never writes a decimal comma: there a comma groups thousands, whatever a damaged cell shows.
    chinese = any(is_chinese(ch) for c in money for ch in hm.names.get(c, ""))
    comma = not chinese and uses_decimal_comma(rows[hm.first_data_index :], money)
    meta.decimal_comma = comma
    minus = minus_written(rows[hm.first_data_index :], sides, comma, hm.names) if kind == "bank" else set()
    if flag_signed(rows[hm.first_data_index :], c_amount, c_flag, flags, comma, kind):
        minus.add(c_amount)  # type: ignore[arg-type]  # flag_signed is False without an amount column
    # Exports of several pages repeat the header row (and its second row) at the top of each page.
    header_rows = {_row_key(rows[i]) for i in range(hm.row_index, hm.first_data_index)}
    c_status = cols.get("status") if kind == "bank" else None
    c_fee = fee_column(cols, hm.names) if kind == "bank" else None
    # (A file with an account column splits its lines by account instead.)
    c_product = cols.get("product") if kind == "bank" and c_acct is None else None
    first_product = ""  # the product of the statement's first booked line; the others must be of it
    fees: dict[int, Decimal] = {}  # a line's fee (by its index in ``lines``), booked as a line of its own
    not_booked: dict[str, list[int]] = {}
    bare: list[tuple[list[Cell], int]] = []
    reversed_sum = ZERO  # red-ink reversals: the stated totals net them (red_ink)
    closing_at: tuple[int, str, Decimal | None] | None = None  # a closing balance row (stated_closing)

    def amount_of(row: list[Cell], rnum: int, errs: ErrorCollector) -> Decimal | None:
        args = (c_flag, kind, flags, name, errs, default_currency, minus, comma)
        return signed_amount(row, rnum, sides, c_amount, *args)

    for idx in range(hm.first_data_index, len(rows)):
        row = rows[idx]
        if len(row) < width:  # ragged CSV rows: pad once so column access needs no bounds checks
            row = row + [None] * (width - len(row))
        if _is_blank(row) or _row_key(row) in header_rows or _names_columns(row, kind, date_col):
            continue
        rnum = sheet.row_number(idx)
        marker = row_marker(row, _cell(row, date_col) if date_col is not None else None, _cell(row, c_summary))
        if marker is not None and (whole_total(marker) or not is_entry(row, cols.get("serial"))):
            mkind, mtext = marker
            if mkind == OPENING and c_bal is not None:
                value = balance_in(row, c_bal, c_side, rnum, name, errors, comma, kind)
                if lines and opening is not None and not another_account(row, c_acct, lines):  # brought forward again
                    if value is not None and value != standing(lines, opening):
                        errors.add(rnum, name(c_bal), mtext, Code.BAD_RECORD, msg("table.second_account_section"))
                        break
                    continue
                opening, opening_day = value, _opening_day(row, date_col)
            elif mkind == CLOSING and c_bal is not None and kind == "journal":
                closing_at = (rnum, mtext, balance_in(row, c_bal, c_side, rnum, name, errors, comma, kind))
            elif mkind == PERIOD_TOTAL and sides:
                read_totals(row, sides, totals, totals_where, rnum, mtext, errors, name, minus, comma)
            continue
        if c_status is not None and _NOT_BOOKED.search(status := cell_text(_cell(row, c_status)).strip()):
            not_booked.setdefault(status, []).append(rnum)
            continue
        if c_product is not None and (product := cell_text(_cell(row, c_product)).strip()):
            first_product = first_product or product
            if product != first_product:
                reason = msg("product.mixed", value=product, main=first_product)
                errors.add(rnum, name(c_product), product, Code.MIXED_PRODUCT, reason)
                continue
        raw_date = _cell(row, date_col) if date_col is not None else None
        if raw_date in (None, "") and alt_date_col is not None:
            raw_date = _cell(row, alt_date_col)
        try:
            if date_col is not None:
                booking = month_day_date(raw_date, statement_month) or parse_date(raw_date, order)
            else:
                booking = ymd_date(_cell(row, c_y), _cell(row, c_m), _cell(row, c_d), year_hint)
        except RowProblem as p:
            if no_money(row, sides, c_amount):
                section = _currency_section(row)
                if section is not None:
                    section_currency = section
                    continue
                footer_rows.append(idx)  # notes / signature lines below the table
                continue
            errors.add_problem(rnum, name(date_col if date_col is not None else c_m), raw_date, p)
            continue
        if booking is None:
            if no_money(row, sides, c_amount):
                section = _currency_section(row)
                if section is not None:
                    section_currency = section
                    continue
                footer_rows.append(idx)
                continue
            if is_bare(row, money, c_cur, c_bal):  # a total row without its word, or an undated line (bare_totals.py)
                bare.append((row, rnum))
                continue
            errors.add(
                rnum, name(date_col if date_col is not None else c_m), None, Code.MISSING_VALUE, msg("date.empty")
            )
            continue
        signed = signed_amount(
            row, rnum, sides, c_amount, c_flag, kind, flags, name, errors, default_currency, minus, comma
        )
        if signed is None:
            continue
        fee = fee_in(_cell(row, c_fee), rnum, name(c_fee), errors, comma) if c_fee is not None else None
        if signed == ZERO and not fee:  # a row of only a fee (Amount 0.00) books its fee
            zero_rows.append(rnum)
            continue
        if c_cur is not None:
            currency = currency_code(cell_text(_cell(row, c_cur)))
        else:
            currency = section_currency or default_currency
        marked = _marked_currency(row, sides, c_amount)
        if marked is not None:
            mark_col, mark = marked
            if currency is not None and mark != currency:
                errors.add(
                    rnum,
                    name(mark_col),
                    cell_text(_cell(row, mark_col)),
                    Code.MIXED_CURRENCY,
                    msg("currency.amount_marked", value=mark, main=currency),
                )
                continue
            currency = mark
        direction: Direction = IN if signed > 0 else OUT
        reversed_sum += red_ink(row, sides, minus, comma) if sides else ZERO
        balance = None
        if c_bal is not None:
            balance = balance_in(row, c_bal, c_side, rnum, name, errors, comma, kind)
        value_date = None
        if c_vdate is not None:
            try:
                value_date = parse_date(_cell(row, c_vdate), order)
            except RowProblem as p:
                errors.add_problem(rnum, name(c_vdate), _cell(row, c_vdate), p)
        texts = {f: _text(row[c]) for f, c in text_cols}
        if c_word is not None:
            texts["serial"] = voucher_reference(_text(_cell(row, c_word)), texts.get("serial", ""))
        if not texts.get("summary") and spare_summary:
            texts["summary"] = next((t for c in spare_summary if (t := _text(_cell(row, c)))), "")
        if purpose_parts:
            texts["purpose"] = " ".join(t for c in purpose_parts if (t := _text(_cell(row, c))))
        if "SVWZ+" in texts.get("purpose", ""):
            texts["purpose"] = sepa_remittance(texts["purpose"])
        pn, pa = payee if direction == OUT else payer
        if pn is not None and cell_text(_cell(row, pn)):
            texts["counterparty_name"] = cell_text(_cell(row, pn))
        if pa is not None and cell_text(_cell(row, pa)):
            texts["counterparty_account"] = cell_text(_cell(row, pa))
        if not texts.get("counterparty_account"):
            party = _NAME_THEN_ACCOUNT.match(texts.get("counterparty_name", ""))
            if party:  # 招商银行's 对手信息 "张三 6211451400111919810": the name, then the account
                texts["counterparty_name"] = party.group(1) or party.group(2) or ""
                texts["counterparty_account"] = party.group(3)
        account = (cell_text(_cell(row, c_acct)) or None) if c_acct is not None else None
        raw = None
        if options.keep_raw:
            raw = {n: cell_text(_cell(row, c)) for c, n in hm.names.items()}
        if fee:
            fees[len(lines)] = fee
        lines.append(
            ParsedLine(
                rnum,
                booking,
                abs(signed),
                direction,
                value_date,
                balance,
                currency=currency,
                account_number=account,
                raw=raw,
                **texts,
            )
        )

    scratch = ErrorCollector(1)  # a bare row's amount was read once already as the line it is not
    for rnum in unexplained(bare, lines, lambda r, n: amount_of(r, n, scratch)):
        errors.add(rnum, name(date_col if date_col is not None else c_m), None, Code.MISSING_VALUE, msg("date.empty"))
    credit_card = False
    if (
        kind == "bank"
        and c_amount is not None
        and c_flag is None
        and not sides
        and is_card_statement(sheet.name, rows[: hm.row_index], list(hm.names.values()), lines)
    ):
        lines, credit_card = turn_round(lines), True  # charges are written positive: money out, all the same
    # After the card rule: a fee is money out of the account whichever way its file writes amounts (fees.py).
    lines = with_fee_lines(lines, fees)
    if footer_rows:  # control totals printed under the table (借方发生总额 ...)
        read_title_rows([rows[i] for i in footer_rows], [sheet.row_number(i) for i in footer_rows], meta)
    pf = ParsedFile(format=fmt, kind=kind, currency=default_currency, warnings=carried)  # days carried: day_carry
    apply_meta(pf, meta, kind, profile, totals, totals_where)
    if opening is not None:
        pf.opening_balance = opening
    stated_closing(pf, closing_at, lines, errors)
    if (
        opening_day is not None
        and pf.period_start is None
        and (not lines or opening_day <= min(ln.booking_date for ln in lines))
    ):
        pf.period_start = opening_day
    pf.zero_rows = zero_rows
    if not_booked:
        rows_left = sorted(r for rs in not_booked.values() for r in rs)
        pf.warnings.append(msg("table.not_booked_left_out", rows=rows_left, statuses=sorted(not_booked)))
    pf.credit_card = credit_card
    if not lines and errors.count == 0:
        # A month without movements: the export's title states the period and both balances, which must then be
        # equal; that is the balance checkpoint it records (as an MT940, camt or OFX statement without entries).
        quiet = pf.opening_balance is not None and pf.closing_balance is not None and pf.period_start and pf.period_end
        if kind != "bank" or not quiet:
            raise ParseError(Code.NO_TRANSACTIONS, msg("table.no_rows"))
        stated = meta.amount("closing_balance")
        check_opening_to_closing(pf, errors, stated[0] if stated else None, stated[1] if stated else "")
    return finish(
        pf,
        lines,
        errors,
        totals_where,
        options,
        name(c_bal) if c_bal is not None else None,
        name(c_cur) if c_cur is not None else None,
        reversed_sum,
    )


def _opening_day(row: list[Cell], date_col: int | None) -> date | None:
    """The date of a 期初余额 row when it is the first of a month (10-01 期初余额): where the export's period begins,
    so a re-export also stands for the days before its first entry. A row dated otherwise (09-30 上月结转) says
    nothing about where this file's period begins."""
    if date_col is None:
        return None
    try:
        day = parse_date(_cell(row, date_col))
    except RowProblem:
        return None
    return day if day is not None and day.day == 1 else None


_DIRECTION_WORDS = frozenset({"收入", "支出", "存入", "取出", "支取", "收款", "付款", "来账", "往账", "借", "贷"})
# The same in English, Dutch and German exports ("Transaction Type" debit / credit; Af / Bij; S / H), in any case.
_DIRECTION_WORDS_LATIN = frozenset({"debit", "credit", "dr", "cr", "d", "c", "af", "bij", "soll", "haben", "s", "h"})


# A status saying the line is not booked (yet): pending, authorised only, failed, cancelled. Such a row moves no
# booked money: it is left out, and the summary names it.
_NOT_BOOKED = re.compile(
    r"pending|authori[sz]ed|failed|declined|rejected|reverted|cancell?ed|voided|处理中|待处理|待入账|未入账|失败|撤销|取消|关闭"
    # Sparkasse's Info `Umsatz vorgemerkt`. (Not PayPal's `Ausstehend`: its holds move its balance, and their release
    # is a line of its own.)
    r"|vorgemerkt|storniert",
    re.IGNORECASE,
)


# A counterparty cell holding the name and then, after a space, the account number (nine digits or more); or the
# account number alone (农业银行's 对手信息 gives the name or, for a card repayment, only the card's number). 招商银行
# writes a company's or merchant's number right after its Chinese name ("北京住房公积金管理中心1111111111",
# "国网电力有限公司99999999999999"): the name was kept with the number in it, and matched no journal's name.
_NAME_THEN_ACCOUNT = re.compile(r"^(?:(.*\D)\s+|(.*[\u4e00-\u9fff）)]))?(\d{9,})$")


_IBAN_LIKE = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$")


def _own_iban(cols: dict[str, int], hm: HeaderMap, rows: list[list[Cell]], title: list[list[Cell]]) -> dict[str, int]:
    """A column named only "IBAN" is the other party's account in German banks' exports, but the account's own in
    others (bankstatementparser's samples, some English exports): the same IBAN on every line is the account's own."""
    col = cols.get("counterparty_account")
    if col is None or "account_number" in cols or header_key(hm.names.get(col, "")) != "iban":
        return cols
    values = {"".join(cell_text(_cell(row, col)).split()) for row in rows if not _is_blank(row)}
    values.discard("")
    if len(values) != 1 or sum(not _is_blank(row) for row in rows) < 2:
        return cols
    # DKB's title names the account's own IBAN ("Girokonto";"DE42…") above an IBAN column of the other parties'
    # (all one where a single payer fills the month, or where the file was anonymised): the title's is the own.
    titled = {"".join(cell_text(c).split()).upper() for row in title for c in row}
    if any(_IBAN_LIKE.match(t) and t not in values for t in titled):
        return cols
    mapped = {f: c for f, c in cols.items() if f != "counterparty_account"}
    mapped["account_number"] = col
    return mapped


def _names_columns(row: list[Cell], kind: Kind, date_col: int | None) -> bool:
    """A row of column names (the English line under 招商银行's Chinese header: "Date, Currency, Transaction Amount,
    Balance, Transaction Type, Counter Party"; the header of the next page in another wording): nearly all its cells
    are names the header lookup knows, and none is a number."""
    if date_col is not None and any(ch.isdigit() for ch in cell_text(_cell(row, date_col))):
        return False  # a line's date: the cheap test first, on every row
    texts = [cell_text(c).strip() for c in row if cell_text(c).strip()]
    if len(texts) < 3 or any(any(ch.isdigit() for ch in t) for t in texts):
        return False
    return sum(lookup(t, kind) is not None for t in texts) * 5 >= len(texts) * 4


def _direction_column(rows: list[list[Cell]], hm: HeaderMap, c_amount: int) -> int | None:
    """A column under a name no synonym knows that holds a direction word (收入/支出, 借/贷) on every row with an
    amount, both ways, beside amounts that are never negative: the column that says which way the money went.
    (Read as unsigned amounts alone, every line would be money in.)"""
    data = rows[hm.first_data_index : hm.first_data_index + 500]
    amounts = [row[c_amount] if c_amount < len(row) else None for row in data]
    if any(
        cell_text(a).lstrip("(").startswith(("-", "\u2212")) or (isinstance(a, int | float) and a < 0) for a in amounts
    ):
        return None
    money_rows = [row for row, a in zip(data, amounts, strict=True) if not is_blank_amount(a)]
    if len(money_rows) < 2:
        return None
    mapped = set(hm.columns.values())
    for col in sorted(c for c in hm.names if c not in mapped):
        words = {cell_text(row[col]).strip() if col < len(row) else "" for row in money_rows}
        known = all(w in _DIRECTION_WORDS or w.lower() in _DIRECTION_WORDS_LATIN for w in words)
        if known and len({flag_direction(w, "bank", None) for w in words}) == 2:
            return col
    return None


_SECTION = re.compile(r"^(?:币种|货币|币别|币\s*种|currency)\s*[:：]?\s*(.*)$", re.IGNORECASE)


def _currency_section(row: list[Cell]) -> str | None:
    """The currency a row such as `币种：美元` (or `币种 | 美元`) names, when that is all the row holds."""
    texts = [cell_text(c) for c in row if cell_text(c)]
    if not texts or len(texts) > 2:
        return None
    m = _SECTION.match(texts[0])
    if m is None:
        return None
    value = m.group(1).strip() or (texts[1] if len(texts) == 2 else "")
    code = currency_code(value)
    return code if code and len(code) == 3 and code.isascii() and code.isalpha() else None


def _marked_currency(
    row: list[Cell], sides: list[tuple[int, Direction, str]], c_amount: int | None
) -> tuple[int, str] | None:
    """(column, ISO code) of the first amount cell that writes its currency beside the number (`USD 200.00`)."""
    for col in [c for c, _, _ in sides] + ([c_amount] if c_amount is not None else []):
        code = amount_currency(_cell(row, col))
        if code is not None:
            return col, code
    return None
