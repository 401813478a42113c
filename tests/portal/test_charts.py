"""The server-side SVG bar chart: labels and bars never overlap."""

from __future__ import annotations

import re

from portal.charts import bar_chart


def _bar_x(svg: str) -> float:
    return float(re.search(r'<rect [^>]* x="([\d.]+)"', svg).group(1))


def test_a_long_english_label_ends_before_its_bar_starts():
    label = "2026-11 agreed after adjustment"
    svg = bar_chart([(label, 50.0, "ok"), ("2026-11 returned", 10.0, "ok")], title="Return rate")
    # 12 px Latin text in a sans-serif font takes about 0.6 em a character.
    assert _bar_x(svg) >= len(label) * 12 * 0.6


def test_a_long_chinese_label_ends_before_its_bar_starts():
    label = "2026-Q3 调节后相符 上海浦东分行营业部"
    svg = bar_chart([(label, 50.0, "ok")], title="回签率")
    assert _bar_x(svg) >= 8 * 0.6 * 12 + 14 * 12


def test_short_labels_keep_the_usual_column():
    assert _bar_x(bar_chart([("0-2", 1.0, "ok")], unit="", decimals=0)) == 150
