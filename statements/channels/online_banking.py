from django.utils.translation import gettext_lazy as _

from statements.channels.base import StatementChannel

CHANNEL = StatementChannel(
    name="online_banking",
    label=_("Online banking + self-service"),
    aliases=("网银", "网银+自助", "网上银行"),
    dispatched_on_publish=True,
    needs_postal_address=False,
)
