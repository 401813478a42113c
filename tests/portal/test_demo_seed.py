from __future__ import annotations

import pytest
from django.core.management import call_command
from stdnum.cn import uscc

from core.models import AuditEvent
from core.selectors.audit import audit_chain_verify
from portal.models import Role, User
from reconcile.models import AccountStatus, BankAccount, Customer
from statements.models import Agreement, Cycle

pytestmark = pytest.mark.django_db


def test_seed_is_believable_and_idempotent(capsys):
    call_command("seed_demo")
    counts = (
        Customer.objects.count(),
        BankAccount.objects.count(),
        Agreement.objects.count(),
        User.objects.count(),
        AuditEvent.objects.count(),
    )
    call_command("seed_demo")
    assert (
        Customer.objects.count(),
        BankAccount.objects.count(),
        Agreement.objects.count(),
        User.objects.count(),
        AuditEvent.objects.count(),
    ) == counts
    assert all(uscc.is_valid(c) for c in Customer.objects.values_list("credit_code", flat=True))
    assert set(Agreement.objects.values_list("cycle", flat=True)) == {Cycle.MONTHLY, Cycle.QUARTERLY}
    assert BankAccount.objects.filter(status=AccountStatus.DORMANT).exists()
    client_customers = {u.customer_id for u in User.objects.all() if Role.CLIENT_CONFIRMER in u.roles}
    assert len(client_customers) == 2  # the group user is a user of the parent, 上海恒瑞
    assert {r for u in User.objects.all() for r in u.roles} == set(Role.values)
    assert audit_chain_verify().ok
    out = capsys.readouterr().out
    for username in ("client_hengrui", "client_zhongke", "accountant_hengrui", "ops"):
        assert username in out


def test_the_demo_has_a_group_user_who_answers_for_a_subsidiary(client, django_capture_on_commit_callbacks):
    """README's "group confirmation as a group user" can be tried: group_hengrui (孙伟) of 上海恒瑞 sees the statements
    of its subsidiary 深圳华南 beside its own and agrees with several at once; 王丽 of 上海恒瑞 does not see them."""
    from django.urls import reverse

    from statements.models import BalanceStatement

    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
    call_command("seed_demo")  # again: nothing doubled, the grant stays one
    group_user = User.objects.get(username="group_hengrui")
    assert group_user.get_full_name() and group_user.mobile
    subsidiary = Customer.objects.get(credit_code="91440300MA5F1H4R6W")
    assert subsidiary.parent.credit_code == "91310115MA1H7QK8XF"
    assert group_user.group_grants.filter(withdrawn_at=None).count() == 1
    theirs = BalanceStatement.objects.filter(account__customer=subsidiary).exclude(status="superseded")
    assert theirs.exists()
    client.force_login(group_user)
    batch = client.get(reverse("portal:statements-batch")).content.decode()
    assert "深圳华南精密制造有限公司" in batch and "上海恒瑞贸易有限公司" in batch
    client.force_login(User.objects.get(username="client_hengrui"))
    assert "深圳华南精密制造有限公司" not in client.get(reverse("portal:statements-batch")).content.decode()
