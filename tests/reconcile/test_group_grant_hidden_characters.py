"""A group grant's written authorisation is printed on every receipt of an answer given under it: a hidden control
character or a bidirectional override in it is refused, naming it, by the service and by ``group_grant``."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from core.errors import ServiceError
from core.models import AuditEvent
from portal.models import Role
from reconcile.models import GroupGrant
from reconcile.services.groups import customer_parent_set, group_grant
from tests.factories import CustomerFactory, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def subsidiary(customer_a):
    sub = CustomerFactory(legal_name="恒瑞子公司有限公司")
    customer_parent_set(actor=None, credit_code=sub.credit_code, parent_credit_code=customer_a.credit_code)
    return sub


@pytest.mark.parametrize("hidden", ["\u202e", "\u2066", "\x9b", "\x7f"])
def test_an_authorisation_with_a_hidden_character_is_refused_and_nothing_granted(customer_a, subsidiary, hidden):
    user = make_user("group_user", [Role.CLIENT_CONFIRMER], customer_a)
    with pytest.raises(ServiceError) as refused:
        group_grant(
            actor=None, user=user, subsidiary_credit_code=subsidiary.credit_code, authorisation=f"授权书{hidden}01"
        )
    assert "The written authorisation contains a hidden control character" in refused.value.message
    assert f"U+{ord(hidden):04X}" in refused.value.message
    assert not GroupGrant.objects.exists()
    assert not AuditEvent.objects.filter(action="group.granted").exists()


def test_the_command_names_the_character_and_a_plain_reference_is_granted(customer_a, subsidiary):
    user = make_user("group_user", [Role.CLIENT_CONFIRMER], customer_a)
    args = ["group_grant", user.username, "--subsidiary", subsidiary.credit_code, "--authorisation"]
    with pytest.raises(CommandError, match="U\\+202E RIGHT-TO-LEFT OVERRIDE"):
        call_command(*args, "REF-\u202e2026", stdout=io.StringIO())
    call_command(*args, "授权书 2026-09-30", stdout=io.StringIO())
    assert GroupGrant.objects.get().authorisation == "授权书 2026-09-30"
