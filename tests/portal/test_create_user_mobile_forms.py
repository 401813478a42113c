"""README "Commands": `create_user` is idempotent and `--mobile` may have `+86` first. The same phone given again in
its other form (13912345678 after +8613912345678) was stored anew and audited as a change of mobile; the audit's mask
of a +86 number showed "+86****5678"."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from core.models import AuditEvent
from portal.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _with_mobile(customer, mobile: str) -> None:
    call_command(
        "create_user",
        "wang.phone",
        "--role",
        "client_confirmer",
        "--customer",
        customer.credit_code,
        "--password",
        "Str0ng-Passw0rd!",
        "--mobile",
        mobile,
    )


def _mobile_events() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="user.mobile_set").order_by("pk"))


def test_the_same_phone_in_its_other_form_changes_nothing(customer_a):
    _with_mobile(customer_a, "+8613912345678")
    first = _mobile_events()
    assert len(first) == 1 and first[0].after == {"mobile": "139****5678"}
    for same in ("13912345678", "+86 139 1234 5678", "139-1234-5678"):
        _with_mobile(customer_a, same)
    assert User.objects.get(username="wang.phone").mobile == "+8613912345678"
    assert _mobile_events() == first


def test_another_phone_is_a_change_audited_masked(customer_a):
    _with_mobile(customer_a, "13912345678")
    _with_mobile(customer_a, "+8613812345678")
    last = _mobile_events()[-1]
    assert last.before == {"mobile": "139****5678"} and last.after == {"mobile": "138****5678"}
