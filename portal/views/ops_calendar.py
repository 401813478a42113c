"""The working-day calendar in the product: ops load the State Council's holiday schedule for a year from a file.

The same audited service as the admin site's page and `manage.py workdays load` (statements.services.calendar), so an
ops officer never needs a shell or the admin site for it.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from core.roles import Role
from portal.forms import WorkdaysUploadForm
from portal.permissions import roles_required
from statements.calendar_upload import schedule_upload
from statements.selectors import calendar_schedule_warnings, workday_calendar


@roles_required(Role.BANK_OPS)
def workdays(request: HttpRequest) -> HttpResponse:
    form = WorkdaysUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if schedule_upload(request, form):
            return redirect("portal:ops-workdays")
    today = timezone.localdate()
    calendar = workday_calendar()
    return render(
        request,
        "portal/ops/workdays.html",
        {
            "form": form,
            "loaded_years": calendar.loaded_years(),
            "missing_warning": calendar.missing_year_warning(today),
            "schedule_warnings": calendar_schedule_warnings(today),
        },
    )
