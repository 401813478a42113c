"""The fifth generator's world: the mainland calendar 2025-2027 with its make-up working days, and the pools its
companies, people and foreign suppliers are named from (``gen_fifth.py``)."""

from __future__ import annotations

import datetime as dt
import random

# Mainland rest days (ranges, inclusive) and make-up working days (weekends that are working days), 2025-2027.
_REST = [
    ("2025-01-01", "2025-01-01"),
    ("2025-01-28", "2025-02-04"),
    ("2025-04-04", "2025-04-06"),
    ("2025-05-01", "2025-05-05"),
    ("2025-05-31", "2025-06-02"),
    ("2025-10-01", "2025-10-08"),
    ("2026-01-01", "2026-01-03"),
    ("2026-02-15", "2026-02-23"),
    ("2026-04-04", "2026-04-06"),
    ("2026-05-01", "2026-05-05"),
    ("2026-06-19", "2026-06-21"),
    ("2026-09-25", "2026-09-27"),
    ("2026-10-01", "2026-10-07"),
    ("2027-01-01", "2027-01-01"),
    ("2027-02-06", "2027-02-12"),
]
_MAKEUP = [
    "2025-01-26",
    "2025-02-08",
    "2025-04-27",
    "2025-09-28",
    "2025-10-11",
    "2026-01-04",
    "2026-02-14",
    "2026-02-28",
    "2026-05-09",
    "2026-09-20",
    "2026-10-10",
    "2027-02-20",
]


class MainlandDays:
    """Working days of the mainland calendar: ``ordinal`` for the engine, ``shift`` for the generator."""

    def __init__(self, first: dt.date, last: dt.date) -> None:
        rest: set[dt.date] = set()
        for a, b in _REST:
            d, e = dt.date.fromisoformat(a), dt.date.fromisoformat(b)
            while d <= e:
                rest.add(d)
                d += dt.timedelta(days=1)
        makeup = {dt.date.fromisoformat(s) for s in _MAKEUP}
        self.work: list[dt.date] = []
        self._ord: dict[dt.date, int] = {}
        n = 0
        d = first
        while d <= last:
            if d in makeup or (d.weekday() < 5 and d not in rest):
                n += 1
                self.work.append(d)
            self._ord[d] = n
            d += dt.timedelta(days=1)
        self._idx = {w: i for i, w in enumerate(self.work)}

    def ordinal(self, day: dt.date) -> int:
        return self._ord[day]

    def shift(self, day: dt.date, k: int) -> dt.date:
        """k working days after (k < 0: before) the day; a rest day first moves to the next working day."""
        while day not in self._idx:
            day += dt.timedelta(days=1)
        return self.work[self._idx[day] + k]


# -- names ------------------------------------------------------------------------------------------------------------
_CITY = [
    "苏州",
    "无锡",
    "常州",
    "宁波",
    "温州",
    "东莞",
    "佛山",
    "青岛",
    "烟台",
    "合肥",
    "芜湖",
    "昆山",
    "嘉兴",
    "台州",
    "绍兴",
    "泉州",
    "厦门",
    "成都",
    "重庆",
    "武汉",
    "长沙",
    "郑州",
    "天津",
    "大连",
    "沈阳",
    "西安",
]
_BRANCH_CITY = ["上海", "北京", "广州", "深圳", "杭州", "南京", "济南", "福州", "昆明", "南昌"]
_SYL = list("鑫瑞德恒泰宏达华盛兴隆昌源丰利通远航宇博润嘉祥和信诚安康永铭科创新锐晟翔辉耀金银鼎立中业凯旋联合精工")
_TRADE = [
    "精密机械",
    "五金制品",
    "模具",
    "电子科技",
    "塑胶制品",
    "包装材料",
    "物流",
    "钢材贸易",
    "化工",
    "电气设备",
    "自动化设备",
    "铸造",
    "轴承",
    "紧固件",
    "涂装",
    "橡胶制品",
    "线缆",
    "新材料",
    "机电",
    "环保科技",
    "仪器仪表",
    "液压件",
    "汽车零部件",
    "纸业",
    "建筑工程",
    "物业管理",
    "供应链管理",
]
_FORM = ["有限公司", "有限公司", "有限公司", "股份有限公司", "有限责任公司"]
_RENAME_TRADE = ["智能装备", "科技", "实业", "集团", "智能制造", "新能源"]
_SURNAME = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁")
_GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉斌宇浩凯晨")
_FOREIGN = [
    ("Müller Präzisionstechnik GmbH", "穆勒精密"),
    ("Société Générale de Fonderie SAS", "法国铸造"),
    ("Łódź Metal Sp. z o.o.", "罗兹金属"),
    ("Škoda Díly s.r.o.", "斯柯达零件"),
    ("Nordström Verktyg AB", "诺德斯特龙"),
    ("Hålland Maskin AS", "霍兰机械"),
    ("Gonçalves Indústria Lda", "贡萨尔维斯"),
    ("Böhler Schweißtechnik GmbH", "伯乐焊接"),
    ("Peña & Núñez Componentes S.L.", "佩纳零件"),
    ("Dvořák Strojírny a.s.", "德沃夏克机械"),
    ("Çelik Döküm A.Ş.", "切利克铸造"),
    ("Jönsson Hydraulik AB", "约恩松液压"),
    ("Lefèvre Électronique SARL", "勒菲弗电子"),
    ("Østergård Plast ApS", "奥斯特加德塑胶"),
]
_TRANSLIT = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "å": "aa", "ø": "oe", "æ": "ae"}
_STRIP = str.maketrans(
    "äöüéèêçãõáíóúñłśźżčřšžďťňåøæşğıÄÖÜÉÈÇÁÍÓÚÑŁŚŹŻČŘŠŽĎŤŇÅØÆŞĞİ",
    "aoueeecaoaiounlszzcrszdtnaoasgiAOUEECAIOUNLSZZCRSZDTNAOASGI",
)


def _bank_latin(r: random.Random, name: str) -> str:
    """How a Chinese bank's export writes a foreign name: diacritics dropped or spelt out, upper-cased, cut."""
    x = r.random()
    if x < 0.35:
        s = name.translate(_STRIP)
    elif x < 0.6:
        s = "".join(_TRANSLIT.get(c.lower(), c) for c in name).translate(_STRIP)
    else:
        s = name
    if r.random() < 0.7:
        s = s.upper()
    s = s.replace(".", "") if r.random() < 0.5 else s
    if r.random() < 0.25:
        s = s[: r.randint(20, 28)].rstrip()
    return s


def _paren(s: str, full: bool) -> str:
    return s.replace("(", "（").replace(")", "）") if full else s.replace("（", "(").replace("）", ")")
