"""The customers' and accounts' services are the bank's writes, and checked no actor: the pages, the admin and the
onboarding import checked the role before calling them. They now refuse, before validating or locking anything, a
company user and bank staff whose login has not passed the second factor the deployment asks for; the server itself
(no actor) and bank staff with the second factor go on as before."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from core.errors import ServiceError
from core.models import AuditEvent
from reconcile.models import BankAccount, Customer
from reconcile.services.books import (
    bank_account_classify,
    bank_account_create,
    bank_account_register,
    bank_account_set_status,
    bank_account_update,
    customer_create,
    customer_update,
)
from tests.factories import credit_code
from tests.fixtures.tenancy import every_role_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _calls(account) -> dict[str, Callable[[Any], Any]]:
    return {
        "customer_create": lambda actor: customer_create(
            actor=actor, legal_name="深圳华南精密制造有限公司", credit_code=credit_code(9001)
        ),
        "customer_update": lambda actor: customer_update(
            actor=actor, customer_id=account.customer_id, legal_name="上海恒瑞国际贸易有限公司"
        ),
        "bank_account_create": lambda actor: bank_account_create(
            actor=actor, customer=account.customer, number="31050161373600009999", branch="上海浦东分行营业部"
        ),
        "bank_account_register": lambda actor: bank_account_register(
            actor=actor, customer=None, number="31050161373600008888", branch=""
        ),
        "bank_account_set_status": lambda actor: bank_account_set_status(
            actor=actor, account_id=account.pk, status="dormant"
        ),
        "bank_account_classify": lambda actor: bank_account_classify(
            actor=actor, account_id=account.pk, risk_tier="high"
        ),
        "bank_account_update": lambda actor: bank_account_update(
            actor=actor, account_id=account.pk, branch="上海静安支行"
        ),
    }


SERVICES = sorted(_calls(None))


def _state() -> tuple:
    return (
        list(Customer.objects.order_by("pk").values_list("pk", "legal_name", "credit_code")),
        list(BankAccount.objects.order_by("pk").values_list("pk", "number", "status", "risk_tier", "branch")),
        AuditEvent.objects.count(),
    )


def _signed_in(user, *, verified: bool):
    """``user`` as a request hands it to a service: django-otp's middleware installs ``otp_device`` and
    ``is_verified`` (a password-only login has no device)."""
    from django_otp.middleware import OTPMiddleware
    from django_otp.plugins.otp_totp.models import TOTPDevice

    OTPMiddleware._init_user_fields(user)
    if verified:
        user.otp_device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


@pytest.fixture
def second_factor_required(settings):
    settings.BANK_STAFF_REQUIRE_2FA = True


@pytest.mark.parametrize("service", SERVICES)
def test_a_company_user_is_refused_before_anything_is_locked(service, account_a, customer_a, locked):
    user = every_role_of(customer_a, "every_role_a")  # every company role, of the account's own company
    before = _state()
    locked.clear()
    with pytest.raises(ServiceError) as refused:
        _calls(account_a)[service](user)
    assert refused.value.code == "forbidden"
    assert refused.value.message == "Only bank operations may do this."
    assert locked == []
    assert _state() == before


@pytest.mark.parametrize("service", SERVICES)
def test_bank_staff_signed_in_with_a_password_only_are_refused(service, account_a, ops, locked, second_factor_required):
    user = _signed_in(ops, verified=False)
    before = _state()
    locked.clear()
    with pytest.raises(ServiceError) as refused:
        _calls(account_a)[service](user)
    assert refused.value.code == "forbidden"
    assert refused.value.message == "Confirm the login with your authenticator app in the browser first."
    assert locked == []
    assert _state() == before


@pytest.mark.parametrize("service", SERVICES)
def test_bank_staff_loaded_without_their_login_are_refused_where_the_second_factor_is_required(
    service, account_a, ops, second_factor_required
):
    """Nothing tells that this user passed the second factor: refused rather than assumed."""
    with pytest.raises(ServiceError) as refused:
        _calls(account_a)[service](ops)
    assert refused.value.code == "forbidden"


@pytest.mark.parametrize("service", SERVICES)
def test_bank_staff_with_the_second_factor_write_as_before(service, account_a, ops, second_factor_required):
    _calls(account_a)[service](_signed_in(ops, verified=True))
    assert AuditEvent.objects.filter(actor_id=ops.pk).exists()


@pytest.mark.parametrize("service", SERVICES)
def test_the_server_itself_writes_as_before(service, account_a, second_factor_required):
    """A command or a task (no actor): the onboarding and balances commands, the import worker."""
    before = AuditEvent.objects.count()
    _calls(account_a)[service](None)
    assert AuditEvent.objects.count() == before + 1


def test_without_the_deployments_second_factor_bank_staff_write_as_before(account_a, ops):
    bank_account_update(actor=ops, account_id=account_a.pk, branch="上海静安支行")
    assert BankAccount.objects.get(pk=account_a.pk).branch == "上海静安支行"
