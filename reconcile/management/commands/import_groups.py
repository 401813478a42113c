"""集团: set parent companies from a table (CSV or Excel) of subsidiary_credit_code,parent_credit_code (all or nothing,
audited)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.errors import ServiceError
from reconcile.services.groups import groups_import


class Command(BaseCommand):
    help = (
        "Set each subsidiary's parent company from a CSV or Excel file with the columns subsidiary_credit_code and "
        "parent_credit_code (an empty parent takes the subsidiary out of its group). All rows or none."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except FileNotFoundError as exc:  # strerror is the system's English ("No such file or directory")
            raise CommandError(_("Cannot read %(path)s: there is no such file.") % {"path": options["file"]}) from exc
        except IsADirectoryError as exc:  # the system's words are English ("Is a directory")
            raise CommandError(
                _("%(path)s is a folder, not a file: give the file itself.") % {"path": options["file"]}
            ) from exc
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(path)s: %(error)s") % {"path": options["file"], "error": exc.strerror}
            ) from exc
        try:
            changed = groups_import(actor=None, data=data, filename=path.name)
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(_("%(n)s subsidiaries changed their parent.") % {"n": changed})
