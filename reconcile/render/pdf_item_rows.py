"""The outstanding-item lists of the 余额调节表 PDF, drawn straight on the canvas.

A first reconciliation can leave tens of thousands of open items (33k in the
100k-line benchmark: ~800 pages).  reportlab ``Table`` flowables measure every
cell through a ``Paragraph`` and re-lay out what is left at each page break;
even cut into small blocks that cost ~9 s.  Here every row is measured once,
up front, with plain string widths (greedy wrapping, any character may break,
like ``wordWrap="CJK"``), so its height is known; splitting at a page break is
a binary search over the running heights, and drawing a page is one text
object plus one path for the grid.  Each page starts with the column header.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from reportlab.lib import colors
from reportlab.platypus.flowables import Flowable

from core.fonts import text_out, text_width

HEADER = ("类别", "日期", "凭证/参考号", "摘要/对方户名", "金额")  # the callers pass the reader's language's
FONT_SIZE = 9.0
SUBTOTAL_SIZE = 10.0
LEADING = 12.0
ASCENT = 0.8  # of the font size, roughly the height of a CJK ideograph above the baseline
PAD_X = 6.0  # as reportlab Table's default cell padding
PAD_Y = 3.0
MAX_LINES = 40  # a cell taller than this goes on in continuation rows, so that a row always fits on a page
HEADING_BG = colors.HexColor("#F2F2F2")
GRID = colors.grey
GRID_WIDTH = 0.4

# A cell is one paragraph: line breaks and tabs are spaces, other control characters (no glyph) are dropped.
_ONE_LINE = {**{c: None for c in range(32)}, 9: " ", 10: " ", 13: " ", 127: None}

# Row kinds.
HEADING, ITEM, SUBTOTAL = "heading", "item", "subtotal"


@dataclass(frozen=True)
class Row:
    kind: str
    cells: tuple[tuple[str, ...], ...]  # wrapped lines per column (a heading uses column 0 only)
    height: float


class Measure:
    """Line wrapping with memoised character widths (the same few thousand characters recur)."""

    def __init__(self, font: str, size: float, *, by_words: bool = False) -> None:
        self.font, self.size = font, size
        self._widths: dict[str, float] = {}
        # English breaks lines between words ("Received in the boo/ks" otherwise); Chinese, as before, anywhere.
        self.by_words = by_words

    def width(self, text: str) -> float:
        return text_width(text, self.font, self.size)

    def wrap(self, text: str, width: float) -> tuple[str, ...]:
        text = text.translate(_ONE_LINE)
        if self.width(text) <= width:  # also refuses a character no font has, naming it
            return (text,)
        lines: list[str] = []
        start, used = 0, 0.0
        widths = self._widths
        for pos, ch in enumerate(text):
            w = widths.get(ch)
            if w is None:
                w = widths[ch] = text_width(ch, self.font, self.size)
            if pos > start and used + w > width:
                cut = text.rfind(" ", start, pos) if self.by_words else -1
                if cut > start:  # back to the last space; a word longer than the line still breaks inside
                    lines.append(text[start:cut])
                    start = cut + 1
                    used = sum(widths[c] for c in text[start:pos])
                else:
                    lines.append(text[start:pos])
                    start, used = pos, 0.0
            used += w
        lines.append(text[start:])
        return tuple(lines)


def row_height(cells: Sequence[Sequence[str]]) -> float:
    return max(1, *(len(lines) for lines in cells)) * LEADING + 2 * PAD_Y


def item_rows(cells: tuple[tuple[str, ...], ...]) -> list[Row]:
    """One item's row, or, when a cell (a summary of thousands of characters) is taller than MAX_LINES, that row and
    continuation rows carrying the rest of its lines: nothing is cut, and every row still fits on a page."""
    tallest = max(len(lines) for lines in cells)
    parts = [
        tuple(lines[start : start + MAX_LINES] for lines in cells) for start in range(0, max(tallest, 1), MAX_LINES)
    ]
    return [Row(ITEM, part, row_height(part)) for part in parts]


class ItemRows(Flowable):
    """Rows ``start:end`` of a shared, pre-measured list, with the column header on top."""

    def __init__(
        self,
        rows: list[Row],
        widths: Sequence[float],
        font: str,
        head_bg: colors.Color,
        start: int = 0,
        end: int | None = None,
        tops: list[float] | None = None,
        header: Sequence[str] = HEADER,
    ) -> None:
        super().__init__()
        self.rows, self.widths, self.font, self.head_bg = rows, list(widths), font, head_bg
        self.header = tuple(header)
        self.start, self.end = start, len(rows) if end is None else end
        # tops[i] = height of rows[:i]; shared by all the pieces of one list.
        self.tops = tops if tops is not None else [0.0, *accumulate(r.height for r in rows)]
        self.header_height = LEADING + 2 * PAD_Y
        self.width = sum(self.widths)
        self.height = self.header_height + self.tops[self.end] - self.tops[self.start]

    def _piece(self, start: int, end: int) -> ItemRows:
        return ItemRows(self.rows, self.widths, self.font, self.head_bg, start, end, self.tops, self.header)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab API
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 - reportlab API
        room = availHeight - self.header_height
        # Last row that still fits: tops[k] - tops[start] <= room.
        k = bisect_right(self.tops, self.tops[self.start] + room + 1e-6) - 1
        k = min(k, self.end)
        if k < self.end and k - 1 > self.start and self.rows[k - 1].kind == HEADING:
            k -= 1  # a block's heading goes over to the page with its first item
        if k <= self.start:
            return []  # not even one row here: platypus moves on to the next page
        return [self._piece(self.start, k), self._piece(k, self.end)]

    def draw(self) -> None:
        canvas = self.canv
        xs = [0.0, *accumulate(self.widths)]
        width = xs[-1]
        top = self.height
        text = canvas.beginText()
        text.setFont(self.font, FONT_SIZE, LEADING)
        segments: list[tuple[float, float, float, float]] = []
        # Header: background, centred titles.
        canvas.setFillColor(self.head_bg)
        canvas.rect(0, top - self.header_height, width, self.header_height, stroke=0, fill=1)
        baseline = top - PAD_Y - (LEADING - FONT_SIZE) / 2 - ASCENT * FONT_SIZE
        for col, title in enumerate(self.header):
            w = text_width(title, self.font, FONT_SIZE)
            text.setTextOrigin((xs[col] + xs[col + 1] - w) / 2, baseline)
            text_out(text, title, self.font, FONT_SIZE, LEADING)
        _cell_box(segments, xs, top, top - self.header_height, spanned=False)
        y = top - self.header_height
        for row in self.rows[self.start : self.end]:
            bottom = y - row.height
            if row.kind == HEADING:
                canvas.setFillColor(HEADING_BG)
                canvas.rect(0, bottom, width, row.height, stroke=0, fill=1)
            size = SUBTOTAL_SIZE if row.kind == SUBTOTAL else FONT_SIZE
            if size != FONT_SIZE:
                text.setFont(self.font, size, LEADING)
            for col, lines in enumerate(row.cells):
                if not lines or lines == ("",):
                    continue
                # Vertically centred in the row, as the Table's VALIGN MIDDLE did; the
                # baseline sits below the line's top by half the spare leading plus the ascent.
                first = y - (row.height - len(lines) * LEADING) / 2 - (LEADING - size) / 2 - ASCENT * size
                for n, line in enumerate(lines):
                    x = xs[col] + PAD_X
                    if col == 4:  # amounts right-aligned
                        x = xs[col + 1] - PAD_X - text_width(line, self.font, size)
                    text.setTextOrigin(x, first - n * LEADING)
                    text_out(text, line, self.font, size, LEADING)
            if size != FONT_SIZE:
                text.setFont(self.font, FONT_SIZE, LEADING)
            _cell_box(segments, xs, y, bottom, spanned=row.kind == HEADING)
            y = bottom
        canvas.setFillColor(colors.black)
        canvas.drawText(text)
        canvas.setStrokeColor(GRID)
        canvas.setLineWidth(GRID_WIDTH)
        canvas.lines(segments)


def _cell_box(
    segments: list[tuple[float, float, float, float]], xs: list[float], top: float, bottom: float, *, spanned: bool
) -> None:
    """Grid lines of one row: top and bottom, outer sides, and the inner sides unless the row spans."""
    segments.append((xs[0], top, xs[-1], top))
    segments.append((xs[0], bottom, xs[-1], bottom))
    for x in xs if not spanned else (xs[0], xs[-1]):
        segments.append((x, top, x, bottom))


def build_rows(
    blocks: Sequence[tuple[str, Sequence[tuple[str, str, str, str, str]], str]],
    widths: Sequence[float],
    font: str,
    subtotal_label: str = "小计",
    *,
    by_words: bool = False,
) -> list[Row]:
    """Rows for the detail section: per block a heading, its items (or "（无）") and a subtotal (小计) row.

    ``blocks``: (heading text, item cells (label, date, reference, summary, amount), subtotal text).
    """
    measure = Measure(font, FONT_SIZE, by_words=by_words)
    inner = [w - 2 * PAD_X for w in widths]
    rows: list[Row] = []
    for heading, items, subtotal in blocks:
        head_cells = (measure.wrap(heading, sum(widths) - 2 * PAD_X),)
        rows.append(Row(HEADING, head_cells, row_height(head_cells)))
        for item in items:
            rows.extend(item_rows(tuple(measure.wrap(value, inner[col]) for col, value in enumerate(item))))
        sub_cells = ((), (), (), (subtotal_label,), (subtotal,))
        rows.append(Row(SUBTOTAL, sub_cells, LEADING + 2 * PAD_Y))
    return rows
