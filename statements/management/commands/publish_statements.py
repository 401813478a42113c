import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.errors import ServiceError
from statements.models import StatementRun
from statements.services.publishing import statement_run_start


class Command(BaseCommand):
    help = "Publish the balance statements of a period (2026-09 or 2026-Q3) for every due account."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--period", required=True)
        parser.add_argument("--as-of", help="balance date for back-fills (default: the period end)")

    def handle(self, *args, **options) -> None:
        as_of = None
        if options["as_of"]:
            try:
                as_of = dt.date.fromisoformat(options["as_of"])
            except ValueError as exc:
                raise CommandError(_("%(value)r is not a date; use YYYY-MM-DD.") % {"value": options["as_of"]}) from exc
        try:
            outcome = statement_run_start(actor=None, period=options["period"], as_of=as_of)
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        run = StatementRun.objects.get(pk=outcome.run.pk)
        self.stdout.write(outcome.message)
        self.stdout.write(
            _(
                "%(period)s: %(created)s statements, %(done)s/%(total)s chunks done; dispatch deadline %(dispatch)s, "
                "SMS deadline %(sms)s."
            )
            % {
                "period": run.period,
                "created": run.statements_created,
                "done": run.chunks_done,
                "total": run.chunks_total,
                "dispatch": run.dispatch_deadline,
                "sms": run.sms_deadline,
            }
        )
