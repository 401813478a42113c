"""Fast QR path must produce exactly what reportlab's encoder produces."""

from __future__ import annotations

import random
import string

import pytest
from reportlab.graphics.barcode import qrencoder

from statements.render.qr import create_data, qr_matrix


def test_codewords_identical_to_library() -> None:
    rng = random.Random(18004)
    for _ in range(150):
        text = "".join(rng.choice(string.printable[:94]) for _ in range(rng.randrange(1, 400)))
        level = rng.choice([0, 1, 2, 3])
        code = qrencoder.QRCode(None, level)
        code.addData(text)
        version = code.calculate_version()
        assert create_data(version, level, code.dataList) == qrencoder.QRCode.createData(version, level, code.dataList)


@pytest.mark.parametrize("mask", range(8))
def test_matrix_identical_to_library_for_same_mask(mask: int) -> None:
    url = "https://bankrec.example.cn/verify/7Q4K9XMD"

    class LibraryWithMask(qrencoder.QRCode):
        def getBestMaskPattern(self) -> int:  # noqa: N802
            return mask

    lib = LibraryWithMask(None, qrencoder.QRErrorCorrectLevel.M)
    lib.addData(url)
    lib.make()
    ours = qr_matrix(url, mask=mask)
    assert ours == [[bool(x) for x in row] for row in lib.modules]
    assert len(ours) == 29  # version 3 (4*3+17) at level M for this 41-byte URL
    # Finder pattern top-left: 7x7 dark border.
    assert all(ours[0][:7]) and all(ours[6][:7]) and all(r[0] for r in ours[:7])


def test_bad_mask() -> None:
    with pytest.raises(ValueError):
        qr_matrix("x", mask=8)


@pytest.mark.parametrize("length", [1, 20, 60, 150, 300])  # versions 1, 2, 4, 8, 13 (>= 7 has version info)
@pytest.mark.parametrize("mask", [0, 3, 6])
def test_matrix_identical_across_versions(length: int, mask: int) -> None:
    data = ("https://bankrec.example.cn/verify/" + "X7" * 200)[:length]

    class LibraryWithMask(qrencoder.QRCode):
        def getBestMaskPattern(self) -> int:  # noqa: N802
            return mask

    lib = LibraryWithMask(None, qrencoder.QRErrorCorrectLevel.M)
    lib.addData(data)
    lib.make()
    assert qr_matrix(data, mask=mask) == [[bool(x) for x in row] for row in lib.modules]
