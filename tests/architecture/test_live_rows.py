"""Live rows are read through the querysets, never by a raw filter (issue 21, item 2).

One forgotten ``removed_at__isnull=True`` puts a withdrawn line into an adjustment table; one forgotten
``undone_at__isnull=True`` counts an undone match. So the conditions are written once, in the model modules
(``BankLine.objects.live()``, ``JournalEntry.objects.live()``, ``Match.objects.active()``,
``MatchLink.objects.active()``, ``BalanceStatement.objects.open_for_answer()``, ``PeriodClose.objects.in_force()``, and ``live_q``/``active_link_q``
for lookups across a relation), and this test scans the code for the raw conditions anywhere else.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("config", "core", "reconcile", "statements", "portal", "system")

# Where the conditions are defined (the querysets and Q helpers) or are part of a table's definition (constraints).
DEFINITIONS = {
    "reconcile/models/imports.py",
    "reconcile/models/matching.py",
    "reconcile/models/rules.py",  # MatchRule.active (a rule in force, not a live link): its constraint and queryset
    "statements/models/statements.py",
}

# A keyword or dict key naming the lookup, in any spelling that reaches the ORM: filter(removed_at__isnull=True),
# Q(removed_at__isnull=True), {"bank_line__removed_at__isnull": True}, f"{side}__removed_at__isnull".
RAW_LOOKUPS = re.compile(r"(^|__)(removed_at__isnull|undone_at__isnull|reopened_at__isnull)$")
OPEN_FOR_ANSWER = "OPEN_FOR_ANSWER"
# MatchLink.active, filtered directly or across a relation (links__active=True).
ACTIVE_LINK = re.compile(r"(^|__)active$")
FILTERS = {"filter", "exclude", "get", "Q", "update_or_create", "get_or_create", "exists"}


def _files() -> list[Path]:
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if "/migrations/" not in rel and rel not in DEFINITIONS:
                found.append(path)
    return found


def _call_name(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _key_text(node: ast.expr | None) -> str | None:
    """A dict key or f-string as text (an f-string's placeholders become empty)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    return None


def raw_filters(source: str, filename: str = "<scan>") -> list[tuple[int, str]]:
    """(line, what) of each raw live-row condition in ``source``."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source, filename=filename)):
        if isinstance(node, ast.keyword) and node.arg:
            if RAW_LOOKUPS.search(node.arg):
                found.append((node.value.lineno, node.arg))
            elif (
                node.arg.endswith("status__in")
                and isinstance(node.value, ast.Name)
                and node.value.id == OPEN_FOR_ANSWER
            ):
                found.append((node.value.lineno, f"{node.arg}={OPEN_FOR_ANSWER}"))
        elif isinstance(node, ast.Call) and _call_name(node) in FILTERS:
            for kw in node.keywords:
                if (
                    kw.arg
                    and ACTIVE_LINK.search(kw.arg)
                    and isinstance(kw.value, ast.Constant)
                    and kw.value.value is True
                ):
                    found.append((kw.value.lineno, f"{kw.arg}=True"))
        elif isinstance(node, ast.Dict):
            for key in node.keys:
                text = _key_text(key)
                if text is not None and RAW_LOOKUPS.search(text):
                    found.append((key.lineno, text))  # type: ignore[union-attr]
    return found


@pytest.mark.parametrize(
    "source",
    [
        "BankLine.objects.filter(account=a, removed_at__isnull=True)",
        "JournalEntry.objects.exclude(removed_at__isnull=False)",
        "Q(bank_line__removed_at__isnull=True)",
        'MatchLink.objects.filter(**{f"{side}__removed_at__isnull": True})',
        'theirs = {"account": a, "removed_at__isnull": True}',
        "Match.objects.filter(undone_at__isnull=True)",
        "BalanceStatement.objects.filter(status__in=OPEN_FOR_ANSWER)",
        "qs.filter(statement__status__in=OPEN_FOR_ANSWER)",
        "MatchLink.objects.filter(active=True, bank_line=b)",
        "JournalEntry.objects.filter(links__active=True)",
        "links.filter(active=True).exists()",
    ],
)
def test_the_scan_finds_each_spelling(source: str) -> None:
    assert raw_filters(source), source


@pytest.mark.parametrize(
    "source",
    [
        "BankLine.objects.live().filter(account=a)",
        "Match.objects.active()",
        "statement.status in OPEN_FOR_ANSWER",  # a state check of one row, not a query
        "MatchLink.objects.filter(match=m).update(active=False)",  # undoing writes the flag
        "Customer.objects.filter(active_from__lte=d)",
    ],
)
def test_the_scan_leaves_the_queryset_spellings(source: str) -> None:
    assert raw_filters(source) == []


def test_no_raw_live_row_filters_outside_the_querysets() -> None:
    files = _files()
    assert len(files) > 100  # the scan reads the tree
    problems = [
        f"{path.relative_to(ROOT)}:{line}: {what}"
        for path in files
        for line, what in raw_filters(path.read_text(encoding="utf-8"), str(path))
    ]
    assert problems == [], (
        "use .live() / .retired() / .live_at() / .active() / .open_for_answer() "
        "or live_q() / active_link_q() instead:\n" + "\n".join(problems)
    )


def test_the_querysets_are_where_the_scan_says() -> None:
    from reconcile.models import BankLine, JournalEntry, Match, MatchLink
    from statements.models import BalanceStatement

    for model, method in (
        (BankLine, "live"),
        (JournalEntry, "live"),
        (BankLine, "retired"),
        (JournalEntry, "live_at"),
        (Match, "active"),
        (MatchLink, "active"),
        (BalanceStatement, "open_for_answer"),
    ):
        assert callable(getattr(model.objects, method)), (model, method)
