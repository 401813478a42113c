from django.contrib import admin

from statements.models import Agreement


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["account", "cycle", "channel", "contact_name", "valid_from", "valid_to"]
    list_filter = ["cycle", "channel"]
    list_select_related = ["account"]
    search_fields = ["account__number", "contact_name"]

    # Agreements change through audited services (change requests), not by editing rows.
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
