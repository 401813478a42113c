"""Embedded CJK font for every PDF we render (shared by reconcile and statements).

Why not reportlab's built-in ``STSong-Light``: CID fonts are *not* embedded,
the viewer substitutes whatever it has, and a confirmation letter must look
the same everywhere (and print on the mail house's RIP).  We embed a TrueType
subset of WenQuanYi Micro Hei (文泉驿微米黑, Apache-2.0 / GPLv3 with font
exception), shipped on PyPI by ``paperang-p2-fonts-cjk`` as ``wqy-microhei.ttc``.
reportlab's ``TTFont`` cannot embed CFF/OTF outlines, which rules out the Noto
Sans CJK packages on PyPI.

Speed.  Parsing the 5 MB TTC (~0.1 s) happens once per process.  Per
document reportlab then builds, for every 256-glyph subset, the TrueType
subset program, its deflated stream, a ToUnicode CMap and a Widths array.
All four depend only on the subset's exact character sequence, so they are
memoised here (:class:`_ObjectCache`).  For the cache to hit, renderers draw
template text (labels, headings, fixed instructions) with :attr:`CJKFonts.label`
and per-customer values with :attr:`CJKFonts.data`: the label subset is then
identical across a batch and only the small data subset is built per
document.  Correctness never depends on the cache: keys are full contents.

The overrides below mirror reportlab 5.1's ``TTFont.addObjects`` and
``TTFontFace.addSubsetObjects`` and only change *where the bytes come from*;
``tests/statements/render/test_statement_pdf.py`` checks the resulting font
objects (Widths vs glyph metrics, ToUnicode, sfnt program) independently.
"""

from __future__ import annotations

import copy
import os
import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from importlib import resources
from typing import Any, Final
from weakref import WeakKeyDictionary

from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont, TTFontFace, makeToUnicodeCMap

LABEL_FONT: Final = "BankrecCJK"
DATA_FONT: Final = "BankrecCJK-Data"
FONT_PACKAGE: Final = "paperang_p2_fonts_cjk"
FONT_RESOURCE: Final = ("fonts", "wqy-microhei.ttc")
# Ops may point at another TrueType-outline CJK font (e.g. a licensed corporate
# face) without a code change; "path" or "path:subfontIndex".
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
                return zlib.compress(makeToUnicodeCMap(base_font, subset).encode("utf8"), _DEFLATE_LEVEL)

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


_lock = threading.Lock()
_registered: CJKFonts | None = None


def default_font_file() -> tuple[str, int]:
    env = os.environ.get(FONT_ENV, "").strip()
    if env:
        head, sep, tail = env.rpartition(":")
        if sep and tail.isdigit() and not os.path.exists(env):
            return head, int(tail)
        return env, 0
    try:
        ref = resources.files(FONT_PACKAGE).joinpath(*FONT_RESOURCE)
    except ModuleNotFoundError:
        raise FontUnavailable(
            f"CJK font package missing: pip install 'paperang-p2-fonts-cjk>=0.1,<0.2' "
            f"or set {FONT_ENV}=/path/to/font.ttf"
        ) from None
    # The wheel installs a real file, so no as_file() temp copy is needed.
    return str(ref), 0


def register_cjk_fonts() -> CJKFonts:
    """Register the label/data fonts once per process; idempotent, thread-safe."""
    global _registered
    if _registered is not None:
        return _registered
    with _lock:
        if _registered is None:
            path, index = default_font_file()
            if not os.path.isfile(path):
                raise FontUnavailable(f"CJK font file not found: {path}")
            # asciiReadable=False: reportlab would otherwise put all 95 ASCII
            # glyphs into every subset whether used or not; the ToUnicode map
            # (always written) is what text extraction/search relies on.
            label = _CachingTTFont(LABEL_FONT, path, subfontIndex=index, asciiReadable=False)
            # Class swap instead of re-implementing TTFontFace.__init__: the
            # subclass only overrides methods and adds the table memo.
            label.face.__class__ = _CachingFace
            label.face._tables = {}
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
            _registered = CJKFonts(label=LABEL_FONT, data=DATA_FONT, path=path)
    return _registered


def cache_size() -> int:
    """Number of memoised font objects (for tests and the benchmark)."""
    return len(_cache)


def clear_font_cache() -> None:
    """Drop memoised subset programs/CMaps/Widths (benchmark 'cache off')."""
    _cache.clear()
