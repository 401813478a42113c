"""Enqueueing tasks so that a broker outage never fails the request (or the task) that asks for the work.

Every job the portal queues is also a row in the database that says what is left to do: a pending import, a queued
match run, an unfinished publishing chunk, an SMS outbox row. So a message that cannot be sent (the broker is down)
or is lost later (the broker restarted without persistence, a worker died) loses nothing: the job watchdogs
(`reconcile.services.jobs`, `statements.services.jobs`, beat every JOBS_SWEEP_SECONDS) find the rows still waiting
after JOBS_STALL_SECONDS and enqueue them again. That is why there is no outbox of messages: it would record the same
work a second time and still not notice a message the broker accepted and then lost.

In the embedded default (eager tasks) the task runs here and its errors propagate, as a bug should.

Services name the task (``enqueue("reconcile.match_run", run.pk)``) rather than import its module: a tasks module
imports the services it calls, so importing it back from them made import circles (issue 21). The name is looked up
in Celery's registry, which the app's autodiscovery fills with every installed app's ``tasks`` module.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from celery import Task, current_app
from django.db import close_old_connections, connections, transaction

logger = logging.getLogger(__name__)


def task_named(name: str) -> Task:
    """The registered task called ``name`` (its ``@shared_task(name=...)``); KeyError names an unknown one."""
    app = current_app
    if name not in app.tasks:
        app.loader.import_default_modules()  # runs autodiscovery: imports each installed app's tasks module
    return app.tasks[name]


def enqueue(task: Task | str, *args: Any) -> bool:
    """Send the task (or the task of that name); False (logged) when the broker cannot take it now. Never raises for
    a broker fault."""
    if isinstance(task, str):
        task = task_named(task)
    if task.app.conf.task_always_eager:
        task.delay(*args)
        return True
    try:
        task.apply_async(args)
    except Exception:  # kombu, redis and socket errors alike: the watchdog will enqueue the job again
        logger.warning("Could not enqueue %s%r; the job watchdog will retry it", task.name, args, exc_info=True)
        return False
    return True


def enqueue_on_commit(task: Task | str, *args: Any) -> None:
    """Enqueue once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: enqueue(task, *args))


def enqueue_in_thread_when_eager(task: Task | str, *args: Any) -> threading.Thread | None:
    """``enqueue``, except that without a broker (eager tasks) the task runs in a daemon thread of this process, so
    the request that asked for it is answered at once and its progress can be watched (``EAGER_MATCH_RUNS_IN_THREAD``;
    the tests turn it off). Returns the thread, if one was started. With a broker it is ``enqueue``: the worker runs
    it. A thread lost with its process leaves the job's row queued, which the job watchdog sends again."""
    from django.conf import settings

    if isinstance(task, str):
        task = task_named(task)
    if not (task.app.conf.task_always_eager and settings.EAGER_MATCH_RUNS_IN_THREAD):
        enqueue(task, *args)
        return None
    thread = threading.Thread(target=_run_in_thread, args=(task, *args), name=f"eager-{task.name}", daemon=True)
    thread.start()
    return thread


def _run_in_thread(task: Task, *args: Any) -> None:
    close_old_connections()
    try:
        task.delay(*args)
    except Exception:  # the run's row stays queued or running; the watchdog takes it up again
        logger.exception("Task %s%r failed in its thread", task.name, args)
    finally:
        connections.close_all()  # this thread's own connections, not the request's
