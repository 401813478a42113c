"""A statement's page links, each written from an address reversed once per process.

Reversing a URL costs the template engine's {% url %} 15-30 µs a call; the statement page links the statement's PDF,
receipt, detail and answer forms on every view. The addresses differ only in the statement's id, so each is
reversed once per URL configuration with a stand-in id and the id is put in its place (as ``portal.rows`` does for
the list's rows).
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# Every route of portal.urls that takes the statement's id alone, by the name the templates use.
_STATEMENT_ROUTES = {
    "pdf": "portal:statement-pdf",
    "receipt": "portal:statement-receipt",
    "lines": "portal:statement-lines",
    "agree": "portal:statement-agree",
    "adjusted": "portal:statement-adjusted",
    "disagree": "portal:statement-disagree",
    "prepare_answer": "portal:statement-prepare-answer",
    "review": "portal:statement-review",
    "note": "portal:statement-note",
}
_PK_MARK = 987654321


@lru_cache(maxsize=16)
def _patterns(urlconf: str, prefix: str) -> tuple[tuple[str, str, str], ...]:
    del urlconf, prefix  # the cache key: reverse() reads both from the thread's state
    parts = []
    for key, name in _STATEMENT_ROUTES.items():
        head, mark, tail = reverse(name, args=[_PK_MARK]).partition(str(_PK_MARK))
        if not mark:
            raise ValueError(f"{name} does not carry the statement id in its path")
        parts.append((key, head, tail))
    return tuple(parts)


def statement_links(pk: int) -> dict[str, str]:
    """{"pdf": "/statements/41/pdf/", "agree": ...} for statement ``pk``: what ``{% url 'portal:statement-<name>'
    pk %}`` gives, for every route in ``_STATEMENT_ROUTES``."""
    pk = int(pk)
    return {
        key: f"{head}{pk}{tail}"
        for key, head, tail in _patterns(str(get_urlconf() or settings.ROOT_URLCONF), get_script_prefix())
    }
