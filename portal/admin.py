from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.models import RoleGrant, User
from portal.services.second_factor import open_invite, second_factor_invite_issue


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 0
    readonly_fields = ["role", "granted_at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # roles are granted through `create_user`, which audits the grant


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "customer", "is_active", "is_superuser", "last_login"]
    list_select_related = ["customer"]
    fieldsets = (*BaseUserAdmin.fieldsets, ("Portal", {"fields": ["customer", "mobile"]}))
    inlines = [RoleGrantInline]
    actions = ["issue_enrolment_code"]

    @admin.action(
        description=gettext_lazy("Issue an authenticator enrolment code (removes an enrolled app)"),
        permissions=["change"],
    )
    def issue_enrolment_code(self, request, queryset) -> None:
        # The code is shown once, to the administrator who hands it over; it is stored only as an HMAC.
        for user in queryset:
            code = second_factor_invite_issue(actor=request.user, user=user)
            invite = open_invite(user)
            when = timezone.localtime(invite.expires_at).isoformat(timespec="minutes") if invite else ""
            self.message_user(
                request,
                _("Enrolment code for %(username)s: %(code)s (single use, expires %(when)s; shown only now).")
                % {"username": user.username, "code": code, "when": when},
                messages.WARNING,
            )
