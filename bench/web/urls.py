"""The project's URLs plus two bench-only views.

* ``/bench/bare/``: returns "ok" through the same middleware (the stack's ceiling; with the client's session cookie
  it is ``bare_session``: session and user loaded as on every signed-in page).
* ``/bench/page-sql/<id>/?lo=LO&hi=HI``: the statement page's **own SQL and bytes without its Python**. The first
  request of a process renders the real page of every id in [LO, HI] twice (the first view of a statement may
  write; the second is the steady state) and records the SQL the second one ran and the bytes it returned (so the
  recording happens in the warm-up, not in the measured runs); every request then runs exactly its id's recorded
  SQL on the same connection (fetching every row) and returns those bytes. What is left between it and
  ``bare_session`` is the page's queries; between it and the real page, the page's Python (view, ORM, template).
  No implementation that issues these queries can serve more pages than this view.
"""

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


_replay: dict[tuple[int, int], tuple[list[str], bytes, str]] = {}


def page_sql(request: HttpRequest, pk: int) -> HttpResponse:
    from portal.views.statements import statement_detail

    user = request.user.pk or 0
    if (user, pk) not in _replay:
        lo, hi = int(request.GET.get("lo", pk)), int(request.GET.get("hi", pk))
        for one in {pk, *range(lo, hi + 1)}:
            statement_detail(request, one)
            with CaptureQueriesContext(connection) as captured:
                response = statement_detail(request, one)
            queries = [q["sql"] for q in captured.captured_queries]
            _replay[(user, one)] = (queries, response.content, response["Content-Type"])
    entry = _replay[(user, pk)]
    with connection.cursor() as cursor:
        for sql in entry[0]:
            cursor.execute(sql)
            if cursor.description is not None:
                cursor.fetchall()
    response = HttpResponse(entry[1], content_type=entry[2])
    response["X-Replayed-Queries"] = str(len(entry[0]))  # checked by the driver: a replay of nothing is no ceiling
    return response


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/page-sql/<int:pk>/", page_sql),
    *project_urlpatterns,
]
