"""The file formats the parsers read: one row per format, naming the module and function that reads it.

A new format is one module in this package (a function ``(data, fmt, kind, options, profile) -> list[ParsedFile]``
or one of the shapes adapted below), its detection in ``detect.py`` and one row in ``FORMATS``. Readers are imported
on first use, so a process that only reads Excel never loads the XML or OFX libraries.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from . import detect
from .types import Kind, MappingProfile, ParsedFile, ParseOptions


@dataclass(frozen=True)
class Format:
    module: str  # in this package
    function: str
    journal: bool = False  # ERP journals come as tables; statement formats (MT940, camt, ...) are the bank's only
    # how the function is called: "table" (data, fmt, kind, options, profile), "profile" (data, options, profile),
    # "fmt" (data, fmt, options), "plain" (data, options)
    call: str = "plain"

    def reader(self) -> Callable[..., list[ParsedFile]]:
        return getattr(importlib.import_module(f"{__package__}.{self.module}"), self.function)  # type: ignore[no-any-return]

    def read(
        self, data: bytes, fmt: str, kind: Kind, options: ParseOptions, profile: MappingProfile | None
    ) -> list[ParsedFile]:
        function = self.reader()
        if self.call == "table":
            return function(data, fmt, kind, options, profile)
        if self.call == "profile":
            return function(data, options, profile)
        if self.call == "fmt":
            return function(data, fmt, options)
        return function(data, options)


FORMATS: dict[str, Format] = {
    detect.XLSX: Format("table_file", "parse_table_file", journal=True, call="table"),
    detect.XLS: Format("table_file", "parse_table_file", journal=True, call="table"),
    detect.CSV: Format("table_file", "parse_table_file", journal=True, call="table"),
    detect.HTML: Format("table_file", "parse_table_file", journal=True, call="table"),
    detect.XMLSS: Format("table_file", "parse_table_file", journal=True, call="table"),
    detect.MT940: Format("swift", "parse_mt940", call="profile"),
    detect.MT942: Format("swift", "parse_mt940", call="profile"),
    # camt documents, or a single statement file of any other format (a journal too: see archive.py)
    detect.ZIP: Format("archive", "parse_zip", journal=True, call="table"),
    detect.CAMT053: Format("camt", "parse_camt", call="fmt"),
    detect.CAMT052: Format("camt", "parse_camt", call="fmt"),
    detect.CAMT054: Format("camt", "parse_camt", call="fmt"),
    detect.BAI2: Format("bai2_file", "parse_bai2"),
    detect.OFX: Format("ofx_file", "parse_ofx"),
    detect.QIF: Format("qif_file", "parse_qif"),
}
