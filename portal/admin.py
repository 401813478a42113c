from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from portal.models import RoleGrant, User


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
