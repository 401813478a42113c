"""Heartbeat task: beat sends one to every queue each minute; the worker that takes it records the time."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="system.heartbeat", ignore_result=True)
def heartbeat_task(queue: str) -> None:
    from system.services import heartbeat_record, queue_heartbeat_name

    heartbeat_record(name=queue_heartbeat_name(queue))
