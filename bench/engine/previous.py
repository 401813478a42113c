"""The engine as it is at another git revision (default ``main``), importable beside the current one.

``load(ref)`` exports ``reconcile/engine`` of that revision into ``/tmp/bench-engine-<sha>/engine_<sha>/`` (once),
compiles its C extensions (``_columns``, ``_subsets``) from their sources with the same flags as ``setup.py`` and imports it as a separate package, so the
benchmarks can run the previous and the current engine side by side in one process on the same data. The engine
package uses only relative imports, so the copy is self-contained. Only files under ``/tmp`` are written.
"""

from __future__ import annotations

import importlib
import io
import subprocess
import sys
import sysconfig
import tarfile
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def load(ref: str = "main") -> ModuleType:
    sha = subprocess.run(
        ["git", "rev-parse", "--short=10", ref], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    base = Path(f"/tmp/bench-engine-{sha}")
    pkg = base / f"engine_{sha}"
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    if not (pkg / f"_columns{suffix}").exists():
        archive = subprocess.run(
            ["git", "archive", sha, "reconcile/engine"], cwd=ROOT, check=True, capture_output=True
        ).stdout
        base.mkdir(parents=True, exist_ok=True)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(base / "src", filter="data")
        (base / "src/reconcile/engine").rename(pkg) if not pkg.exists() else None
        for stale in [*pkg.glob("_columns*.so"), *pkg.glob("_subsets*.so")]:
            stale.unlink()
        cc = sysconfig.get_config_var("CC") or "cc"
        # The extensions as setup.py builds them: each from its sources that this revision has (``_columns_groups.c``,
        # ``_columns_find.c`` and ``_subsets*.c`` came later than ``_columns.c``; compiling ``_columns.c`` alone no
        # longer links).
        for ext, sources in (
            ("_subsets", ("_subsets.c", "_subsets_runs.c", "_subsets_window.c")),
            ("_columns", ("_columns.c", "_columns_groups.c", "_columns_find.c")),
        ):
            present = [str(pkg / src) for src in sources if (pkg / src).exists()]
            if not present:
                continue
            subprocess.run(
                [
                    *cc.split(),
                    "-O2",
                    "-Wall",
                    "-fPIC",
                    "-shared",
                    f"-I{sysconfig.get_path('include')}",
                    *present,
                    "-o",
                    str(pkg / f"{ext}{suffix}"),
                ],
                check=True,
            )
    if str(base) not in sys.path:
        sys.path.insert(0, str(base))
    module = importlib.import_module(f"engine_{sha}")
    accel = importlib.import_module(f"engine_{sha}.accel")
    if not accel.ENABLED:
        raise RuntimeError(f"the C pass of {ref} ({sha}) did not load")
    module.REVISION = sha  # type: ignore[attr-defined]
    return module
