"""QR code for the statement verification URL, drawn as vector rectangles.

The encoder is reportlab's own (``reportlab.graphics.barcode.qrencoder``,
the engine behind ``reportlab.graphics.barcode.qr``): segment modes, bit
layout, block table, function patterns and masking are all the library's.
Three deliberate differences from ``QrCodeWidget``, all for speed (the widget
costs ~10 ms per code, which alone would cap rendering near 100 pages/s):

* a fixed mask pattern instead of scoring all eight: any mask is valid per
  ISO/IEC 18004; scoring only picks the one with the fewest scanner-
  unfriendly blocks, which matters little for a short URL at 25 mm;
* the bit buffer is one Python int instead of a method call per bit, and
  the Reed-Solomon step caches the generator polynomial per EC length (the
  library rebuilds it for every code) and divides with log/exp tables;
  ``tests/statements/render/test_qr.py`` checks the codewords are identical
  to the library's ``QRCode.createData`` for many inputs;
* data placement positions and mask bits are cached per (version, mask);
* dark modules are merged into horizontal runs and emitted as literal PDF
  ``re`` operators in module units instead of one ``Rect`` shape per module.
"""

from __future__ import annotations

import itertools
from functools import lru_cache
from itertools import zip_longest
from typing import Any

from reportlab.graphics.barcode import qrencoder
from reportlab.pdfgen.canvas import Canvas

QUIET_ZONE = 4  # modules, required by the standard
DEFAULT_MASK = 0

_LEVELS = {
    "L": qrencoder.QRErrorCorrectLevel.L,
    "M": qrencoder.QRErrorCorrectLevel.M,
    "Q": qrencoder.QRErrorCorrectLevel.Q,
    "H": qrencoder.QRErrorCorrectLevel.H,
}
_EXP = qrencoder.EXP_TABLE
_LOG = qrencoder.LOG_TABLE


@lru_cache(maxsize=64)
def _generator_table(ec_count: int) -> tuple[tuple[int, ...], ...]:
    """table[f][i] = f * g[i+1] in GF(256) for the generator g of ``ec_count``.

    The generator comes from the library (``getErrorCorrectPolynomial``);
    precomputing its products turns the division below into one list
    comprehension per data byte.
    """
    coefficients = qrencoder.QRUtil.getErrorCorrectPolynomial(ec_count).num[1:]
    table = [tuple(0 for _ in coefficients)]
    for factor in range(1, 256):
        lf = _LOG[factor]
        table.append(tuple(_EXP[(lf + _LOG[c]) % 255] if c else 0 for c in coefficients))
    return tuple(table)


def _ec_codewords(data: list[int], ec_count: int) -> list[int]:
    """Remainder of data(x) * x^ec divided by the (monic) generator."""
    table = _generator_table(ec_count)
    rem = [0] * ec_count
    for byte in data:
        row = table[byte ^ rem[0]]
        rem = [a ^ b for a, b in zip(rem[1:], row, strict=False)]  # row is one longer
        rem.append(row[-1])
    return rem


class _BitBuffer:
    """``qrencoder.QRBitBuffer`` interface on one Python int.

    The library appends bit by bit (a method call per bit, ~400 per code);
    here ``put`` is a shift-or.  Segments only use put/putBit/getLengthInBits
    and createData reads ``buffer`` once the stream is whole bytes.
    """

    def __init__(self) -> None:
        self._acc = 0
        self.length = 0

    def put(self, num: int, length: int) -> None:
        self._acc = (self._acc << length) | (num & ((1 << length) - 1))
        self.length += length

    def putBit(self, bit: bool) -> None:  # noqa: N802 - reportlab API name
        self.put(1 if bit else 0, 1)

    def getLengthInBits(self) -> int:  # noqa: N802 - reportlab API name
        return self.length

    @property
    def buffer(self) -> list[int]:
        nbytes = (self.length + 7) // 8
        return list((self._acc << (nbytes * 8 - self.length)).to_bytes(nbytes, "big"))


def create_data(version: int, level: int, data_list: list[Any]) -> list[int]:
    """Drop-in for ``qrencoder.QRCode.createData`` (same codeword sequence)."""
    blocks = qrencoder.QRRSBlock.getRSBlocks(version, level)
    buffer = _BitBuffer()
    for segment in data_list:
        segment.write(buffer, version)
    capacity = sum(b.dataCount for b in blocks) * 8
    if buffer.getLengthInBits() > capacity:
        raise ValueError(f"QR data too long for version {version}")
    if buffer.getLengthInBits() + 4 <= capacity:
        buffer.put(0, 4)  # terminator
    while buffer.getLengthInBits() % 8:
        buffer.putBit(False)
    pads = itertools.cycle((qrencoder.QRCode.PAD0, qrencoder.QRCode.PAD1))
    while buffer.getLengthInBits() < capacity:
        buffer.put(next(pads), 8)

    codewords = buffer.buffer
    offset = 0
    dc_blocks: list[list[int]] = []
    ec_blocks: list[list[int]] = []
    for block in blocks:
        dc = codewords[offset : offset + block.dataCount]
        offset += block.dataCount
        dc_blocks.append(dc)
        ec_blocks.append(_ec_codewords(dc, block.totalCount - block.dataCount))
    # Interleave: first all data blocks column-wise, then all EC blocks.
    return [
        d
        for column in itertools.chain(zip_longest(*dc_blocks), zip_longest(*ec_blocks))
        for d in column
        if d is not None
    ]


@lru_cache(maxsize=128)
def _placement(version: int, mask: int) -> tuple[tuple[tuple[int, int], ...], tuple[bool, ...]]:
    """Data module positions (col, row) in placement order + mask bit per position.

    Both depend only on version and mask; the library recomputes them (and
    calls the mask lambda per module) for every code.
    """
    probe = qrencoder.QRCode(version, qrencoder.QRErrorCorrectLevel.M)
    probe.moduleCount = version * 4 + 17
    positions = tuple(probe._dataPosIterator())
    mask_fn = qrencoder.QRUtil.getMask(mask)
    return positions, tuple(bool(mask_fn(row, col)) for col, row in positions)


class _FixedMaskQRCode(qrencoder.QRCode):
    mask_pattern = DEFAULT_MASK

    def getBestMaskPattern(self) -> int:  # noqa: N802 - reportlab API name
        return self.mask_pattern

    def mapData(self, data: list[int], maskPattern: int) -> None:  # noqa: N802, N803
        # Same placement as QRCode.mapData (positions past the data are
        # filled with mask bits, like its zip_longest(fillvalue=False)).
        positions, mask_bits = _placement(self.version, maskPattern)
        bits = [bool(byte & bit) for byte in data for bit in (128, 64, 32, 16, 8, 4, 2, 1)]
        bits.extend([False] * (len(positions) - len(bits)))
        modules = self.modules
        for (col, row), dark, masked in zip(positions, bits, mask_bits, strict=True):
            modules[row][col] = dark ^ masked


def qr_matrix(data: str, *, level: str = "M", mask: int = DEFAULT_MASK) -> list[list[bool]]:
    """Module matrix (True = dark), without quiet zone."""
    if not 0 <= mask <= 7:
        raise ValueError(f"mask must be 0..7, got {mask}")
    code = _FixedMaskQRCode(None, _LEVELS[level])
    code.mask_pattern = mask
    code.addData(data)
    code.version = code.calculate_version()
    # makeImpl uses a precomputed dataCache when present.
    code.dataCache = create_data(code.version, code.errorCorrectLevel, code.dataList)
    code.make()
    return [list(map(bool, row)) for row in code.modules]


def draw_qr(canvas: Canvas, data: str, x: float, y: float, size: float, *, level: str = "M") -> None:
    """Draw the code with its quiet zone inside the square (x, y, size)."""
    matrix = qr_matrix(data, level=level)
    n = len(matrix)
    module = size / (n + 2 * QUIET_ZONE)
    # Module units (integer coordinates, origin at the top-left module, y
    # growing downwards) via one cm operator; formatting ~400 rects through
    # PDFPathObject would cost more than encoding the code.
    ops = [
        "q 0 g",
        f"{module:.4f} 0 0 {-module:.4f} {x + QUIET_ZONE * module:.4f} {y + size - QUIET_ZONE * module:.4f} cm",
    ]
    for r, row in enumerate(matrix):
        c = 0
        while c < n:
            if not row[c]:
                c += 1
                continue
            start = c
            while c < n and row[c]:
                c += 1
            ops.append(f"{start} {r} {c - start} 1 re")
    ops.append("f Q")
    canvas.addLiteral("\n".join(ops))
