"""Line wrapping for mixed Chinese/Latin text on a reportlab canvas."""

from __future__ import annotations

import re
from functools import lru_cache

from core.fonts import text_width as stringWidth  # the fallback font's widths for what the core file lacks

# Simple 禁则 (kinsoku): these may not start a line, so they are pulled back
# onto the previous line even if it overflows by one glyph, as in print.
_NO_LINE_START = set("，。、；：？！）》」』】〕…,.;:?!)]}%")
_NO_LINE_END = set("（《「『【〔([{")
# Control characters have no glyph: a tab is a space, CR and CR LF end a line like LF, the rest are dropped.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _is_wordchar(ch: str) -> bool:
    # URLs, account numbers and amounts stay whole: "https://x/verify/AB-12".
    return ch.isascii() and (ch.isalnum() or ch in "-_./@#&+:?=%~")


@lru_cache(maxsize=1024)
def wrap_text(text: str, font: str, size: float, max_width: float) -> tuple[str, ...]:
    """Wrap ``text`` to lines no wider than ``max_width`` points.

    CJK may break between any two characters; runs of ASCII letters/digits
    (account numbers, URLs, amounts) are kept whole when they fit on a line.
    Explicit newlines start new lines; empty lines are preserved.  Cached:
    fixed instructions are wrapped once per process, not once per page
    (widths are additive for our TTF, so a per-token sum would also do, but
    the cache makes the repeated case free).
    """
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_wrap_paragraph(paragraph, font, size, max_width))
    return tuple(lines)


def _tokens(paragraph: str) -> list[str]:
    out: list[str] = []
    word = ""
    for ch in paragraph:
        if _is_wordchar(ch):
            word += ch
            continue
        if word:
            out.append(word)
            word = ""
        out.append(ch)
    if word:
        out.append(word)
    return out


def _wrap_paragraph(paragraph: str, font: str, size: float, max_width: float) -> list[str]:
    if not paragraph:
        return [""]
    lines: list[str] = []
    line = ""
    for token in _tokens(paragraph):
        candidate = line + token
        if stringWidth(candidate, font, size) <= max_width or not line:
            line = candidate
            if stringWidth(line, font, size) > max_width and len(token) > 1:
                # A single ASCII run longer than the line: hard-break it.
                line = _hard_break(line, font, size, max_width, lines)
            continue
        if token in _NO_LINE_START:
            lines.append(line + token)
            line = ""
            continue
        if line[-1] in _NO_LINE_END:
            carry, line = line[-1], line[:-1]
            lines.append(line)
            line = carry + token
            continue
        lines.append(line.rstrip(" "))
        line = token.lstrip(" ")
        if stringWidth(line, font, size) > max_width and len(line) > 1:
            # A run longer than a whole line (a URL, 300 letters without a space) starting a new line.
            line = _hard_break(line, font, size, max_width, lines)
    if line or not lines:
        lines.append(line)
    return lines


def _hard_break(line: str, font: str, size: float, max_width: float, out: list[str]) -> str:
    current = ""
    for ch in line:
        if current and stringWidth(current + ch, font, size) > max_width:
            out.append(current)
            current = ""
        current += ch
    return current
