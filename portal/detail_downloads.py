"""A statement's detail as a file, for the web page and the API alike (statements.render.detail_formats)."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _

from core.errors import ServiceError
from portal.api.formats import attachment
from statements.models import BalanceStatement
from statements.render.detail import DetailFormatError
from statements.render.detail_formats import DETAIL_FORMATS, detail_filename, detail_format
from statements.selectors.detail import detail_document


def unknown_format(value: str) -> str:
    return _("Unknown format '%(value)s': use one of %(choices)s.") % {
        "value": value[:20],
        "choices": ", ".join(DETAIL_FORMATS),
    }


def detail_download(statement: BalanceStatement, key: str) -> HttpResponse:
    """The download; ServiceError ``unknown_format``, ``no_detail`` (a bare balance), ``format_cannot_hold`` (a line
    the format cannot carry: the message names it and the formats that can) or ``detail_does_not_join``."""
    fmt = detail_format(key)
    if fmt is None:
        raise ServiceError(unknown_format(key), code="unknown_format")
    document = detail_document(statement)
    if document is None:
        raise ServiceError(
            _("Statement %(number)s has no transaction detail: the bank does not feed this account.")
            % {"number": statement.number},
            code="no_detail",
        )
    try:
        data = fmt.write(document)
    except DetailFormatError as exc:
        where = (_("line %(n)s") % {"n": exc.line}) if exc.line is not None else _("the statement")
        raise ServiceError(
            _(
                "%(format)s cannot hold %(where)s of this detail: %(field)s does not fit (%(limit)s). "
                "Download it as xlsx or csv."
            )
            % {"format": fmt.label, "where": where, "field": exc.field, "limit": exc.limit},
            code="format_cannot_hold",
        ) from exc
    return attachment(data, content_type=fmt.content_type, filename=detail_filename(document, fmt))
