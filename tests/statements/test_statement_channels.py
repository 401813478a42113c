"""Statement channels come from one registry (statements/channels/): a channel added there is offered everywhere and
behaves as its module says (dispatched at publish or posted, postal address, detail pages), and no code outside the
registry branches on a channel's name."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from django.utils.translation import gettext_lazy

from core.tabular import RowsRefused
from portal.forms import ChangeRequestForm
from statements.channels import registry
from statements.channels.base import StatementChannel
from statements.models import Agreement, AgreementChangeRequest, BalanceStatement
from statements.services.onboarding import agreements_import
from tests.factories import credit_code

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
ROOT = Path(__file__).resolve().parents[2]
HEADER = "customer_name,credit_code,account_number,currency,branch,cycle,channel,contact_name,mobile,address,status\n"


def row(n: int, channel: str, address: str = "上海市浦东新区张杨路500号") -> str:
    return (
        f"测试{n}有限公司,{credit_code(n)},6222000000{n:06d},CNY,上海分行,monthly,{channel},王丽,13812345678,"
        f"{address},active\n"
    )


@pytest.fixture
def kiosk(monkeypatch):
    """A channel added the way the README says: one module's CHANNEL, one registry row (a posted-like channel that
    needs an address, to show the behaviour follows the module, not the name)."""
    channel = StatementChannel(
        name="kiosk",
        label=gettext_lazy("Branch kiosk"),
        aliases=("网点自助机",),
        dispatched_on_publish=False,
        needs_postal_address=True,
        always_prints_detail=True,
    )
    monkeypatch.setitem(registry.REGISTRY, "kiosk", channel)
    return channel


def test_the_registry_lists_the_three_channels_and_reads_their_aliases():
    assert [name for name, _ in registry.channel_choices()] == ["online_banking", "website", "paper"]
    assert registry.channel_from_text("网银") == "online_banking" and registry.channel_from_text(" 纸质 ") == "paper"
    assert registry.channel_from_text("WEBSITE") == "website" and registry.channel_from_text("fax") is None
    assert [c.dispatched_on_publish for c in registry.REGISTRY.values()] == [True, True, False]


def test_a_channel_added_to_the_registry_is_offered_everywhere_and_behaves_as_its_module_says(kiosk, admin_client):
    for model in (Agreement, AgreementChangeRequest, BalanceStatement):
        assert "kiosk" in dict(model._meta.get_field("channel").choices), model
    assert ("kiosk", "Branch kiosk") in list(ChangeRequestForm().fields["channel"].choices)
    result = agreements_import(
        actor=None, data=(HEADER + row(1, "网点自助机")).encode(), filename="a.csv", today=dt.date(2026, 11, 1)
    )
    assert result.counts["agreements created"] == 1 and Agreement.objects.get().channel == "kiosk"
    page = admin_client.get("/admin/statements/agreement/").content.decode()
    assert "channel__exact=kiosk" in page
    # Its module says it needs a postal address: a row without one is refused naming the channel.
    with pytest.raises(RowsRefused, match="Branch kiosk"):  # the row names the channel that needs the address
        agreements_import(actor=None, data=(HEADER + row(2, "kiosk", address="")).encode(), filename="a.csv")
    with pytest.raises(RowsRefused) as info:
        agreements_import(actor=None, data=(HEADER + row(3, "fax")).encode(), filename="a.csv")
    assert "kiosk" in str(info.value) and "paper" in str(info.value)


def test_without_the_registry_row_the_channel_is_offered_nowhere():
    assert "kiosk" not in dict(Agreement._meta.get_field("channel").choices)
    assert "kiosk" not in dict(ChangeRequestForm().fields["channel"].choices)
    with pytest.raises(RowsRefused, match="unknown channel"):
        agreements_import(actor=None, data=(HEADER + row(1, "kiosk")).encode(), filename="a.csv")


def _channel_name_comparisons(path: Path) -> list[int]:
    """Lines comparing something with a channel's name (``== Channel.PAPER``, ``in (Channel.WEBSITE, ...)``, or the
    names as strings): what the registry's behaviour flags replace."""
    names = {"online_banking", "website", "paper"}
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if not isinstance(node, ast.Compare):
            continue
        for operand in [node.left, *node.comparators]:
            for sub in ast.walk(operand):
                named = (
                    isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Name) and sub.value.id == "Channel"
                ) or (isinstance(sub, ast.Constant) and sub.value in names)
                if named:
                    found.append(node.lineno)
    return found


def test_no_code_outside_the_registry_branches_on_a_channels_name():
    offenders = {}
    for app in ("statements", "portal", "reconcile"):
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts or "channels" in path.parts:
                continue
            lines = _channel_name_comparisons(path)
            if lines:
                offenders[str(path.relative_to(ROOT))] = lines
    assert offenders == {}
