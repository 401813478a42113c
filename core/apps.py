from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    # The admin shows this app's one model, the audit log, under this heading.
    verbose_name = _("Audit trail")
