from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from core.models import AuditEvent
from reconcile.models import AccountStatus, BankAccount, Customer
from reconcile.services.books import (
    bank_account_create,
    bank_account_set_status,
    customer_create,
)
from tests.factories import credit_code

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("91310115MA1H7QK8XA", "check digit"),  # valid shape, wrong last character
        ("91310115MA1H7QK8X", "18 characters"),  # one short
        ("9131011SMA1H7QK8XF", "not a valid"),  # letter in the numeric region part
        ("", "18 characters"),
    ],
)
def test_invalid_credit_code_is_refused_and_nothing_stored(code, problem):
    with pytest.raises(ValidationError) as info:
        customer_create(actor=None, legal_name="上海恒瑞贸易有限公司", credit_code=code)
    assert "credit_code" in info.value.message_dict
    assert problem in " ".join(info.value.message_dict["credit_code"])
    assert Customer.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_credit_code_is_normalised_and_audited(ops):
    customer = customer_create(actor=ops, legal_name="  上海恒瑞贸易有限公司 ", credit_code="91310115ma1h7qk8xf")
    assert customer.credit_code == "91310115MA1H7QK8XF"
    assert customer.legal_name == "上海恒瑞贸易有限公司"
    event = AuditEvent.objects.get()
    assert (event.action, event.actor_id, event.target_id) == ("customer.created", ops.pk, str(customer.pk))
    assert event.after == {"legal_name": "上海恒瑞贸易有限公司", "credit_code": "91310115MA1H7QK8XF"}


def test_duplicate_credit_code_is_refused():
    customer_create(actor=None, legal_name="上海恒瑞贸易有限公司", credit_code=credit_code(1))
    with pytest.raises(ValidationError, match="already exists"):
        customer_create(actor=None, legal_name="另一家公司", credit_code=credit_code(1))
    assert Customer.objects.count() == 1


def test_duplicate_account_number_is_refused_and_nothing_stored(customer_a, customer_b):
    bank_account_create(actor=None, customer=customer_a, number="3105 0161 3736 0000 1234", branch="上海浦东分行")
    with pytest.raises(ValidationError) as info:
        bank_account_create(actor=None, customer=customer_b, number="31050161373600001234", branch="北京海淀支行")
    assert "already registered" in info.value.message_dict["number"][0]
    assert BankAccount.objects.count() == 1
    assert AuditEvent.objects.filter(action="bank_account.created").count() == 1


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("number", {"number": "12-ab!"}),
        ("currency", {"currency": "RMB1"}),
        ("branch", {"branch": "  "}),
        ("status", {"status": "frozen"}),
    ],
)
def test_bad_account_fields_name_the_field(customer_a, field, kwargs):
    args = {"number": "31050161373600001234", "branch": "上海浦东分行", "currency": "CNY"} | kwargs
    with pytest.raises(ValidationError) as info:
        bank_account_create(actor=None, customer=customer_a, **args)
    assert field in info.value.message_dict
    assert BankAccount.objects.count() == 0


def test_closed_account_cannot_be_reopened(account_a):
    bank_account_set_status(actor=None, account_id=account_a.pk, status=AccountStatus.CLOSED)
    with pytest.raises(ValidationError, match="closed"):
        bank_account_set_status(actor=None, account_id=account_a.pk, status=AccountStatus.ACTIVE)
    account_a.refresh_from_db()
    assert account_a.status == AccountStatus.CLOSED
    assert AuditEvent.objects.filter(action="bank_account.status_changed").count() == 1
