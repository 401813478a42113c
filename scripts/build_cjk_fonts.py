"""Build the two TrueType fonts the PDFs embed, from Noto Sans CJK SC (SIL OFL 1.1).

reportlab embeds only TrueType (``glyf``) outlines; Noto Sans CJK / Source Han Sans ship CFF outlines. This script
takes Noto Sans CJK SC Regular from Debian's ``fonts-noto-cjk`` package (or any NotoSansCJK-Regular.ttc/.otf given
with --source), cuts it into two subsets and converts their cubic outlines to quadratic ones (fontTools' cu2qu,
within 1/1000 em), dropping layout tables reportlab does not use:

* ``NotoSansCJKsc-Regular-core.ttf``: 通用规范汉字表 (all 8105, including 䶮 and the characters outside the BMP such
  as 𫖯), every character GB 2312 encodes, ASCII, Latin-1 and the punctuation and symbols a statement uses. Loaded by
  every process.
* ``NotoSansCJKsc-Regular-extra.ttf``: every other CJK ideograph (Unified, Extension A and the supplementary planes),
  radical and compatibility character the source has, and what GBK/GB 18030 encode beyond GB 2312. The fallback:
  only a document that needs one of its characters embeds a subset of it.

    apt-get install fonts-noto-cjk
    .venv/bin/python scripts/build_cjk_fonts.py            # writes core/fontdata/*.ttf

The result is deterministic for a given source file; core/fontdata/README.md records the source version.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "core" / "fontdata"
DEFAULT_SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
SC_NAME = "Noto Sans CJK SC"
MAX_ERR = 1.0  # font units (of 1000 per em): invisible at any print size

CJK_BLOCKS = [
    (0x2E80, 0x2EFF),
    (0x2F00, 0x2FDF),
    (0x2FF0, 0x2FFF),
    (0x3000, 0x303F),
    (0x3100, 0x312F),
    (0x31A0, 0x31BF),
    (0x31C0, 0x31EF),
    (0x3200, 0x32FF),
    (0x3300, 0x33FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),
    (0x20000, 0x2FA1F),
    (0x30000, 0x3134F),
]


def standard_list() -> list[int]:
    path = OUT / "tongyong-guifan-8105.txt"
    return [
        int(line.split("\t")[0][2:], 16)
        for line in path.read_text("utf-8").splitlines()
        if line and not line.startswith("#")
    ]


def encodable(codec: str) -> set[int]:
    out = set()
    for cp in range(0x20, 0x10000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        try:
            chr(cp).encode(codec)
        except UnicodeEncodeError:
            continue
        out.add(cp)
    return out


def core_set() -> set[int]:
    latin = set(range(0x20, 0x7F)) | set(range(0xA0, 0x180))
    # General punctuation, letterlike symbols, number forms, arrows, mathematical operators, enclosed alphanumerics,
    # box drawing, geometric shapes, miscellaneous symbols and dingbats (✓ on the statement's reply box).
    punctuation = set(range(0x2000, 0x2070)) | set(range(0x2100, 0x2300)) | set(range(0x2460, 0x2800))
    return (
        set(standard_list())
        | encodable("gb2312")
        | latin
        | punctuation
        | set(range(0x3000, 0x3040))
        | set(range(0xFF00, 0xFFF0))
        | {0x20AC, 0x00A5, 0x2212, 0x25CB, 0x25CF, 0x25A1, 0x25A0, 0x2605, 0x2606}
    )


def load_source(path: Path) -> TTFont:
    if path.suffix.lower() == ".ttc":
        for font in TTCollection(str(path)).fonts:
            if font["name"].getDebugName(1) == SC_NAME:
                return font
        sys.exit(f"{path} has no {SC_NAME} face")
    return TTFont(str(path))


def to_truetype(font: TTFont) -> None:
    """CFF -> glyf (as fontTools' otf2ttf snippet): quadratic outlines, no hinting, glyph names dropped."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, MAX_ERR, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    for tag in ("VORG", "vhea", "vmtx"):
        if tag in font:
            del font[tag]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        width = hmtx.metrics[name][0]
        hmtx.metrics[name] = (width, getattr(glyph, "xMin", 0))
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, field, 1 if field == "maxZones" else 0)
    post = font["post"]
    post.formatType = 3.0
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


def build(source: TTFont, unicodes: set[int], family_suffix: str, out: Path) -> dict:
    cmap = source.getBestCmap()
    wanted = sorted(cp for cp in unicodes if cp in cmap)
    options = subset.Options()
    options.layout_features = []  # reportlab does no shaping
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx", "DSIG"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.desubroutinize = True
    options.glyph_names = False
    sub = subset.Subsetter(options)
    sub.populate(unicodes=wanted)
    font = _clone(source)  # the subsetter changes the font in place
    sub.subset(font)
    to_truetype(font)
    _rename(font, family_suffix)
    font.recalcTimestamp = False  # the source's head.modified: the same source gives the same bytes
    font.save(str(out))
    data = out.read_bytes()
    return {"file": out.name, "characters": len(wanted), "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def _clone(font: TTFont) -> TTFont:
    import io

    buf = io.BytesIO()
    font.save(buf)  # (timestamps kept: see recalcTimestamp below)
    buf.seek(0)
    return TTFont(buf, recalcTimestamp=False)


def _rename(font: TTFont, suffix: str) -> None:
    """A Modified Version under the OFL: say so in the names (the Reserved Font Name, 'Source', is not used)."""
    name = font["name"]
    family = f"{SC_NAME} {suffix}"
    postscript = f"NotoSansCJKsc{suffix}-Regular"
    for record in list(name.names):
        if record.nameID in (1, 4, 16):
            name.setName(
                family if record.nameID != 4 else f"{family} Regular",
                record.nameID,
                record.platformID,
                record.platEncID,
                record.langID,
            )
        elif record.nameID == 6:
            name.setName(postscript, 6, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 3:
            name.setName(f"2.004;bankrec;{postscript}", 3, record.platformID, record.platEncID, record.langID)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    args = parser.parse_args()
    source = load_source(args.source)
    cmap = source.getBestCmap()
    core = core_set()
    missing = [cp for cp in standard_list() if cp not in cmap]
    if missing:
        sys.exit("the source lacks characters of 通用规范汉字表: " + " ".join(chr(cp) for cp in missing[:20]))
    extra = {cp for lo, hi in CJK_BLOCKS for cp in range(lo, hi + 1)} | encodable("gbk")
    extra = {cp for cp in extra - core if cp in cmap}
    for result in (
        build(source, core, "Core", OUT / "NotoSansCJKsc-Regular-core.ttf"),
        build(source, extra, "Extra", OUT / "NotoSansCJKsc-Regular-extra.ttf"),
    ):
        print(result)


if __name__ == "__main__":
    main()
