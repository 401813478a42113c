"""Server-side SVG charts: no JavaScript library, no CDN (nothing outside the machine is reachable)."""

from __future__ import annotations

from html import escape


def bar_chart(
    rows: list[tuple[str, float, str]],
    *,
    width: int = 560,
    bar_height: int = 22,
    unit: str = "%",
    scale: float = 100.0,
    title: str = "",
    decimals: int = 1,
) -> str:
    """Horizontal bars: (label, value, css class). Values are fractions of `scale`; counts use ``decimals=0``."""
    gap = 6
    # The labels' column is as wide as the longest label (up to half the chart), so a long one ("2026-11 agreed after
    # adjustment") never runs under its bar and value.
    label_w = max(150, min(width // 2, max((_label_width(label) for label, _v, _c in rows), default=0) + 10))
    height = len(rows) * (bar_height + gap) + 24
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(title)}" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}"><title>{escape(title)}</title>'
    ]
    usable = width - label_w - 70
    for index, (label, value, css) in enumerate(rows):
        y = index * (bar_height + gap) + 4
        length = max(0.0, min(1.0, value / scale if scale else 0.0)) * usable
        parts.append(f'<text x="0" y="{y + bar_height * 0.7:.1f}" font-size="12">{escape(label)}</text>')
        parts.append(
            f'<rect class="{escape(css)}" x="{label_w}" y="{y}" width="{length:.1f}" height="{bar_height}" '
            f'rx="2"></rect>'
        )
        parts.append(
            f'<text x="{label_w + length + 6:.1f}" y="{y + bar_height * 0.7:.1f}" font-size="12">'
            f"{value:.{decimals}f}{escape(unit)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _label_width(text: str, font_size: int = 12) -> int:
    """A label's width in px, from above: a wide (CJK) character takes a full em, anything else at most 0.62 em."""
    return round(sum(font_size if ord(char) > 0x2E7F else font_size * 0.62 for char in text))
