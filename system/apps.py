from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SystemConfig(AppConfig):
    """Running the portal: health and readiness, metrics, request ids in logs, heartbeats, backup and restore.

    Sits above the other apps (it reads statements and reconcile to report on them); nothing imports it but the
    URLconf, the settings (logging, middleware) and the Celery beat scheduler.
    """

    name = "system"
    verbose_name = _("System")

    def ready(self) -> None:
        from system import celery_metrics
        from system import logging as request_logging

        request_logging.connect_signals()
        celery_metrics.connect_celery_signals()
