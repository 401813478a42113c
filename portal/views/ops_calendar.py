"""The working-day calendar in the product: ops load the State Council's holiday schedule for a year from a file.

The same audited service as the admin site's page and `manage.py workdays load` (statements.services.calendar), so an
ops officer never needs a shell or the admin site for it.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ServiceError
from core.roles import Role
from portal.forms import WorkdaysUploadForm
from portal.permissions import roles_required
from statements.calendar import LOAD_COMMAND
from statements.selectors import calendar_schedule_warnings, workday_calendar
from statements.services.calendar import workdays_load


@roles_required(Role.BANK_OPS)
def workdays(request: HttpRequest) -> HttpResponse:
    form = WorkdaysUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = workdays_load(
                actor=request.user, data=upload.read(), source=upload.name, force=form.cleaned_data["force"]
            )
        except ServiceError as exc:
            form.add_error("file", exc.message)
        else:
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
            for problem in result.problems:
                messages.warning(request, _("Accepted although incomplete: %(problem)s") % {"problem": problem})
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
            "command": LOAD_COMMAND,
        },
    )
