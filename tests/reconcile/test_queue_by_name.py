"""Services enqueue tasks by name (reconcile.queue), so they need not import the tasks modules that import them.

A name must resolve in a process that has imported no tasks module yet (a web worker that has only served pages):
Celery's autodiscovery loads them on the first lookup.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reconcile.queue import task_named

ROOT = Path(__file__).resolve().parents[2]

_SCRIPT = """
import sys
import django
django.setup()
loaded = sorted(name for name in ("reconcile.tasks", "statements.tasks") if name in sys.modules)
from reconcile.queue import task_named
print(loaded, task_named("statements.sms_send_due").name, task_named("reconcile.match_run").name)
"""


def test_a_task_name_resolves_before_any_tasks_module_was_imported() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["[]", "statements.sms_send_due", "reconcile.match_run"]


def test_the_named_task_is_the_registered_object() -> None:
    from reconcile.tasks import import_process_task

    # shared_task gives a proxy of the registered task: patching either patches the one object.
    assert task_named("reconcile.import_process") is import_process_task._get_current_object()


def test_an_unknown_task_name_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        task_named("reconcile.no_such_task")
