"""Celery beat's scheduler, recording its own loop in the heartbeat table (``CELERY_BEAT_SCHEDULER``).

Beat has no signal per tick; a stopped beat sends no heartbeat task either, so /readyz could not tell a dead beat
from a dead worker without this row.
"""

from __future__ import annotations

import logging
import time

from celery.beat import PersistentScheduler

log = logging.getLogger(__name__)

RECORD_EVERY = 15.0  # seconds: the loop ticks far more often than /readyz needs to know


class HeartbeatScheduler(PersistentScheduler):
    _last_record = 0.0

    def tick(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        now = time.monotonic()
        if now - self._last_record >= RECORD_EVERY:
            self._last_record = now
            try:
                from django.db import close_old_connections, connection

                from system.services import BEAT, heartbeat_record

                if not connection.in_atomic_block:
                    close_old_connections()  # beat keeps one connection for days; a restarted database drops it
                heartbeat_record(name=BEAT)
            except Exception:  # noqa: BLE001 - a database outage must not stop the schedule itself
                log.exception("beat could not record its heartbeat")
        return super().tick(*args, **kwargs)
