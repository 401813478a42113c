"""Without a broker (the embedded default: the demo, laptops) Celery builds a producer for each eager task whose
connection to nowhere warned "No hostname was supplied. Reverting to default 'localhost'" into every demo
command's output. That warning is silenced there, and only there: with a broker kombu's warnings still show."""

from __future__ import annotations

import logging

from django.conf import settings


def test_kombu_connection_warnings_are_silenced_only_without_a_broker():
    kombu = logging.getLogger("kombu.connection")
    if settings.CELERY_TASK_ALWAYS_EAGER:
        assert not kombu.isEnabledFor(logging.WARNING)
    else:
        assert kombu.isEnabledFor(logging.WARNING)
    assert kombu.isEnabledFor(logging.ERROR)
