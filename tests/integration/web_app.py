"""The WSGI application of the web servers integration tests start (gunicorn tests.integration.web_app:application).

The portal on the test settings and the environment the test gives (test database, broker, CACHE_URL ...); tasks it
enqueues go to PORTAL_TEST_WORKER_QUEUE when set (a test worker's queue) instead of the shared default queue.
"""

from __future__ import annotations

import os

os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()

if os.environ.get("PORTAL_TEST_WORKER_QUEUE"):
    from config.celery import app

    app.conf.task_default_queue = os.environ["PORTAL_TEST_WORKER_QUEUE"]
