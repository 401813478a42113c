"""Print the readiness checks of /readyz for a person, plus what only a shell can see (migrations, settings)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from config.observability import package_version
from statements.calendar import LOAD_COMMAND
from system.checks import Check, run_checks, tasks_are_eager

# What the person at the shell can run for a check that is not fine (the checks' own texts name the product's pages,
# read in browsers through /readyz).
SHELL_HINTS = {"calendar": LOAD_COMMAND}


def _pending_migrations() -> Check:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:  # noqa: BLE001
        return Check("migrations", False, {"error": f"cannot be read ({type(exc).__name__})"})
    if plan:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _ in plan[:5])
        return Check("migrations", False, {"error": f"{len(plan)} not applied ({names}): run manage.py migrate"})
    return Check("migrations", True)


def _settings() -> Check:
    problems = []
    if settings.DEBUG:
        problems.append("DEBUG is on")
    if settings.SECRET_KEY.startswith("embedded-demo-key"):
        problems.append("SECRET_KEY is the demo key")
    if tasks_are_eager():
        problems.append("no CELERY_BROKER_URL: tasks run inside the web process")
    detail = {
        "version": package_version(),
        "settings": settings.SETTINGS_MODULE,
        "log_format": settings.LOG_FORMAT,
        "sentry": "on" if settings.SENTRY_DSN else "off",
    }
    if problems:
        detail["note"] = "; ".join(problems)  # fine on a laptop, not in production: reported, not failed
    return Check("settings", True, detail)


class Command(BaseCommand):
    help = (
        "Check what the portal needs to serve: database, cache, broker, each worker queue's heartbeat, beat, "
        "the working-day calendar, disk space, migrations. Exits 1 when something is not fine."
    )

    def handle(self, *args, **options) -> None:
        checks = [_settings(), *run_checks(), _pending_migrations()]
        width = max(len(check.name) for check in checks)
        for check in checks:
            detail = dict(check.detail)
            message = detail.pop("error", None) or detail.pop("warning", None) or ""
            if message and check.name in SHELL_HINTS:
                message += f", or here: {SHELL_HINTS[check.name]}"
            facts = ", ".join(f"{key}={value}" for key, value in detail.items() if value is not None)
            mark = "ok  " if check.ok else "FAIL"
            line = f"{mark} {check.name.ljust(width)}  {message}{'  (' + facts + ')' if facts else ''}"
            self.stdout.write(line if check.ok else self.style.ERROR(line))
        failing = [check.name for check in checks if not check.ok]
        if failing:
            raise CommandError(f"not fine: {', '.join(failing)}")
        self.stdout.write(self.style.SUCCESS("All checks passed."))
