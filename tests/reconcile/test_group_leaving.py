"""README "Group companies": a group user sees nothing of a subsidiary from the moment it leaves the group. Its
grants are withdrawn then (audited ``group.withdrawn``): the subsidiary coming back does not revive an old written
authorisation; a new grant is needed."""

from __future__ import annotations

import pytest

from core.models import AuditEvent
from portal.models import Role
from reconcile.models import GroupGrant
from reconcile.services.groups import customer_parent_set, grant_answering_for, group_grant
from tests.factories import CustomerFactory, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_leaving_the_group_withdraws_the_grant_and_coming_back_needs_a_new_one(customer_a):
    sub = CustomerFactory(legal_name="恒瑞子公司有限公司")
    customer_parent_set(actor=None, credit_code=sub.credit_code, parent_credit_code=customer_a.credit_code)
    user = make_user("group_user", [Role.CLIENT_CONFIRMER], customer_a)
    first = group_grant(actor=None, user=user, subsidiary_credit_code=sub.credit_code, authorisation="授权书 01")

    customer_parent_set(actor=None, credit_code=sub.credit_code, parent_credit_code=None)
    first.refresh_from_db()
    assert first.withdrawn_at is not None
    event = AuditEvent.objects.get(action="group.withdrawn")
    assert event.after["left_group"] is True and event.after["subsidiary_id"] == sub.pk

    customer_parent_set(actor=None, credit_code=sub.credit_code, parent_credit_code=customer_a.credit_code)
    assert grant_answering_for(user, sub.pk) is None  # the old authorisation is not revived
    second = group_grant(actor=None, user=user, subsidiary_credit_code=sub.credit_code, authorisation="授权书 02")
    assert second.pk != first.pk and grant_answering_for(user, sub.pk) == second
    assert GroupGrant.objects.filter(withdrawn_at=None).count() == 1


def test_a_parent_change_that_keeps_the_subsidiary_in_no_group_before_withdraws_nothing(customer_a):
    sub = CustomerFactory(legal_name="新子公司有限公司")
    customer_parent_set(actor=None, credit_code=sub.credit_code, parent_credit_code=customer_a.credit_code)
    customer_parent_set(actor=None, credit_code=sub.credit_code, parent_credit_code=customer_a.credit_code)
    assert not AuditEvent.objects.filter(action="group.withdrawn").exists()
