"""Issue a user's one-time enrolment code for the authenticator app, to hand over out of band (a letter, in person).

Issuing it to a user who has an app already is a reset (a lost phone): the app stops working at once and the user
enrols again with the code. The code is printed once and never stored or logged; only its HMAC is kept.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ServiceError
from portal.models import User
from portal.services.second_factor import open_invite, second_factor_invite_issue


class Command(BaseCommand):
    help = "Issue USERNAME a one-time enrolment code for the authenticator app (a reset when one is enrolled)"

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")

    def handle(self, *args, **options) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(_("No user %(username)s.") % {"username": options["username"]})
        try:
            code = second_factor_invite_issue(actor=None, user=user)
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        invite = open_invite(user)
        assert invite is not None  # just issued
        self.stdout.write(code)
        self.stderr.write(
            _(
                "Enrolment code for %(username)s, single use, expires %(when)s. It is shown only now: hand it over "
                "out of band."
            )
            % {
                "username": user.username,
                "when": timezone.localtime(invite.expires_at).isoformat(timespec="minutes"),
            }
        )
