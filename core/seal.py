"""The visible seal (电子签章) of the bank's document signature: a configured image, or one drawn here.

A drawn seal is the usual round red seal: a ring, the bank's name along the top of it, a star, and the
purpose underneath; a DEMO identity adds "DEMO 演示" across it so a demo PDF cannot be mistaken for a real one.
Drawn once per process and name (the same for every document).
"""

from __future__ import annotations

import io
import math
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

RED = (200, 16, 46, 255)
SIZE = 480  # drawn at this size, stored at STORED (a PDF seal area is ~3 cm)
STORED = 240


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, radius: float) -> None:
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.382
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    draw.polygon(points, fill=RED)


NAME_CHARS = 20  # of the bank's name along the ring


@lru_cache(maxsize=8)
def drawn_seal_png(
    bank_name: str,
    purpose: str,
    demo: bool,
    font_path: str,
    font_index: int,
    fallback_path: str = "",
    fallback_chars: str = "",
) -> bytes:
    """The seal; the characters of the name in ``fallback_chars`` (those the main font lacks, see
    ``core.documents``) are drawn with the font at ``fallback_path``."""
    image = Image.new("RGBA", (SIZE, SIZE), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    centre = SIZE / 2
    draw.ellipse((12, 12, SIZE - 12, SIZE - 12), outline=RED, width=16)
    _star(draw, centre, centre, 70)
    name = bank_name[:NAME_CHARS]
    main = ImageFont.truetype(font_path, 46, index=font_index)
    fallback = ImageFont.truetype(fallback_path, 46) if fallback_chars else main
    # The name runs clockwise along the top arc, one character at a time, each turned to face the centre.
    span = min(240.0, 14.0 * len(name) + 40)
    for i, char in enumerate(name):
        angle = -90 - span / 2 + span * (i + 0.5) / len(name)
        rad = math.radians(angle)
        glyph = Image.new("RGBA", (64, 64), (255, 255, 255, 0))
        font = fallback if char in fallback_chars else main
        ImageDraw.Draw(glyph).text((32, 32), char, font=font, fill=RED, anchor="mm")
        glyph = glyph.rotate(-(angle + 90), resample=Image.BICUBIC)
        x = centre + (centre - 78) * math.cos(rad) - 32
        y = centre + (centre - 78) * math.sin(rad) - 32
        image.alpha_composite(glyph, (int(x), int(y)))
    small = ImageFont.truetype(font_path, 40, index=font_index)
    draw.text((centre, centre + 118), purpose, font=small, fill=RED, anchor="mm")
    if demo:
        mark = ImageFont.truetype(font_path, 64, index=font_index)
        draw.text(
            (centre, centre + 20),
            "DEMO 演示",
            font=mark,
            fill=(40, 40, 40, 230),
            anchor="mm",
            stroke_width=3,
            stroke_fill=(255, 255, 255, 255),
        )
    out = io.BytesIO()
    image.resize((STORED, STORED), Image.LANCZOS).save(out, format="PNG", optimize=True)
    return out.getvalue()
