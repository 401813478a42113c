"""Documents clients upload: a disagreement's attachment and the signed request to change the channel.

Served to bank staff and to the company that uploaded them, through the same scoping as the statements (another
customer's document is a 404, like none). Always as a download of its own type (Content-Disposition: attachment,
nosniff): a PDF or picture a client made must not open as a page of the portal. The stored path comes from our own
upload code; it is still resolved and checked to lie under MEDIA_ROOT.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest

from reconcile.selectors import get_scoped_or_404
from statements.models import AgreementChangeRequest, Confirmation
from statements.selectors import statements_for

# The types the upload forms accept (portal.forms._DOCUMENT_MAGIC checks their first bytes).
DOCUMENT_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xls": "application/vnd.ms-excel",
}


def _download(relative: str, name: str) -> FileResponse:
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / relative).resolve() if relative else root
    content_type = DOCUMENT_TYPES.get(path.suffix.lower())
    if not relative or root not in path.parents or content_type is None or not path.is_file():
        raise Http404("No such document.")
    response = FileResponse(
        open(path, "rb"), as_attachment=True, filename=f"{name}{path.suffix.lower()}", content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def answer_attachment(request: HttpRequest, pk: int) -> FileResponse:
    answers = Confirmation.objects.filter(statement__in=statements_for(request.user)).select_related("statement")
    try:
        answer = answers.get(pk=pk)
    except Confirmation.DoesNotExist as exc:
        raise Http404("No such document.") from exc
    statement = answer.statement
    return _download(answer.attachment, f"{statement.number}-v{statement.version}-answer-{answer.pk}")


@login_required
def change_request_document(request: HttpRequest, pk: int) -> FileResponse:
    change = get_scoped_or_404(AgreementChangeRequest.objects.select_related("account"), request.user, pk=pk)
    return _download(change.written_request, f"change-request-{change.account.number}-{change.pk}")
