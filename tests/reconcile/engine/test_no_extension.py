"""The engine without its C extensions (issue 21, item 10).

``_columns.c`` reads CPython's private ``Decimal`` layout. On an interpreter where that layout may differ, where the
extension cannot be loaded, or where its init raises, the engine must import and give the same results with the
Python pass, never crash. Proved three ways: a fresh interpreter with ``ENGINE_PURE_PYTHON=1`` (neither extension
loaded) matching the same data as this process does with them; the import made to fail with an error that is not an
ImportError; and an interpreter whose Decimal is not the expected one (the extension is never asked to read it).
"""

from __future__ import annotations

import importlib
import importlib.abc
import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.engine.generator import generate  # noqa: E402
from reconcile.engine import accel, match, subsets  # noqa: E402

# Matches a generated case and prints the groups and suggestions as JSON, with the state of the extensions.
_SCRIPT = """
import json, sys
sys.path.insert(0, {root!r})
from bench.engine.generator import generate
from reconcile.engine import accel, match, subsets
case = generate({n}, seed={seed})
result = match(case.bank, case.journal, window_days=3, calendar=case.calendar)
print(json.dumps({{
    "columns": accel._columns is not None, "enabled": accel.ENABLED, "subsets": subsets._subsets is not None,
    "groups": [list(g) for g in result.groups], "suggestions": [list(s) for s in result.suggestions],
}}, default=str))
"""


def _as_json(result: object) -> dict:
    return json.loads(
        json.dumps(
            {
                "groups": [list(g) for g in result.groups],  # type: ignore[attr-defined]
                "suggestions": [list(s) for s in result.suggestions],
            },  # type: ignore[attr-defined]
            default=str,
        )
    )


def test_the_engine_without_extensions_gives_the_same_result() -> None:
    n, seed = 1500, 2
    env = {**os.environ, accel.PURE_PYTHON_ENV: "1"}
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT.format(root=str(ROOT), n=n, seed=seed)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    pure = json.loads(done.stdout)
    assert (pure["columns"], pure["enabled"], pure["subsets"]) == (False, False, False)
    # This process has them (test_columns_c.py fails when they were not built).
    assert accel.ENABLED and subsets._subsets is not None
    case = generate(n, seed=seed)
    fast = _as_json(match(case.bank, case.journal, window_days=3, calendar=case.calendar))
    assert fast["groups"]  # the comparison is not between two empty results
    assert {"groups": pure["groups"], "suggestions": pure["suggestions"]} == fast


NAMES = ("reconcile.engine._columns", "reconcile.engine._subsets")


@pytest.fixture
def reload_engine_modules(monkeypatch: pytest.MonkeyPatch):
    """Re-import accel and subsets under the test's conditions; afterwards undo them and re-import the real ones."""
    yield lambda: (importlib.reload(accel), importlib.reload(subsets))
    monkeypatch.undo()
    importlib.reload(accel)
    importlib.reload(subsets)
    assert accel.ENABLED and subsets._subsets is not None


class _FailingFinder(importlib.abc.MetaPathFinder):
    """Makes importing the extensions fail with the given error, as a missing build or a refusing init would."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    def find_spec(self, fullname: str, path: object, target: object = None) -> None:
        if fullname in NAMES:
            raise self.error


def _brute_force(amounts: list[int], target: int, sizes: range) -> list[tuple[int, ...]]:
    return sorted(
        c for k in sizes for c in itertools.combinations(range(len(amounts)), k) if sum(amounts[i] for i in c) == target
    )


@pytest.mark.parametrize(
    "error",
    [ModuleNotFoundError("not built"), SystemError("init refused this interpreter"), OSError("undefined symbol")],
)
def test_an_extension_that_cannot_load_is_left_out(
    error: Exception, monkeypatch: pytest.MonkeyPatch, reload_engine_modules
) -> None:
    import reconcile.engine as package

    for name in NAMES:
        monkeypatch.delitem(sys.modules, name, raising=False)
        monkeypatch.delattr(package, name.rpartition(".")[2], raising=False)
    monkeypatch.setattr(sys, "meta_path", [_FailingFinder(error), *sys.meta_path])
    reload_engine_modules()  # the import does not raise
    assert accel._columns is None and not accel.ENABLED and subsets._subsets is None
    amounts = [300, 200, 500, 100, 250]
    found, complete = subsets.subset_sums(amounts, 600, min_size=2, max_size=3, limit=10)
    assert complete and sorted(found) == _brute_force(amounts, 600, range(2, 4)) != []
    case = generate(300, seed=3)
    assert match(case.bank, case.journal, window_days=3, calendar=case.calendar).groups  # the Python pass matched


def test_an_unexpected_decimal_is_never_read_by_the_extension(
    monkeypatch: pytest.MonkeyPatch, reload_engine_modules
) -> None:
    import decimal

    calls: list[object] = []
    monkeypatch.setattr(decimal, "MAX_PREC", 425_000_000)  # libmpdec's 32-bit configuration: another layout
    real = importlib.import_module("reconcile.engine._columns")

    class Spy:
        def __getattr__(self, name: str) -> object:
            calls.append(name)
            return getattr(real, name)

    reload_engine_modules()
    assert not accel.ENABLED
    monkeypatch.setattr(accel, "_columns", Spy())
    assert accel._layout_ok() is False
    assert calls == []  # refused before any Decimal was handed to the C reading


def test_a_wrong_reading_turns_the_extension_off(monkeypatch: pytest.MonkeyPatch) -> None:
    class Misreading:
        @staticmethod
        def cents(value: object) -> int:
            return 1  # what a shifted layout would read

    monkeypatch.setattr(accel, "_columns", Misreading())
    assert accel._layout_ok() is False

    class Crashing:
        @staticmethod
        def cents(value: object) -> int:
            raise TypeError("bad layout")

    monkeypatch.setattr(accel, "_columns", Crashing())
    assert accel._layout_ok() is False
