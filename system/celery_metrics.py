"""Celery task counts and failures for Prometheus, counted in the process that runs the task.

In production every process writes to ``PROMETHEUS_MULTIPROC_DIR`` (deploy/systemd: the web and worker units share
it) and /metrics sums the files; in the embedded default tasks run in the web process and count there.
"""

from __future__ import annotations

from typing import Any

from prometheus_client import Counter

TASKS = Counter("portal_celery_tasks", "Celery tasks finished, by task and outcome", ["task", "outcome"])


def _name(sender: Any) -> str:
    return getattr(sender, "name", None) or "unknown"


def _succeeded(sender: Any = None, **_: Any) -> None:
    TASKS.labels(_name(sender), "succeeded").inc()


def _failed(sender: Any = None, **_: Any) -> None:
    TASKS.labels(_name(sender), "failed").inc()


def _retried(sender: Any = None, **_: Any) -> None:
    TASKS.labels(_name(sender), "retried").inc()


def connect_celery_signals() -> None:
    from celery.signals import task_failure, task_retry, task_success

    task_success.connect(_succeeded, weak=False, dispatch_uid="system.metrics.success")
    task_failure.connect(_failed, weak=False, dispatch_uid="system.metrics.failure")
    task_retry.connect(_retried, weak=False, dispatch_uid="system.metrics.retry")
