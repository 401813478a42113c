"""Two kinds of journal entry whose nature rules a bank line out, whatever amount and date say.

* **A correction of a booking error.** "冲销 付货款 INV-2026-12677 录入错误": a reversing entry that says the entry it
  cancels was keyed in error (录入错误, 重复记账, "posted in error") moved no money; it pairs with the entry it
  cancels (stage 0, ``stages/reversals.py``), never with a bank line of its amount, such as a customer's FPS receipt
  that happens to come in the same week. A reversal without such words may be a bank return (退汇) booked as a
  reversal and is left as it was.
* **Wages paid to a company.** A salary entry (工资, 薪, SALARY) for a person ("Fung H.Y.", 麦国华) against a bank
  line paying a company (香港鴻運實業有限公司, "TE CHANG INTERNATIONAL TRADING CO.,"): wages go to the employee. The
  names are in other scripts, so their similarity says nothing; the legal form does. An entry that names a company
  itself (wages through a labour agency, 劳务派遣有限公司) is not ruled on.
"""

from __future__ import annotations

import re
from typing import Protocol

import numpy as np

from .fields import CATEGORY_CODES
from .side_names import matching_texts

ERROR_REVERSAL = re.compile(
    r"(?:冲销|红字|冲红|红冲|冲回|REVERSAL|STORNO).*(?:录入错误|记账错误|入账错误|误记|重复记账|重复录入|IN ERROR|DUPLICATE)"
    r"|(?:录入错误|记账错误|入账错误|误记|重复记账|重复录入).*(?:冲销|红字|冲红|红冲|冲回)",
    re.IGNORECASE,
)
_ERROR_LITERALS = ("冲销", "红字", "冲红", "红冲", "冲回", "REVERSAL", "STORNO")
# A company's legal form or trade word, Chinese (traditional forms included) or Latin.
COMPANY = re.compile(
    r"公司|集团|集團|企业|企業|商行|工厂|工廠|事务所|事務所"
    r"|\b(?:LIMITED|LTD|CO|CORP|CORPORATION|INC|LLC|GMBH|COMPANY|LIMITADA|HOLDINGS|PLC|TRADING)\b",
    re.IGNORECASE,
)
PAYROLL = CATEGORY_CODES["payroll"]


class Side(Protocol):
    texts: list[str]
    text_code: np.ndarray
    cp_code: np.ndarray
    cp_names: list[str]
    cat: np.ndarray


def error_reversal_texts(journal: Side) -> np.ndarray:
    """The summary codes of reversals that say the cancelled entry was a booking error, sorted; once per side."""
    cached = journal.__dict__.get("_error_reversals")
    if cached is None:
        cached = np.array(matching_texts(journal.texts, _ERROR_LITERALS, ERROR_REVERSAL, journal), dtype=np.int64)
        journal.__dict__["_error_reversals"] = cached
    return cached


def _companies(side: Side, codes: np.ndarray) -> np.ndarray:
    """Per counterparty code: whether the name has a company's legal form (``COMPANY``); remembered per code."""
    known: dict[int, bool] = side.__dict__.setdefault("_company_names", {})
    names = side.cp_names
    out = []
    for code in codes.tolist():
        flag = known.get(code)
        if flag is None:
            flag = known[code] = code > 0 and COMPANY.search(names[code]) is not None
        out.append(flag)
    return np.array(out, dtype=bool)


def entry_rules_out(bank: Side, journal: Side, b: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Per pair: the entry is a correction of a booking error, or a person's wages against a payment to a company."""
    out = np.zeros(b.size, dtype=bool)
    if b.size == 0:
        return out
    errors = error_reversal_texts(journal)
    if errors.size:
        out |= np.isin(journal.text_code[j], errors)
    wages = np.flatnonzero((journal.cat[j] == PAYROLL) & (journal.cp_code[j] > 0) & (bank.cp_code[b] > 0) & ~out)
    if wages.size:
        person = ~_companies(journal, journal.cp_code[j[wages]])
        at = wages[person]
        out[at] = _companies(bank, bank.cp_code[b[at]])
    return out
