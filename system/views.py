"""/healthz (alive), /readyz (can do its work: database, cache, broker, workers, beat, calendar, disk), /readyz/web
(can serve pages: database, cache, disk; what a load balancer probes), /metrics.

No login on any of them, so nothing secret in them: /readyz names what is wrong, never a host, user or value;
/metrics is for the address list or the token in ``METRICS_ALLOWED_IPS`` / ``METRICS_TOKEN``.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest, multiprocess
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4

from system.checks import readiness
from system.metrics import business_collector

_business_registry = CollectorRegistry(auto_describe=False)
_business_registry.register(business_collector)

# Headers a reverse proxy adds: a request carrying one came through it, so its REMOTE_ADDR is the proxy's own.
_FORWARDED = ("HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_FORWARDED")


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers. Touches nothing else, so a database outage never restarts the web server."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    return _readiness_response(*readiness())


@never_cache
@require_GET
def readyz_web(request: HttpRequest) -> JsonResponse:
    return _readiness_response(*readiness(web=True))


def _readiness_response(ok: bool, body: dict[str, Any]) -> JsonResponse:
    response = JsonResponse(body, status=200 if ok else 503, json_dumps_params={"ensure_ascii": False})
    # Each failing check was logged once as a warning; without this Django logs every probe's 503 as an ERROR
    # (and error reporting would receive one event per probe for as long as an outage lasts).
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


def metrics_allowed(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    if token:
        given = request.headers.get("Authorization", "")
        if given.startswith("Bearer ") and hmac.compare_digest(given[7:].encode(), token.encode()):
            return True
    if any(request.META.get(header) for header in _FORWARDED):
        return False  # through the proxy: REMOTE_ADDR is the proxy's loopback, not the caller's
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(net, strict=False) for net in settings.METRICS_ALLOWED_IPS)


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    if not metrics_allowed(request):
        return HttpResponse("forbidden\n", status=403, content_type="text/plain")
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Several gunicorn and Celery processes: sum what each wrote to the shared directory.
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    body = generate_latest(registry) + generate_latest(_business_registry)
    # The classic text format: what every Prometheus 2.x (Debian 12 ships 2.42) reads.
    return HttpResponse(body, content_type=CONTENT_TYPE_PLAIN_0_0_4)
