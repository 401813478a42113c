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
    label_w, gap = 150, 6
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
