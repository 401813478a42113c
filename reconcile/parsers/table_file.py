"""A table file (xlsx, xls, csv, a web page's tables) as one format of ``formats.FORMATS``: read the
sheets, find the statement's sheet and header, parse its rows (``tabular.parse_table``)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from . import detect
from .errors import Code, ParseError
from .headerless import headerless_names
from .headers import find_header
from .html_table import read_html
from .ledger_sections import one_account_section
from .messages import msg
from .readers import Sheet, read_csv, read_workbook
from .tabular import parse_table, pick_sheet
from .text import cell_text, header_key, strip_parenthetical
from .types import Kind, MappingProfile, ParsedFile, ParseOptions


def parse_table_file(
    data: bytes, fmt: str, kind: Kind, options: ParseOptions, profile: MappingProfile | None
) -> list[ParsedFile]:
    if fmt == detect.CSV:
        sheets = [read_csv(data, options, profile.encoding if profile else None)]
    elif fmt == detect.HTML:
        sheets = read_html(data, options, profile.encoding if profile else None)
    elif fmt == detect.XMLSS:
        from .xml_sheet import read_spreadsheet_xml  # lxml only for the files that need it

        sheets = read_spreadsheet_xml(data, options)
    else:
        sheets = read_workbook(data, fmt, options, profile.sheet if profile else None)
    headerless: list[str] | None = None
    try:
        sheet, header = pick_sheet(sheets, kind, options, profile)
    except ParseError as exc:
        if kind == "bank" and not profile and exc.code in (Code.NO_HEADER, Code.MISSING_COLUMN):
            for candidate in sheets:  # no statement header: say what the file is when a row of its labels tells
                for row in candidate.rows[: options.header_scan_rows]:
                    _refuse_not_a_statement([cell_text(c) for c in row])
        headerless = _headerless(sheets) if fmt == detect.CSV and kind == "bank" and not profile else None
        if headerless is None or exc.code != Code.NO_HEADER:
            raise
        sheets = [_with_header(sheets[0], headerless)]
        sheet, header = pick_sheet(sheets, kind, options, profile)
    if kind == "bank" and not (profile and profile.columns):
        _refuse_not_a_statement(header.names.values())
    sheet, notes = one_account_section(sheet, header, options.account, kind, options.account_others)
    parsed = parse_table(sheet, header, fmt, kind, profile, options)
    for pf in parsed:
        pf.warnings.extend(notes)
    layout = layout_of(fmt, [header.names[col] for col in sorted(header.names)])
    for pf in parsed:
        pf.layout = layout
    if kind == "bank" and not (profile and profile.sheet):
        _refuse_other_statements(sheets, sheet, fmt, kind, options, profile)
    if headerless is not None:
        named = ", ".join(f"{i + 1} {n}" for i, n in enumerate(headerless) if n)
        for pf in parsed:
            pf.warnings.append(msg("table.headerless", columns=named))
    return parsed


def layout_of(fmt: str, names: list[str]) -> str:
    """A table's layout: its format and a digest of the header it was read by (the texts as compared, in column
    order), such as ``xlsx:3f0c9a1b2d4e5f60``. Two banks' exports of one format have different headers."""
    keys = "\x1f".join(header_key(name) for name in names)
    return f"{fmt}:{hashlib.sha256(keys.encode('utf-8')).hexdigest()[:16]}"


def _headerless(sheets: list[Sheet]) -> list[str] | None:
    return headerless_names(sheets[0].rows) if len(sheets) == 1 else None


def _with_header(sheet: Sheet, names: list[str]) -> Sheet:
    """The sheet with the names as its first row; its rows keep their line numbers (the header shares the first's)."""
    numbers = sheet.line_numbers or [i + 1 for i in range(len(sheet.rows))]
    return Sheet(sheet.name, [list(names), *sheet.rows], [numbers[0] if numbers else 1, *numbers], None, sheet.encoding)


# A payment app's personal bill (微信支付账单明细, 支付宝 交易明细, 美团 …): 收/支 beside the means each payment was made
# with (零钱, a bank card, 余额宝) and its state (交易关闭 moved nothing). Not one account's movements: what it lists as
# money out was paid from several places, and it states no balance to check against.
_PAYMENT_APP = ({"收/支"}, {"支付方式", "收/付款方式"})


# A broker's or a crypto exchange's record of trades (证券代码/成交数量/成交价格; Symbol/Quantity/Price; 交易对 with
# 价格 and 数量; a chain's 交易哈希/区块高度): what was bought and sold, not a bank account's movements.
_SECURITY = {
    "证券代码",
    "证券名称",
    "股票代码",
    "股票名称",
    "基金代码",
    "symbol",
    "ticker",
    "交易对",
    "代币符号",
    "币种对",
}
_TRADE = {"成交数量", "成交价格", "成交均价", "委托数量", "数量", "价格", "quantity", "price", "shares"}
_CHAIN = {"交易哈希", "区块高度", "txhash", "blockheight"}


def _refuse_not_a_statement(names: Iterable[str]) -> None:
    keys = {strip_parenthetical(header_key(n)) for n in names if n}
    if all(keys & {header_key(w) for w in words} for words in _PAYMENT_APP):
        raise ParseError(Code.UNSUPPORTED_FORMAT, msg("format.payment_app_bill"))
    found = [n for n in names if n and strip_parenthetical(header_key(n)) in _SECURITY | _TRADE | _CHAIN]
    found_keys = {strip_parenthetical(header_key(n)) for n in found}
    if (found_keys & _SECURITY and found_keys & _TRADE) or found_keys & _CHAIN:
        raise ParseError(Code.UNSUPPORTED_FORMAT, msg("format.trade_record", columns=", ".join(found)))


def _refuse_other_statements(
    sheets: list[Sheet], chosen: Sheet, fmt: str, kind: Kind, options: ParseOptions, profile: MappingProfile | None
) -> None:
    """A workbook with a statement on each of several sheets (one per currency or account): reading the first alone
    dropped the others without a word. A sheet without a header or without a transaction (a cover, notes) is no
    statement."""
    others: list[str] = []
    for sheet in sheets:
        if sheet is chosen:
            continue
        try:
            header = find_header(sheet.rows, kind, options.header_scan_rows, profile, sheet.row_number)
            if any(pf.lines for pf in parse_table(sheet, header, fmt, kind, profile, options)):
                others.append(sheet.name)
        except ParseError:
            continue
    if others:
        raise ParseError(Code.UNSUPPORTED_FORMAT, msg("table.several_sheets", sheets=[chosen.name, *others]))
