"""Print the readiness checks of /readyz for a person, plus what only a shell can see (migrations, settings).

The person reads it in the active language (Chinese by default, as the other commands): the checks' sentences are
said from their message ids (``Check.texts``); check names and the facts in brackets (key=value) stay as /readyz has
them, so a line can be matched with what a monitor shows.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

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
        return Check("migrations", False).say(
            "error", gettext_noop("cannot be read (%(error)s)"), error=type(exc).__name__
        )
    if plan:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _plan in plan[:5])
        return Check("migrations", False).say(
            "error", gettext_noop("%(n)s not applied (%(names)s): run manage.py migrate"), n=len(plan), names=names
        )
    return Check("migrations", True)


def _settings() -> Check:
    problems = []
    if settings.DEBUG:
        problems.append(gettext_noop("DEBUG is on"))
    if settings.SECRET_KEY.startswith("embedded-demo-key"):
        problems.append(gettext_noop("SECRET_KEY is the demo key"))
    if settings.BANK_STAFF_REQUIRE_2FA and not settings.SECOND_FACTOR_ENROLMENT_CODE:
        problems.append(gettext_noop("SECOND_FACTOR_ENROLMENT_CODE is off: a password alone enrols an authenticator"))
    if tasks_are_eager():
        problems.append(gettext_noop("no CELERY_BROKER_URL: tasks run inside the web process"))
    detail = {
        "version": package_version(),
        "settings": settings.SETTINGS_MODULE,
        "log_format": settings.LOG_FORMAT,
        "sentry": "on" if settings.SENTRY_DSN else "off",
    }
    check = Check("settings", True, detail)
    for problem in problems:  # fine on a laptop, not in production: reported, not failed
        check.say("note", problem)
    return check


def _said(check: Check, key: str, value: Any) -> str:
    """A detail's value as the person reads it: its sentences in the active language, a fact as it is."""
    if key in check.texts:
        return _("; ").join(_(message) % values for message, values in check.texts[key])
    return str(value)


class Command(BaseCommand):
    help = (
        "Check what the portal needs to serve: database, cache, broker, each worker queue's heartbeat, beat, "
        "the working-day calendar, disk space, migrations. Exits 1 when something is not fine."
    )

    def handle(self, *args, **options) -> None:
        checks = [_settings(), *run_checks(), _pending_migrations()]
        width = max(len(check.name) for check in checks)
        marks = {True: _("ok"), False: _("FAIL")}
        mark_width = max(len(mark) for mark in marks.values())
        for check in checks:
            detail = dict(check.detail)
            key = next((k for k in ("error", "warning") if detail.get(k)), None)
            message = _said(check, key, detail.pop(key)) if key else ""
            if message and check.name in SHELL_HINTS:
                message += _(", or here: %(command)s") % {"command": SHELL_HINTS[check.name]}
            facts = ", ".join(f"{k}={_said(check, k, value)}" for k, value in detail.items() if value is not None)
            line = f"{marks[check.ok].ljust(mark_width)} {check.name.ljust(width)}  {message}"
            line += f"  ({facts})" if facts else ""
            self.stdout.write(line if check.ok else self.style.ERROR(line))
        failing = [check.name for check in checks if not check.ok]
        if failing:
            raise CommandError(_("not fine: %(checks)s") % {"checks": ", ".join(failing)})
        self.stdout.write(self.style.SUCCESS(_("All checks passed.")))
