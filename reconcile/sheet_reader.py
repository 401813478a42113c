"""The statement parsers' file reading, lent to ``core.tabular`` (installed in ``reconcile.apps``): every table an
office uploads (agreements, balances, the working-day calendar) is read as bank files are, with the same encodings
(BOM, UTF-8, GB18030), Excel guards and size limits. Core sits below reconcile and cannot import the parsers itself."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.errors import ServiceError
from reconcile.import_messages import sentence
from reconcile.parsers import detect
from reconcile.parsers.errors import ParseError
from reconcile.parsers.html_table import read_html
from reconcile.parsers.readers import read_csv, read_workbook
from reconcile.parsers.text import cell_text, header_key
from reconcile.parsers.types import ParseOptions

# Ops tables (agreements, balances) run to a million rows: the Excel child gets room for them.
_OPTIONS = ParseOptions(max_rows=1_100_000, excel_memory_mb=8192)


# Files the statement parsers refuse with advice about statements (export it from online banking as ...): for an ops
# table (agreements, balances, the calendar) they are named as what they are instead.
_NOT_A_TABLE = {"format.pdf": "PDF", "format.image": "image", "format.xml_not_camt": "XML"}
_FORMAT_NAMES = {detect.QIF: "QIF", detect.OFX: "OFX", detect.BAI2: "BAI2", detect.MT940: "MT940"}
_IMAGE_KINDS = (
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)


def _image_kind(data: bytes) -> str:
    kind = next((name for magic, name in _IMAGE_KINDS if data.startswith(magic)), None)
    return kind or ("BMP" if data[:2] == b"BM" else "WebP")


class SheetReader:
    """The first sheet of a CSV or Excel file as (row number, cell texts); ``core.tabular.CellReader``."""

    def rows(self, data: bytes, filename: str) -> list[tuple[int, list[str]]]:
        try:
            fmt = detect.detect_format(data, filename)
            if fmt in (detect.XLSX, detect.XLS):
                sheet = read_workbook(data, fmt, _OPTIONS)[0]
            elif fmt == detect.CSV:
                sheet = read_csv(data, _OPTIONS)
            elif fmt == detect.HTML:  # online banking's "Excel" download that is a web page
                sheet = read_html(data, _OPTIONS)[0]
            elif fmt == detect.XMLSS:  # an "Excel" download that is Excel's XML Spreadsheet 2003
                from reconcile.parsers.xml_sheet import read_spreadsheet_xml

                sheet = read_spreadsheet_xml(data, _OPTIONS)[0]
            else:
                raise ServiceError(
                    _("%(file)s: expected a CSV or Excel file, found %(format)s.")
                    % {"file": filename, "format": _FORMAT_NAMES.get(fmt, fmt)}
                )
        except ParseError as exc:
            found = _NOT_A_TABLE.get(exc.reason.key)
            if found:  # the parsers' words say to download a bank statement: wrong for an ops table
                raise ServiceError(
                    _("%(file)s: expected a CSV or Excel file, found %(format)s.")
                    % {"file": filename, "format": _image_kind(data) if found == "image" else found},
                    code=exc.code,
                ) from exc
            raise ServiceError(f"{filename}: {sentence(exc.reason)}", code=exc.code) from exc
        return [(sheet.row_number(i), [cell_text(c) for c in cells]) for i, cells in enumerate(sheet.rows)]

    def header_key(self, text: str) -> str:
        return header_key(text)
