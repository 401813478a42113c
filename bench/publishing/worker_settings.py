"""Bench-only settings for ``bench/publishing/bench_workers.py``: the production settings, PDFs and SMS sending parked.

The driver sets what production requires in the environment (a random ``SECRET_KEY``, ``ALLOWED_HOSTS``, ``DATABASE_URL``
= the bench's PostgreSQL database, ``CELERY_BROKER_URL`` = the local Redis on a database number of the bench's own, a
demo PKCS#12 signing identity). One difference from production, and why:

* ``CELERY_TASK_ROUTES`` sends the two tasks a published chunk enqueues after its commit (``statements.render_pdfs``
  and ``statements.sms_send_due``) to a queue no worker consumes: the benchmark measures publishing, PDFs excluded
  (as ``bench_publish.py``), and the driver reads that queue afterwards to check that every statement id was handed
  to the PDF task exactly once.

Everything else (persistent connections, acks_late, prefetch 1, JSON logs, the audit chain's shards) is production
as configured.
"""

import os

from config.settings.production import *  # noqa: F403

PARKED_QUEUE = os.environ.get("BENCH_PARKED_QUEUE", "bench-parked")
CELERY_TASK_ROUTES = {
    "statements.render_pdfs": {"queue": PARKED_QUEUE},
    "statements.sms_send_due": {"queue": PARKED_QUEUE},
}
