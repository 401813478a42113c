"""Service errors become JSON with a message (and never a 500)."""

from __future__ import annotations

import re
from functools import lru_cache

from django.core.exceptions import SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from rest_framework import fields, relations, serializers, status
from rest_framework.exceptions import ErrorDetail, PermissionDenied, UnsupportedMediaType
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler

from core.errors import ConflictError, ServiceError
from core.text import shown_value
from portal.views.errors import csrf_message, refusal_for

_DJANGO_NOT_FOUND = re.compile(r"^No \w+ matches the given query\.$")

# Service error codes that are not a plain 400 (or 409) for an API client.
_STATUS_OF_CODE = {
    "forbidden": status.HTTP_403_FORBIDDEN,
    # Signed answers (X-Answer-Signature): missing where the company requires one, or not verifying.
    "signature_required": status.HTTP_401_UNAUTHORIZED,
    "bad_signature": status.HTTP_403_FORBIDDEN,
    "second_factor_required": status.HTTP_403_FORBIDDEN,
    "bad_second_factor": status.HTTP_403_FORBIDDEN,
    "not_found": status.HTTP_404_NOT_FOUND,
    "too_many_tokens": status.HTTP_409_CONFLICT,
    # The 余额调节表 cannot be built from the stored history yet (the workbench's refusals): upload what is missing.
    "balance_gap": status.HTTP_409_CONFLICT,
    "no_opening_balance": status.HTTP_409_CONFLICT,
    "no_files": status.HTTP_409_CONFLICT,
    "closed": status.HTTP_409_CONFLICT,  # a closed (signed-off) period: reopen it first
    "self_review": status.HTTP_403_FORBIDDEN,  # 复核 by a second person only
    "review_required": status.HTTP_409_CONFLICT,  # a company with a reviewer closes through review
    # The statement's detail as a file (GET /statements/{id}/lines?format=): none to give, or not in that format.
    "no_detail": status.HTTP_404_NOT_FOUND,
    "format_cannot_hold": status.HTTP_409_CONFLICT,
    "detail_does_not_join": status.HTTP_409_CONFLICT,
    # The matching engine failed on the lines (its fault, not the request's): nothing changed, try again later.
    "engine_error": status.HTTP_503_SERVICE_UNAVAILABLE,
}


def api_exception_handler(exc, context):
    if isinstance(exc, ServiceError):
        code = (
            status.HTTP_409_CONFLICT
            if isinstance(exc, ConflictError) or exc.code in ("late_answer", "duplicate_file")
            else status.HTTP_400_BAD_REQUEST
        )
        code = _STATUS_OF_CODE.get(exc.code, code)
        body: dict = {"code": exc.code, "message": exc.message}
        if exc.field:
            body["errors"] = {exc.field: [exc.message]}
        return Response(body, status=code)
    if isinstance(exc, DjangoValidationError):
        messages = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        text = "; ".join(m for msgs in messages.values() for m in msgs)
        return Response({"code": "invalid", "message": text, "errors": messages}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, SuspiciousOperation):  # a body over the limit, too many fields: Django's refusals, as JSON
        request = context.get("request")
        code, name, message = refusal_for(exc, getattr(request, "path", ""))
        return Response({"code": name, "message": message}, status=code)
    if isinstance(exc, Http404) and _DJANGO_NOT_FOUND.match(str(exc)):
        # get_object_or_404's "No BankAccount matches the given query.": English, naming a model class.
        return Response(
            {"code": "not_found", "message": _("No such id, or not one you may see.")},
            status=status.HTTP_404_NOT_FOUND,
        )
    if isinstance(exc, UnsupportedMediaType):
        return _unsupported_media_type(context)
    if isinstance(exc, PermissionDenied) and str(exc.detail).startswith("CSRF Failed"):
        return Response({"code": "csrf_failed", "message": csrf_message()}, status=status.HTTP_403_FORBIDDEN)
    response = exception_handler(exc, context)
    if isinstance(exc, DRFValidationError) and response is not None:
        response.data = _plain_types(response.data)
    if response is not None and isinstance(response.data, dict) and "message" not in response.data:
        detail = response.data.get("detail")
        code = getattr(detail, "code", "error") if detail is not None else "invalid"
        response.data = {
            # DRF's own refusal (a PermissionDenied raised without a code, Django's turned into DRF's) is named as
            # every other refusal of the user's roles: one code, `forbidden` (README "API").
            "code": "forbidden" if code == "permission_denied" else code,
            "message": str(detail) if detail is not None else "; ".join(_flatten(response.data)),
            **({"errors": _as_lists(response.data)} if detail is None else {}),
        }
    return response


def _unsupported_media_type(context) -> Response:
    """A body in a content type the call does not read (a form-encoded push, which is JSON only), said in the reader's
    language with the types it does read: DRF's own sentence named only the type sent, and not what to send."""
    request, view = context.get("request"), context.get("view")
    sent = (getattr(request, "content_type", "") or "").split(";")[0].strip() or "?"
    accepted = [parser.media_type for parser in (view.get_parsers() if view is not None else [])]
    message = _("The request body was sent as %(sent)s; this call reads %(accepted)s only: send the body as that.") % {
        "sent": shown_value(sent),
        "accepted": " / ".join(accepted) or "?",
    }
    return Response(
        {"code": "unsupported_media_type", "message": message}, status=status.HTTP_415_UNSUPPORTED_MEDIA_TYPE
    )


def _as_lists(errors: dict) -> dict:
    """Every field's problems as a list, as DRF gives a field's: a view's own ``ValidationError({"format": "…"})``
    gave a bare string, which a client iterating ``errors[field]`` read letter by letter."""
    return {key: [value] if isinstance(value, str) else value for key, value in errors.items()}


def _flatten(errors, path: str = "") -> list[str]:
    """DRF's nested error structure as readable lines: ``lines[0].amount: 此字段是必填项。``.

    Lists of errors for one field are joined; dicts (a nested serializer) and lists of dicts (``many=True``, or
    DRF's ``{index: errors}`` for list items) recurse with the field path, so no Python repr reaches a person.
    """
    if isinstance(errors, dict):
        out: list[str] = []
        for key, value in errors.items():
            if key == "non_field_errors" and path:  # a nested object's or list's own refusal: named by its path
                name = path
            else:
                name = f"{path}[{key}]" if isinstance(key, int) else (f"{path}.{key}" if path else str(key))
            out += _flatten(value, name)
        return out
    if isinstance(errors, list):
        if all(not isinstance(item, (dict, list)) for item in errors):
            named = errors and all(isinstance(item, _Named) for item in errors)  # the sentence names the field
            text = " ".join(map(str, errors))
            return [f"{path}: {text}" if path and not named else text] if errors else []
        out = []
        for index, item in enumerate(errors):
            if item:  # many=True lists carry {} for the items without errors
                out += _flatten(item, f"{path}[{index}]")
        return out
    return [f"{path}: {errors}" if path else str(errors)]


# DRF's refusals of a value of the wrong JSON type quote Python's type names ('Expected a dictionary of items but got
# type "list"', "Not a valid string."): each becomes the field and the kind expected, in plain words. Found by the
# field class and message key that raised it, matched on DRF's own text in the request's language.
_OBJECT = gettext_lazy("a JSON object (names with values)")
_LIST = gettext_lazy("a JSON list")
_KIND_OF: tuple[tuple[type, str, object], ...] = (
    (serializers.Serializer, "invalid", _OBJECT),
    (fields.DictField, "not_a_dict", _OBJECT),
    (fields.HStoreField, "not_a_dict", _OBJECT),
    (serializers.ListSerializer, "not_a_list", _LIST),
    (fields.ListField, "not_a_list", _LIST),
    (fields.MultipleChoiceField, "not_a_list", _LIST),
    (relations.ManyRelatedField, "not_a_list", _LIST),
    (fields.CharField, "invalid", gettext_lazy("text in quotes")),
    (fields.BooleanField, "invalid", gettext_lazy("true or false")),
    (fields.IntegerField, "invalid", gettext_lazy("a whole number")),
    (fields.FloatField, "invalid", gettext_lazy("a number")),
    (fields.DecimalField, "invalid", gettext_lazy("a number")),
)


@lru_cache(maxsize=8)
def _type_refusals(language: str | None) -> tuple[tuple[str, re.Pattern, object], ...]:
    """(code, DRF's message as a pattern, the kind expected) in ``language``; ``{input_type}`` and the like match any
    word."""
    out = []
    for cls, key, kind in _KIND_OF:
        text = next(
            str(c.__dict__["default_error_messages"][key])
            for c in cls.__mro__
            if key in c.__dict__.get("default_error_messages", {})
        )
        pattern = re.sub(r"\\\{\w+\\\}", ".*", re.escape(text))
        out.append((key, re.compile(pattern, re.DOTALL), kind))
    return tuple(out)


def _after_word(kind: object) -> str:
    """The kind expected as it follows the word before it ("must be" / 须为): in Chinese a kind that starts with a Latin
    word (JSON 对象, true 或 false) is set off by a space, as the catalogue writes Latin words everywhere, and one in
    Chinese (整数) is not. The sentence's translation cannot put the space: it does not know which kind it gets, and
    请求正文须为JSON 对象 read as a typo beside 须为整数."""
    text = str(kind)
    if (get_language() or "").startswith("zh") and text[:1].isascii() and text[:1].isalnum():
        return f" {text}"
    return text


class _Named(ErrorDetail):
    """A refusal whose sentence names its field itself (``message`` does not put the path before it again)."""


def _plain_types(errors, path: str = ""):
    """``errors`` (DRF's structure) with each wrong-type refusal said as "“lines[0]” must be <kind>."."""
    if isinstance(errors, dict):
        return {key: _plain_types(value, _path(path, key)) for key, value in errors.items()}
    if isinstance(errors, list):
        if any(isinstance(item, (dict, list)) for item in errors):  # many=True: one entry per item
            return [_plain_types(item, f"{path}[{index}]") for index, item in enumerate(errors)]
        return [_plain_types(item, path) for item in errors]
    if isinstance(errors, ErrorDetail):
        text = str(errors)
        if errors.code == "null" and text == "No data provided" and not path:
            # DRF's refusal of a JSON ``null`` body, an English sentence it never translates: the same mistake as a
            # list or a string body, said the same way.
            return _Named(_("The request body must be %(kind)s.") % {"kind": _after_word(_OBJECT)}, code="invalid")
        for code, pattern, kind in _type_refusals(get_language()):
            if errors.code == code and pattern.fullmatch(text):
                if not path:
                    return _Named(_("The request body must be %(kind)s.") % {"kind": _after_word(kind)}, code="invalid")
                return _Named(
                    _("“%(field)s” must be %(kind)s.") % {"field": path, "kind": _after_word(kind)}, code="invalid"
                )
        if errors.code == "invalid_choice" and path and _python_choice(language=get_language()).fullmatch(text):
            # A list, an object, true/false or null where a choice was asked: DRF quoted Python's repr of it.
            kind = _after_word(gettext_lazy("text in quotes"))
            return _Named(_("“%(field)s” must be %(kind)s.") % {"field": path, "kind": kind}, code="invalid")
        if errors.code == "invalid_choice" and (found := _any_choice(language=get_language()).fullmatch(text)):
            # DRF quoted the value whole and raw: a forged 50,000 characters came back twice, a direction override
            # reversed the sentence. Quoted as refusals quote what was typed.
            sent = found.group("input")
            if shown_value(sent) != sent:
                shown = str(fields.ChoiceField.default_error_messages["invalid_choice"]).format(input=shown_value(sent))
                return ErrorDetail(shown, code="invalid_choice")
    return errors


@lru_cache(maxsize=8)
def _python_choice(*, language: str | None) -> re.Pattern:
    """DRF's "“{input}” is not a valid choice." in ``language`` where the input is Python's repr of a non-text."""
    text = str(fields.ChoiceField.default_error_messages["invalid_choice"])
    return re.compile(re.escape(text).replace(r"\{input\}", r"(?:\[.*\]|\{.*\}|True|False|None)"), re.DOTALL)


@lru_cache(maxsize=8)
def _any_choice(*, language: str | None) -> re.Pattern:
    """DRF's "“{input}” is not a valid choice." in ``language``, the input captured."""
    text = str(fields.ChoiceField.default_error_messages["invalid_choice"])
    return re.compile(re.escape(text).replace(r"\{input\}", "(?P<input>.*)"), re.DOTALL)


def _path(path: str, key) -> str:
    if isinstance(key, int) or (isinstance(key, str) and key.isdigit()):
        return f"{path}[{key}]"
    if key == "non_field_errors":  # the object's own refusal: named by the object's path
        return path
    return f"{path}.{key}" if path else str(key)
