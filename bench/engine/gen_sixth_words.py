"""Word lists for ``gen_sixth.py``: Hong Kong / Macau / Taiwan parties in traditional and simplified Chinese and romanised.

Each Chinese entry is (traditional, simplified, Cantonese romanisation, Mandarin Wade-Giles romanisation): Hong Kong and
Macau banks romanise in Cantonese (永發 -> WING FAT), Taiwanese banks and firms in Wade-Giles (永發 -> YUNG FA).
"""

from __future__ import annotations

SURNAMES = [
    ("陳", "陈", "CHAN", "CHEN"),
    ("黃", "黄", "WONG", "HUANG"),
    ("李", "李", "LEE", "LI"),
    ("張", "张", "CHEUNG", "CHANG"),
    ("劉", "刘", "LAU", "LIU"),
    ("林", "林", "LAM", "LIN"),
    ("王", "王", "WONG", "WANG"),
    ("吳", "吴", "NG", "WU"),
    ("鄭", "郑", "CHENG", "CHENG"),
    ("梁", "梁", "LEUNG", "LIANG"),
    ("何", "何", "HO", "HO"),
    ("周", "周", "CHOW", "CHOU"),
    ("謝", "谢", "TSE", "HSIEH"),
    ("馮", "冯", "FUNG", "FENG"),
    ("楊", "杨", "YEUNG", "YANG"),
    ("麥", "麦", "MAK", "MAI"),
    ("羅", "罗", "LAW", "LO"),
    ("鍾", "钟", "CHUNG", "CHUNG"),
    ("葉", "叶", "YIP", "YEH"),
    ("蔡", "蔡", "CHOI", "TSAI"),
]

# given names: the two romanised syllables are written apart ("TAI MAN") and initialled by accountants ("T.M.")
GIVEN = [
    ("大文", "大文", "TAI MAN", "TA WEN"),
    ("志明", "志明", "CHI MING", "CHIH MING"),
    ("嘉欣", "嘉欣", "KA YAN", "CHIA HSIN"),
    ("偉強", "伟强", "WAI KEUNG", "WEI CHIANG"),
    ("美玲", "美玲", "MEI LING", "MEI LING"),
    ("家豪", "家豪", "KA HO", "CHIA HAO"),
    ("詠詩", "咏诗", "WING SZE", "YUNG SHIH"),
    ("俊傑", "俊杰", "CHUN KIT", "CHUN CHIEH"),
    ("國華", "国华", "KWOK WAH", "KUO HUA"),
    ("麗華", "丽华", "LAI WAH", "LI HUA"),
    ("子健", "子健", "TSZ KIN", "TZU CHIEN"),
    ("淑儀", "淑仪", "SHUK YEE", "SHU YI"),
    ("振邦", "振邦", "CHUN PONG", "CHEN PANG"),
    ("錦輝", "锦辉", "KAM FAI", "CHIN HUI"),
    ("秀英", "秀英", "SAU YING", "HSIU YING"),
    ("浩然", "浩然", "HO YIN", "HAO JAN"),
    ("少芬", "少芬", "SIU FAN", "SHAO FEN"),
    ("漢成", "汉成", "HON SHING", "HAN CHENG"),
]

BRANDS = [
    ("恒豐", "恒丰", "HANG FUNG", "HENG FENG"),
    ("永發", "永发", "WING FAT", "YUNG FA"),
    ("偉業", "伟业", "WAI YIP", "WEI YEH"),
    ("興隆", "兴隆", "HING LUNG", "HSING LUNG"),
    ("利達", "利达", "LEE TAT", "LI TA"),
    ("金龍", "金龙", "KAM LUNG", "CHIN LUNG"),
    ("寶華", "宝华", "PO WAH", "PAO HUA"),
    ("東昇", "东升", "TUNG SHING", "TUNG SHENG"),
    ("新世紀", "新世纪", "SUN SAI KAI", "HSIN SHIH CHI"),
    ("嘉利", "嘉利", "KA LEE", "CHIA LI"),
    ("萬通", "万通", "MAN TUNG", "WAN TUNG"),
    ("聯興", "联兴", "LUEN HING", "LIEN HSING"),
    ("信和", "信和", "SUN HO", "HSIN HO"),
    ("德昌", "德昌", "TAK CHEONG", "TE CHANG"),
    ("富華", "富华", "FU WAH", "FU HUA"),
    ("長江", "长江", "CHEUNG KONG", "CHANG CHIANG"),
    ("環球", "环球", "WORLDWIDE", "HUAN CHIU"),
    ("匯通", "汇通", "WUI TUNG", "HUI TUNG"),
    ("大昌", "大昌", "TAI CHEONG", "TA CHANG"),
    ("華興", "华兴", "WAH HING", "HUA HSING"),
    ("鴻運", "鸿运", "HUNG WAN", "HUNG YUN"),
    ("瑞安", "瑞安", "SHUI ON", "JUI AN"),
    ("榮記", "荣记", "WING KEE", "JUNG CHI"),
    ("合和", "合和", "HOP WO", "HO HO"),
]

# (traditional, simplified, English as the bank registers it, English as an accountant types it)
INDUSTRIES = [
    ("貿易", "贸易", "TRADING", "Trading"),
    ("實業", "实业", "INDUSTRIAL", "Industrial"),
    ("電子", "电子", "ELECTRONICS", "Electronics"),
    ("物流", "物流", "LOGISTICS", "Logistics"),
    ("建築", "建筑", "CONSTRUCTION", "Construction"),
    ("食品", "食品", "FOOD", "Food"),
    ("國際貿易", "国际贸易", "INTERNATIONAL TRADING", "Int'l Trading"),
    ("製衣", "制衣", "GARMENT MANUFACTURING", "Garment Mfg"),
    ("五金", "五金", "HARDWARE", "Hardware"),
    ("印刷", "印刷", "PRINTING", "Printing"),
    ("工程", "工程", "ENGINEERING", "Engineering"),
    ("置業", "置业", "PROPERTIES", "Properties"),
]

# place -> (traditional prefix, simplified prefix, legal form traditional, English legal forms at the bank, typed)
PLACES = {
    "HK": ("香港", "香港", "有限公司", ["COMPANY LIMITED", "CO LTD", "LIMITED", "CO., LIMITED"], "Ltd"),
    "MO": ("澳門", "澳门", "有限公司", ["LIMITADA", "COMPANHIA LIMITADA"], "Ltda"),
    "TW": ("台灣", "台湾", "股份有限公司", ["CO., LTD.", "CORPORATION", "CO LTD"], "Co., Ltd."),
}

BANKS = ("HSBC", "BOCHK", "HASE")
