"""Column synonyms, header-row detection and column mapping for Chinese bank and ERP exports.

Synonym lists are ordered: when two columns of a file map to the same field, the one whose synonym
comes first wins (e.g. 交易日期 beats 记账日期 for the booking date; 摘要 beats 交易说明 for the summary).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from .errors import Code, ParseError
from .messages import msg
from .text import Cell, cell_text, header_key, strip_parenthetical
from .types import Kind, MappingProfile

_COMMON: dict[str, list[str]] = {
    "date": [
        "交易日期",
        "交易日",
        "记账日期",
        "记账日",
        "账务日期",
        "账务日",
        "会计日期",
        "入账日期",
        "日期",
        "过账日期",
        "transactiondate",
        "postingdate",
        "bookingdate",
        "date",
    ],
    "datetime": ["交易时间", "交易时间戳", "记账时间", "交易日期时间", "时间", "发生时间"],
    "value_date": ["起息日期", "起息日", "valuedate"],
    "year": ["年"],
    "month": ["月"],
    "day": ["日"],
    # 记账金额 (工商银行) and 结算金额 / 入账金额 (card statements) are what the account was booked, in its own currency:
    # they beat 交易金额, which may be "-" or the amount in the currency spent abroad.
    "amount": [
        "记账金额",
        "结算金额",
        "入账金额",
        "入账币种/金额",
        "交易金额",
        "交易币种/金额",
        "发生额",
        "发生金额",
        "金额",
        "本币金额",
        "人民币金额",
        "收支金额",
        "amountinlocalcurrency",
        "amountinlc",
        "amount",
        "tradeamount",
        "billingamount",
    ],
    "debit": [
        "借方发生额",
        "借方金额",
        "借方",
        "借",
        "借方发生数",
        "借方发生金额",
        "借记金额",
        "借记发生额",
        "debit",
        "debitamount",
    ],
    "credit": [
        "贷方发生额",
        "贷方金额",
        "贷方",
        "贷",
        "贷方发生数",
        "贷方发生金额",
        "贷记金额",
        "贷记发生额",
        "credit",
        "creditamount",
    ],
    # Money out / money in, as Chinese banks name the pair: 存入/取出 (浦发), 收入/支出, 转入/转出, 收款/付款; with
    # 工商银行's 记账金额(收入)/(支出) before its 交易金额(收入)/(支出), which hold "-" when the booked amount is used.
    "out_amount": [
        "记账金额(支出)",
        "支出金额",
        "取出金额",
        "转出金额",
        "付款金额",
        "支出",
        "取出",
        "转出",
        "付款",
        "支取金额",
        "支取",
        "取款金额",
        "取款",
        "付出金额",
        "金额(支出)",
        "发生额(支出)",
        "交易金额(支出)",
        "withdrawal",
        "withdrawals",
    ],
    "in_amount": [
        "记账金额(收入)",
        "收入金额",
        "存入金额",
        "转入金额",
        "收款金额",
        "收入",
        "存入",
        "转入",
        "收款",
        "存款金额",
        "金额(收入)",
        "发生额(收入)",
        "交易金额(收入)",
        "deposit",
        "deposits",
    ],
    "balance": [
        "余额",
        "账户余额",
        "交易后余额",
        "本次余额",
        "联机余额",
        "账户结余",
        "balance",
        "after-transactionbalance",
    ],
    "counterparty_name": [
        "对方户名",
        "对方账户名",
        "对方账户名称",
        "对方户名称",
        "对方单位",
        "对方单位名称",
        "对方名称",
        "对方账号名称",
        "收(付)方名称",
        "对方户名/账号",
        "交易对手名称",
        "交易对手",
        "交易对手信息",
        "交易对手户名",
        "交易对方",
        "对手户名",
        "对方账号/户名",
        "对手信息",
        "对方信息",
        "对手方名称",
        "counterparty",
        "counterpartyname",
    ],
    "counterparty_account": [
        "对方账号",
        "对方账户",
        "对方账户号",
        "收(付)方账号",
        "对方卡号",
        "对方账号与户名",
        "交易对手账号",
        "对方卡号/账号",
        "对方账号/卡号",
        "对手账号",
        "counterpartyaccount",
    ],
    "counterparty_bank": [
        "对方行名",
        "对方开户行",
        "对方银行",
        "对方开户机构",
        "对方行名称",
        "收(付)方开户行名",
        "对方银行/机构",
        "对方开户行名",
    ],
    "payer_name": ["付款人名称", "付款户名", "付款方名称", "付款人户名"],
    "payer_account": ["付款人账号", "付款账号", "付款方账号"],
    "payee_name": ["收款人名称", "收款户名", "收款方名称", "收款人户名"],
    "payee_account": ["收款人账号", "收款账号", "收款方账号"],
    "summary": [
        "摘要",
        "交易摘要",
        "业务摘要",
        "摘要内容",
        "交易描述",
        "交易说明",
        "交易名称",
        "摘要备注",
        "交易类型",
        "text",
        "summary",
        "description",
        "transactiondescription",
    ],
    "purpose": [
        "用途",
        "交易用途",
        "附言",
        "交易附言",
        "客户附言",
        "客户摘要",
        "交易备注",
        "交易地点/附言",
        "备注",
        "purpose",
        "remark",
    ],
    "currency": [
        "币种",
        "记账币种",
        "结算币种",
        "入账币种",
        "入账货币",
        "交易货币",
        "货币",
        "币别",
        "本币",
        "交易币种",
        "currency",
        "localcurrency",
        "billingcurrency",
    ],
    "account_number": ["本方账号", "账号", "账户号", "交易账号", "账户"],
    "account_name": ["本方账户名称", "户名", "账户名称"],
}

_BANK: dict[str, list[str]] = {
    "flag": [
        "借贷标志",
        "借/贷",
        "借贷",
        "借贷方向",
        "收支标识",
        "收支标志",
        "收入/支出",
        "收入/支出标志",
        "收支",
        "交易方向",
        "收/支",
        "收支方向",
        "收支类型",
        "收付标志",
        "收付方向",
        "资金方向",
        "d/c",
        "dc",
        "方向",
    ],
    "serial": [
        "交易流水号",
        "银行流水号",
        "流水号",
        "核心流水号",
        "账户明细编号-交易流水号",
        "交易参考号",
        "交易日志号",
        "日志号",
        "电子流水号",
        "交易编号",
        "记录标识号",
        "业务参考号",
        "交易序号",
        "企业流水号",
        "资金流水单号",
    ],
    "voucher_no": ["凭证号", "凭证号码", "交易凭证号", "票据号", "单据号", "支票号", "凭证代号"],
}

_JOURNAL: dict[str, list[str]] = {
    "flag": ["借贷标志", "借/贷", "收支标识", "收支"],
    "balance_side": ["方向", "余额方向", "借或贷"],
    "serial": [
        "凭证字号",
        "凭证号数",
        "凭证号",
        "凭证编号",
        "凭证字",
        "记账凭证号",
        "documentnumber",
        "voucher",
        "voucherno",
    ],
    "voucher_no": ["结算号", "票号", "支票号", "票据号", "assignment", "settlementno"],
    "settlement_method": ["结算方式", "settlementmethod"],
    "counter_subject": ["对方科目", "对方科目名称"],
}

FIELDS = sorted(set(_COMMON) | set(_BANK) | set(_JOURNAL))
_SUBHEADER_WORDS = {"借方", "贷方", "借", "贷", "收入", "支出", "金额", "月", "日", "字", "号", "方向"}
_YEAR_IN_HEADER = re.compile(r"(\d{4})\s*年")
_AMOUNT_WORDS = re.compile(r"金额|发生额|额$|amount", re.IGNORECASE)


def _build(kind: Kind) -> dict[str, tuple[str, int]]:
    table: dict[str, tuple[str, int]] = {}
    for group in (_BANK if kind == "bank" else _JOURNAL, _COMMON):
        for fname, words in group.items():
            for prio, word in enumerate(words):
                table.setdefault(header_key(word), (fname, prio))
    return table


_TABLES: dict[str, dict[str, tuple[str, int]]] = {"bank": _build("bank"), "journal": _build("journal")}


def other_date_column(hm: HeaderMap, kind: Kind, date_col: int | None) -> int | None:
    """A second date column beside the booking date's (记账日 beside 交易日): read where the first is empty, as a card
    bill leaves 交易日 empty on its repayments."""
    if date_col is None:
        return None
    return next((i for i, n in hm.names.items() if i != date_col and (lookup(n, kind) or ("",))[0] == "date"), None)


def lookup(text: str, kind: Kind) -> tuple[str, int] | None:
    key = header_key(text)
    if not key:
        return None
    table = _TABLES[kind]
    hit = table.get(key)
    if hit is None:
        stripped = strip_parenthetical(key)
        if stripped and stripped != key:
            hit = table.get(stripped)
    return hit


@dataclass(slots=True)
class HeaderMap:
    row_index: int  # 0-based index of the (last) header row in Sheet.rows
    first_data_index: int
    columns: dict[str, int]  # field -> 0-based column
    names: dict[int, str]  # column -> header text as the file shows it
    year_hint: int | None = None
    extra_fields: dict[str, int] = field(default_factory=dict)


def _row_fields(row: list[Cell], kind: Kind) -> dict[str, tuple[int, int]]:
    found: dict[str, tuple[int, int]] = {}
    for col, cell in enumerate(row):
        if not isinstance(cell, str) or not cell.strip():
            continue
        hit = lookup(cell, kind)
        if hit is None:
            continue
        fname, prio = hit
        if fname not in found or prio < found[fname][1]:
            found[fname] = (col, prio)
    return found


def _usable(fields: Mapping[str, object]) -> bool:
    has_date = "date" in fields or "datetime" in fields or ("month" in fields and "day" in fields)
    has_money = (
        "amount" in fields or "debit" in fields or "credit" in fields or "in_amount" in fields or "out_amount" in fields
    )
    return has_date and has_money


def _merge_subheader(top: list[Cell], sub: list[Cell], kind: Kind) -> list[str] | None:
    """`发生额/元` over `借方 | 贷方`, `凭证` over `字 | 号`, `2026年` over `月 | 日`: a second header row
    whose cells are short header words. Returns the combined names or None if `sub` is data."""
    sub_texts = [cell_text(c) for c in sub]
    non_empty = [t for t in sub_texts if t]
    if not non_empty or any(not isinstance(c, str) for c in sub if c not in ("", None)):
        return None
    if not all(header_key(t) in _SUBHEADER_WORDS for t in non_empty):
        return None
    names: list[str] = []
    last_top = ""
    width = max(len(top), len(sub))
    for col in range(width):
        t = cell_text(top[col]) if col < len(top) else ""
        s = sub_texts[col] if col < len(sub_texts) else ""
        if t:
            last_top = t
        if s:
            names.append(s if lookup(s, kind) else f"{t or last_top}{s}")
        else:
            names.append(t)
    return names


def _names_fields(names: list[str], kind: Kind) -> dict[str, tuple[int, int]]:
    return _row_fields(list(names), kind)


def _profile_hits(names: list[str], profile: MappingProfile | None) -> int:
    """How many of a saved profile's column texts this row carries (a profile's header has no synonyms)."""
    if not (profile and profile.columns):
        return 0
    keys = {header_key(n) for n in names if n}
    hits = 0
    for wanted in profile.columns.values():
        alts = (wanted,) if isinstance(wanted, str) else tuple(wanted)
        hits += any(header_key(a) in keys for a in alts)
    return hits


def _refuse_unknown_amount_columns(
    rows: list[list[Cell]], candidates: list[int], kind: Kind, row_number: Callable[[int], int]
) -> None:
    """A row with a date column and columns named like amounts that none of the synonyms knows is the header of a
    layout we have not seen: say so, naming the row and those columns, rather than that there is no header."""
    for idx in candidates:
        if idx >= len(rows):
            continue
        names = [cell_text(c) for c in rows[idx]]
        found = _names_fields(names, kind)
        date_field = next((f for f in ("date", "datetime") if f in found), None)
        if date_field is None or _usable(found):
            continue
        unknown = [n for n in names if n and lookup(n, kind) is None and _AMOUNT_WORDS.search(n)]
        if unknown:
            raise ParseError(
                Code.MISSING_COLUMN,
                msg(
                    "table.amount_columns_unknown",
                    row=row_number(idx),
                    date=names[found[date_field][0]],
                    columns=unknown,
                ),
            )


def find_header(
    rows: list[list[Cell]],
    kind: Kind,
    scan: int,
    profile: MappingProfile | None,
    row_number: Callable[[int], int] = lambda i: i + 1,
) -> HeaderMap:
    if profile and profile.header_row:
        candidates = [profile.header_row - 1]
    else:
        candidates = list(range(min(scan, len(rows))))
    best: tuple[int, int, list[str], int] | None = None  # (score, index, names, first data index)
    for idx in candidates:
        if idx >= len(rows):
            continue
        options: list[tuple[list[str], int]] = [([cell_text(c) for c in rows[idx]], idx + 1)]
        if idx + 1 < len(rows):
            merged = _merge_subheader(rows[idx], rows[idx + 1], kind)
            if merged is not None:
                options.insert(0, (merged, idx + 2))
        for names, first_data in options:
            found = _names_fields(names, kind)
            score = len(found) + _profile_hits(names, profile)
            if not _usable(found) and not (profile and profile.columns and _profile_hits(names, profile)):
                continue
            if best is None or score > best[0]:
                best = (score, idx, names, first_data)
            break
    if best is None or (best[0] < 3 and not (profile and profile.header_row)):
        _refuse_unknown_amount_columns(rows, candidates, kind, row_number)
        raise ParseError(Code.NO_HEADER, msg("table.no_header", rows=scan))
    _, idx, names, first_data = best
    year_hint = None
    for n in names:
        m = _YEAR_IN_HEADER.search(n)
        if m:
            year_hint = int(m.group(1))
    columns = _map_columns(names, kind, profile)
    return HeaderMap(idx, first_data, columns, {i: n for i, n in enumerate(names) if n}, year_hint)


def _map_columns(names: list[str], kind: Kind, profile: MappingProfile | None) -> dict[str, int]:
    best: dict[str, tuple[int, int]] = {}
    for col, name in enumerate(names):
        hit = lookup(name, kind) if name else None
        if hit is None:
            continue
        fname, prio = hit
        if fname not in best or prio < best[fname][1]:
            best[fname] = (col, prio)
    columns = {f: c for f, (c, _) in best.items()}
    if profile and profile.columns:
        keys = {header_key(n): i for i, n in enumerate(names) if n}
        for fname, wanted in profile.columns.items():
            alts = (wanted,) if isinstance(wanted, str) else tuple(wanted)
            chosen = next((keys[header_key(a)] for a in alts if header_key(a) in keys), None)
            if chosen is None:
                raise ParseError(Code.MISSING_COLUMN, msg("table.profile_column_missing", column=" / ".join(alts)))
            for other in [f for f, c in columns.items() if c == chosen]:
                del columns[other]
            columns[fname] = chosen
    _check_required(columns, names)
    return columns


def _check_required(columns: dict[str, int], names: list[str]) -> None:
    if not ("date" in columns or "datetime" in columns or ("month" in columns and "day" in columns)):
        raise ParseError(Code.MISSING_COLUMN, msg("table.no_date_column"))
    has_money = any(k in columns for k in ("amount", "debit", "credit", "in_amount", "out_amount"))
    if not has_money:
        raise ParseError(Code.MISSING_COLUMN, msg("table.no_amount_column"))
    halves = [k in columns for k in ("debit", "credit")]
    if (
        "amount" not in columns
        and any(halves)
        and not all(halves)
        and not ("in_amount" in columns or "out_amount" in columns)
    ):
        raise ParseError(Code.MISSING_COLUMN, msg("table.only_debit" if halves[0] else "table.only_credit"))
    sides = [k in columns for k in ("in_amount", "out_amount")]
    if "amount" not in columns and not any(halves) and any(sides) and not all(sides):
        # One of the pair is a column name we do not know: say which we found, and which columns might be the other.
        found = names[columns["in_amount" if sides[0] else "out_amount"]]
        mapped = set(columns.values())
        unknown = [n for i, n in enumerate(names) if n and i not in mapped and _AMOUNT_WORDS.search(n)]
        raise ParseError(
            Code.MISSING_COLUMN,
            msg("table.only_in" if sides[0] else "table.only_out", found=found, unknown=unknown or "-"),
        )
