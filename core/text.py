"""Plain-text helpers for what a person typed or a file held, shared by every refusal and free-text field."""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.errors import ServiceError

# How much of a value a message quotes: enough to find it in the file or form, never a whole pasted document.
QUOTE_MAX = 40


def quoted_value(value: object, *, limit: int = QUOTE_MAX) -> str:
    """``value`` as a message quotes it: its first ``limit`` characters, and "…" when there were more."""
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


# Characters that change how the text around them reads without showing themselves: C0 controls (but tab, line feed
# and carriage return, which multi-line text carries and one-line fields fold into spaces), DEL and the C1 controls,
# and the bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) that make "exe.txt" read
# "txt.exe" or reverse the digits of an amount in a reason.
_HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def shown_value(value: object, *, limit: int = QUOTE_MAX) -> str:
    """``value`` as a refusal quotes what was typed: cut as ``quoted_value`` cuts it, every hidden character (a control
    or a direction override, which would reorder the message around it) shown as U+FFFD."""
    return quoted_value(_HIDDEN.sub("\ufffd", str(value)), limit=limit)


def sentences(*parts: str) -> str:
    """Sentences of one message joined as the active language writes them: Chinese sentences follow one another
    without a space (their full stop carries the break), others with one."""
    joiner = "" if (get_language() or "").startswith("zh") else " "
    return joiner.join(p for p in parts if p)


def hidden_character(text: str) -> str | None:
    """The first hidden character of ``text`` named as a person can look it up ("U+202E RIGHT-TO-LEFT OVERRIDE",
    "U+0007"), or None."""
    found = _HIDDEN.search(text)
    if found is None:
        return None
    char = found.group()
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}".rstrip()


def refuse_hidden_characters(text: str, *, where: str, code: str = "invalid", field: str = "") -> str:
    """``text`` unchanged, or a refusal naming ``where`` (the field in words) and the hidden character found."""
    char = hidden_character(text)
    if char is not None:
        raise ServiceError(
            _("%(where)s contains a hidden control character (%(char)s); type the text without it.")
            % {"where": where, "char": char},
            code=code,
            field=field,
        )
    return text
