from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.errors import ServiceError
from statements.services.onboarding import agreements_import


class Command(BaseCommand):
    help = (
        "Onboard customers, accounts and agreements from CSV/XLSX (Chinese header names accepted). Required columns: "
        "customer_name, credit_code, account_number, branch, cycle, channel, contact_name, mobile (or contact_phone, 联系电话, in a "
        "file without a mobile column); optional: "
        "currency, address, status, valid_from, postcode, phone, notify_channel, wechat_openid, detail_in_pdf "
        "(yes/no: print the transaction detail in the statement PDF), risk_tier, account_type, status_since. "
        "Without valid_from a first agreement starts with the period just ended. All-or-nothing; re-running "
        "updates, never duplicates."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        if path.is_dir():
            raise CommandError(_("%(path)s is a folder, not a file: give the file itself.") % {"path": path})
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        try:
            result = agreements_import(actor=None, data=path.read_bytes(), filename=path.name)
        except ServiceError as exc:
            # The table reader's refusals already start with the file's name.
            named = exc.message.startswith(path.name)
            raise CommandError(exc.message if named else f"{path.name}: {exc.message}") from exc
        self.stdout.write(f"{path.name}: {result.summary()}")
