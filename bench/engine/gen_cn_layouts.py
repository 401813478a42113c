"""Independent generator 2: Chinese bank export layouts against Kingdee / Yonyou journals.

A second author's view, deliberately unlike ``generator.py``: other name pools (manufacturers, 个体户, 研究所,
firms named after their owner), other noise and other batch shapes. Each bank layout (``LAYOUTS``, after the
export headers in ``shared/reference/cn_bank_layouts.md``) decides how a statement row becomes a ``Line``: which
column holds the counterparty (对方户名, 对方单位, 收(付)方名称, BOC's 付款人/收款人名称 by direction), what the
text is (摘要 + 用途 + 附言 joined as the parser would), whether a 企业流水号 / 客户业务编号 comes back from the
ERP's payment file, how names are cut (some exports stop at 20 characters, some append the branch).

Journals: Kingdee (no 对方单位 column: the company only in the 摘要, "付华鑫精密货款"; voucher 记-123 as reference) or
Yonyou (对方单位 from the 客商 auxiliary, full or 简称; 结算号 sometimes = the bank's 企业流水号).

Events: 1:1 payments/receipts; same-amount lines (deposits of 10,000.00, 保证金, 房租) where dates and names decide;
payment-run batches (bank 批量代发 / 批量转账 / 网银批量支付 / 批量付款 = 2-5 journal entries to *different* payees
within a few days, no shared name, a shared voucher only sometimes); payroll (批量代发工资, many employees, one
voucher); 支付宝/财付通 receipts (the platform as the bank's payer); bank-only fees and interest; journal-only
open items; name traps; late bookings.

``generate(n_bank, seed, layout=None, erp=None)``: one layout (``LAYOUTS``) and one ERP ("kingdee" / "yonyou")
for the whole case, or None to change them per 20-day block (lines from several banks' exports and journals of
both kinds in one run). In memory only.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from reconcile.engine import Line

from .generator import Calendar, Case

CITIES = [
    "佛山市",
    "东莞市",
    "温州",
    "绍兴市",
    "义乌市",
    "泉州",
    "昆山市",
    "常州",
    "合肥",
    "郑州市",
    "长沙市",
    "青岛",
    "烟台市",
    "珠海市",
    "惠州",
    "江门市",
    "湖州",
    "台州市",
    "嘉兴",
    "南通市",
    "徐州",
    "",
]
CORES = "华鑫精密宝利达通盈瑞祥金科振兴远洋永辉创新汇丰隆盛嘉诚国泰安顺德宏升豪骏力美佳福星兆恒百川云帆凯达昊天"
TRADES = [
    "精密机械制造",
    "五金制品",
    "塑胶",
    "纺织",
    "服饰",
    "家具",
    "陶瓷",
    "照明电器",
    "汽车配件",
    "模具",
    "印刷包装",
    "环保科技",
    "新材料",
    "生物科技",
    "智能装备",
    "电器",
    "光电",
    "农业开发",
    "冷链物流",
    "建筑工程",
]
FORMS = ["有限公司", "有限公司", "股份有限公司", "有限责任公司", "厂", "商行", "经营部", "研究所"]
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
GIVEN = "晓明丽华建军海燕志强秀英伟东红梅国庆春生玉兰文斌桂芳振宇"
BATCH_TEXT = ["批量代发", "批量转账", "网银批量支付", "批量付款", "批量代付", "网银批量转账", "集团批量支付"]
PAY_WORDS = [
    ("货款", "支付{n}货款"),
    ("运费", "付{n}运费"),
    ("加工费", "付{n}加工费"),
    ("材料款", "付{n}材料款"),
    ("设备款", "支付{n}设备款"),
    ("服务费", "付{n}服务费"),
]
RECV_WORDS = [("货款", "收{n}货款"), ("回款", "{n}回款"), ("销售款", "收到{n}销售款")]
SAME_AMOUNTS = [10_000_00, 20_000_00, 50_000_00, 3_000_00, 5_000_00, 100_000_00, 1_000_00]
OWN_BANK = "中国建设银行股份有限公司佛山分行"


class _Layout:
    """How one bank's export turns into ``Line`` fields."""

    def __init__(
        self,
        code: str,
        name_cut: int,
        texts: tuple[str, ...],
        ref_share: float,
        branch_suffix: float,
        cp_missing: float,
    ) -> None:
        self.code, self.name_cut, self.texts = code, name_cut, texts
        self.ref_share, self.branch_suffix, self.cp_missing = ref_share, branch_suffix, cp_missing


LAYOUTS = {
    # ICBC: 对方单位 + 用途 + 摘要 (+ 附言); voucher numbers are the bank's own.
    "ICBC": _Layout("ICBC", 0, ("{k} {p}", "{p}", "{k}"), 0.0, 0.0, 0.03),
    # CCB: 对方户名, 摘要, 备注; 企业流水号 carries the ERP's payment number on most outgoing lines.
    "CCB": _Layout("CCB", 0, ("{k}", "{k} {p}", "{p}"), 0.6, 0.05, 0.02),
    # CMB: 收(付)方名称, 用途 / 业务摘要, 业务参考号.
    "CMB": _Layout("CMB", 0, ("{p}", "{k}/{p}"), 0.3, 0.0, 0.05),
    # ABC: names cut at 20 characters in the 对方户名 column of the "无账号" export.
    "ABC": _Layout("ABC", 20, ("{k}", "{p} {k}"), 0.0, 0.1, 0.08),
    # BOC: 付款人名称 / 收款人名称 by direction; 交易附言; 客户业务编号 sometimes.
    "BOC": _Layout("BOC", 0, ("{p}", "{k} {p}"), 0.25, 0.0, 0.04),
    # SPDB: 对方户名, 摘要, 备注 (the counterparty column often empty for 网银 payments).
    "SPDB": _Layout("SPDB", 0, ("{k}", "{k} {p}"), 0.1, 0.0, 0.15),
}


class _Cn:
    def __init__(
        self, n_bank: int, seed: int, per_day: int, layout: str | None, erp: str | None, scattered_runs: bool = False
    ) -> None:
        self.r = random.Random(seed * 104729 + 3)
        self.scattered_runs = scattered_runs
        self.days = max(20, n_bank // per_day)
        self.cal = Calendar(dt.date(2022, 3, 1), self.days + 10)
        self.layout_name = layout
        self.bank: list[Line] = []
        self.journal: list[Line] = []
        self.truth: list[tuple[tuple[str, ...], tuple[str, ...], str]] = []
        self.nb = self.nj = 0
        self.voucher = 0
        self.serial = 7_300_000
        n_companies = max(150, min(40_000, n_bank // 20))
        self.firms = [self._firm() for _ in range(n_companies)]
        self.people = [
            self.r.choice(SURNAMES) + "".join(self.r.sample(GIVEN, self.r.choice((1, 2)))) for _ in range(2000)
        ]
        # Kingdee or Yonyou: one ERP per 20-day block (``erp`` fixes it for the whole case).
        self.offset = self.r.randrange(len(LAYOUTS))
        self.erp = erp

    # --- names -------------------------------------------------------------------------------------------------
    def _firm(self) -> tuple[str, str]:
        """(full registered name, the accountant's 简称)."""
        r = self.r
        x = r.random()
        if x < 0.1:  # named after the owner: 个体户 / 经营部
            owner = r.choice(SURNAMES) + "".join(r.sample(GIVEN, 2))
            full = f"{r.choice(CITIES)}{r.choice(('', '市'))}{owner}{r.choice(TRADES)[:2]}{r.choice(('经营部', '商行', '厂'))}"
            return full, owner
        core = "".join(r.sample(CORES, r.choice((2, 2, 3, 4))))
        trade = r.choice(TRADES)
        full = f"{r.choice(CITIES)}{core}{trade}{r.choice(FORMS)}"
        short = r.choice((core, core + trade[:2], core + trade, core))
        return full, short

    def _layout(self, t: int) -> _Layout:
        if self.layout_name:
            return LAYOUTS[self.layout_name]
        names = sorted(LAYOUTS)
        return LAYOUTS[names[(t // 20 + self.offset) % len(names)]]

    def _bank_cp(self, firm: tuple[str, str], lay: _Layout) -> str:
        r = self.r
        if r.random() < lay.cp_missing:
            return ""
        full = firm[0]
        if r.random() < lay.branch_suffix and full.endswith("有限公司"):
            full += r.choice(("佛山分公司", "第一分厂", "（销售部）"))
        if lay.name_cut:
            full = full[: lay.name_cut]
        return full

    def kingdee(self, t: int) -> bool:
        if self.erp:
            return self.erp == "kingdee"
        return (t // 20 + self.offset) % 2 == 0

    def _journal_cp(self, firm: tuple[str, str], t: int) -> str:
        if self.kingdee(t):
            return ""
        x = self.r.random()
        return firm[0] if x < 0.45 else firm[1] if x < 0.97 else ""

    # --- values ------------------------------------------------------------------------------------------------
    def _amount(self) -> int:
        r = self.r
        x = r.random()
        if x < 0.06:
            return r.choice(SAME_AMOUNTS)
        cents = int(10 ** r.uniform(3.5, 8))
        # Round sums (whole hundreds of yuan) are for larger payments; small ones keep their fen.
        return cents if x < 0.7 or cents < 1_000_00 else cents // 10_000 * 10_000

    def _bid(self) -> str:
        self.nb += 1
        return f"K{self.nb:08d}"

    def _jid(self) -> str:
        self.nj += 1
        return f"V{self.nj:08d}"

    def _voucher(self) -> str:
        self.voucher += 1
        return f"记-{self.voucher % 3000 + 1:04d}"

    @staticmethod
    def _dec(cents: int) -> Decimal:
        return Decimal(cents).scaleb(-2)

    def _lag(self) -> int:
        r = self.r
        x = r.random()
        if x < 0.004:
            return r.randint(6, 9)
        return r.choices((-1, 0, 1, 2, 3), (0.05, 0.55, 0.25, 0.1, 0.05))[0]

    # --- events ------------------------------------------------------------------------------------------------
    def pair(
        self,
        t: int | None = None,
        firm: tuple[str, str] | None = None,
        cents: int | None = None,
        direction: str | None = None,
    ) -> None:
        r = self.r
        t = r.randrange(self.days) if t is None else t
        lay = self._layout(t)
        direction = direction or ("out" if r.random() < 0.55 else "in")
        firm = firm or r.choice(self.firms)
        cents = cents or self._amount()
        kind, jt = r.choice(PAY_WORDS if direction == "out" else RECV_WORDS)
        purpose = r.choice((kind, "", f"合同{r.randint(100, 999)}号{kind}"))
        text = (
            r.choice(lay.texts)
            .format(
                k=r.choice(("网银转账", "转账", "汇兑", "电子汇入" if direction == "in" else "跨行转账")), p=purpose
            )
            .strip()
        )
        self.serial += r.randint(1, 30)
        erp_no = f"FK{self.serial}" if direction == "out" and r.random() < lay.ref_share else ""
        bref = erp_no or (f"{r.randrange(10**11):011d}" if r.random() < 0.5 else "")  # else: the bank's own serial
        jref = erp_no if erp_no and not self.kingdee(t) and r.random() < 0.8 else self._voucher()
        short = firm[1]
        b = Line(
            self._bid(), self.cal.workdays[30 + t], self._dec(cents), direction, bref, self._bank_cp(firm, lay), text
        )
        jday = self.cal.workdays[30 + t + self._lag()]
        j = Line(
            self._jid(),
            jday,
            self._dec(cents),
            direction,
            jref,
            self._journal_cp(firm, t),
            jt.format(n=short if r.random() < 0.9 else firm[0]),
        )
        self.bank.append(b)
        self.journal.append(j)
        self.truth.append(((b.id,), (j.id,), "1:1"))

    def same_amount_run(self) -> None:
        """Deposits / 保证金 / rents of one amount from several firms within a few days."""
        r = self.r
        cents, t = r.choice(SAME_AMOUNTS), r.randrange(self.days)
        direction = r.choice(("in", "out"))
        for _ in range(r.randint(2, 6)):
            self.pair(min(self.days - 1, t + r.randint(0, 3)), r.choice(self.firms), cents, direction)

    def repeat_supplier(self) -> None:
        """One supplier paid the same amount twice in a week (dates decide)."""
        r = self.r
        firm, cents, t = r.choice(self.firms), self._amount(), r.randrange(self.days)
        self.pair(t, firm, cents, "out")
        self.pair(min(self.days - 1, t + r.randint(2, 5)), firm, cents, "out")

    def payment_run(self) -> None:
        r = self.r
        t = r.randrange(self.days)
        n = r.randint(2, 5)
        firms = r.sample(self.firms, n)
        parts = [self._amount() for _ in range(n)]
        lay = self._layout(t)
        shared = self._voucher() if r.random() < 0.3 else ""
        b = Line(
            self._bid(),
            self.cal.workdays[30 + t],
            self._dec(sum(parts)),
            "out",
            f"{r.randrange(10**11):011d}" if r.random() < 0.5 else "",
            OWN_BANK if lay.code in ("ICBC", "ABC") and r.random() < 0.5 else "",
            r.choice(BATCH_TEXT) + r.choice(("", f" {n}笔", " 业务编号" + str(r.randint(10**5, 10**6)))),
        )
        js = []
        # One posting date for the run (the bank executes it then or up to two days later), a few entries a day
        # off; ``scattered_runs``: every entry on its own day within three (reported apart).
        run_day = t - r.choice((0, 0, 0, 1, 2))
        for firm, cents in zip(firms, parts):
            kind, jt = r.choice(PAY_WORDS)
            if self.scattered_runs:
                jday = self.cal.workdays[30 + t - r.choice((0, 0, 0, 1, 2))]
            else:
                jday = self.cal.workdays[30 + run_day + (r.choice((-1, 1)) if r.random() < 0.1 else 0)]
            js.append(
                Line(
                    self._jid(),
                    jday,
                    self._dec(cents),
                    "out",
                    shared or self._voucher(),
                    self._journal_cp(firm, t),
                    jt.format(n=firm[1]),
                )
            )
        self.bank.append(b)
        self.journal.extend(js)
        self.truth.append(((b.id,), tuple(j.id for j in js), "1:N"))

    def payroll(self) -> None:
        r = self.r
        t = r.randrange(self.days)
        n = r.randint(4, 25)
        parts = [r.randint(2_500_00, 18_000_00) for _ in range(n)]
        voucher = self._voucher()
        b = Line(
            self._bid(),
            self.cal.workdays[30 + t],
            self._dec(sum(parts)),
            "out",
            "",
            "",
            r.choice(("批量代发工资", "代发工资", "代发薪酬")),
        )
        jday = self.cal.workdays[30 + t + r.choice((0, 0, 1))]
        js = [
            Line(
                self._jid(),
                jday,
                self._dec(c),
                "out",
                voucher,
                r.choice(self.people) if not self.kingdee(t) else "",
                f"发放{r.choice(self.people)}工资",
            )
            for c in parts
        ]
        self.bank.append(b)
        self.journal.extend(js)
        self.truth.append(((b.id,), tuple(j.id for j in js), "1:N"))

    def platform_receipt(self) -> None:
        """A customer pays through 支付宝 / 财付通: the bank names the platform, the journal the customer."""
        r = self.r
        firm, t, cents = r.choice(self.firms), r.randrange(self.days), self._amount()
        b = Line(
            self._bid(),
            self.cal.workdays[30 + t],
            self._dec(cents),
            "in",
            "",
            r.choice(("支付宝（中国）网络技术有限公司", "财付通支付科技有限公司")),
            "提现 货款",
        )
        j = Line(
            self._jid(),
            self.cal.workdays[30 + t + r.choice((0, 1))],
            self._dec(cents),
            "in",
            self._voucher(),
            self._journal_cp(firm, t),
            f"收{firm[1]}货款",
        )
        self.bank.append(b)
        self.journal.append(j)
        self.truth.append(((b.id,), (j.id,), "1:1"))

    def bank_only(self) -> None:
        r = self.r
        t = r.randrange(self.days)
        if r.random() < 0.7:
            self.bank.append(
                Line(
                    self._bid(),
                    self.cal.workdays[30 + t],
                    self._dec(r.choice((10_00, 5_50, 2_00, 30_00))),
                    "out",
                    "",
                    "",
                    r.choice(("汇划费", "电子汇划费", "网银年费", "短信服务费")),
                )
            )
        else:
            self.bank.append(
                Line(
                    self._bid(),
                    self.cal.workdays[30 + t],
                    self._dec(r.randint(5_00, 9_000_00)),
                    "in",
                    "",
                    "",
                    "利息存入",
                )
            )

    def journal_only(self) -> None:
        r = self.r
        firm, t = r.choice(self.firms), r.randrange(self.days)
        direction = r.choice(("out", "in"))
        kind, jt = r.choice(PAY_WORDS if direction == "out" else RECV_WORDS)
        self.journal.append(
            Line(
                self._jid(),
                self.cal.workdays[30 + t],
                self._dec(self._amount()),
                direction,
                self._voucher(),
                self._journal_cp(firm, t),
                jt.format(n=firm[1]),
            )
        )

    def name_trap(self) -> None:
        r = self.r
        paid, booked = r.sample(self.firms, 2)
        t, cents = r.randrange(self.days), self._amount()
        self.bank.append(Line(self._bid(), self.cal.workdays[30 + t], self._dec(cents), "out", "", paid[0], "网银转账"))
        self.journal.append(
            Line(
                self._jid(),
                self.cal.workdays[30 + t],
                self._dec(cents),
                "out",
                self._voucher(),
                self._journal_cp(booked, t),
                f"付{booked[1]}货款",
            )
        )


def generate(
    n_bank: int,
    seed: int = 1,
    *,
    layout: str | None = None,
    erp: str | None = None,
    lines_per_day: int = 250,
    scattered_runs: bool = False,
) -> Case:
    g = _Cn(n_bank, seed, lines_per_day, layout, erp, scattered_runs)
    # About three payment runs a working day at 250 lines a day; open items 4%.
    events = [
        (g.pair, 0.82),
        (g.same_amount_run, 0.02),
        (g.repeat_supplier, 0.02),
        (g.payment_run, 0.012),
        (g.payroll, 0.006),
        (g.platform_receipt, 0.015),
        (g.bank_only, 0.05),
        (g.journal_only, 0.04),
        (g.name_trap, 0.004),
    ]
    fns = [f for f, _ in events]
    weights = [w for _, w in events]
    while len(g.bank) < n_bank:
        for fn in g.r.choices(fns, weights, k=max(1, min(1000, (n_bank - len(g.bank)) // 3))):
            fn()
    return Case(g.bank, g.journal, g.truth, g.cal)
