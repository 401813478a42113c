"""Title rows above the header (账号, 户名, 币种, 借方发生总额 ...) and marker rows inside the table
(期初余额 / 上月结转, 本期合计 / 合计, 本年累计 ...)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .amounts import parse_amount
from .dates import find_dates
from .errors import RowProblem
from .text import Cell, cell_text, fold_hanzi, header_key, nfkc

# label -> metadata key. debit/credit keys are turned into in/out by the caller, who knows the kind.
_LABELS: dict[str, str] = {}
for _key, _words in {
    "account_number": [
        "账号",
        "查询账号",
        "账户号",
        "存款账号",
        "银行账号",
        "本方账号",
        "账户",
        "账户号码",
        "卡号",
        "卡号/账号",
        "账号/卡号",
        "客户账号",
        "户口号码",
        "户口号",
        "Account Number",
        "Account No",
        "Account:",  # PostFinance's `Account:;="CH51…"`; with its colon, not a title such as "Account Details"
        "IBAN",
        # DKB's title `"Girokonto";"DE42…"` (its IBAN column is the other parties')
        "Girokonto",
        "Tagesgeld",
    ],
    "account_name": ["户名", "账户名称", "公司名称", "单位名称", "客户名称", "账户名", "本方户名"],
    "currency": ["币种", "账户币种", "货币", "币别", "Currency:"],
    "opening_balance": ["期初余额", "对账单初期余额", "上期余额", "期初金额", "上日余额", "Opening balance"],
    "closing_balance": ["期末余额", "对账单余额", "Closing balance"],
    "debit_total": [
        "借方发生总额",
        "借方发生额",
        "借方累计发生额",
        "借记总额",
        "累计借金额",
        "借方总金额",
        "借方合计",
        "借方发生额合计",
        "借方发生数",
    ],
    "credit_total": [
        "贷方发生总额",
        "贷方发生额",
        "贷方累计发生额",
        "贷记总额",
        "累计贷金额",
        "贷方总金额",
        "贷方合计",
        "贷方发生额合计",
        "贷方发生数",
    ],
    "out_total": ["支出总金额", "支出发生额", "支出合计", "支出总额", "支出金额", "总支出"],
    "in_total": ["收入总金额", "收入发生额", "收入合计", "收入总额", "收入金额", "总收入"],
    "debit_count": ["借方发生总笔数", "借方笔数", "借方累计笔数", "累计借总笔数", "借方交易笔数"],
    "credit_count": ["贷方发生总笔数", "贷方笔数", "贷方累计笔数", "累计贷总笔数", "贷方交易笔数"],
    "out_count": ["支出笔数", "支出总笔数"],
    "in_count": ["收入笔数", "收入总笔数"],
    "line_count": ["总笔数", "记录条数", "资金流水总笔数"],
    "period": [
        "查询时间范围",
        "起止日期",
        "查询日期",
        "交易区间",
        "查询区间",
        "查询期间",
        "期间",
        "会计期间",
        "账单周期",
        "日期范围",  # 浦发银行's title row: 日期范围 | 20251201-20251231
        "Statement Period",
    ],
    "period_start": ["查询开始日期", "起始日期", "开始日期", "查询起日", "Date from:"],
    "period_end": ["查询结束日期", "截至日期", "截止日期", "结束日期", "终止日期", "查询止日", "Date to:"],
    "subject": ["科目", "会计科目"],
}.items():
    for _w in _words:
        _LABELS[re.sub(r"\s+", "", _w)] = _key  # matched with any spacing (`账　　号`, `Account Number`)

# Labels may be written with spaces between characters (`账　　号`, `户  名`); they must start a cell or
# follow a separator (or the # of 支付宝's `#账号：[…]`), and be followed by a colon (after their English name, as in
# 交通银行's `账号/卡号Account/Card No: …`), a bracket, or the end of the cell.
_LABEL_RE = re.compile(
    r"(?<![^\s;；,，\]#])("
    + "|".join(r"\s*".join(map(re.escape, w)) for w in sorted(_LABELS, key=len, reverse=True))
    + r")\s*(?:\[\s*[A-Za-z][^\]]*\])?\s*(?:[A-Za-z][A-Za-z ./'-]*[:：]|[:：]|(?=\[)|$|(?=\s))"
)
_BILINGUAL = re.compile(r"\[\s*[A-Za-z][^\]]*\]")
_OTHER_LABEL = re.compile(r"\s+[\u4e00-\u9fff][\u4e00-\u9fff/()]{0,11}\s*[:：]")
_YEAR = re.compile(r"(?<!\d)(20\d{2}|19\d{2})\s*年")
# A statement month in a title ("对账单（个人消费卡账户 2024年01月）"): the year of dates written month/day only.
_YEAR_MONTH = re.compile(r"(?<!\d)(20\d{2}|19\d{2})\s*年\s*(\d{1,2})\s*月(?!\s*\d{1,2}\s*日)")


_COUNT_AND_TOTAL = re.compile(r"\d+\s*笔\s*[,，;；]?\s*共?\s*(-?[\d,]+(?:\.\d+)?)\s*元?")


@dataclass(slots=True)
class Meta:
    values: dict[str, tuple[int, str, Cell]] = field(default_factory=dict)  # key -> (row, label, value)
    year: int | None = None
    month: tuple[int, int] | None = None  # (year, month) a title names as the statement's month
    decimal_comma: bool = False  # the table below writes its amounts with a decimal comma (1.234,56)

    def text(self, key: str) -> str | None:
        hit = self.values.get(key)
        if not hit:
            return None
        t = cell_text(hit[2]).strip(" []【】")
        return t or None

    def amount(self, key: str) -> tuple[int, str, Decimal] | None:
        hit = self.values.get(key)
        if not hit:
            return None
        try:
            value = parse_amount(hit[2], decimal_comma=self.decimal_comma)
        except RowProblem:
            # A count and a total in one value (招商银行's `收入合计: 3 笔，共 2,000.00 元`, 支付宝's `支出合计：2笔，共
            # -10003.00元` with the sign its money-out column writes): the total, as the magnitude the lines give.
            both = _COUNT_AND_TOTAL.fullmatch(nfkc(cell_text(hit[2])).strip())
            try:
                total = parse_amount(both.group(1), decimal_comma=self.decimal_comma) if both else None
            except RowProblem:
                return None
            value = None if total is None else abs(total)
        return None if value is None else (hit[0], hit[1], value)

    def count(self, key: str) -> tuple[int, str, int] | None:
        hit = self.values.get(key)
        if not hit:
            return None
        t = nfkc(cell_text(hit[2])).replace(",", "").replace("笔", "").strip()
        return (hit[0], hit[1], int(t.split(".")[0])) if re.fullmatch(r"\d+(?:\.0+)?", t) else None

    def period(self) -> tuple[date | None, date | None]:
        start = end = None
        p = self.text("period")
        if p:
            ds = find_dates(p)
            if len(ds) >= 2:
                start, end = ds[0], ds[-1]
        for key in ("period_start", "period_end"):
            t = self.text(key)
            ds = find_dates(t) if t else []
            if ds:
                if key == "period_start":
                    start = ds[0]
                else:
                    end = ds[0]
        return start, end


def read_title_rows(rows: list[list[Cell]], row_numbers: list[int], meta: Meta | None = None) -> Meta:
    """Collect `label: value` pairs from rows outside the table. Values come from the same cell after
    the colon, or from the next non-empty cell to the right that is not itself a label."""
    meta = meta or Meta()
    for index, (row, rnum) in enumerate(zip(rows, row_numbers)):
        texts = [cell_text(c) for c in row]
        # A row of labels only (two or more) may have its values on the row under it.
        label_row = sum(1 for t in texts if t and _LABEL_RE.match(_folded(t))) >= 2
        for col, text in enumerate(texts):
            if not text:
                continue
            if meta.year is None:
                m = _YEAR.search(nfkc(text))
                if m:
                    meta.year = int(m.group(1))
            if meta.month is None and (ym := _YEAR_MONTH.search(nfkc(text))) and 1 <= int(ym.group(2)) <= 12:
                meta.month = (int(ym.group(1)), int(ym.group(2)))
            lines = nfkc(text).splitlines() or [""]
            for norm in lines:  # `户名:…\n账号：…\n开户行：…` in one cell: a value never spans lines
                # 帐号, 帳號, 戶名: labels are matched on their simplified forms, values are kept as written.
                matches = list(_LABEL_RE.finditer(fold_hanzi(norm)))
                for i, m in enumerate(matches):
                    label_raw = norm[m.start(1) : m.end(1)]
                    key = _LABELS.get(re.sub(r"\s+", "", m.group(1)))
                    if key is None:
                        continue
                    end = matches[i + 1].start() if i + 1 < len(matches) else len(norm)
                    # A label this reader does not know ends the value too (中国银行's `账号：3456… 按收支筛选： 全部`).
                    start = m.end() + len(norm[m.end() : end]) - len(norm[m.end() : end].lstrip(" :：\t"))
                    other = _OTHER_LABEL.search(norm, start, end)
                    end = other.start() if other else end
                    value: Cell = _BILINGUAL.sub("", norm[m.end() : end]).strip(" :：\t")
                    if not value and len(lines) == 1:
                        value = _next_value(row, texts, col)
                    if value in ("", None) and label_row and len(lines) == 1 and index + 1 < len(rows):
                        value = _value_below(rows[index + 1], col)
                    if value in ("", None) or key in meta.values:
                        continue
                    if label_raw.strip() in _IBAN_ONLY and not _IBAN_VALUE.match("".join(cell_text(value).split())):
                        continue  # comdirect's `Umsätze Girokonto;Zeitraum: …`: a title, not DKB's account
                    meta.values[key] = (rnum, label_raw.strip(), value)
                    if key == "account_number" and len(lines) == 1 and "currency" not in meta.values:
                        code = _code_after(texts, col, value)
                        if code:
                            meta.values["currency"] = (rnum, label_raw.strip(), code)
    return meta


# Account kinds that label the account only where an IBAN follows (DKB's `"Girokonto";"DE42…"`).
_IBAN_ONLY = frozenset({"Girokonto", "Tagesgeld"})
_IBAN_VALUE = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$")


# The account's currency as its code in the cell after the number (大华银行 UOB: `Account Number: | 1234567890 | SGD`).
_CODE = re.compile(r"[A-Z]{3}")


def _code_after(texts: list[str], col: int, value: Cell) -> str | None:
    after = [t.strip() for t in texts[col + 1 :] if t.strip()]
    if after and after[0] == cell_text(value).strip():  # the number stood in a cell of its own
        after = after[1:]
    return after[0] if len(after) == 1 and _CODE.fullmatch(after[0]) else None


def _folded(text: str) -> str:
    return fold_hanzi(nfkc(text))


def _value_below(below: list[Cell], col: int) -> Cell:
    """A row of labels over a row of their values (微信支付's 资金流水总笔数,收入笔数,收入金额 … then 4,1,500.00 …)."""
    if col >= len(below) or not cell_text(below[col]):
        return None
    if _LABEL_RE.match(_folded(cell_text(below[col]))):
        return None
    return below[col]


def _next_value(row: list[Cell], texts: list[str], col: int) -> Cell:
    for j in range(col + 1, min(len(row), col + 6)):
        if not texts[j]:
            continue
        label = _LABEL_RE.match(_folded(texts[j]))
        if label and _LABELS.get(re.sub(r"\s+", "", label.group(1))):
            return None
        return row[j]
    return None


# Marker rows inside the table ------------------------------------------------------------------
OPENING, PERIOD_TOTAL, SKIP = "opening", "period_total", "skip"
CLOSING = "closing"  # 期末余额, Ending Balance under a journal's lines: its closing balance (a bank's skips it)
_MARKERS = [
    ("期初余额", OPENING),
    ("上月结转", OPENING),
    ("上年结转", OPENING),
    ("上期结转", OPENING),
    ("年初余额", OPENING),
    ("承前页", SKIP),
    ("期初", OPENING),
    ("本期合计", PERIOD_TOTAL),
    ("本月合计", PERIOD_TOTAL),
    ("合计", PERIOD_TOTAL),
    ("总计", PERIOD_TOTAL),
    ("本期发生额合计", PERIOD_TOTAL),
    ("本日合计", SKIP),
    ("小计", SKIP),
    ("本页合计", SKIP),
    ("本年累计", SKIP),
    ("过次页", SKIP),
    ("累计", SKIP),
    ("期末余额", CLOSING),
    ("本月累计", SKIP),
    # 用友 U8 出纳's 日记账 closes with 当前合计 (the period queried) and 当前累计 (the year to date), dated by month alone.
    ("当前合计", PERIOD_TOTAL),
    ("当前累计", SKIP),
    ("本年合计", SKIP),
]
_MARKER_KEYS = {header_key(w): kind for w, kind in _MARKERS}
_MARKER_CHARS = re.compile("[计转初页额]")  # every marker word contains one of these


def marker_of(row: list[Cell]) -> tuple[str, str] | None:
    """(marker kind, text) when one of the first few text cells of the row is a marker word."""
    seen = 0
    for cell in row:
        if not isinstance(cell, str) or not cell.strip():
            continue
        seen += 1
        if not _MARKER_CHARS.search(cell):  # cheap test first: most rows are plain data
            if seen >= 5:
                break
            continue
        found = _cell_marker(cell)
        if found:
            return found
        if seen >= 5:
            break
    return None


def row_marker(row: list[Cell], date_cell: Cell, summary: Cell) -> tuple[str, str] | None:
    """The row's marker: its first text cells' or its summary cell's, Chinese words before English ones."""
    return marker_of(row) or marker_in(summary) or english_marker_of(row, date_cell, summary)


def marker_in(cell: Cell) -> tuple[str, str] | None:
    """(marker kind, text) when this one cell, the summary column's, is a marker word: a 明细账 that prints the
    account's code and name, its year and period before 摘要 (金蝶云星空) puts it past the first few text cells."""
    if not isinstance(cell, str) or not _MARKER_CHARS.search(cell):
        return None
    return _cell_marker(cell)


def _cell_marker(cell: str) -> tuple[str, str] | None:
    key = header_key(cell)
    if len(key) > 8:
        return None
    kind = _MARKER_KEYS.get(key)
    if kind is None and (key.startswith(("合计", "总计")) or key.endswith("合计")):  # 人民币合计, 美元合计
        kind = PERIOD_TOTAL
    return (kind, cell.strip()) if kind else None


def whole_total(marker: tuple[str, str]) -> bool:
    """The marker is a total's own words (合计, 本月合计, 本年累计; an English total, read only on an undated row), not
    a summary that merely ends in one (支付运费合计, 人民币合计): such a row is a total even with a number in its voucher
    column, where 金蝶 / 用友 明细账 write the count of vouchers and QuickBooks a reference. (An English marker holds
    none of the Chinese marker characters: it is whole, english_marker_of matching words or a leading `Total` alone.)"""
    kind, text = marker
    if kind == OPENING:
        return False
    if _MARKER_CHARS.search(text):
        return _MARKER_KEYS.get(header_key(text)) is not None
    # English: only a total as exports write one (`Total`, `Grand total`, QuickBooks' `Total for Checking`, NetSuite's
    # `Total - 1000 Checking`). `TOTAL PETROCHEMICALS` (a merchant, on a line whose day is left blank) and a dated
    # `Carried forward to ...` transfer with their reference stay entries: read as totals, they were silently dropped.
    return kind == PERIOD_TOTAL and (header_key(text) in _ENGLISH_TOTALS or bool(_NAMED_TOTAL.match(text.strip())))


# The same rows as English exports label them (a TOTAL row under the debit and credit columns, a "Balance at start of
# period" row under the table). A total is read only where the row has no date: "TOTAL" is also a merchant's name (the
# oil company's stations) on a dated card line. A balance row may carry its day (Bank of America's first row,
# "Beginning balance as of 10/01/2026" with the balance and no amount).
_ENGLISH_TOTALS = {
    "total": PERIOD_TOTAL,
    "totals": PERIOD_TOTAL,
    "grandtotal": PERIOD_TOTAL,
    "totalamount": PERIOD_TOTAL,
    "currentperiodchange": PERIOD_TOTAL,  # Sage 50 (US) General Ledger: the period's debits and credits
}
_ENGLISH_BALANCES = (
    ("openingbalance", OPENING),
    ("beginningbalance", OPENING),
    ("startingbalance", OPENING),
    ("balancebroughtforward", OPENING),
    ("broughtforward", OPENING),
    ("balanceatstartofperiod", OPENING),
    ("closingbalance", CLOSING),
    ("endingbalance", CLOSING),
    ("balancecarriedforward", SKIP),
    ("carriedforward", SKIP),
    ("balanceatendofperiod", CLOSING),
    # German exports' balance rows (Targobank's `Saldo zum 10.11.2025:` under its lines, comdirect's Alter/Neuer
    # Kontostand): the closing one was refused as a line without a date.
    ("ursprünglichersaldo", OPENING),
    ("anfangssaldo", OPENING),
    ("alterkontostand", OPENING),
    ("saldozum", SKIP),
    ("saldoper", SKIP),
    ("endsaldo", SKIP),
    ("neuerkontostand", SKIP),
)
_BALANCE_WORDS = re.compile(r"balance|forward|saldo|kontostand", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
# A total named after its section (QuickBooks' `Total for Checking`, Xero's `Total Business Bank Account`, NetSuite's
# `Total - 1000 Checking`) and SAP's ALV list totals, marked `*` (a subtotal) or `**` (the total) in a cell of their own.
_SECTION_TOTAL = re.compile(r"totals?\b", re.IGNORECASE)
_ALV_TOTAL = re.compile(r"\*{1,5}")
_NAMED_TOTAL = re.compile(r"total\s+(?:for\s|[-\u2013:])", re.IGNORECASE)


def english_marker_of(row: list[Cell], date_cell: Cell, summary: Cell = None) -> tuple[str, str] | None:
    """(marker kind, text) of a row whose first text cells, or its ``summary`` cell, name a balance in English, or a
    total on an undated row. (Sage 50's General Ledger writes `Beginning Balance` in Trans Description, after the
    account's ID, name and the day.)"""
    undated = date_cell is None or isinstance(date_cell, str) and not _DIGIT.search(date_cell)
    seen = 0
    for cell in row:
        if not isinstance(cell, str) or not cell.strip():
            continue
        found = _english_cell(cell, undated)
        if found:
            return found
        seen += 1
        if seen >= 3:
            break
    return _english_cell(summary, undated) if isinstance(summary, str) and summary.strip() else None


def _english_cell(cell: str, undated: bool) -> tuple[str, str] | None:
    if _BALANCE_WORDS.search(cell):  # cheap test first: most rows are plain data
        key = header_key(cell)
        kind = next((k for prefix, k in _ENGLISH_BALANCES if key.startswith(prefix)), None)
        return (kind, cell.strip()) if kind else None
    if undated and (kind := _ENGLISH_TOTALS.get(header_key(cell))):
        return kind, cell.strip()
    if undated and _SECTION_TOTAL.match(cell.strip()):
        return PERIOD_TOTAL, cell.strip()
    if undated and _ALV_TOTAL.fullmatch(cell.strip()):
        return SKIP, cell.strip()
    return None
