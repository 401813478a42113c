"""Trades of parts, materials and their processes, as manufacturers register them (宁波XX汽车零部件, 嘉兴XX紧固件):
line-of-business words (``name_words.INDUSTRY_WORDS``). Two firms of one such trade share its bigrams and nothing
else (锐丰博汽车零部件 / 航铭旋汽车零部件), so names are compared on what precedes it."""

from __future__ import annotations

PARTS_TRADES = frozenset(
    {
        "汽车零部件",
        "零部件",
        "紧固件",
        "标准件",
        "液压件",
        "液压",
        "气动",
        "铸造",
        "锻造",
        "铸件",
        "冲压",
        "注塑",
        "模塑",
        "焊接",
        "热处理",
        "表面处理",
        "涂装",
        "涂料",
        "线缆",
        "电线电缆",
        "电机",
        "泵业",
        "仪器仪表",
        "电气设备",
        "自动化设备",
        "机械设备",
        "工业设备",
        "塑胶制品",
        "橡胶制品",
        "包装材料",
        "建筑材料",
        "钢材贸易",
        "钢材",
        "不锈钢",
        "有色金属",
        "再生资源",
        "装饰工程",
    }
)
