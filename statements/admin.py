from django.contrib import admin

from statements.models import Agreement


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = [
        "account",
        "cycle",
        "channel",
        "contact_name",
        "phone",
        "postcode",
        "detail_in_pdf",
        "notify_channel",
        "valid_from",
        "valid_to",
    ]
    # notify_channel's choices are the notification registry's (statements/notify/registry.py).
    list_filter = ["cycle", "channel", "detail_in_pdf", "notify_channel"]
    list_select_related = ["account"]
    search_fields = ["account__number", "contact_name"]

    # Agreements change through audited services (change requests), not by editing rows.
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


from django import forms  # noqa: E402
from django.contrib import messages  # noqa: E402
from django.shortcuts import redirect, render  # noqa: E402
from django.urls import path  # noqa: E402
from django.utils.translation import gettext as _  # noqa: E402
from django.utils.translation import gettext_lazy  # noqa: E402

from core.errors import ServiceError  # noqa: E402
from statements.calendar_upload import schedule_upload  # noqa: E402
from statements.models import WorkdayOverride  # noqa: E402
from statements.selectors import calendar_schedule_warnings, workday_calendar  # noqa: E402


class ScheduleUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV or Excel file with the columns date,kind (kind = holiday or workday)")
    )
    force = forms.BooleanField(
        required=False,
        label=gettext_lazy(
            "Accept although incomplete (only if the State Council's schedule really is so; recorded and shown on the "
            "operations dashboard)"
        ),
    )


@admin.register(WorkdayOverride)
class WorkdayOverrideAdmin(admin.ModelAdmin):
    """The override table: next year's official schedule and emergency changes. Loaded from CSV through the
    audited service (the same one `manage.py workdays load` uses); rows are not edited one by one."""

    list_display = ["date", "kind", "note", "created_at"]
    list_filter = ["kind"]
    date_hierarchy = "date"
    change_list_template = "admin/statements/workdayoverride/change_list.html"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_urls(self):
        return [
            path("load/", self.admin_site.admin_view(self.load_view), name="statements_workdayoverride_load"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        import datetime as dt

        calendar = workday_calendar()
        extra = {
            "loaded_years": calendar.loaded_years(),
            "missing_warning": calendar.missing_year_warning(dt.date.today()),
            "schedule_warnings": calendar_schedule_warnings(dt.date.today()),
        } | (extra_context or {})
        return super().changelist_view(request, extra_context=extra)

    def load_view(self, request):
        form = ScheduleUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            if schedule_upload(request, form):
                return redirect("admin:statements_workdayoverride_changelist")
        return render(
            request,
            "admin/statements/workdayoverride/load.html",
            {
                **self.admin_site.each_context(request),
                "form": form,
                "title": _("Load a working-day schedule"),
                "opts": self.model._meta,
            },
        )


from statements.models import AnswerKey, KeyStatus  # noqa: E402
from statements.services.answer_signing import answer_key_approve, answer_key_revoke  # noqa: E402


@admin.register(AnswerKey)
class AnswerKeyAdmin(admin.ModelAdmin):
    """Companies' answer signing keys: registered with ``register_answer_key``; approved and revoked here through the
    audited services (rows are never edited or deleted: the answers they signed keep pointing at them)."""

    list_display = ["key_id", "customer", "name", "algorithm", "status", "created_at", "revoked_at"]
    list_filter = ["status", "algorithm"]
    list_select_related = ["customer"]
    search_fields = ["key_id", "customer__legal_name", "customer__credit_code", "fingerprint"]
    readonly_fields = [
        "key_id",
        "customer",
        "name",
        "algorithm",
        "public_key",
        "fingerprint",
        "status",
        "created_at",
        "created_by",
        "approved_by",
        "approved_at",
        "revoked_at",
        "revoked_reason",
    ]
    actions = ["approve_keys", "revoke_keys"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=gettext_lazy("Approve the selected keys"))
    def approve_keys(self, request, queryset) -> None:
        for key in queryset.filter(status=KeyStatus.PENDING):
            try:
                answer_key_approve(actor=request.user, key_id=key.key_id)
            except ServiceError as exc:
                self.message_user(request, f"{key.key_id}: {exc.message}", messages.ERROR)

    @admin.action(description=gettext_lazy("Revoke the selected keys (signed answers with them stop at once)"))
    def revoke_keys(self, request, queryset) -> None:
        for key in queryset.exclude(status=KeyStatus.REVOKED):
            answer_key_revoke(actor=request.user, key_id=key.key_id, reason=f"revoked in the admin by {request.user}")
