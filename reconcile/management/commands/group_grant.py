"""集团: grant a group user (a user of the parent company) a subsidiary, on its written authorisation; or withdraw."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.errors import ServiceError
from reconcile.services.groups import group_grant, group_grant_withdraw


class Command(BaseCommand):
    help = (
        "Grant USERNAME (a user of the parent company) the statements of a subsidiary, naming the subsidiary's "
        "written authorisation; --withdraw takes the grant back at once. Audited."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--subsidiary", required=True, help="the subsidiary's unified social credit code")
        parser.add_argument("--authorisation", default="", help="the written authorisation (reference, date)")
        parser.add_argument("--withdraw", action="store_true")

    def handle(self, *args, **options) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(_("No user %(username)s.") % {"username": options["username"]})
        if not options["withdraw"] and not options["authorisation"].strip():
            # The service's words are the admin form's; at a shell, name the option to add.
            raise CommandError(
                _(
                    "Give the subsidiary's written authorisation with --authorisation REF (its reference and "
                    "date), or --withdraw to take a grant back."
                )
            )
        try:
            if options["withdraw"]:
                count = group_grant_withdraw(actor=None, user=user, subsidiary_credit_code=options["subsidiary"])
                self.stdout.write(ngettext("Withdrew %(n)s grant.", "Withdrew %(n)s grants.", count) % {"n": count})
            else:
                grant = group_grant(
                    actor=None,
                    user=user,
                    subsidiary_credit_code=options["subsidiary"],
                    authorisation=options["authorisation"],
                )
                self.stdout.write(
                    _("%(username)s may answer for %(subsidiary)s.")
                    % {"username": user.username, "subsidiary": grant.subsidiary}
                )
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
