"""The OpenAPI schema states the errors every API call can answer, besides each operation's own.

drf-spectacular documents what a view declares; the refusals that come from around the view (no or a bad token,
a role the call needs, an id that is not the caller's, a page past the end, an unreadable parameter, a body too large
or in another content type, an Accept header naming nothing the API answers) were missing, so a client checking its
answers against the schema met undocumented 400, 401, 403, 404, 406, 413 and 415. ``add_common_errors`` (a ``POSTPROCESSING_HOOKS``
entry) adds them, in the shape every error has (``ApiError``: ``code``, ``message``), where the operation did not
document its own. A ``414`` for an address too long and a ``431`` for a header too large come from the web server, before
the portal, and are documented without a body shape.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.views import SpectacularAPIView
from rest_framework.renderers import JSONRenderer

ERROR_REF = {"$ref": "#/components/schemas/ApiError"}
ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "code": {"type": "string", "description": "What went wrong, for programs."},
        "message": {"type": "string", "description": "What went wrong and what to do, in the request's language."},
        "errors": {"type": "object", "description": "For a bad field (code invalid): the problems by field name."},
    },
    "required": ["code", "message"],
}
COMMON = {
    "400": "unreadable_input: a parameter or the address holds characters that cannot be read (a NUL byte, text that "
    "is not UTF-8); parse_error: the body is not JSON; invalid: a field or parameter is refused (errors by field).",
    "401": "No valid token: not_authenticated, invalid_token, token_expired, token_revoked or password_changed.",
    "403": "forbidden: the user's roles do not allow this call.",
    "404": "No such id, or one the user may not see (another customer's), or a page past the last (not_found).",
    "406": "not_acceptable: the Accept header names only types the call does not answer (such as text/html alone): "
    "the API answers JSON, or the file a format asks for.",
    "413": "too_large: the body is over REQUEST_BODY_MAX_MB.",
    "415": "unsupported_media_type: a body in a content type the call does not read.",
}
# Refused by the web server before the portal sees the request, so in the server's own words (an HTML page), not
# ApiError: gunicorn reads a request line (method, address, query string) of at most 4,094 bytes and a header field
# of at most 8,190.
URI_TOO_LONG = {
    "description": "The address with its query string is over 4,094 bytes (gunicorn's request line limit): refused by "
    "the web server before the portal, in its own words (not JSON). Send fewer or shorter parameters."
}
HEADER_TOO_LARGE = {
    "description": "A request header (such as X-Answer-Signature) is over 8,190 bytes (gunicorn's header field limit): "
    "refused by the web server before the portal, in its own words (not JSON)."
}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ERROR_REF}}}


def add_common_errors(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    result.setdefault("components", {}).setdefault("schemas", {}).setdefault("ApiError", ERROR_SCHEMA)
    for path, operations in result.get("paths", {}).items():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            # Content negotiation refuses before any view, anonymous calls included (README "API").
            responses.setdefault("406", _error(COMMON["406"]))
            responses.setdefault("414", dict(URI_TOO_LONG))
            responses.setdefault("431", dict(HEADER_TOO_LARGE))
            anonymous = {} in operation.get("security", [])
            if anonymous:
                continue  # the token endpoint documents its own refusals
            parameters = {p.get("name") for p in operation.get("parameters", [])}
            codes = ["400", "401", "403"] + (["404"] if "{" in path or "page" in parameters else [])
            if "requestBody" in operation:
                codes += ["413", "415"]
            for code in codes:
                responses.setdefault(code, _error(COMMON[code]))
    return result


class SchemaView(SpectacularAPIView):
    """The schema in YAML or JSON; a refusal in JSON, as every API error (README "API"). An ``Accept`` naming neither
    (``text/html`` alone) was answered ``406`` in YAML under the schema's media type, the view's first renderer."""

    def perform_content_negotiation(self, request, force: bool = False):
        if force:  # DRF asks again with force=True only to render an error that came before negotiation
            return JSONRenderer(), JSONRenderer.media_type
        return super().perform_content_negotiation(request, force)
