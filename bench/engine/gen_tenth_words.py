"""Words and parties of the tenth data set (``gen_tenth.py``): a Jiangsu builder's names, bank texts and summaries."""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")

CITIES = (
    "南京",
    "苏州",
    "无锡",
    "常州",
    "南通",
    "扬州",
    "镇江",
    "泰州",
    "盐城",
    "徐州",
    "淮安",
    "宿迁",
    "合肥",
    "芜湖",
)
CORES = (
    "华建", "中天", "苏通", "金陵", "正太", "江都", "龙信", "南通三建", "通州", "东方", "宏盛", "恒大", "鼎力", "嘉合",
    "新华", "永固", "固德", "坚瑞", "海螺", "中联", "远大", "三一", "徐工", "华新", "同力", "利通", "蓝盾", "天宝",
    "博远", "盛达", "金鼎", "吉祥", "德邦", "瑞丰", "长江", "兴业", "润达", "华晨", "广厦", "中南",
)  # fmt: skip
SUPPLY = ("建材", "商品混凝土", "钢结构", "钢材贸易", "机械租赁", "劳务", "防水材料", "电线电缆", "水泥", "模板")
CLIENTS = ("房地产开发", "置业", "城市建设投资", "城投", "开发建设", "产业园", "实业", "交通建设")
FORMS = ("有限公司", "有限公司", "有限责任公司", "股份有限公司", "集团有限公司")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚英华玉兰萍红建文辉力飞鹏宇浩"

BANK = "中国建设银行股份有限公司南京城南支行"
TREASURY = ("国家金库南京市江宁区支库", "国家金库南京市中心支库")
TENDER = ("南京市公共资源交易中心", "江苏省建设工程招标投标中心", "苏州市公共资源交易中心", "无锡市公共资源交易中心")
AFFILIATE = ("南京华建置业有限公司", "华建置业")  # the group company the firm lends to by 委托贷款
PROJECTS = (
    "江宁科学园B地块", "溧水产业园二期", "河西保障房", "浦口中学新建", "六合污水厂", "雨花软件园", "仙林地铁上盖", "高淳大桥",
    "栖霞棚改安置", "溧阳人民医院", "句容物流园", "扬中滨江路",
)  # fmt: skip


@dataclass(frozen=True)
class Party:
    full: str  # the registered name the bank writes
    short: str  # the name the U8 supplier/customer file keeps
    scale: float


def cents(r: random.Random, lo: float, hi: float) -> Decimal:
    return Decimal(str(r.uniform(lo, hi))).quantize(CENT, ROUND_HALF_UP)


def parties(r: random.Random, k: int, trades: tuple[str, ...], scale: tuple[float, float]) -> list[Party]:
    seen: set[str] = set()
    out: list[Party] = []
    while len(out) < k:
        core = r.choice(CORES) + r.choice(("", "", r.choice(CORES)[:1]))
        trade = r.choice(trades)
        full = f"{r.choice(CITIES)}{'市' if r.random() < 0.4 else ''}{core}{trade}{r.choice(FORMS)}"
        if full in seen:
            continue
        seen.add(full)
        out.append(Party(full, r.choice((core + trade, core, full)), r.uniform(*scale)))
    return out


def person(r: random.Random) -> str:
    return r.choice(SURNAMES) + "".join(r.choices(GIVEN, k=r.choice((1, 2))))


def bill_no(r: random.Random) -> str:
    """A 电子商业汇票 number: 30 digits, the first a 1 (bank acceptance)."""
    return f"1{r.randrange(10**28, 10**29)}"


def cut(text: str) -> str:
    """The bank's 摘要 column holds 20 GBK bytes (10 Chinese characters): the rest of the 用途 is lost."""
    raw = text.encode("gbk")[:20]
    return raw.decode("gbk", errors="ignore")


BANK_PAY = ("转账支付", "网银付款", "跨行转账", "汇划支出", "支付")
BANK_REC = ("转账收入", "跨行汇入", "汇入", "来账")
TAXES = (("增值税", 1.0), ("城市维护建设税", 0.07), ("教育费附加", 0.03), ("地方教育附加", 0.02))
