"""The API's JSON parser: DRF's, plus two refusals a hostile or broken client would otherwise turn into a 500.

* JSON nested deeper than Python's recursion limit (``[[[[…`` 100,000 deep, a few hundred kB) raised RecursionError
  inside ``json.loads``, which DRF's parser does not catch: a 500. It is a ``400`` ``parse_error`` now.
* A NUL byte or another control character (other than tab, line feed and carriage return) escaped in a JSON string
  (``"\\u0000"``) reached the database: PostgreSQL refuses NUL in text, so a push or an answer carrying one failed
  with a 500 there. Such a body is a ``400`` ``unreadable_input`` naming the field, as the same characters in a query
  parameter or a form field already are (``portal.input_guard``).
* A JSON number longer than Python reads as an integer (4,300 digits) raised ValueError: a 500. A ``400``
  ``parse_error`` now.
* A NUL byte or another control character in a field of a form or a multipart upload (the upload's ``account`` or
  ``profile``) was refused by the field, ``invalid`` "Null characters are not allowed.", or not at all; it is the
  same ``400`` ``unreadable_input`` naming the field (the uploaded file itself is the import's to read).
* A body that is not JSON was refused quoting Python's exception in English ("JSON parse error - Expecting property
  name enclosed in double quotes: line 1 column 2 (char 1)"); the refusal now says where, in the reader's language.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser, get_encoding

from portal.input_guard import CODE as UNREADABLE

# An escaped C0 control character other than \t, \n, \r, preceded by an even number of backslashes (so that the
# text "\\u0000", a backslash followed by "u0000", is not taken for one). Looked for in the decoded text: in the raw
# bytes of a body in another charset (``charset=utf-16``) the escape is spelled otherwise and slipped past.
_ESCAPED_CONTROL = re.compile(r"(?<!\\)(?:\\\\)*\\u00(?:0[0-8bBcCeEfF]|1[0-9a-fA-F])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class UnreadableInput(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = UNREADABLE


def unreadable_field(data: Any) -> str | None:
    """The path of the first key or string value holding a control character (``lines[3].summary``), else None."""
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if _CONTROL.search(value):
                return path or "?"
        elif isinstance(value, dict):
            for key, item in reversed(list(value.items())):
                name = f"{path}.{key}" if path else str(key)
                if _CONTROL.search(str(key)):
                    return _CONTROL.sub("?", name)[:80]
                stack.append((name, item))
        elif isinstance(value, list):
            stack.extend((f"{path}[{index}]", item) for index, item in reversed(list(enumerate(value))))
    return None


def _unreadable(field: str) -> UnreadableInput:
    return UnreadableInput(
        _(
            "The field “%(name)s” contains a character that cannot be stored (a NUL byte, U+0000, or "
            "another control character): send the text without it."
        )
        % {"name": field}
    )


class SafeJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read() if stream is not None else b""
        text = _decode(raw, get_encoding(parser_context or {}))
        data = _loads(text)
        if _ESCAPED_CONTROL.search(text):
            field = unreadable_field(data)
            if field is not None:
                raise _unreadable(field)
        return data


def _refuse_unreadable_form_fields(data: Any) -> None:
    for name, values in data.lists():
        if _CONTROL.search(name) or any(isinstance(value, str) and _CONTROL.search(value) for value in values):
            raise _unreadable(_CONTROL.sub("?", name)[:80])


class SafeFormParser(FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        _refuse_unreadable_form_fields(data)
        return data


class SafeMultiPartParser(MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            parsed = super().parse(stream, media_type, parser_context)
        except ParseError as exc:
            # DRF's refusal quoted Django's reason in English ("Multipart form parse error - Request max total header
            # size exceeded.", for a file name of some hundred characters): say it in the reader's language.
            raise ParseError(
                _(
                    "The upload could not be read as a multipart form (a part's headers, such as the file name, may "
                    "be too long): send it again with a shorter file name."
                )
            ) from exc
        _refuse_unreadable_form_fields(parsed.data)
        return parsed


def _reject_constant(name: str) -> Any:
    raise ParseError(_('%(name)s is not a JSON number; send amounts as strings such as "1234.56".') % {"name": name})


def _decode(raw: bytes, encoding: str) -> str:
    try:
        return raw.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise ParseError(_("The body is not UTF-8 text; send the JSON encoded as UTF-8.")) from exc


def _loads(text: str) -> Any:
    """The body as JSON, refused in the reader's language (DRF's refusal quoted Python's exception in English)."""
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise ParseError(
            _("The body is not valid JSON (line %(line)s, column %(column)s): check the quotes, commas and brackets.")
            % {"line": exc.lineno, "column": exc.colno}
        ) from exc
    except RecursionError as exc:
        raise ParseError(_("The JSON is nested too deeply to be read.")) from exc
    except ValueError as exc:  # Python reads an integer of at most 4,300 digits (sys.get_int_max_str_digits)
        raise ParseError(
            _('A number in the body has too many digits; send amounts as strings such as "1234.56".')
        ) from exc
