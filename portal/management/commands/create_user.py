from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.validators import normalize_credit_code
from portal.models import Role
from portal.services.users import user_ensure
from reconcile.models import Customer


def _messages(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items())
    return " ".join(exc.messages)


class Command(BaseCommand):
    help = "Create a portal user (idempotent): company users need --customer, bank staff do not."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--role", action="append", required=True, choices=Role.values, help="role to grant; repeat for several"
        )
        parser.add_argument("--customer", help="the customer's unified social credit code")
        parser.add_argument("--password", required=True)
        parser.add_argument("--first-name", help="given name (名), printed with the family name on documents")
        parser.add_argument("--last-name", help="family name (姓)")
        parser.add_argument("--mobile", help="the registered mobile the codes that sign answers are sent to")

    def handle(self, *args, **options) -> None:
        customer = None
        if options["customer"]:
            code = normalize_credit_code(options["customer"])
            customer = Customer.objects.filter(credit_code=code).first()
            if customer is None:
                raise CommandError(
                    _("No customer with credit code %(code)s; create the customer first.") % {"code": code}
                )
        try:
            user, created = user_ensure(
                actor=None,
                username=options["username"],
                roles=options["role"],
                password=options["password"],
                customer=customer,
                first_name=options["first_name"],
                last_name=options["last_name"],
                mobile=options["mobile"],
            )
        except ValidationError as exc:
            raise CommandError(_messages(exc)) from exc
        done = (
            _("Created user %(username)s with roles %(roles)s.")
            if created
            else _("Updated user %(username)s with roles %(roles)s.")
        )
        self.stdout.write(done % {"username": user.username, "roles": ", ".join(sorted(user.roles))})
