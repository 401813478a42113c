"""A generator of months where the bank names some payers otherwise than the journal (learned names, issue 19.2).

Written apart from ``generator.py``, ``gen_sepa.py`` and ``gen_cn_layouts.py``: its own name pools and its own
model of why the two sides disagree. A company's debtors and creditors ("parties") keep the same habits month after
month; a party is one of:

- ``plain``: the bank shows the party's registered name, the journal its short name (上海恒瑞贸易有限公司 / 恒瑞贸易,
  "NORDIC MARINE SUPPLIES AB" / "Nordic Marine Supplies AB"): the engine already takes these as one;
- ``platform``: the money comes through a payment platform whose name the bank shows (支付宝（中国）网络技术有限公司,
  财付通支付科技有限公司, 银联商务股份有限公司 ...), one platform per such party (as a merchant account is);
- ``person``: the owner pays from a personal account (王建国 for 建国五金);
- ``group``: a parent or sister company pays (华润集团 for 润丰贸易, "ATLAS HOLDING BV" for "Zeeland Foods BV");
- ``trading``: a Latin trading name or abbreviation ("NMS AB" for "Nordic Marine Supplies AB", "BLUEWAVE" for
  "Kestrel Ocean Logistics Ltd").

Amounts come from a few round values (invoices of 5,000.00, 10,000.00 ...), so several parties pay the same amount
within days and only the names can decide. Each line has its truth: the journal entry it belongs to.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from reconcile.engine import Line

_CN_CORES = [
    "恒瑞",
    "金华",
    "润丰",
    "鼎盛",
    "华信",
    "宏达",
    "永泰",
    "瑞祥",
    "新锐",
    "博远",
    "汇通",
    "锦程",
    "东升",
    "天成",
    "嘉禾",
    "盛元",
    "同力",
    "海川",
    "众诚",
    "佳和",
    "顺昌",
    "荣达",
    "晨光",
    "泽信",
]
_CN_TRADES = ["贸易", "科技", "五金", "食品", "物流", "建材", "电子", "包装"]
_CN_CITIES = ["上海", "杭州", "苏州", "宁波", "无锡", "南京"]
_PLATFORMS = [
    "支付宝（中国）网络技术有限公司",
    "财付通支付科技有限公司",
    "银联商务股份有限公司",
    "拉卡拉支付股份有限公司",
    "快钱支付清算信息有限公司",
    "通联支付网络服务股份有限公司",
    "汇付天下有限公司",
    "连连银通电子支付有限公司",
    "易宝支付有限公司",
    "京东钱包（北京）科技有限公司",
]
_SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"]
_GIVEN = ["建国", "海峰", "丽华", "志强", "秀英", "明", "伟", "静", "磊", "洋"]
_LATIN_A = ["Nordic", "Kestrel", "Zeeland", "Alder", "Brightwater", "Corvid", "Fenwick", "Halcyon", "Ivory", "Juniper"]
_LATIN_B = ["Marine Supplies", "Ocean Logistics", "Foods", "Tooling", "Textiles", "Instruments", "Packaging", "Optics"]
_LATIN_FORMS = ["AB", "Ltd", "BV", "GmbH", "Oy", "SRL"]
_BRANDS = ["BLUEWAVE", "REDLINE", "NORTHSTAR", "SUNPEAK", "GREENFIELD", "SILVERBAY", "IRONGATE", "CLEARVIEW"]
_ROUND = [Decimal(v) for v in ("1000.00", "2000.00", "3000.00", "5000.00", "8000.00", "10000.00", "20000.00")]
KINDS = ("plain", "platform", "person", "group", "trading")


@dataclass(frozen=True)
class Party:
    journal_name: str  # the ERP's name for the party
    bank_name: str  # what the bank shows for its payments
    kind: str
    incoming: bool


def parties(seed: int, n: int = 60, alias_share: float = 0.35) -> list[Party]:
    """A company's parties; ``alias_share`` of them pay under another name (platform, person, group, trading)."""
    rnd = random.Random(seed)
    platforms = list(_PLATFORMS)
    rnd.shuffle(platforms)
    out: list[Party] = []
    used: set[str] = set()
    for _ in range(n):
        latin = rnd.random() < 0.4
        while True:
            if latin:
                short = f"{rnd.choice(_LATIN_A)} {rnd.choice(_LATIN_B)}"
                journal = f"{short} {rnd.choice(_LATIN_FORMS)}"
                registered = journal.upper()
            else:
                core = rnd.choice(_CN_CORES) + rnd.choice(_CN_CORES)[0]
                trade = rnd.choice(_CN_TRADES)
                journal = core + trade
                registered = f"{rnd.choice(_CN_CITIES)}{core}{trade}有限公司"
            if journal not in used:
                used.add(journal)
                break
        kind = "plain"
        if rnd.random() < alias_share:
            kind = rnd.choice(("platform", "person", "group") if not latin else ("group", "trading"))
            if kind == "platform" and not platforms:
                kind = "person"
        if kind == "plain":
            bank = registered
        elif kind == "platform":
            bank = platforms.pop()
        elif kind == "person":
            bank = rnd.choice(_SURNAMES) + rnd.choice(_GIVEN)
        elif kind == "group":
            bank = (
                f"{rnd.choice(_BRANDS).title()} Holding BV".upper()
                if latin
                else f"{rnd.choice(_CN_CORES)}{rnd.choice(_CN_CORES)}集团有限公司"
            )
        else:
            bank = (
                rnd.choice(_BRANDS)
                if rnd.random() < 0.5
                else "".join(w[0] for w in journal.split()[:-1]).upper() + " " + journal.split()[-1].upper()
            )
        out.append(Party(journal_name=journal, bank_name=bank, kind=kind, incoming=rnd.random() < 0.6))
    return out


@dataclass
class Month:
    bank: list[Line]
    journal: list[Line]
    truth: dict[str, str]  # bank id -> journal id
    party_of: dict[str, Party]  # bank id -> party


def month(seed: int, pool: list[Party], year: int, month_no: int, per_party: tuple[int, int] = (2, 6)) -> Month:
    """One month of a company's payments with its parties: each party pays ``per_party`` times; the journal books
    each payment 0-2 days later with the party's short name."""
    rnd = random.Random(seed * 1000 + month_no)
    first = dt.date(year, month_no, 1)
    days = ((first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - first).days
    bank: list[Line] = []
    journal: list[Line] = []
    truth: dict[str, str] = {}
    party_of: dict[str, Party] = {}
    for p_index, party in enumerate(pool):
        for k in range(rnd.randint(*per_party)):
            day = first + dt.timedelta(days=rnd.randrange(days - 3))
            amount = rnd.choice(_ROUND) if rnd.random() < 0.7 else Decimal(rnd.randrange(10_000, 5_000_000)) / 100
            direction = "in" if party.incoming else "out"
            b_id, j_id = f"b{month_no}-{p_index}-{k}", f"j{month_no}-{p_index}-{k}"
            text_b = "货款" if not party.journal_name.isascii() else "INVOICE PAYMENT"
            bank.append(Line(b_id, day, amount, direction, "", party.bank_name, text_b))
            booked = day + dt.timedelta(days=rnd.choice((0, 0, 1, 2)))
            word = "收" if party.incoming else "付"
            journal.append(
                Line(j_id, booked, amount, direction, "", party.journal_name, f"{word}{party.journal_name}货款")
            )
            truth[b_id] = j_id
            party_of[b_id] = party
    rnd.shuffle(bank)
    rnd.shuffle(journal)
    return Month(bank=bank, journal=journal, truth=truth, party_of=party_of)
