"""Whether a company's API answers must be signed (the default), changed by ops and audited."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.errors import ServiceError
from reconcile.services.groups import customer_signed_answers_set


class Command(BaseCommand):
    help = "Require (--require) or stop requiring (--no-require) signed API answers for a customer (audited)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--customer", required=True, help="the customer's unified social credit code")
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--require", dest="required", action="store_true")
        group.add_argument("--no-require", dest="required", action="store_false")

    def handle(self, *args, **options) -> None:
        try:
            customer = customer_signed_answers_set(
                actor=None, credit_code=options["customer"], required=options["required"]
            )
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        if customer.require_signed_answers:
            self.stdout.write(_("API answers of %(customer)s must be signed.") % {"customer": customer})
        else:
            self.stdout.write(_("API answers of %(customer)s may be unsigned.") % {"customer": customer})
