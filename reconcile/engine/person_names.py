"""A person's name (张伟, 李秀英) among company names.

A bank line from a person for a company's receivable (the owner or an employee paying a small company's invoice
personally, 个人代付) names the person; the books name the company. The two names share nothing, and for two
companies that means two parties; for a person and a company it means nothing either way (``names.core_similarity``
reads it as no evidence, as it reads a payment platform). Only the commonest surnames and given-name characters
count, so that a company's short form (康联, 高科, 万达) is not taken for a person: a false "person" would only turn a
contradiction into no evidence, never into a match by name.
"""

from __future__ import annotations

from functools import lru_cache

# The commonest single-character surnames (about nine in ten people in mainland China).
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟"
    "谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢"
    "安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游"
)
# Characters common in given names. Words of trade (科, 技, 贸, 业, 联, 通, 达 as in 通达) are left out on purpose.
GIVEN = frozenset(
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂华玉萍红娥玲芬燕彬鹏辉斌宇浩凯晨建国文志海林峰波鑫俊帅婷雪琳颖欣"
    "佳怡子涵梓轩博然睿思雨晓东春兰梅凤云飞亮龙新荣健丹莉倩慧洁蓉琴琼艺瑶悦淑珍贞莹菲薇琪璐媛嘉毅坤翔昊凡锋楠欢阳旭岩"
    "松柏栋梁立永德福贵祥胜利宏彪威豪诚哲晶露月星光清秋冬霖泽溪瑞祺宸逸辰铭泓俊翰彤妍婉娇蕾萱馨瑾琦岚茜倩蕊佩璇"
)


@lru_cache(maxsize=100_000)
def is_person(core: str) -> bool:
    """Whether a name core reads as a person's name: two or three Chinese characters, a common surname first and
    common given-name characters after it."""
    return 2 <= len(core) <= 3 and core[0] in SURNAMES and all(c in GIVEN for c in core[1:])
