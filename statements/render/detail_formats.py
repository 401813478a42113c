"""The statement detail's download formats, one registry for the web page and the API: which writer, the content
type and the file name each one is served with.

Pure: no Django. The file name is built from the statement number and version only, reduced to ASCII letters, digits
and ``-`` so it is safe in a Content-Disposition header and on every file system.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from statements.render.detail import StatementDetail
from statements.render.detail_camt import render_detail_camt053
from statements.render.detail_mt940 import render_detail_mt940
from statements.render.detail_tabular import render_detail_csv, render_detail_xlsx


@dataclass(frozen=True)
class DetailFormat:
    key: str  # what ?format= and the web path say
    label: str  # what the download link shows (a format's own name: not translated)
    write: Callable[[StatementDetail], bytes]
    media_type: str  # for Accept negotiation (no parameters)
    content_type: str  # what the download is served as
    extension: str


DETAIL_FORMATS: Final[dict[str, DetailFormat]] = {
    f.key: f
    for f in (
        DetailFormat(
            "xlsx",
            "Excel",
            render_detail_xlsx,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
        # UTF-8 with a BOM (detail_tabular), so Excel shows the Chinese.
        DetailFormat("csv", "CSV", render_detail_csv, "text/csv", "text/csv; charset=utf-8", "csv"),
        # SWIFT's x character set only (Chinese as commercial code): plain ASCII. ".sta" is what banks name them.
        DetailFormat(
            "mt940", "MT940", render_detail_mt940, "application/x-mt940", "text/plain; charset=us-ascii", "sta"
        ),
        DetailFormat("camt053", "camt.053", render_detail_camt053, "application/xml", "application/xml", "xml"),
    )
}
_UNSAFE = re.compile(r"[^A-Za-z0-9-]+")


def detail_format(key: str) -> DetailFormat | None:
    return DETAIL_FORMATS.get(key)


def detail_filename(detail: StatementDetail, fmt: DetailFormat) -> str:
    """``detail-<number>-v<version>.<ext>``, ASCII only whatever the statement number holds."""
    number = _UNSAFE.sub("-", detail.statement_number).strip("-")[:60] or "statement"
    return f"detail-{number}-v{detail.version}.{fmt.extension}"
