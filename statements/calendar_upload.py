"""A year's working-day schedule uploaded through a page (ops' /ops/workdays/ or the admin): one way to run the
audited loader and tell the officer what it did, shared by both pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _

from core.errors import ServiceError
from statements.services.calendar import removed_sentence, unchanged_sentence, workdays_load


def schedule_upload(request: HttpRequest, form: Any) -> bool:
    """Load the form's file (``file``, ``force``); True when loaded (the messages say what changed), False with the
    refusal on the form's ``file`` field."""
    upload = form.cleaned_data["file"]
    actor = request.user
    if not actor.is_authenticated:  # both pages are for signed-in staff only; this says so to the type checker
        raise PermissionDenied
    try:
        result = workdays_load(actor=actor, data=upload.read(), source=upload.name, force=form.cleaned_data["force"])
    except ServiceError as exc:
        form.add_error("file", exc.message)
        return False
    if same := unchanged_sentence(result, upload.name):
        messages.info(request, same)
        return True
    years = ", ".join(
        _("%(year)s: %(holidays)s holidays, %(workdays)s make-up working days")
        % {"year": y.year, "holidays": y.holidays, "workdays": y.workdays_on_weekends}
        for y in result.years
    )
    messages.success(
        request,
        _("%(name)s: %(created)s new, %(updated)s changed (%(years)s).")
        % {"name": upload.name, "created": result.created, "updated": result.updated, "years": years},
    )
    if replaced := removed_sentence(result):
        messages.info(request, replaced)
    for problem in result.problems:
        messages.warning(request, _("Accepted although incomplete: %(problem)s") % {"problem": problem})
    return True
