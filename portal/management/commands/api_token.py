"""API tokens on the server: issue one for a system account (an ERP, a bank system feeding statements), list, revoke.

Someone with a shell on the bank's server is trusted beyond a password, so a token issued here counts as
second-factor verified ("server"); it still expires and is revoked like any other.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ServiceError
from portal.models import ApiToken, User
from portal.services.api_tokens import api_token_issue, api_token_revoke, token_state


class Command(BaseCommand):
    help = "API tokens: issue USERNAME [--name N] [--hours H] | list USERNAME | revoke ID [--reason R]"

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        issue = sub.add_parser("issue", help="issue a token and print its key (shown only once)")
        issue.add_argument("username")
        issue.add_argument("--name", default="API")
        issue.add_argument("--hours", type=int, help="shorter than the user's maximum lifetime (the settings)")
        listing = sub.add_parser("list", help="a user's tokens")
        listing.add_argument("username")
        revoke = sub.add_parser("revoke", help="revoke a token at once")
        revoke.add_argument("id", type=int)
        revoke.add_argument("--reason", default="revoked on the server")

    def handle(self, *args, **options) -> None:
        try:
            if options["action"] == "revoke":
                token = api_token_revoke(actor=None, token_id=options["id"], reason=options["reason"])
                self.stdout.write(
                    _("Revoked token %(id)s (%(prefix)s…) of user %(username)s.")
                    % {"id": token.pk, "prefix": token.key_prefix, "username": token.user.username}
                )
                return
            user = User.objects.filter(username=options["username"]).first()
            if user is None:
                raise CommandError(_("No user %(username)s.") % {"username": options["username"]})
            if options["action"] == "list":
                for token in ApiToken.objects.filter(user=user).order_by("-created_at"):
                    self.stdout.write(
                        f"{token.pk}\t{token.key_prefix}…\t{token.name}\t{token_state(token)}\t"
                        + _("expires %(when)s") % {"when": _when(token.expires_at)}
                    )
                return
            hours = options["hours"]
            if hours is not None and hours <= 0:
                raise CommandError(_("--hours must be a positive number of hours."))
            issued = api_token_issue(
                actor=None,
                user=user,
                name=options["name"],
                second_factor="server",
                lifetime=dt.timedelta(hours=hours) if hours else None,
            )
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(issued.key)
        self.stderr.write(
            _("Token %(id)s for %(username)s, expires %(when)s. The key is shown only now.")
            % {"id": issued.token.pk, "username": user.username, "when": _when(issued.token.expires_at)}
        )


def _when(moment: dt.datetime) -> str:
    """A time as the API writes it: local time (TIME_ZONE) with its offset, to the minute (2026-12-07T04:33+08:00);
    a stored time is UTC, and printing it as such disagreed with the API's answers."""
    return timezone.localtime(moment).isoformat(timespec="minutes")
