"""Embedded CJK font for every PDF we render (shared by reconcile and statements).

Why not reportlab's built-in ``STSong-Light``: CID fonts are *not* embedded,
the viewer substitutes whatever it has, and a confirmation letter must look
the same everywhere (and print on the mail house's RIP).  We embed a TrueType
subset of WenQuanYi Micro Hei (文泉驿微米黑, Apache-2.0 / GPLv3 with font
exception), shipped on PyPI by ``paperang-p2-fonts-cjk`` as ``wqy-microhei.ttc``.
reportlab's ``TTFont`` cannot embed CFF/OTF outlines, which rules out the Noto
Sans CJK packages on PyPI.

Speed: the expensive parts of an embedded font are parsing the 5 MB TTC
(~0.1 s, done once per process here) and, per document, building the glyph
subset and deflating it.  :class:`_SubsetCachingFace` memoises the finished
(deflated) subset program by its exact character sequence, so documents drawn
from the same template reuse it.  To make that hit, renderers draw template
text (labels, headings, fixed instructions) with :attr:`CJKFonts.label` and
per-customer values with :attr:`CJKFonts.data`: the label font's subset is
then byte-identical across a batch, and only the small data subset is built
per document.  Correctness never depends on the cache: the key is the full
subset content.
"""

from __future__ import annotations

import copy
import os
import threading
import zlib
from collections import OrderedDict
from dataclasses import dataclass
from importlib import resources
from typing import Final
from weakref import WeakKeyDictionary

from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

LABEL_FONT: Final = "BankrecCJK"
DATA_FONT: Final = "BankrecCJK-Data"
FONT_PACKAGE: Final = "paperang_p2_fonts_cjk"
FONT_RESOURCE: Final = ("fonts", "wqy-microhei.ttc")
# Ops may point at another TrueType-outline CJK font (e.g. a licensed corporate
# face) without a code change; "path" or "path:subfontIndex".
FONT_ENV: Final = "BANKREC_CJK_FONT"

_SUBSET_CACHE_SIZE: Final = 512


class FontUnavailable(RuntimeError):
    pass


class _SubsetCachingFace(TTFontFace):
    """TTFontFace whose subset programs are memoised (deflated) per process."""

    _cache: OrderedDict[tuple[int, ...], tuple[int, bytes]]
    _cache_lock: threading.Lock
    _tables: dict[str, bytes]

    def get_table(self, tag: str) -> bytes:
        # TTFontFile.get_table slices the raw file on every call, so each
        # makeSubset copied the whole multi-MB 'glyf' table -- most of the
        # per-document subsetting cost.  Tables are immutable bytes: keep one
        # copy per tag (~4 MB for this font, once per process).
        table = self._tables.get(tag)
        if table is None:
            table = self._tables[tag] = super().get_table(tag)
        return table

    def _subset_program(self, subset: list[int]) -> tuple[int, bytes]:
        key = tuple(subset)
        with self._cache_lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit
        raw = self.makeSubset(subset)
        value = (len(raw), zlib.compress(raw))
        with self._cache_lock:
            self._cache[key] = value
            while len(self._cache) > _SUBSET_CACHE_SIZE:
                self._cache.popitem(last=False)
        return value

    def addSubsetObjects(self, doc, fontname, subset):  # type: ignore[no-untyped-def]  # noqa: N802
        # Same objects as TTFontFace.addSubsetObjects, but the FontFile2
        # stream is pre-deflated (a /Filter already in the dictionary makes
        # reportlab write the content as-is).  We always deflate, even when
        # the document has compression off: a raw CJK subset is 3x larger.
        length1, deflated = self._subset_program(subset)
        font_file = pdfdoc.PDFStream(
            pdfdoc.PDFDictionary({"Length1": length1, "Filter": pdfdoc.PDFName("FlateDecode")}),
            deflated,
        )
        font_file_ref = doc.Reference(font_file, f"fontFile:{self.filename}({fontname})")
        flags = (self.flags & ~_FF_NONSYMBOLIC) | _FF_SYMBOLIC
        descriptor = pdfdoc.PDFDictionary(
            {
                "Type": "/FontDescriptor",
                "Ascent": self.ascent,
                "CapHeight": self.capHeight,
                "Descent": self.descent,
                "Flags": flags,
                "FontBBox": pdfdoc.PDFArray(self.bbox),
                "FontName": pdfdoc.PDFName(fontname),
                "ItalicAngle": self.italicAngle,
                "StemV": self.stemV,
                "FontFile2": font_file_ref,
                "MissingWidth": self.defaultWidth,
            }
        )
        return doc.Reference(descriptor, "fontDescriptor:" + fontname)

    def cache_info(self) -> int:
        with self._cache_lock:
            return len(self._cache)


# PDF font descriptor flag bits (PDF 1.7, table 123).
_FF_SYMBOLIC = 1 << 2
_FF_NONSYMBOLIC = 1 << 5


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
            # glyphs into every subset whether used or not; we only need the
            # ToUnicode map (always written) for text extraction/search.
            label = TTFont(LABEL_FONT, path, subfontIndex=index, asciiReadable=False)
            # Class swap instead of re-implementing TTFont.__init__: the
            # subclass only overrides methods and adds no per-face state.
            label.face.__class__ = _SubsetCachingFace
            label.face._cache = OrderedDict()
            label.face._cache_lock = threading.Lock()
            label.face._tables = {}
            # Second font: a shallow copy sharing the parsed tables and the
            # subset cache, with its own per-document subset state.  The face
            # needs its own name: reportlab aliases fonts registered with the
            # same face name, and distinct names keep the two fonts' subset
            # BaseFonts (AAAAAA+...) from colliding inside one PDF.
            data = copy.copy(label)
            data.face = copy.copy(label.face)
            data.face.name = label.face.name + b"-Data"
            data.fontName = DATA_FONT
            data.state = WeakKeyDictionary()
            pdfmetrics.registerFont(label)
            pdfmetrics.registerFont(data)
            _registered = CJKFonts(label=LABEL_FONT, data=DATA_FONT, path=path)
    return _registered


def subset_cache_size() -> int:
    """Number of cached subset programs (for tests and the benchmark)."""
    font = pdfmetrics.getFont(register_cjk_fonts().label)
    return font.face.cache_info()  # type: ignore[attr-defined]


def clear_subset_cache() -> None:
    font = pdfmetrics.getFont(register_cjk_fonts().label)
    with font.face._cache_lock:  # type: ignore[attr-defined]
        font.face._cache.clear()  # type: ignore[attr-defined]
