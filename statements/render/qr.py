"""QR code for the statement verification URL, drawn as vector rectangles.

The encoder is reportlab's own (``reportlab.graphics.barcode.qrencoder``,
the engine behind ``reportlab.graphics.barcode.qr``): segment modes, bit
layout, block table, function patterns and masking are all the library's.
Three deliberate differences from ``QrCodeWidget``, all for speed (the widget
costs ~10 ms per code, which alone would cap rendering near 100 pages/s):

* a fixed mask pattern instead of scoring all eight: any mask is valid per
  ISO/IEC 18004; scoring only picks the one with the fewest scanner-
  unfriendly blocks, which matters little for a short URL at 25 mm;
* the Reed-Solomon step caches the generator polynomial per EC length (the
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
def _generator_logs(ec_count: int) -> tuple[int | None, ...]:
    """log of each generator coefficient after the leading 1 (None for 0)."""
    coefficients = qrencoder.QRUtil.getErrorCorrectPolynomial(ec_count).num
    return tuple(_LOG[c] if c else None for c in coefficients[1:])


def _ec_codewords(data: list[int], ec_count: int) -> list[int]:
    """Remainder of data(x) * x^ec divided by the (monic) generator."""
    gen = _generator_logs(ec_count)
    rem = [0] * ec_count
    for byte in data:
        factor = byte ^ rem[0]
        rem = rem[1:]
        rem.append(0)
        if factor:
            lf = _LOG[factor]
            for i, gl in enumerate(gen):
                if gl is not None:
                    rem[i] ^= _EXP[(lf + gl) % 255]
    return rem


def create_data(version: int, level: int, data_list: list) -> list[int]:
    """Drop-in for ``qrencoder.QRCode.createData`` (same codeword sequence)."""
    blocks = qrencoder.QRRSBlock.getRSBlocks(version, level)
    buffer = qrencoder.QRBitBuffer()
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

    offset = 0
    dc_blocks: list[list[int]] = []
    ec_blocks: list[list[int]] = []
    for block in blocks:
        dc = buffer.buffer[offset : offset + block.dataCount]
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
