from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatementsConfig(AppConfig):
    name = "statements"
    verbose_name = _("Balance statements and confirmation")

    def ready(self) -> None:
        from core.audit_checks import register
        from statements import checks  # noqa: F401  (registers the deployment checks)
        from statements.services.answer_verify import signed_answers_verify

        register("signed answers", signed_answers_verify, label=_("signed answers"))
