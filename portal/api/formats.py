"""Files as well as JSON from one endpoint: ``?format=`` (or an Accept header) picks JSON or one of the view's file
formats; a format the endpoint does not have is a 400 naming the ones it has, and any refusal asked for as a file is
still the JSON error every endpoint gives.

Used by the 余额调节表 (json, xlsx, pdf) and the statement's detail (json, xlsx, csv, mt940, camt053); the negotiation
is every endpoint's (``DEFAULT_CONTENT_NEGOTIATION_CLASS``), so ``?format=xml`` on a JSON-only one is a 400 too.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer, BrowsableAPIRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.mediatypes import _MediaType

JSON = "application/json"


class FileRenderer(BaseRenderer):
    """A file the view made itself (the view answers with the bytes); negotiation only picks the format."""

    charset = None
    render_style = "binary"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        return data


def file_renderer(fmt: str, media_type: str) -> type[FileRenderer]:
    """A renderer class for one file format: ``?format=<fmt>`` or ``Accept: <media_type>`` selects it."""
    return type(f"{fmt.capitalize()}FileRenderer", (FileRenderer,), {"format": fmt, "media_type": media_type})


def _named(renderers: list[BaseRenderer]) -> list[str]:
    # The browsable API's "api" is a convenience for people in a browser, not a format a client asks for.
    # A format two renderers share (the schema's yaml and json, each under two media types) is named once.
    return list(dict.fromkeys(r.format for r in renderers if not isinstance(r, BrowsableAPIRenderer)))


class FormatNegotiation(DefaultContentNegotiation):
    """``?format=`` naming a format this endpoint does not have is a 400 naming the choices (DRF's own is a 404).

    A format this endpoint has is what it answers in, whatever the ``Accept`` header says: DRF matched the header
    against the format's renderer too, so a client sending ``Accept: application/json`` with every call (many REST
    clients do) got ``406`` for ``?format=xlsx``. ``Accept`` alone still chooses, and a wrong one is a 406.
    """

    def select_renderer(self, request: Request, renderers: list[BaseRenderer], format_suffix: str | None = None):
        fmt = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        if fmt:
            renderer = self.filter_renderers(renderers, fmt)[0]
            return renderer, renderer.media_type
        try:
            acceptable = [r for r in renderers if not _refused(_MediaType(r.media_type), self._ranges(request))]
            if not acceptable:
                raise NotAcceptable
            return super().select_renderer(request, acceptable, format_suffix)
        except NotAcceptable:
            # DRF's own message names nothing: say what this address answers.
            types = ", ".join(dict.fromkeys(r.media_type for r in renderers if not isinstance(r, BrowsableAPIRenderer)))
            raise NotAcceptable(
                _("This address answers %(types)s: send an Accept header naming one of them, or */*.")
                % {"types": types}
            ) from None

    def _ranges(self, request: Request) -> list[_MediaType]:
        """Every range of the Accept header, with its q (DRF's own list, through ``get_accept_list``, drops q=0)."""
        return [_MediaType(token) for token in super().get_accept_list(request)]

    def get_accept_list(self, request: Request) -> list[str]:
        """The ranges DRF matches renderers against, without those of q=0: RFC 9110 §12.4.2 makes q=0 "not
        acceptable", but DRF reads no q, so ``Accept: application/json; q=0`` was answered in JSON."""
        return [token for token in super().get_accept_list(request) if _quality(_MediaType(token)) > 0]

    def filter_renderers(self, renderers: list[BaseRenderer], format: str) -> list[BaseRenderer]:  # noqa: A002
        chosen = [renderer for renderer in renderers if renderer.format == format]
        if not chosen:
            raise serializers.ValidationError(
                {
                    "format": _("Unknown format '%(value)s': use one of %(choices)s.")
                    % {"value": format[:20], "choices": ", ".join(_named(renderers))}
                }
            )
        return chosen


def _quality(media_type: _MediaType) -> float:
    """A range's q, 1 when it states none (or one that is no number, which RFC 9110 leaves the server to ignore)."""
    try:
        return float(media_type.params.get("q", 1))
    except ValueError:
        return 1.0


def _refused(renderer: _MediaType, ranges: list[_MediaType]) -> bool:
    """Whether the client refused this renderer's type: the most specific ranges that match it all have q=0
    (``application/json;q=0, */*`` refuses JSON; ``*/*;q=0, application/json`` accepts it)."""
    matching = [r for r in ranges if renderer.match(r)]
    if not matching:
        return False
    best = max(r.precedence for r in matching)
    return all(_quality(r) == 0 for r in matching if r.precedence == best)


class FileFormatsMixin:
    """For an APIView whose ``renderer_classes`` add ``FileRenderer``s to the default ones (``content_negotiation_class
    = FormatNegotiation``): ``file_format(request)`` is the file format asked for, or None for JSON."""

    @staticmethod
    def file_format(request: Request) -> str | None:
        renderer = getattr(request, "accepted_renderer", None)
        return renderer.format if isinstance(renderer, FileRenderer) else None

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        # A refusal (or any error) asked for as a file is still the JSON error every endpoint gives.
        renderer = getattr(request, "accepted_renderer", None)
        if isinstance(response, Response) and isinstance(renderer, FileRenderer):
            request.accepted_renderer, request.accepted_media_type = JSONRenderer(), JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]


def attachment(data: bytes, *, content_type: str, filename: str) -> HttpResponse:
    """The file as a download; ``filename`` must already be safe (ASCII letters, digits, ``.-_``)."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
