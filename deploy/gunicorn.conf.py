"""gunicorn settings for deploy/systemd/bankrec-portal-web.service (values from the environment file)."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")  # nginx in front; never exposed directly
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
# An upload is parsed in the request (Excel in a child capped at IMPORT_EXCEL_SECONDS, 120 s by default).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "150"))
graceful_timeout = 30
max_requests = 2000  # recycle workers now and then (memory of large imports)
max_requests_jitter = 200
# X-Forwarded-Proto from nginx on this host (SECURE_PROXY_SSL_HEADER); the client address is X-Real-IP, read by
# the portal, not by gunicorn.
forwarded_allow_ips = "127.0.0.1,::1"
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(L)ss request_id=%({x-request-id}i)s'
errorlog = "-"


def child_exit(server, worker):  # noqa: ANN001 - gunicorn's hook signature
    # Prometheus multiprocess mode: a dead worker's live gauges must stop counting.
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
