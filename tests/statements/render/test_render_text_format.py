from __future__ import annotations

from decimal import Decimal

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from core.fonts import register_cjk_fonts
from core.formatting import format_amount
from reconcile.render.text import wrap_text


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("1234567.89"), "1,234,567.89"),
        (Decimal("1250000"), "1,250,000.00"),
        (Decimal("0.005"), "0.01"),  # half-up like the ledger
        (Decimal("-0.004"), "0.00"),  # never "-0.00"
        (Decimal("-1650.5"), "-1,650.50"),
        (0, "0.00"),
    ],
)
def test_format_amount(amount: Decimal, text: str) -> None:
    assert format_amount(amount) == text


def test_format_amount_rejects_float() -> None:
    with pytest.raises(TypeError):
        format_amount(1.5)  # type: ignore[arg-type]


def test_wrap_respects_width_and_keeps_words() -> None:
    font = register_cjk_fonts().label
    text = "请贵单位核对本对账单所列余额，账号3100123456789012345请勿拆分。" * 3 + "\n\n第二段。"
    lines = wrap_text(text, font, 10, 200)
    assert "".join(lines) == text.replace("\n", "")
    assert all(stringWidth(line, font, 10) <= 200 + 10 for line in lines)  # +1 glyph for 禁则
    assert any("3100123456789012345" in line for line in lines)  # ASCII run kept whole
    assert not any(line.startswith(("，", "。")) for line in lines)
    assert lines[-2:] == ("", "第二段。")
