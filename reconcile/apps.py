from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReconcileConfig(AppConfig):
    name = "reconcile"
    verbose_name = _("Books and reconciliation")

    def ready(self) -> None:
        from django.utils.translation import gettext, ngettext

        from core.tabular import use_reader
        from reconcile.parsers.messages import use_translator
        from reconcile.sheet_reader import SheetReader

        # The parsers state their messages as facts (reconcile.parsers.messages); rendered here, they are in the
        # language of the page, API request or command that shows them.
        use_translator(gettext, ngettext)
        # Uploaded tables (core.tabular: agreements, balances, the working-day calendar) are read as bank files are.
        use_reader(SheetReader())
