from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.errors import ServiceError
from statements.services.balances import balances_import


class Command(BaseCommand):
    help = "Load period-end balances from core banking: CSV/XLSX account_number,currency,as_of,balance."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        if path.is_dir():
            raise CommandError(_("%(path)s is a folder, not a file: give the file itself.") % {"path": path})
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        try:
            result = balances_import(actor=None, data=path.read_bytes(), filename=path.name)
        except ServiceError as exc:
            # The table reader's refusals already start with the file's name.
            named = exc.message.startswith(path.name)
            raise CommandError(exc.message if named else f"{path.name}: {exc.message}") from exc
        self.stdout.write(f"{path.name}: {result.summary()}")
