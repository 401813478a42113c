"""Checks ``audit_verify`` runs after the hash chain, registered by the apps that own the records they check.

The chain lives here (core); what it vouches for may live in an app above (statements' signed answers), which
registers its check in its ``AppConfig.ready`` so the layers keep importing downwards only.
"""

from __future__ import annotations

from collections.abc import Callable

# name -> a function returning the problems it found (an empty list when everything holds)
EXTRA_CHECKS: dict[str, Callable[[], list[str]]] = {}
# name -> what the report calls it, in the reader's language (a lazy translation; the name itself when none)
LABELS: dict[str, object] = {}


def register(name: str, check: Callable[[], list[str]], label: object = None) -> None:
    EXTRA_CHECKS[name] = check
    LABELS[name] = label if label is not None else name


def label_of(name: str) -> str:
    return str(LABELS.get(name, name))
