from __future__ import annotations

import pytest
from django.core.management import call_command
from stdnum.cn import uscc

from portal.models import Role, User
from reconcile.models import AccountStatus, AuditEvent, BankAccount, Customer
from reconcile.selectors import audit_chain_verify
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
    assert len(client_customers) == 2
    assert {r for u in User.objects.all() for r in u.roles} == set(Role.values)
    assert audit_chain_verify().ok
    out = capsys.readouterr().out
    for username in ("client_hengrui", "client_zhongke", "accountant_hengrui", "ops"):
        assert username in out
