"""Messages as facts: a key and its parameters, rendered in the reader's language when shown.

The parsers never write a sentence: they return ``Msg(key, params)``, which the import stores as it is (JSON) and
every page, API answer and command renders in its own language. The English texts below are the catalogue's message
ids (marked with ``gettext_noop`` so ``make messages`` extracts them into locale/*/django.po); the Chinese comes from
the catalogue. Pure: the Django app installs its ``gettext`` with ``use_translator`` (reconcile.apps); without it,
messages render in English.

A parameter is text the file holds (a column name, a value), a number, or a nested ``Msg`` (rendered in the same
language). Keys are kept forever: a stored import names them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any


def gettext_noop(text: str) -> str:
    """Marks a message id for extraction; it is translated when rendered."""
    return text


@dataclass(frozen=True, slots=True)
class Plural:
    """A text that counts something: English says "1 line" and "2 lines"; the parameter ``count`` holds how many."""

    singular: str
    plural: str
    count: str

    def pick(self, n: int) -> str:
        return self.singular if n == 1 else self.plural


def plural_noop(singular: str, plural: str, count: str) -> Plural:
    """Marks a counted text for extraction, as ``gettext_noop`` marks a text: imported as ``ngettext`` so that
    `make messages` (xgettext) extracts both forms as one plural entry; the form is chosen when rendered."""
    return Plural(singular, plural, count)


def _english_plural(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


_translate: Callable[[str], str] = str
_translate_plural: Callable[[str, str, int], str] = _english_plural


def use_translator(
    translate: Callable[[str], str], translate_plural: Callable[[str, str, int], str] | None = None
) -> None:
    """Render every message through ``translate`` (and a counted one through ``translate_plural``) from now on (the
    Django app passes its gettext and ngettext)."""
    global _translate, _translate_plural
    _translate = translate
    if translate_plural is not None:
        _translate_plural = translate_plural


TEXTS: dict[str, str | Plural] = {}


def template_of(key: str) -> str:
    """The English text of ``key`` ("" for an unknown key); of a counted text, its plural form."""
    text = TEXTS.get(key, "")
    return text.plural if isinstance(text, Plural) else text


def _number(value: Any) -> int:
    """A count parameter as a number, for choosing the plural form (a stored one may have come back as text)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value).strip()
    return int(text) if text.isdecimal() else 0


def register(texts: Mapping[str, str | Plural]) -> None:
    """Add message texts (the import service adds its own); a key names one text for ever."""
    for key, text in texts.items():
        if key in TEXTS and TEXTS[key] != text:
            raise ValueError(f"message key {key!r} already names another text")
        TEXTS[key] = text


@dataclass(frozen=True, slots=True)
class Msg:
    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, translate: Callable[[str], str] | None = None) -> str:
        tr = translate or _translate
        template = TEXTS.get(self.key)
        if template is None:  # a key from a newer or older version: still say something
            return " ".join([self.key, *(f"{k}={_plain(v, translate)}" for k, v in self.params.items())])
        values = {k: _plain(v, translate) for k, v in self.params.items()}
        if isinstance(template, Plural):
            n = _number(self.params.get(template.count))
            source = template.pick(n)
            text = tr(source) if translate is not None else _translate_plural(template.singular, template.plural, n)
        else:
            source, text = template, tr(template)
        try:
            return text % values if values or "%(" in source else text
        except (KeyError, ValueError, TypeError):  # a translation that names other parameters: the source text
            return source % values if values else source

    def __str__(self) -> str:
        return self.render()

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "params": {k: _jsonable(v) for k, v in self.params.items()}}

    @classmethod
    def from_json(cls, data: Any) -> Msg | None:
        if not isinstance(data, Mapping) or not isinstance(data.get("key"), str):
            return None
        raw = data.get("params")
        params: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
        return cls(data["key"], {k: _from_jsonable(v) for k, v in params.items()})


def msg(key: str, **params: Any) -> Msg:
    if key not in TEXTS:
        raise KeyError(f"unknown message key {key!r}")
    return Msg(key, params)


def _plain(value: Any, tr: Callable[[str], str] | None) -> str:
    """A parameter as text; a nested message rendered as its parent is (``tr`` None: the installed translators)."""
    if isinstance(value, Msg):
        return value.render(tr)
    if isinstance(value, (list, tuple)):
        return ", ".join(_plain(v, tr) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Msg):
        return value.to_json()
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (Decimal, date)):
        return _plain(value, str)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _from_jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return Msg.from_json(value) or str(value)
    if isinstance(value, list):
        return [_from_jsonable(v) for v in value]
    return value


# Python internals (object reprs, exception class names) never reach a person: a library's message is cut to its
# words before it is quoted in ours.
_REPR = re.compile(r"<[^<>]*\bat 0x[0-9a-fA-F]+>|<[\w.]+ object>|\b[A-Z]\w*(?:Error|Exception)\b:?\s*")


# What Python itself says when a library trips over a file (an IndexError's "list index out of range") means nothing to
# the person who uploaded it: such a text is not quoted at all.
_PYTHON_WORDS = re.compile(
    r"index out of range|NoneType|argument must be|has no attribute|not subscriptable|"
    r"unexpected keyword|positional argument|unhashable|not iterable|invalid literal for|"
    r"unsupported operand|codec can't|unknown encoding|\[<|<class ",
    re.IGNORECASE,
)


def library_text(exc: BaseException | str, limit: int = 120) -> str:
    """A library exception's own words (its message about the file), for quoting in a message; "" for Python's own
    errors (a builtin exception, or a text in Python's words), reprs and class names taken out."""
    if isinstance(exc, str):
        raw = exc
    else:
        if type(exc).__module__ == "builtins":
            return ""
        raw = exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)
    if _PYTHON_WORDS.search(raw):
        return ""
    text = _REPR.sub("", raw).replace("\n", " ").strip(" ,:;()'\"[]")
    text = re.sub(r"\s+", " ", text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def explained(key: str, exc: BaseException | str, **params: Any) -> Msg:
    """``key`` quoting the library's words about the file as ``detail``, or ``key + "_plain"`` when it has none."""
    detail = library_text(exc)
    return msg(key, detail=detail, **params) if detail else msg(f"{key}_plain", **params)


# Wrapping a row's problem into one sentence: where, what, and the value as the file shows it.
register(
    {
        "where.row_column": gettext_noop("Row %(row)s, column “%(column)s”: %(reason)s"),
        "where.row": gettext_noop("Row %(row)s: %(reason)s"),
        "where.column": gettext_noop("Column “%(column)s”: %(reason)s"),
        "where.value": gettext_noop("%(reason)s “%(value)s”"),
    }
)


# Problems written to end with the file's value ("…, but the row's balance is" 1,248,500.00; "…; the file states" 12):
# said without it they stop mid-sentence, so a table showing the value in a column beside them still says it after
# them (``problem_with_value``).
VALUE_ENDS = frozenset(
    {
        "balance.running",
        "balance.closing_vs_last",
        "balance.opening_to_closing",
        "control.in_count",
        "control.in_total",
        "control.line_count",
        "control.out_count",
        "control.out_total",
    }
)


def problem_with_value(reason: Msg, value: str | None) -> Msg:
    """A row's problem said on its own, beside the value: the reason, completed by the value when its sentence ends
    with it (VALUE_ENDS); other reasons read whole without it."""
    if reason.key in VALUE_ENDS and value not in (None, ""):
        return msg("where.value", reason=reason, value=value.strip() or value)
    return reason


def row_message(row: int | None, column: str | None, value: str | None, reason: Msg) -> Msg:
    """One sentence for a row's problem: where it is, what is wrong, and the value as the file shows it (unless the
    reason already quotes it), without the spaces and TABs that pad it (工商银行 pads each cell to a width)."""
    if value not in (None, "") and "%(value)s" not in template_of(reason.key):
        reason = msg("where.value", reason=reason, value=value.strip() or value)
    if row is not None and column:
        return msg("where.row_column", row=row, column=column, reason=reason)
    if row is not None:
        return msg("where.row", row=row, reason=reason)
    if column:
        return msg("where.column", column=column, reason=reason)
    return reason
