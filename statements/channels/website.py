from django.utils.translation import gettext_lazy as _

from statements.channels.base import StatementChannel

CHANNEL = StatementChannel(
    name="website",
    label=_("Website + self-service"),
    aliases=("网站", "网站+自助", "门户网站"),
    dispatched_on_publish=True,
    needs_postal_address=False,
)
