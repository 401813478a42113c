"""`manage.py` under the production settings with a variable missing (README "Production": it refuses to start,
naming the variable): one line naming it and exit status 1, not a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "PYTHONPATH", "TMPDIR")}
    keep["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env={**keep, "DJANGO_SETTINGS_MODULE": "config.settings.production", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_missing_variable_is_named_without_a_traceback():
    done = _manage("check", "--deploy")
    assert done.returncode == 1
    assert done.stderr == "Environment variable SECRET_KEY is required but not set.\n"
    assert "Traceback" not in done.stdout + done.stderr


def test_a_malformed_variable_is_named_without_a_traceback():
    done = _manage("migrate", SECRET_KEY="short")
    assert done.returncode == 1
    assert done.stderr == "Environment variable SECRET_KEY must be a random string of at least 50 characters.\n"
