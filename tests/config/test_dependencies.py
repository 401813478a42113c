"""The lock files: hashed, layered (the same version of a package everywhere), the runtime without test, benchmark
or SMS tools, each gateway's lock with its own SDK only; a selected gateway without its SDK stops start-up."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from config.env import SMS_SDKS, sms_sdk_missing

ROOT = Path(__file__).resolve().parents[2]
DEV_ONLY = {
    "pytest",
    "pytest-django",
    "hypothesis",
    "playwright",
    "schemathesis",
    "factory-boy",
    "pip-tools",
    "time-machine",
    "pypdf",
    "polib",
    "fonttools",
    "xlwt",
}
BENCH_ONLY = {"bankstatementparser", "pyinstrument"}
SDKS = {"aliyun": "alibabacloud-dysmsapi20170525", "tencent": "tencentcloud-sdk-python-sms", "twilio": "twilio"}


def pins(name: str) -> dict[str, str]:
    text = (ROOT / name).read_text("utf-8")
    found: dict[str, str] = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        match = re.match(r"([A-Za-z0-9_.-]+)==(\S+)", block)
        if not match:
            continue
        assert "--hash=sha256:" in block, f"{name}: {match.group(1)} has no hash"
        found[match.group(1).lower().replace("_", "-")] = match.group(2)
    assert found, name
    return found


def test_runtime_lock_has_no_test_benchmark_or_sms_tools():
    runtime = pins("requirements.lock")
    assert not (set(runtime) & (DEV_ONLY | BENCH_ONLY | set(SDKS.values())))
    assert {"django", "celery", "gunicorn", "reportlab", "django-prometheus", "sentry-sdk"} <= set(runtime)


@pytest.mark.parametrize("gateway", sorted(SDKS))
def test_each_gateway_lock_is_the_runtime_plus_its_own_sdk(gateway):
    runtime, locked = pins("requirements.lock"), pins(f"requirements-{gateway}.lock")
    assert SDKS[gateway] in locked
    others = {sdk for name, sdk in SDKS.items() if name != gateway}
    assert not (set(locked) & (others | DEV_ONLY | BENCH_ONLY))
    assert {name: locked[name] for name in runtime} == runtime


def test_dev_and_bench_locks_extend_the_runtime_with_the_same_versions():
    runtime, dev, bench = pins("requirements.lock"), pins("requirements-dev.lock"), pins("requirements-bench.lock")
    assert DEV_ONLY | set(SDKS.values()) <= set(dev) and not (set(dev) & BENCH_ONLY)
    assert BENCH_ONLY <= set(bench)
    assert {name: dev[name] for name in runtime} == runtime
    assert {name: bench[name] for name in dev} == dev
    for gateway in SDKS:
        locked = pins(f"requirements-{gateway}.lock")
        assert {name: dev[name] for name in locked} == locked


def test_every_declared_dependency_has_a_bounded_range():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    declared = list(project["dependencies"]) + [d for extra in project["optional-dependencies"].values() for d in extra]
    unbounded = [d for d in declared if "<" not in d and "==" not in d and not d.startswith("tzdata")]
    assert unbounded == []
    assert {"aliyun", "tencent", "twilio", "dev", "bench"} <= set(project["optional-dependencies"])
    assert not any(d.lower().startswith(("twilio", "alibabacloud", "tencentcloud")) for d in project["dependencies"])


@pytest.mark.parametrize("gateway", sorted(SMS_SDKS))
def test_a_selected_gateway_without_its_sdk_stops_start_up_naming_the_extra(gateway):
    assert sms_sdk_missing(gateway) is None  # installed here (requirements-dev.lock has all three)
    message = sms_sdk_missing(gateway, find_spec=lambda module: None)
    assert f"SMS_BACKEND={gateway}" in message and f"requirements-{gateway}.lock" in message
    assert f"make install-prod SMS={gateway}" in message
    assert sms_sdk_missing("console", find_spec=lambda module: None) is None


def test_settings_refuse_to_load_without_the_gateways_sdk(tmp_path):
    import os
    import subprocess
    import sys

    # A module that hides the Twilio SDK from the import system, as in an install without the extra.
    (tmp_path / "sitecustomize.py").write_text(
        "import sys\nclass Hide:\n    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'twilio' or name.startswith('twilio.'):\n            raise ModuleNotFoundError(name)\n"
        "sys.meta_path.insert(0, Hide())\n"
    )
    env = dict(
        os.environ, SMS_BACKEND="twilio", PYTHONPATH=str(tmp_path), DJANGO_SETTINGS_MODULE="config.settings.test"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SMS_BACKEND=twilio selects a gateway whose SDK is not installed" in result.stderr
