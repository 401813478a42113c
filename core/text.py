"""Plain-text helpers for what a person typed or a file held, shared by every refusal and free-text field."""

from __future__ import annotations

# How much of a value a message quotes: enough to find it in the file or form, never a whole pasted document.
QUOTE_MAX = 40


def quoted_value(value: object, *, limit: int = QUOTE_MAX) -> str:
    """``value`` as a message quotes it: its first ``limit`` characters, and "…" when there were more."""
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"
