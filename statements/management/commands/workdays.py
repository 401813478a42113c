import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ServiceError
from statements.calendar import LOAD_COMMAND, YearNotLoaded, beijing_day
from statements.selectors import calendar_schedule_warnings, workday_calendar
from statements.services.calendar import removed_sentence, unchanged_sentence, workdays_load


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(_("%(value)r is not a date; use YYYY-MM-DD.") % {"value": value}) from exc


class Command(BaseCommand):
    help = "Working days on the official Chinese calendar: load a schedule, add working days, check a date."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="load a date,kind table, CSV or Excel (kind = holiday | workday)")
        load.add_argument("file")
        load.add_argument(
            "--force",
            action="store_true",
            help="accept a schedule that does not look complete (recorded, shown on the ops dashboard)",
        )
        add = sub.add_parser("add", help="print the date N working days after DATE")
        add.add_argument("date")
        add.add_argument("n", type=int)
        check = sub.add_parser("is-workday", help="print true or false")
        check.add_argument("date")
        sub.add_parser("status", help="which years are loaded")

    def handle(self, *args, **options) -> None:
        action = options["action"]
        try:
            if action == "load":
                path = Path(options["file"])
                if path.is_dir():
                    raise CommandError(_("%(path)s is a folder, not a file: give the file itself.") % {"path": path})
                if not path.is_file():
                    raise CommandError(_("No such file: %(path)s") % {"path": path})
                result = workdays_load(actor=None, data=path.read_bytes(), source=path.name, force=options["force"])
                self.stdout.write(
                    unchanged_sentence(result, path.name)
                    or _("Loaded %(name)s: %(created)s new, %(updated)s changed, %(unchanged)s unchanged.")
                    % {
                        "name": path.name,
                        "created": result.created,
                        "updated": result.updated,
                        "unchanged": result.unchanged,
                    }
                )
                for year in result.years:
                    self.stdout.write(
                        "  "
                        + _(
                            "%(year)s: %(holidays)s holidays (%(weekday_holidays)s on weekdays), %(workdays)s working"
                            " days (%(weekend_workdays)s make-up days on weekends)"
                        )
                        % {
                            "year": year.year,
                            "holidays": year.holidays,
                            "weekday_holidays": year.holidays_on_weekdays,
                            "workdays": year.workdays,
                            "weekend_workdays": year.workdays_on_weekends,
                        }
                    )
                if replaced := removed_sentence(result):
                    self.stdout.write("  " + replaced)
                for problem in result.problems:
                    self.stdout.write("  " + _("accepted with --force although: %(problem)s") % {"problem": problem})
            elif action == "add":
                if options["n"] < 0:
                    raise CommandError(_("N must be 0 or more."))
                self.stdout.write(workday_calendar().add_workdays(_date(options["date"]), options["n"]).isoformat())
            elif action == "is-workday":
                self.stdout.write("true" if workday_calendar().is_workday(_date(options["date"])) else "false")
            else:
                calendar = workday_calendar()
                years = calendar.loaded_years()
                self.stdout.write(
                    _("Loaded years: %(first)s–%(last)s") % {"first": years[0], "last": years[-1]}
                    if years
                    else _("No year loaded.")
                )
                # The agreement's days are Beijing days whatever the server's clock zone says.
                today = beijing_day(timezone.now())
                warning = calendar.missing_year_warning(today)
                if warning:  # its text names the ops page; at a shell, the command too
                    self.stdout.write(f"{warning} ({LOAD_COMMAND})")
                for problem in calendar_schedule_warnings(today):
                    self.stdout.write(_("Not a complete schedule: %(problem)s") % {"problem": problem})
        except YearNotLoaded as exc:  # its message names the ops page; at a shell, the command too
            raise CommandError(f"{exc.message} ({LOAD_COMMAND})") from exc
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
