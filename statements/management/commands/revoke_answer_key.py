"""Revoke a company's answer signing key: it verifies nothing from the next request on."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.errors import ServiceError
from statements.services.answer_signing import answer_key_revoke


class Command(BaseCommand):
    help = "Revoke an answer signing key by its key id (audited); signed answers with it are refused at once."

    def add_arguments(self, parser) -> None:
        parser.add_argument("key_id")
        parser.add_argument("--reason", default="", help="why (kept in the audit log)")

    def handle(self, *args, **options) -> None:
        try:
            key = answer_key_revoke(actor=None, key_id=options["key_id"], reason=options["reason"])
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(_("Revoked %(key)s of %(customer)s.") % {"key": key.key_id, "customer": key.customer})
