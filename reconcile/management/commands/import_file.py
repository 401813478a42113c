from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from core.errors import ServiceError
from core.validators import normalize_credit_code
from reconcile.import_messages import error_rows, import_message
from reconcile.models import Customer, ImportStatus
from reconcile.services.imports import OPENING, import_file


def format_errors(errors: list[dict], total: int) -> str:
    """The rendered problems (``reconcile.import_messages.error_rows``), one a line."""
    lines = [f"  {error['message']}" for error in errors]
    if total > len(errors):
        lines.append("  ... " + translation.gettext("and %(n)s more") % {"n": total - len(errors)})
    return "\n".join(lines)


# Refusals that ask the uploader to choose the account, which the command does with --account.
_ACCOUNT_NOT_NAMED = frozenset({"import.no_account", "import.masked_account"})
# The account is another customer's than --customer's.
_NOT_THE_CUSTOMERS = "import.not_your_account"


class Command(BaseCommand):
    help = "Import a bank statement or ERP bank journal file (all-or-nothing)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")
        parser.add_argument("--kind", required=True, choices=["bank", "journal"])
        parser.add_argument("--account", default="", help="account number, for files that do not name it")
        parser.add_argument("--profile", default="", help="a saved mapping profile name")
        parser.add_argument("--customer", default="", help="credit code of the customer a new account belongs to")
        parser.add_argument(
            "--opening",
            action="store_true",
            help="the file lists opening outstanding items (初始未达账) of the account's first period",
        )
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            choices=[c for c, _ in settings.LANGUAGES],
            help="the language of the summary and the problems (default: %(default)s)",
        )

    def handle(self, *args, **options) -> None:
        with translation.override(options["language"]):
            self._import(options)

    def _import(self, options) -> None:
        path = Path(options["file"])
        if path.is_dir():
            raise CommandError(
                translation.gettext("%(path)s is a folder, not a file: give the file itself.") % {"path": path}
            )
        if not path.is_file():
            raise CommandError(translation.gettext("No such file: %(path)s") % {"path": path})
        customer = None
        if options["customer"]:
            customer = Customer.objects.filter(credit_code=normalize_credit_code(options["customer"])).first()
            if customer is None:
                raise CommandError(
                    translation.gettext("No customer has the credit code %(c)s.") % {"c": options["customer"]}
                )
        try:
            record = import_file(
                actor=None,
                kind=options["kind"],
                data=path.read_bytes(),
                filename=path.name,
                account_number=options["account"],
                profile_name=options["profile"],
                customer=customer,
                source=OPENING if options["opening"] else "command",
            )
        except (ServiceError, ValidationError) as exc:
            raise CommandError(getattr(exc, "message", None) or "; ".join(exc.messages)) from exc
        if record.status != ImportStatus.DONE:
            summary = import_message(record)
            # A refusal of the whole file is stored as its one problem too: print it once, not twice.
            stored = error_rows(record)
            rows = [error for error in stored if error["message"] != summary]
            details = format_errors(rows, record.error_count - (len(stored) - len(rows)))
            key = (record.message_facts or {}).get("key")
            if key in _ACCOUNT_NOT_NAMED:  # the page's words; here: the option
                summary += " " + translation.gettext("Give the account with --account NUMBER.")
            elif key == _NOT_THE_CUSTOMERS and customer is not None:  # "your company" is --customer's here
                summary = translation.gettext(
                    "Account %(number)s is not held by --customer %(code)s (%(name)s): give its holder's credit "
                    "code, or leave out --customer."
                ) % {
                    "number": (record.message_facts.get("params") or {}).get("number", ""),
                    "code": customer.credit_code,
                    "name": customer,
                }
            raise CommandError(f"{path.name}: {summary}" + (f"\n{details}" if details else ""))
        account = record.account.number if record.account else translation.gettext("several accounts")
        self.stdout.write(f"{path.name} -> {account} [{record.format}]: {import_message(record)}")
