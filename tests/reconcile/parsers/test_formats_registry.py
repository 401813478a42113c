"""File formats are a registry: every format detection names has one row, and parse_file dispatches through it."""

from __future__ import annotations

import pytest

from reconcile.parsers import api, detect, formats
from reconcile.parsers.errors import ParseError
from reconcile.parsers.types import ParsedFile

DETECTED = {
    detect.XLSX,
    detect.XLS,
    detect.CSV,
    detect.HTML,
    detect.XMLSS,
    detect.MT940,
    detect.MT942,
    detect.CAMT053,
    detect.CAMT052,
    detect.CAMT054,
    detect.BAI2,
    detect.OFX,
    detect.QIF,
    detect.ZIP,
}


def test_every_detected_file_format_has_a_reader():
    assert set(formats.FORMATS) == DETECTED
    for fmt, entry in formats.FORMATS.items():
        assert callable(entry.reader()), fmt


def test_only_tables_are_read_as_journals():
    assert {fmt for fmt, entry in formats.FORMATS.items() if entry.journal} == {
        detect.XLSX,
        detect.XLS,
        detect.CSV,
        detect.HTML,
        detect.XMLSS,
        detect.ZIP,  # a ZIP holding one journal table (archive.py)
    }


def test_a_format_added_only_in_the_registry_is_read(monkeypatch):
    seen = {}

    def fake_reader(data, options):
        seen["data"] = data
        return [ParsedFile(format="fake", kind="bank")]

    monkeypatch.setattr(detect, "detect_format", lambda data, filename="": "fake")
    monkeypatch.setitem(formats.FORMATS, "fake", formats.Format("ofx_file", "parse_ofx"))
    monkeypatch.setattr(formats.Format, "reader", lambda self: fake_reader)
    parsed = api.parse_file(b"anything", "x.fake")
    assert seen["data"] == b"anything"
    assert [p.format for p in parsed] == ["fake"]
    with pytest.raises(ParseError) as refused:  # a statement format is the bank's: no journal from it
        api.parse_file(b"anything", "x.fake", kind="journal")
    assert refused.value.code == "unsupported_format"
