"""Services say who acts with core.actors.Actor (issue 21, item 1): no parameter named actor, user or by is typed
``Any`` any more. Read from the source with ``ast``, so a new service typed ``Any`` fails here, not in review."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("core", "reconcile", "statements", "portal", "system", "config")
NAMES = frozenset({"actor", "user", "by", "uploader"})

_ANY = re.compile(r"\bAny\b")


def _sources():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path.relative_to(ROOT).as_posix(), path


def actor_parameters_typed_any(source: str, filename: str = "<test>") -> list[str]:
    """``name (line n)`` for each parameter named actor, user or by whose annotation mentions Any."""
    found = []
    for node in ast.walk(ast.parse(source, filename=filename)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        args = node.args
        for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]:
            if arg is None or arg.arg not in NAMES or arg.annotation is None:
                continue
            if _ANY.search(ast.unparse(arg.annotation)):
                found.append(f"{arg.arg} (line {arg.lineno})")
    return found


def test_the_scan_finds_an_actor_typed_any():
    source = (
        "def f(*, actor: Any, user: 'Any | None' = None, by: Actor, other: Any) -> None: ...\n"
        "async def g(user: typing.Any): ...\n"
    )
    assert actor_parameters_typed_any(source) == ["actor (line 1)", "user (line 1)", "user (line 2)"]


def test_no_actor_user_or_by_parameter_is_typed_any():
    offenders = {
        name: found
        for name, path in _sources()
        if (found := actor_parameters_typed_any(path.read_text(encoding="utf-8"), name))
    }
    assert not offenders, f"type these with core.actors.Actor (or Actor | None for the system): {offenders}"
