from django.utils.translation import gettext_lazy as _

from statements.channels.base import StatementChannel

CHANNEL = StatementChannel(
    name="paper",
    label=_("Paper mail"),
    aliases=("纸质", "纸质邮寄", "邮寄"),
    dispatched_on_publish=False,
    needs_postal_address=True,
    always_prints_detail=True,
)
