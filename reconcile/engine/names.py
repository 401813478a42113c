"""Counterparty-name similarity for Chinese company names.

Journals shorten names ("上海恒瑞贸易有限公司" -> "恒瑞贸易"), so raw string
ratios undersell real matches. We compare *cores*: the name without region
prefixes (上海 / 广东省深圳市 / 浦东新区) and legal-form suffixes (有限公司,
集团, (中国) ...), then score containment and character-bigram Dice.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .latin import is_latin, latin_core, latin_grams, latin_similarity

# Provinces, municipalities and the larger cities; each may also appear with
# 省/市/自治区 attached ("广东省深圳市").  Longest first so that "黑龙江"
# wins over a shorter accidental prefix.
_REGIONS = sorted(
    {
        "北京",
        "上海",
        "天津",
        "重庆",
        "河北",
        "山西",
        "辽宁",
        "吉林",
        "黑龙江",
        "江苏",
        "浙江",
        "安徽",
        "福建",
        "江西",
        "山东",
        "河南",
        "湖北",
        "湖南",
        "广东",
        "海南",
        "四川",
        "贵州",
        "云南",
        "陕西",
        "甘肃",
        "青海",
        "台湾",
        "内蒙古",
        "广西",
        "西藏",
        "宁夏",
        "新疆",
        "香港",
        "澳门",
        "深圳",
        "广州",
        "杭州",
        "南京",
        "苏州",
        "武汉",
        "成都",
        "西安",
        "郑州",
        "长沙",
        "青岛",
        "厦门",
        "宁波",
        "无锡",
        "合肥",
        "济南",
        "福州",
        "大连",
        "沈阳",
        "昆明",
        "东莞",
        "佛山",
        "珠海",
        "石家庄",
        "哈尔滨",
        "长春",
        "南昌",
        "太原",
        "南宁",
        "贵阳",
        "兰州",
        "乌鲁木齐",
        "呼和浩特",
        "温州",
        "常州",
        "南通",
        "嘉兴",
        "绍兴",
        "金华",
        "台州",
        "烟台",
        "潍坊",
        "徐州",
        "扬州",
        "泉州",
        "惠州",
        "中山",
        "浦东",
        "海淀",
        "朝阳",
        "南山",
        "福田",
        # More prefecture- and county-level cities that lead company names (湖州精天模具, 义乌市福永丰).
        "湖州",
        "江门",
        "义乌",
        "昆山",
        "丽水",
        "衢州",
        "舟山",
        "肇庆",
        "汕头",
        "湛江",
        "茂名",
        "揭阳",
        "清远",
        "韶关",
        "梅州",
        "潮州",
        "汕尾",
        "河源",
        "阳江",
        "云浮",
        "镇江",
        "泰州",
        "盐城",
        "淮安",
        "宿迁",
        "连云港",
        "江阴",
        "张家港",
        "常熟",
        "太仓",
        "宜兴",
        "慈溪",
        "余姚",
        "乐清",
        "瑞安",
        "晋江",
        "石狮",
        "漳州",
        "莆田",
        "龙岩",
        "三明",
        "南平",
        "宁德",
        "芜湖",
        "蚌埠",
        "马鞍山",
        "安庆",
        "洛阳",
        "开封",
        "新乡",
        "南阳",
        "许昌",
        "襄阳",
        "宜昌",
        "岳阳",
        "株洲",
        "湘潭",
        "衡阳",
        "柳州",
        "桂林",
        "绵阳",
        "德阳",
        "宜宾",
        "遵义",
        "曲靖",
        "宝鸡",
        "咸阳",
        "天水",
        "银川",
        "西宁",
        "拉萨",
        "海口",
        "三亚",
        "唐山",
        "保定",
        "廊坊",
        "邯郸",
        "沧州",
        "秦皇岛",
        "大同",
        "包头",
        "鞍山",
        "抚顺",
        "锦州",
        "营口",
        "大庆",
        "齐齐哈尔",
        "牡丹江",
        "威海",
        "日照",
        "临沂",
        "济宁",
        "淄博",
        "东营",
        "滨州",
        "德州",
        "聊城",
        "菏泽",
        "枣庄",
    },
    key=len,
    reverse=True,
)
REGIONS = frozenset(_REGIONS)
_REGION_RE = re.compile("^(?:" + "|".join(_REGIONS) + ")(?:省|市|自治区|特别行政区|新区|区|县)?")
# Line-of-business words: a core that is only one of these ("电子") is not
# distinctive, so region stripping stops before it would leave just that.
INDUSTRY_WORDS = frozenset(
    {
        "贸易",
        "科技",
        "实业",
        "电子",
        "物流",
        "建设",
        "医药",
        "食品",
        "机械",
        "化工",
        "网络",
        "信息技术",
        "信息",
        "技术",
        "商贸",
        "供应链管理",
        "供应链",
        "包装",
        "建材",
        "文化传媒",
        "餐饮管理",
        "餐饮",
        "投资",
        "咨询",
        "工程",
        "服务",
        "制造",
        "能源",
        "发展",
        "银行",
        # More lines of business that follow the trade name (辉兆生物科技, 盛泰精密机械制造, 瑞升汽车配件).
        "生物科技",
        "生物",
        "环保科技",
        "环保",
        "新材料",
        "材料",
        "智能装备",
        "装备",
        "设备",
        "光电",
        "电器",
        "照明电器",
        "照明",
        "电气",
        "精密机械制造",
        "精密机械",
        "机械制造",
        "精密",
        "五金制品",
        "五金",
        "制品",
        "塑胶",
        "塑料",
        "橡胶",
        "纺织",
        "服饰",
        "服装",
        "鞋业",
        "家具",
        "家居",
        "陶瓷",
        "玻璃",
        "汽车配件",
        "配件",
        "模具",
        "印刷包装",
        "印刷",
        "农业开发",
        "农业",
        "冷链物流",
        "冷链",
        "建筑工程",
        "建筑",
        "装饰",
        "设计",
        "广告",
        "传媒",
        "教育",
        "酒店",
        "管理",
        "租赁",
        "劳务",
        "运输",
        "货运",
        "仓储",
        "进出口",
        "控股",
        "软件",
        "电子商务",
        "新能源",
        "环境",
        "钢铁",
        "金属",
        "矿业",
        "木业",
        "纸业",
        "仪器",
        "仪表",
        "自动化",
        "电力",
        "通信",
        "数码",
        "人力资源",
        "开发",
        "工贸",
        "经贸",
    }
)
# Payment platforms and card acquirers appear on the bank statement in place of the customer who paid through them,
# so their name says nothing about the journal's counterparty.
PLATFORM = re.compile(
    "支付宝|财付通|银联|微信|拉卡拉|快钱|易宝|汇付|通联支付|网银在线|京东|美团|抖音|云闪付|"
    "ALIPAY|TENPAY|WECHAT|PAYPAL|UNIONPAY",
    re.IGNORECASE,
)
NEUTRAL = 0.5  # between a contradiction (< WEAK_NAME in score.py) and support (>= STRONG_NAME)
# Words that stand for a place or a whole sector more often than for one company: never read as a company name
# inside a summary (上海 of 上海银行, 中国 of 中国移动, 交通 of 交通银行, 电气 of 上海电气).
GENERIC_NAMES = frozenset(
    {
        "中国",
        "国家",
        "人民",
        "国际",
        "中心",
        "交通",
        "平安",
        "电气",
        "电力",
        "电网",
        "移动",
        "电信",
        "联通",
        "石油",
        "石化",
        "铁路",
        "邮政",
        "保险",
        "证券",
        "财产",
        "人寿",
        "工商",
        "农业",
        "建设",
        "招商",
        "民生",
        "光大",
        "兴业",
        "华夏",
        "浦发",
        "广发",
        "中信",
        "邮储",
        "税务",
        "社保",
        "公积金",
    }
)
INDUSTRY_END = re.compile("(?:" + "|".join(sorted(INDUSTRY_WORDS, key=len, reverse=True)) + ")$")
_SUFFIXES = (
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "股份公司",
    "集团公司",
    "分公司",
    "总公司",
    "公司",
    "集团",
    "合伙企业",
    "有限合伙",
    "事务所",
    "研究院",
    "中心",
    "分行",
    "支行",
    # Forms of sole traders and small firms (个体工商户): 经营部, 商行, 厂, 店, 门市部, 工作室; and 研究所, 合作社.
    "经营部",
    "门市部",
    "商行",
    "工作室",
    "研究所",
    "合作社",
    "个体工商户",
    "厂",
    "店",
)
_SUFFIX_RE = re.compile("(?:" + "|".join(_SUFFIXES) + ")+$")
# Brackets carry "(中国)", "（上海）", "(普通合伙)": noise for matching.
_BRACKETS_RE = re.compile(r"[（(][^（()）]*[)）]")
_PUNCT = str.maketrans("", "", " \t\u3000·.,，、-_&＆'\"“”")


@lru_cache(maxsize=200_000)
def core_name(name: str) -> str:
    """Distinctive part of a company name ("" for an empty name).

    If stripping would leave fewer than 2 characters (e.g. "上海银行"), the
    less-stripped form is kept: a one-character core is not evidence.
    """
    if not name:
        return ""
    if is_latin(name):
        return latin_core(name)  # pure ASCII, words kept apart: ``core_similarity`` tells the two kinds apart
    s = _BRACKETS_RE.sub("", name).translate(_PUNCT).upper()
    core = _SUFFIX_RE.sub("", s) or s
    # Strip region prefixes one at a time ("广东省深圳市"), but stop before a
    # strip would leave nothing distinctive: "苏州金华电子" keeps "金华电子"
    # (金华 is a city, here part of the firm's name).
    while True:
        m = _REGION_RE.match(core)
        if not m:
            break
        rest = core[m.end() :]
        if len(rest) < 2 or rest in INDUSTRY_WORDS or _only_industry(rest):
            break
        core = rest
    return core if len(core) >= 2 else s


def _only_industry(core: str) -> bool:
    """True when ``core`` is at most one character plus a line-of-business word.

    (A suffix ``w`` with ``len(core) - len(w) < 2`` is ``core`` or ``core[1:]``,
    so two set look-ups answer it.)
    """
    return core in INDUSTRY_WORDS or core[1:] in INDUSTRY_WORDS


def _bigrams(s: str) -> set[str]:
    return {s[i : i + 2] for i in range(len(s) - 1)} if len(s) > 1 else {s}


@lru_cache(maxsize=200_000)
def core_bigrams(core: str) -> frozenset[str]:
    """Blocking keys of a name core, cached (bulk scoring reuses them across pairs): character bigrams of a Chinese
    core; word heads of a Latin one, whose bigrams ("ER", "AN") nearly every name shares."""
    return latin_grams(core) if core.isascii() else frozenset(_bigrams(core))


@lru_cache(maxsize=500_000)
def name_similarity(a: str, b: str) -> float:
    """0..1 similarity of two counterparty names (1.0 = same core).

    Containment of one core in the other (恒瑞 in 恒瑞贸易) scores high but
    below equality, scaled by how much of the longer core is covered; other
    pairs get the Dice coefficient of character bigrams.
    """
    return core_similarity(core_name(a), core_name(b))


@lru_cache(maxsize=500_000)
def core_similarity(ca: str, cb: str) -> float:
    """``name_similarity`` given the two name cores."""
    if not ca or not cb:
        return 0.0
    if ca == cb:
        return 1.0
    platform_a, end_a = _core_facts(ca)
    platform_b, end_b = _core_facts(cb)
    if platform_a != platform_b:
        return NEUTRAL  # a payment platform pays on behalf of the customer the other side names: no evidence
    latin_a, latin_b = ca.isascii(), cb.isascii()
    if latin_a or latin_b:
        # A Latin name against a Chinese one (SHANGHAI HENGRUI TRADING against 恒瑞贸易) cannot be compared by
        # letters: no evidence either way.
        return latin_similarity(ca, cb) if latin_a and latin_b else NEUTRAL
    short, long_ = (ca, cb) if len(ca) <= len(cb) else (cb, ca)
    if len(short) >= 2 and short in long_ and short not in INDUSTRY_WORDS:
        return round(0.75 + 0.2 * len(short) / len(long_), 2)
    # A line-of-business word both names end with says nothing about whether they are one company (胜旋信息技术
    # and 源华信息技术 share three of five bigrams): compare what comes before it.
    cut = max((len(word) for word in (end_a, end_b) if word and ca.endswith(word) and cb.endswith(word)), default=0)
    if cut and len(ca) - cut >= 2 and len(cb) - cut >= 2:
        ca, cb = ca[:-cut], cb[:-cut]
    ba, bb = core_bigrams(ca), core_bigrams(cb)
    return round(2 * len(ba & bb) / (len(ba) + len(bb)), 2)


@lru_cache(maxsize=500_000)
def _core_facts(core: str) -> tuple[bool, str]:
    """Whether a core names a payment platform, and the line-of-business word it ends with ("" if none): once per
    core rather than once per pair of cores compared (a million-line run compares ~260k pairs of ~100k cores)."""
    end = INDUSTRY_END.search(core)
    return bool(PLATFORM.search(core)), end.group() if end else ""
