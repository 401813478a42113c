"""docs/design.md names modules, paths, models and services: each must exist, so the design cannot drift from the
code unnoticed (it did: the old design described an AdjustmentTable model the product never had)."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]
DESIGN = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
TICKED = re.findall(r"`([^`\n]+)`", DESIGN)


def _resolves(dotted: str) -> bool:
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            if not hasattr(target, name):
                return False
            target = getattr(target, name)
        return True
    return False


def test_every_path_the_design_names_exists():
    paths = [t for t in TICKED if re.fullmatch(r"[a-z_]+(/[a-z_0-9.]+)+/?", t) and not t.startswith("api/")]
    assert paths, "the design names no path"
    assert [p for p in paths if not (ROOT / p).exists()] == []


def test_every_module_and_function_the_design_names_exists():
    dotted = [t for t in TICKED if re.fullmatch(r"(core|reconcile|statements|portal|system)(\.[A-Za-z_]+)+", t)]
    assert dotted, "the design names no module"
    assert [d for d in dotted if not _resolves(d)] == []


def test_every_model_of_the_domain_table_exists():
    table = DESIGN.split("## 3. Domain objects", 1)[1].strip().split("\n\n", 1)[0]
    names = {name for row in table.splitlines()[2:] for name in re.findall(r"`(\w+)`", row.split("|")[1])}
    models = {model.__name__ for model in apps.get_models()}
    assert names and sorted(names - models) == []


def test_every_service_the_design_names_exists():
    """Backticked `<thing>_<verb>` names the design gives as services are functions of some services module."""
    import pkgutil

    known = set()
    for app in ("reconcile", "statements", "portal"):
        package = importlib.import_module(f"{app}.services")
        modules = [package] + [
            importlib.import_module(info.name)
            for info in pkgutil.walk_packages(package.__path__, prefix=f"{app}.services.")
        ]
        known |= {name for module in modules for name in dir(module)}
    services = DESIGN.split("* `services/`", 1)[1].split("\n* ", 1)[0]
    named = set(re.findall(r"`([a-z]+(?:_[a-z]+)+)`", services))
    assert named and sorted(named - known) == []
