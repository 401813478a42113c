"""Register a company's public key for signed API answers; prints the key id the company's ERP signs with."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.errors import ServiceError
from statements.services.answer_signing import answer_key_register


class Command(BaseCommand):
    help = (
        "Register a company's public key (PEM: Ed25519, ECDSA P-256 or RSA >= 2048 for RSA-PSS) for signing API "
        "answers (X-Answer-Signature). Prints the key id."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--customer", required=True, help="the customer's unified social credit code")
        parser.add_argument("--public-key", required=True, help="a PEM file with the public key")
        parser.add_argument("--name", default="", help="a label, e.g. the ERP system")

    def handle(self, *args, **options) -> None:
        path = Path(options["public_key"])
        try:
            pem = path.read_bytes()
        except FileNotFoundError as exc:
            raise CommandError(_("Cannot read %(path)s: there is no such file.") % {"path": path}) from exc
        except IsADirectoryError as exc:  # the system's words are English ("Is a directory")
            raise CommandError(_("%(path)s is a folder, not a file: give the file itself.") % {"path": path}) from exc
        except OSError as exc:
            raise CommandError(_("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc.strerror}) from exc
        try:
            key = answer_key_register(actor=None, credit_code=options["customer"], public_key=pem, name=options["name"])
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        self.stderr.write(
            _("Registered %(algorithm)s key for %(customer)s (fingerprint SHA-256 %(fingerprint)s).")
            % {"algorithm": key.get_algorithm_display(), "customer": key.customer, "fingerprint": key.fingerprint}
        )
        self.stdout.write(key.key_id)
