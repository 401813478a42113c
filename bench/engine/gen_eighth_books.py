"""How the eighth data set's three banks and four ERPs write a line (``gen_eighth.py``), and the ledger that numbers
the vouchers and hands out ids once every event is booked.

Banks: 中国建设银行 (摘要 + 备注, counterparty cut to 30 characters), 交通银行 (业务类型 + 附言, cut to 20), 招商银行
(交易类型/用途, an internal 业务参考号 in the reference column on some lines, cut to 28). ERPs (``seed * 3 + 1`` mod 4):
用友U8 (票据号 else 凭证号 记-0001 in the reference column), 金蝶K3 (凭证号 记-1 always, 结算方式/结算号 in the text),
浪潮 (票据号 or nothing, 凭证号 at the end of the text), SAP-China (invoice number in 参考 else the 10-digit document).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from reconcile.engine import Line

BANKS = ("CCB", "BCM", "CMB")
CUT = {"CCB": 30, "BCM": 20, "CMB": 28}
ERPS = ("U8", "K3", "浪潮", "SAP")

# logical kind -> the words each bank prints for it
_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "in": {
        "CCB": ("转账", "网银转账", "跨行转账"),
        "BCM": ("网银转账", "跨行汇款", "转账"),
        "CMB": ("汇入汇款", "网银转账"),
    },
    "out": {
        "CCB": ("转账", "网银转账", "跨行转账"),
        "BCM": ("网银转账", "跨行汇款"),
        "CMB": ("汇出汇款", "企业银行支付"),
    },
    "payroll": {"CCB": ("代发工资",), "BCM": ("代发代扣", "代发工资"), "CMB": ("代发工资",)},
    "batch": {"CCB": ("批量代付",), "BCM": ("批量代付", "代发代扣"), "CMB": ("批量代付", "代发其他")},
    "tax": {"CCB": ("税费", "电子缴税"), "BCM": ("实时缴税",), "CMB": ("代扣税款", "税费")},
    "social": {"CCB": ("社保",), "BCM": ("社保费", "代扣社保"), "CMB": ("社保",)},
    "housing": {"CCB": ("公积金",), "BCM": ("公积金汇缴",), "CMB": ("公积金",)},
    "pos": {"CCB": ("银联POS结算", "POS结算"), "BCM": ("POS清算",), "CMB": ("银联POS结算",)},
    "interest": {"CCB": ("利息", "结息"), "BCM": ("利息",), "CMB": ("结息", "利息")},
    "fee": {"CCB": ("手续费",), "BCM": ("手续费", "汇划费"), "CMB": ("手续费",)},
    "sms": {"CCB": ("短信费",), "BCM": ("短信通知费",), "CMB": ("短信费",)},
    "acctfee": {"CCB": ("账户管理费",), "BCM": ("账户管理费",), "CMB": ("账户管理费", "网银年费")},
    "discount": {"CCB": ("贴现",), "BCM": ("票据贴现",), "CMB": ("贴现",)},
    "collect": {"CCB": ("托收", "到期托收"), "BCM": ("银承到期托收",), "CMB": ("托收",)},
    "billpay": {"CCB": ("银承到期付款",), "BCM": ("承兑汇票到期付款",), "CMB": ("银承解付",)},
    "cheque": {"CCB": ("转账支票",), "BCM": ("转账支票",), "CMB": ("支票",)},
    "internal": {"CCB": ("内部转账", "资金调拨"), "BCM": ("网银转账",), "CMB": ("资金调拨",)},
    "cash_in": {"CCB": ("现金存入",), "BCM": ("现金缴存",), "CMB": ("现金存入",)},
    "cash_out": {"CCB": ("现金支取",), "BCM": ("取现",), "CMB": ("现金支取",)},
    "loan": {"CCB": ("贷款发放",), "BCM": ("放款",), "CMB": ("贷款发放",)},
    "repay": {"CCB": ("贷款还款", "还贷"), "BCM": ("贷款还款",), "CMB": ("还款",)},
    "refund": {"CCB": ("转账", "退款"), "BCM": ("网银转账",), "CMB": ("汇出汇款", "退款")},
}


def platform_words(word: str) -> dict[str, tuple[str, ...]]:
    return {b: (word,) for b in BANKS}


@dataclass
class Ledger:
    """Raw bank lines and journal lines as the events book them; ``finish`` sorts, numbers and builds ``Line``s."""

    r: random.Random
    erp: str
    bank_raw: list[tuple[dt.date, Decimal, str, str, str, str, str, str]] = field(default_factory=list)
    book_raw: list[tuple[dt.date, Decimal, str, str, str, str, str, str, str, str]] = field(default_factory=list)
    truth_raw: list[tuple[list[int], list[int]]] = field(default_factory=list)
    _voucher_seq: int = 0

    def bank(
        self,
        acct: str,
        day: dt.date,
        amount: Decimal,
        direction: str,
        kind: str,
        cp: str,
        purpose: str,
        tag: str,
        ref: str = "",
        words: dict[str, tuple[str, ...]] | None = None,
    ) -> int:
        summary = self.r.choice((words or _WORDS[kind])[acct])
        if acct == "CCB":
            text = f"{summary} {purpose}".strip()
        elif acct == "BCM":
            text = f"{summary} 附言:{purpose}" if purpose else summary
        else:
            text = f"{summary}/{purpose}" if purpose else summary
            if not ref and self.r.random() < 0.3:
                ref = f"G{self.r.randrange(10**11, 10**12)}"  # 业务参考号: the bank's own, never in the books
        self.bank_raw.append((day, amount, direction, ref, cp, text, tag, acct))
        return len(self.bank_raw) - 1

    def book(
        self,
        day: dt.date,
        amount: Decimal,
        direction: str,
        cp: str,
        summary: str,
        tag: str,
        *,
        settle: str = "网银",
        doc: str = "",
        invoice: str = "",
        voucher: str = "",
    ) -> int:
        """``doc``: the 票据号 (bill, cheque); ``voucher``: a key shared by lines of one 凭证 (else its own)."""
        if not voucher:
            self._voucher_seq += 1
            voucher = f"v{self._voucher_seq}"
        self.book_raw.append((day, amount, direction, cp, summary, tag, settle, doc, invoice, voucher))
        return len(self.book_raw) - 1

    def truth(self, bank: list[int], book: list[int]) -> None:
        self.truth_raw.append((bank, book))

    def finish(
        self,
    ) -> tuple[list[Line], list[Line], list[tuple[tuple[str, ...], tuple[str, ...], str]], dict[str, str]]:
        r = self.r
        tags: dict[str, str] = {}
        b_order = sorted(range(len(self.bank_raw)), key=lambda i: (self.bank_raw[i][0], r.random()))
        b_ids: dict[int, str] = {}
        bank: list[Line] = []
        for k, i in enumerate(b_order):
            day, amount, direction, ref, cp, text, tag, acct = self.bank_raw[i]
            b_ids[i] = f"{acct}{k + 1:07d}"
            tags[b_ids[i]] = tag
            bank.append(Line(b_ids[i], day, amount, direction, ref, cp, text))
        vouchers: dict[str, list[int]] = defaultdict(list)
        for i, raw in enumerate(self.book_raw):
            vouchers[raw[9]].append(i)
        v_order = sorted(vouchers, key=lambda v: (min(self.book_raw[i][0] for i in vouchers[v]), r.random()))
        j_ids: dict[int, str] = {}
        journal: list[Line] = []
        period: tuple[int, int] | None = None
        number = 0
        for v in v_order:
            lines = vouchers[v]
            day = min(self.book_raw[i][0] for i in lines)  # one 凭证, one date
            key = (day.year, 0 if self.erp == "SAP" else day.month)
            number = number + 1 if key == period else 1
            period = key
            vno = {"U8": f"记-{number:04d}", "K3": f"记-{number}", "浪潮": f"记-{number:04d}"}.get(
                self.erp, f"{1_000_000_000 + number}"
            )
            for i in lines:
                _d, amount, direction, cp, summary, tag, settle, doc, invoice, _v = self.book_raw[i]
                ref, text = self._erp_format(vno, summary, settle, doc, invoice)
                j_ids[i] = f"JE{len(journal) + 1:07d}"
                tags[j_ids[i]] = tag
                journal.append(Line(j_ids[i], day, amount, direction, ref, cp, text))
        truth = []
        for bs, js in self.truth_raw:
            kind = "1:1" if len(bs) == 1 and len(js) == 1 else "1:N" if len(bs) == 1 else "N:1"
            truth.append((tuple(b_ids[i] for i in bs), tuple(j_ids[j] for j in js), kind))
        return bank, journal, truth, tags

    def _erp_format(self, vno: str, summary: str, settle: str, doc: str, invoice: str) -> tuple[str, str]:
        if self.erp == "U8":
            return doc or vno, summary
        if self.erp == "K3":
            return vno, f"{summary} 结算方式:{settle}" + (f" 结算号:{doc}" if doc else "")
        if self.erp == "浪潮":
            return doc, f"{summary} [{settle}] 凭证:{vno}"
        return doc or invoice or vno, summary
