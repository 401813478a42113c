"""Views that lose their database connection, for tests/portal/test_faults.py (the portal's URLs, plus these)."""

from __future__ import annotations

from django.db import IntegrityError, OperationalError
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

calls: dict[str, int] = {}


class Shutdown(Exception):
    """Stands for psycopg's AdminShutdown: what a terminated backend raises."""

    sqlstate = "57P01"


def _lost() -> OperationalError:
    try:
        raise Shutdown("terminating connection due to administrator command")
    except Shutdown as cause:
        error = OperationalError("terminating connection due to administrator command")
        error.__cause__ = cause
        return error


def _counted(name: str, failures: int, error=_lost):
    @csrf_exempt
    def view(request):
        calls[name] = calls.get(name, 0) + 1
        if calls[name] <= failures:
            raise error()
        return HttpResponse(f"{name} ok")

    return view


urlpatterns = [
    path("fault/once/", _counted("once", 1)),
    path("fault/always/", _counted("always", 99)),
    path("api/v1/fault/always/", _counted("api", 99)),
    path("fault/integrity/", _counted("integrity", 99, lambda: IntegrityError("duplicate key"))),
    path("", include("config.urls")),
]
