"""A 明细账 / 日记账 (or Xero's Account Transactions) of several accounts in one file: a section per 科目, each headed by
its code and name (`科目：1002.01 银行存款-工商银行`, a heading row, or 科目 columns on the section's rows) and opening
with its own 期初余额. An import is for one account: the section that account's number names, or whose heading holds
the account's last digits (`工商银行 1234`), is read and the others are left out; with none or several matching (or no
account chosen), the file is refused naming the sections found.

Sections are told by their openings: two or more opening rows (期初余额, 上年结转, Opening Balance) whose headings
differ. A ledger of one account that brings its balance forward again under the same heading is not split (the table
reader checks that balance)."""

from __future__ import annotations

import re
from dataclasses import replace

from .accounts import account_normal_form
from .errors import Code, ParseError
from .headers import HeaderMap
from .messages import Msg, msg
from .metadata import OPENING, row_marker
from .readers import Sheet
from .text import Cell, cell_text

_MONEY_FIELDS = ("amount", "balance", "debit", "credit", "in_amount", "out_amount")
# A 科目 code (1002, 1002.01, 100201): never an account's digits.
_SUBJECT_CODE = re.compile(r"(?<![\d.])\d{4}(?:[.\-]\d{1,4})+(?![\d.])")
_DIGITS = re.compile(r"\d{4,}")
# What a heading shows of its 科目: the text after `科目：`, up to the next label (期间：, 币种：).
_SUBJECT = re.compile(r"科目(?:名称|编码|代码)?\s*[:：]\s*(.+?)(?=\s+\S{1,6}[:：]|$)")
_LAST_DIGITS = 4  # the fewest last digits of an account a heading must write to name it


def _text(cell: Cell) -> str:
    return cell_text(cell).strip() if cell is not None else ""


def _row_texts(row: list[Cell], skip: set[int]) -> list[str]:
    return [t for i, c in enumerate(row) if i not in skip and (t := _text(c))]


def _sections(sheet: Sheet, header: HeaderMap) -> list[tuple[int, int, str]]:
    """(first row index, opening row index, heading) of each section, in file order."""
    rows = sheet.rows
    money = {header.columns[f] for f in _MONEY_FIELDS if f in header.columns}
    date_col = header.columns.get("date", header.columns.get("datetime"))
    summary = header.columns.get("summary")
    header_keys = {tuple(_text(c) for c in rows[i]) for i in range(header.row_index, header.first_data_index)}
    found: list[tuple[int, int, str]] = []
    start = header.first_data_index
    heading: list[str] = [t for row in rows[: header.row_index] for t in _row_texts(row, set()) if "科目" in t]
    for idx in range(header.first_data_index, len(rows)):
        row = rows[idx]
        texts = _row_texts(row, money)
        if not texts or tuple(_text(c) for c in row) in header_keys:
            continue
        date_cell = row[date_col] if date_col is not None and date_col < len(row) else None
        marker = row_marker(row, date_cell, row[summary] if summary is not None and summary < len(row) else None)
        has_money = any(_text(row[c]) for c in money if c < len(row))
        if marker is not None and marker[0] == OPENING:
            skip = set(header.columns.values())  # what the opening row writes of its own: 星空's 科目编码, 科目名称
            own = [t for t in _row_texts(row, skip) if t != marker[1] and marker[1] not in t]
            found.append((start, idx, " ".join(heading + own)))
            heading, start = [], idx + 1
            continue
        if marker is None and not has_money:  # a heading row between sections (科目：…, Xero's account name)
            if not heading:
                start = idx
            heading.append(" ".join(texts))
        elif heading and has_money:
            heading = []
    return found


# Columns naming each row's own ledger account: a general journal (Xero's Journal Report, a 序时账) lists every
# account. A register's or ledger's `Account` (QuickBooks, NetSuite, Sage) is the other side's: read so only in a Xero
# report, which names the row's own account there.
_ACCOUNT_COLUMNS = {"科目", "会计科目", "科目编码", "科目代码", "科目名称"}
_XERO_ACCOUNT_COLUMNS = {"account", "accountcode", "accountname"}
# Xero's reports, by their title: which to export instead of one of several accounts.
_XERO_TITLES = re.compile(r"^(?:account transactions|journal report|general journal|general ledger(?: detail)?)$", re.I)


def _ledger_accounts(sheet: Sheet, header: HeaderMap) -> tuple[list[int], dict[str, list[int]]]:
    """The ledger-account columns, and each account they name (the columns' texts joined) with its rows' indexes."""
    words = _ACCOUNT_COLUMNS | (_XERO_ACCOUNT_COLUMNS if _xero(sheet, header) else set())
    cols = [c for c, n in header.names.items() if re.sub(r"[\s*_.]", "", n).lower() in words]
    money = [header.columns[f] for f in _MONEY_FIELDS if f in header.columns]
    accounts: dict[str, list[int]] = {}
    if not cols:
        return cols, accounts
    for idx in range(header.first_data_index, len(sheet.rows)):
        row = sheet.rows[idx]
        name = " ".join(t for c in cols if c < len(row) and (t := _text(row[c])))
        if name and any(c < len(row) and _text(row[c]) for c in money):
            accounts.setdefault(name, []).append(idx)
    return cols, accounts


def _xero(sheet: Sheet, header: HeaderMap) -> bool:
    return any(_XERO_TITLES.match(t) for row in sheet.rows[: header.row_index] for t in _row_texts(row, set()))


# The 科目 code a heading starts with, or writes after 科目： (1002, 100201, 1002.01): the ledger's, not the bank's.
_LEADING_CODE = re.compile(r"(^|科目[^:：\s]{0,4}\s*[:：])\s*\d[\d.\-]*")


def _names_whole(heading: str, account: str) -> bool:
    """The whole number, spaced or not (6222 0202 0000 1234), standing on its own: a number written inside another
    account's longer number (2020200001 in 6222020200001234) is not the account's."""
    whole = r"\s*".join(map(re.escape, account))
    return re.search(rf"(?<![0-9A-Za-z]){whole}(?![0-9A-Za-z])", heading) is not None


def _last_digits(heading: str, account: str) -> str | None:
    """The run of the heading's digits (4 or more, not its 科目 code) the account's number ends with."""
    digits = re.sub(r"\D", "", account)
    for run in _DIGITS.findall(_SUBJECT_CODE.sub(" ", _LEADING_CODE.sub(r"\1 ", heading))):
        if len(run) >= _LAST_DIGITS and digits.endswith(run):
            return str(run)
    return None


def _names_account(heading: str, account: str) -> bool:
    return _names_whole(heading, account) or _last_digits(heading, account) is not None


def _refuse_shared(heading: str, account: str, others: tuple[str, ...]) -> None:
    """Refused when ``heading`` names ``account`` by last digits only and another of the company's accounts ends
    with them too: the section may be that account's, and its lines would be stored in the wrong one."""
    digits = _last_digits(heading, account)
    if digits is None or _names_whole(heading, account):
        return
    for other in others:
        number = account_normal_form(other)
        if number and number != account and _names_account(heading, number):
            shown = _shown(heading)
            raise ParseError(
                Code.BAD_RECORD,
                msg("sections.digits_shared", section=shown, digits=digits, account=account, other=number),
            )


def _shown(heading: str) -> str:
    subject = _SUBJECT.search(heading)
    return (subject.group(1) if subject else heading).strip()[:60] or "-"


def one_account_section(
    sheet: Sheet, header: HeaderMap, account: str | None, kind: str, others: tuple[str, ...] = ()
) -> tuple[Sheet, list[Msg]]:
    """The sheet with only the rows of the section of ``account`` (the others blanked, so rows keep their numbers) and
    the warning naming the sections left out; the sheet as it is when it holds one account's section. ``others``: the
    company's other accounts, of which none may end with the last digits that name the section."""
    if kind != "journal":
        return sheet, []
    number = account_normal_form(account) if account else ""
    found = _sections(sheet, header)
    headings = [h for _, _, h in found]
    if len(found) < 2 or not all(headings) or len(set(headings)) < len(headings):
        return _one_ledger_account(sheet, header, number, others)
    names = ", ".join(_shown(h) for h in headings)
    matching = [i for i, h in enumerate(headings) if number and _names_account(h, number)]
    if len(matching) != 1:
        _refuse(sheet, header, names, len(found), number, len(matching))
    chosen = matching[0]
    _refuse_shared(headings[chosen], number, others)
    begin = found[chosen][0]
    end = found[chosen + 1][0] if chosen + 1 < len(found) else len(sheet.rows)
    rows = [row if i < header.first_data_index or begin <= i < end else [] for i, row in enumerate(sheet.rows)]
    left_out = ", ".join(_shown(h) for i, h in enumerate(headings) if i != chosen)
    note = msg("sections.read_one", section=_shown(headings[chosen]), others=left_out, account=number)
    return replace(sheet, rows=rows), [note]


def _refuse(sheet: Sheet, header: HeaderMap, names: str, count: int, number: str, matching: int) -> None:
    if _xero(sheet, header) and matching == 0:
        raise ParseError(Code.BAD_RECORD, msg("sections.xero", sections=names, count=count))
    key = "sections.none_match" if number else "sections.no_account"
    if matching > 1:
        key = "sections.several_match"
    raise ParseError(Code.BAD_RECORD, msg(key, sections=names, count=count, account=number or "-"))


def _one_ledger_account(
    sheet: Sheet, header: HeaderMap, number: str, others: tuple[str, ...] = ()
) -> tuple[Sheet, list[Msg]]:
    """A general journal, each row naming its ledger account (Xero's Journal Report: the bank's row and the other
    side's row of each entry): the rows of the account chosen, when one of its accounts names it; refused naming its
    accounts when it names several and none or more than one is the account's."""
    _, accounts = _ledger_accounts(sheet, header)
    if len(accounts) < 2:
        return sheet, []
    names = ", ".join(a[:60] for a in accounts)
    matching = [a for a in accounts if number and _names_account(a, number)]
    if len(matching) != 1:
        _refuse(sheet, header, names, len(accounts), number, len(matching))
    _refuse_shared(matching[0], number, others)
    keep = set(accounts[matching[0]])
    rows = [
        row if i < header.first_data_index or i in keep or not _row_texts(row, set()) else []
        for i, row in enumerate(sheet.rows)
    ]
    left_out = ", ".join(a[:60] for a in accounts if a != matching[0])
    note = msg("sections.read_one", section=matching[0][:60], others=left_out, account=number)
    return replace(sheet, rows=rows), [note]
