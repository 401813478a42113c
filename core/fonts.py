"""Embedded CJK fonts for every PDF we render (shared by reconcile and statements).

Why not reportlab's built-in ``STSong-Light``: CID fonts are *not* embedded,
the viewer substitutes whatever it has, and a confirmation letter must look
the same everywhere (and print on the mail house's RIP).  We embed TrueType
subsets of Noto Sans CJK SC (Google/Adobe, SIL OFL 1.1), shipped in
``core/fontdata/`` with its licence (see the README there and
``scripts/build_cjk_fonts.py``, which converts the CFF outlines reportlab
cannot embed to TrueType ones):

* the *core* file covers 通用规范汉字表 (all 8105 characters, 䶮 and 𫖯
  included), GB 2312, Latin and the punctuation a statement uses; every
  document uses it;
* the *extra* file has every other CJK ideograph the source font has
  (Extensions A-G, compatibility ideographs, GBK): the fallback, registered
  only when a text needs it, and drawn run by run (:func:`font_runs`).

A character neither has is refused with :class:`GlyphMissing` naming it: a
letter must never silently print a box or drop a character of a name.  So
every renderer draws text through :func:`draw_text`, :func:`text_out`,
:func:`markup` or measures it with :func:`text_width`, never with a bare
``drawString``.

Speed.  Parsing the font (~0.1 s) happens once per process.  Per
document reportlab then builds, for every 256-glyph subset, the TrueType
subset program, its deflated stream, a ToUnicode CMap and a Widths array.
All four depend only on the subset's exact character sequence, so they are
memoised here (:class:`_ObjectCache`).  For the cache to hit, renderers draw
template text (labels, headings, fixed instructions) with :attr:`CJKFonts.label`
and per-customer values with :attr:`CJKFonts.data`: the label subset is then
identical across a batch and only the small data subset is built per
document.  Correctness never depends on the cache: keys are full contents.

The overrides below mirror reportlab 5.1's ``TTFont.addObjects`` and
``TTFontFace.addSubsetObjects`` and only change *where the bytes come from*
(and write characters outside the BMP as UTF-16 surrogate pairs in the
ToUnicode CMap, which reportlab gets wrong);
``tests/statements/render/test_statement_pdf.py`` checks the resulting font
objects (Widths vs glyph metrics, ToUnicode, sfnt program) independently.
"""

from __future__ import annotations

import copy
import os
import threading
import unicodedata
import zlib
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final
from weakref import WeakKeyDictionary

from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont, TTFontFace

from core.errors import ServiceError

LABEL_FONT: Final = "BankrecCJK"
DATA_FONT: Final = "BankrecCJK-Data"
EXTRA_FONT: Final = "BankrecCJK-Extra"
FONT_DIR: Final = Path(__file__).resolve().parent / "fontdata"
CORE_FILE: Final = FONT_DIR / "NotoSansCJKsc-Regular-core.ttf"
EXTRA_FILE: Final = FONT_DIR / "NotoSansCJKsc-Regular-extra.ttf"
# Ops may point at another TrueType-outline CJK font (e.g. a licensed corporate
# face) without a code change; "path" or "path:subfontIndex".  The extra file
# stays the fallback for what that font lacks.
FONT_ENV: Final = "BANKREC_CJK_FONT"

_CACHE_SIZE: Final = 1024
# Level 1: a per-document data subset (~20 KB) deflates 3x faster than at the
# default level 6 for a stream only ~3% larger.
_DEFLATE_LEVEL: Final = 1

# PDF font descriptor flag bits (PDF 1.7, table 123).
_FF_SYMBOLIC: Final = 1 << 2
_FF_NONSYMBOLIC: Final = 1 << 5


class FontUnavailable(RuntimeError):  # noqa: N818 - reads better at call sites
    pass


def gettext_noop(message: str) -> str:
    """Marks a message for `makemessages` (which looks for this name); Django's own needs configured settings,
    and the renderers also run without them (benchmarks, scripts)."""
    return message


_GLYPH_MISSING = gettext_noop(
    "The character “%(char)s” (U+%(code)04X) in “%(text)s” is in none of the PDF fonts, so the "
    "document was not made. Correct the text (for a name, the form registered with the authorities), or have the "
    "administrator set %(env)s to a font that has it."
)


class GlyphMissing(ServiceError):  # noqa: N818 - reads better at call sites
    """A character no embedded font can draw: the document is refused rather than printed without it."""

    code = "glyph_missing"

    def __init__(self, char: str, text: str) -> None:
        self.char, self.text = char, text
        shown = text if len(text) <= 60 else text[:57] + "..."
        super().__init__(_translate(_GLYPH_MISSING) % {"char": char, "code": ord(char), "text": shown, "env": FONT_ENV})


def _translate(message: str) -> str:
    # The renderers are pure and also run without Django settings (benchmarks, scripts).
    try:
        from django.utils.translation import gettext

        return gettext(message)
    except Exception:  # noqa: BLE001 - ImproperlyConfigured or Django absent: the English source
        return message


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ``makeToUnicodeCMap``, with characters outside the BMP as UTF-16BE surrogate pairs.

    reportlab writes ``<2B5AF>`` for 𫖯, which no reader decodes: text extraction and search lose the character.
    """

    def utf16(cp: int) -> str:
        return f"{cp:04X}" if cp < 0x10000 else chr(cp).encode("utf-16-be").hex().upper()

    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({fontname})",
            f"/Ordering ({fontname})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{fontname} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
            *(f"<{i:02X}> <{utf16(v)}>" for i, v in enumerate(subset)),
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


class _ObjectCache:
    """Small thread-safe LRU shared by both fonts (they share one face)."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, build: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
        value = build()  # outside the lock: a duplicate build is harmless
        with self._lock:
            self._data[key] = value
            while len(self._data) > self._size:
                self._data.popitem(last=False)
        return value

    def __len__(self) -> int:
        with self._lock:
            return len(self._data)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


_cache = _ObjectCache(_CACHE_SIZE)


class _Preformatted(pdfdoc.PDFObject):
    """A direct PDF object whose serialisation was computed once."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def format(self, document: pdfdoc.PDFDocument) -> bytes:
        return self.data


def _flate_stream(raw: bytes, **entries: Any) -> pdfdoc.PDFStream:
    # A /Filter already in the dictionary makes reportlab write the content
    # as-is, so the deflated bytes can come from the cache.  We deflate even
    # when the document has compression off: a raw CJK subset is 1.5x larger.
    dictionary = pdfdoc.PDFDictionary({**entries, "Filter": pdfdoc.PDFName("FlateDecode")})
    return pdfdoc.PDFStream(dictionary, raw)


class _CachingFace(TTFontFace):
    """TTFontFace with memoised tables and subset programs."""

    _tables: dict[str, bytes]

    def get_table(self, tag: str) -> bytes:
        # TTFontFile.get_table slices the raw file on every call, so each
        # makeSubset copied the whole multi-MB 'glyf' table.  Tables are
        # immutable bytes: keep one copy per tag (~4 MB, once per process).
        table = self._tables.get(tag)
        if table is None:
            table = self._tables[tag] = super().get_table(tag)
        return table

    def addSubsetObjects(self, doc, fontname, subset):  # type: ignore[no-untyped-def]  # noqa: N802
        def build() -> tuple[int, bytes]:
            raw = self.makeSubset(subset)
            return len(raw), zlib.compress(raw, _DEFLATE_LEVEL)

        # The program does not depend on the face name (copied from the file).
        length1, deflated = _cache.get(("program", self.filename, self.subfontNameX, tuple(subset)), build)
        font_file = _flate_stream(deflated, Length1=length1)
        font_file_ref = doc.Reference(font_file, f"fontFile:{self.filename}({fontname})")
        descriptor = pdfdoc.PDFDictionary(
            {
                "Type": "/FontDescriptor",
                "Ascent": self.ascent,
                "CapHeight": self.capHeight,
                "Descent": self.descent,
                "Flags": (self.flags & ~_FF_NONSYMBOLIC) | _FF_SYMBOLIC,
                "FontBBox": pdfdoc.PDFArray(self.bbox),
                "FontName": pdfdoc.PDFName(fontname),
                "ItalicAngle": self.italicAngle,
                "StemV": self.stemV,
                "FontFile2": font_file_ref,
                "MissingWidth": self.defaultWidth,
            }
        )
        return doc.Reference(descriptor, "fontDescriptor:" + fontname)


class _CachingTTFont(TTFont):
    """TTFont whose per-subset Widths array and ToUnicode CMap are memoised.

    Formatting a 256-entry Widths array through reportlab's generic PDF
    serialiser was the single largest per-document cost once the subset
    program was cached.
    """

    def addObjects(self, doc: pdfdoc.PDFDocument) -> None:  # noqa: N802
        state = self.state.get(doc)
        if state is None:
            state = self.state[doc] = TTFont.State(self._asciiReadable)
        state.frozen = 1
        font_dict = doc.idToObject["BasicFonts"].dict
        for n, subset in enumerate(state.subsets):
            internal_name = self.getSubsetInternalName(n, doc)[1:]
            base_font = b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX)).decode("pdfdoc")
            key = (base_font, self.face.filename, self.face.subfontNameX, tuple(subset))

            def widths(subset: list[int] = subset) -> _Preformatted:
                return _Preformatted(pdfdoc.PDFArray(list(map(self.face.getCharWidth, subset))).format(doc))

            def cmap(subset: list[int] = subset, base_font: str = base_font) -> bytes:
                return zlib.compress(_to_unicode_cmap(base_font, subset).encode("utf8"), _DEFLATE_LEVEL)

            pdf_font = pdfdoc.PDFTrueTypeFont()
            pdf_font.__Comment__ = f"Font {self.fontName} subset {n}"
            pdf_font.Name = internal_name
            pdf_font.BaseFont = base_font
            pdf_font.FirstChar = 0
            pdf_font.LastChar = len(subset) - 1
            pdf_font.Widths = _cache.get(("widths", *key), widths)
            pdf_font.ToUnicode = doc.Reference(
                _flate_stream(_cache.get(("cmap", *key), cmap)), "toUnicodeCMap:" + base_font
            )
            pdf_font.FontDescriptor = self.face.addSubsetObjects(doc, base_font, subset)
            doc.Reference(pdf_font, internal_name)
            font_dict[internal_name] = pdf_font
        del self.state[doc]


@dataclass(frozen=True)
class CJKFonts:
    label: str  # template text: identical across documents of a batch
    data: str  # per-document values (names, account numbers, amounts)
    path: str
    extra: str = EXTRA_FONT  # the fallback for ideographs the core file lacks


_lock = threading.Lock()
_registered: CJKFonts | None = None
_core_chars: frozenset[str] = frozenset()
_extra_chars: frozenset[str] | None = None


def default_font_file() -> tuple[str, int]:
    env = os.environ.get(FONT_ENV, "").strip()
    if env:
        head, sep, tail = env.rpartition(":")
        if sep and tail.isdigit() and not os.path.exists(env):
            return head, int(tail)
        return env, 0
    return str(CORE_FILE), 0


def _caching_font(name: str, path: str, index: int) -> _CachingTTFont:
    # asciiReadable=False: reportlab would otherwise put all 95 ASCII
    # glyphs into every subset whether used or not; the ToUnicode map
    # (always written) is what text extraction/search relies on.
    font = _CachingTTFont(name, path, subfontIndex=index, asciiReadable=False)
    # Class swap instead of re-implementing TTFontFace.__init__: the
    # subclass only overrides methods and adds the table memo.
    font.face.__class__ = _CachingFace
    font.face._tables = {}
    return font


def _chars(font: TTFont) -> frozenset[str]:
    return frozenset(chr(cp) for cp, glyph in font.face.charToGlyph.items() if glyph)


def register_cjk_fonts() -> CJKFonts:
    """Register the label/data fonts once per process; idempotent, thread-safe."""
    global _registered, _core_chars
    if _registered is not None:
        return _registered
    with _lock:
        if _registered is None:
            path, index = default_font_file()
            if not os.path.isfile(path):
                raise FontUnavailable(f"CJK font file not found: {path} (set {FONT_ENV} or reinstall the package)")
            label = _caching_font(LABEL_FONT, path, index)
            # Second font: a shallow copy sharing the parsed tables, with its
            # own per-document subset state.  The face needs its own name:
            # reportlab aliases fonts registered with the same face name, and
            # distinct names keep the two fonts' subset BaseFonts (AAAAAA+...)
            # from colliding inside one PDF.
            data = copy.copy(label)
            data.face = copy.copy(label.face)
            data.face.name = label.face.name + b"-Data"
            data.fontName = DATA_FONT
            data.state = WeakKeyDictionary()
            pdfmetrics.registerFont(label)
            pdfmetrics.registerFont(data)
            _core_chars = _chars(label)
            _registered = CJKFonts(label=LABEL_FONT, data=DATA_FONT, path=path)
    return _registered


def _extra() -> frozenset[str]:
    """The fallback's characters, registering it on first use (most processes never need it)."""
    global _extra_chars
    if _extra_chars is not None:
        return _extra_chars
    with _lock:
        if _extra_chars is None:
            if not EXTRA_FILE.is_file():
                raise FontUnavailable(f"CJK fallback font file not found: {EXTRA_FILE}")
            font = _caching_font(EXTRA_FONT, str(EXTRA_FILE), 0)
            pdfmetrics.registerFont(font)
            _extra_chars = _chars(font)
    return _extra_chars


def _invisible(ch: str) -> bool:
    # Controls, format characters (zero-width space, BOM) and variation selectors have no glyph of their own and
    # print as nothing in any font: leaving them out drops nothing a reader would see.
    return unicodedata.category(ch) in ("Cc", "Cf") or "\ufe00" <= ch <= "\ufe0f" or "\U000e0100" <= ch <= "\U000e01ef"


def font_runs(text: str, font: str) -> list[tuple[str, str]]:
    """``text`` cut into (font name, run) pieces: ``font`` where the core file has the glyph, the fallback where
    only it has; :class:`GlyphMissing` for a character neither has."""
    register_cjk_fonts()
    if _core_chars.issuperset(text):
        return [(font, text)]
    runs: list[tuple[str, str]] = []
    current, buf = font, list[str]()
    for ch in text:
        if ch in _core_chars or ch == " ":
            which = font
        elif ch.isspace():  # tabs, newlines, ideographic space: a plain space's width
            ch, which = " ", font
        elif _invisible(ch):
            continue
        elif ch in _extra():
            which = EXTRA_FONT
        else:
            raise GlyphMissing(ch, text)
        if which != current and buf:
            runs.append((current, "".join(buf)))
            buf = []
        current = which
        buf.append(ch)
    if buf:
        runs.append((current, "".join(buf)))
    return runs


def printable(text: str) -> str:
    """``text`` with every character no PDF font has written as its code point (``[U+20000]``): for free text a
    bank's feed brings (summaries, counterparties), which must print faithfully rather than stop a statement; names
    a document is about are checked with :func:`check_text` instead, and refused."""
    register_cjk_fonts()
    if _core_chars.issuperset(text):
        return text
    extra = _extra()
    return "".join(
        ch if ch in _core_chars or ch in extra or ch.isspace() or _invisible(ch) else f"[U+{ord(ch):04X}]"
        for ch in text
    )


def check_text(text: str) -> None:
    """Raise :class:`GlyphMissing` now for a text some renderer will draw later (e.g. in a platypus table)."""
    font_runs(text, LABEL_FONT)


def text_width(text: str, font: str, size: float) -> float:
    width: float = sum(pdfmetrics.stringWidth(run, name, size) for name, run in font_runs(text, font))
    return width


def draw_text(canvas: Any, x: float, y: float, text: str, font: str, size: float, *, anchor: str = "start") -> float:
    """Draw ``text`` with ``font`` (the fallback for what it lacks) at ``x`` (``anchor``: start, middle or end of
    the text); returns the x where the text ends."""
    runs = font_runs(text, font)
    if anchor != "start":
        width = sum(pdfmetrics.stringWidth(run, name, size) for name, run in runs)
        x -= width if anchor == "end" else width / 2
    if len(runs) == 1:
        canvas.setFont(runs[0][0], size)
        canvas.drawString(x, y, runs[0][1])
        end: float = x + pdfmetrics.stringWidth(runs[0][1], runs[0][0], size)
        return end
    # One text object: readers extract the runs as one line of text.
    textobject = canvas.beginText(x, y)
    for name, run in runs:
        textobject.setFont(name, size)
        textobject.textOut(run)
        x += pdfmetrics.stringWidth(run, name, size)
    canvas.drawText(textobject)
    canvas.setFont(font, size)
    return x


def text_out(textobject: Any, text: str, font: str, size: float, leading: float) -> None:
    """``PDFTextObject.textOut`` with the fallback font for what ``font`` lacks; leaves ``font`` selected."""
    runs = font_runs(text, font)
    if len(runs) == 1 and runs[0][0] == font:
        textobject.textOut(runs[0][1])
        return
    for name, run in runs:
        textobject.setFont(name, size, leading)
        textobject.textOut(run)
    textobject.setFont(font, size, leading)


def markup(text: str) -> str:
    """``text`` escaped for a platypus ``Paragraph``, its fallback runs in ``<font face=...>``."""
    from xml.sax.saxutils import escape

    return "".join(
        escape(run) if name == LABEL_FONT else f'<font face="{name}">{escape(run)}</font>'
        for name, run in font_runs(text, LABEL_FONT)
    )


def cache_size() -> int:
    """Number of memoised font objects (for tests and the benchmark)."""
    return len(_cache)


def clear_font_cache() -> None:
    """Drop memoised subset programs/CMaps/Widths (benchmark 'cache off')."""
    _cache.clear()
