"""Modules stay under 500 lines (the house rule, issue 21): a module that grows past it is split into cohesive
modules, as onboarding, the statement API, the name similarity and the engine's C sources were.

Counted: every Python module of the apps, config and the benchmarks, and the C sources of the engine's extension.
Not counted: migrations (generated) and the tests.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("config", "core", "reconcile", "statements", "portal", "system", "bench", "docs")
LIMIT = 500


def _sources() -> list[Path]:
    found = [path for package in PACKAGES for path in (ROOT / package).rglob("*.py") if "migrations" not in path.parts]
    found += sorted((ROOT / "reconcile" / "engine").glob("*.[ch]"))
    return found


def test_the_scan_sees_the_tree() -> None:
    sources = {path.relative_to(ROOT).as_posix() for path in _sources()}
    assert len(sources) > 300
    assert {
        "statements/services/onboarding/apply.py",
        "bench/engine/gen_sepa.py",
        "reconcile/engine/_columns.c",
    } <= sources
    assert not any("/migrations/" in source for source in sources)


def test_every_module_is_under_the_limit() -> None:
    too_long = {}
    for path in _sources():
        with path.open(encoding="utf-8") as handle:
            lines = sum(1 for _ in handle)
        if lines > LIMIT:
            too_long[path.relative_to(ROOT).as_posix()] = lines
    assert too_long == {}, f"split these into cohesive modules of at most {LIMIT} lines: {too_long}"
