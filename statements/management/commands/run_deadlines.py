import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.errors import ServiceError
from statements.calendar import beijing_day
from statements.services.confirmations import deadlines_sweep
from statements.services.reminders import reminders_queue


class Command(BaseCommand):
    help = "Deem confirmed every statement whose due date passed unanswered, and queue today's reminders."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--as-of", help="the day to run for (YYYY-MM-DD, default today, Beijing time)")
        parser.add_argument(
            "--allow-future",
            action="store_true",
            help="run for a day after today (demos and rehearsals only: it deems confirmed what is not yet due)",
        )

    def handle(self, *args, **options) -> None:
        try:
            as_of = dt.date.fromisoformat(options["as_of"]) if options["as_of"] else beijing_day(timezone.now())
        except ValueError as exc:
            raise CommandError(_("%(value)r is not a date; use YYYY-MM-DD.") % {"value": options["as_of"]}) from exc
        today = beijing_day(timezone.now())
        # Deemed agreement is a legal fact: a mistyped year must not deem a whole quarter agreed before its due date.
        if as_of > today and not options["allow_future"]:
            raise CommandError(
                _(
                    "%(day)s is after today (%(today)s): statements not yet due would be deemed confirmed. "
                    "Give --allow-future only for a demo or a rehearsal."
                )
                % {"day": as_of, "today": today}
            )
        try:
            deemed = deadlines_sweep(as_of=as_of)
            queued = reminders_queue(today=as_of)
        except ServiceError as exc:  # including YearNotLoaded
            raise CommandError(exc.message) from exc
        # The counts in the command's language (the keys are codes: reminder, last_reminder, held).
        labels = {
            "reminder": _("reminder"),
            "last_reminder": _("last reminder"),
            "held": _("held until the working-day calendar is loaded"),
        }
        # A fixed order (the service's dict differs by path), so two runs print their counts alike.
        order = [key for key in labels if key in {str(k) for k in queued}]
        order += [str(key) for key in queued if str(key) not in labels]
        by_name = {str(key): n for key, n in queued.items()}
        counts = _(", ").join(f"{labels.get(key, key)} {by_name[key]}" for key in order)
        self.stdout.write(
            ngettext(
                "%(day)s: %(deemed)s statement deemed confirmed; reminders queued: %(queued)s",
                "%(day)s: %(deemed)s statements deemed confirmed; reminders queued: %(queued)s",
                deemed,
            )
            % {"day": as_of, "deemed": deemed, "queued": counts}
        )
