"""The paths added for the hardening (account reassignment, balance corrections, client documents) as a password-only
bank officer (second factor required but not given) and with hostile text in what they accept."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.models import AuditEvent
from reconcile.models import BankAccount

pytestmark = pytest.mark.django_db

NEW_PAGES = [
    ("portal:ops-accounts", {}),
    ("portal:ops-account-reassign", {"pk": 1}),
    ("portal:ops-correction-reissue", {"pk": 1}),
    ("portal:answer-attachment", {"pk": 1}),
    ("portal:change-request-document", {"pk": 1}),
]


@pytest.mark.parametrize("name,kwargs", NEW_PAGES)
def test_a_password_only_bank_officer_is_sent_to_the_second_factor(client, ops, settings, name, kwargs):
    settings.BANK_STAFF_REQUIRE_2FA = True
    client.force_login(ops)
    for call in (client.get, client.post):
        response = call(reverse(name, kwargs=kwargs))
        assert response.status_code == 302 and response["Location"].startswith(reverse("portal:second-factor"))


def test_reassign_with_hostile_text(client, ops, account_a, customer_b):
    client.force_login(ops)
    url = reverse("portal:ops-account-reassign", args=[account_a.pk])
    nul = client.post(url, {"credit_code": customer_b.credit_code, "reason": "a\x00b"})
    assert nul.status_code == 400 and "无法读取" in nul.content.decode()
    huge = client.post(url, {"credit_code": customer_b.credit_code, "reason": "x" * 100_000})
    assert huge.status_code == 200 and "300" in huge.content.decode()  # the form names the limit
    bad_code = client.post(url, {"credit_code": '=HYPERLINK("http://x","y")', "reason": "x"})
    assert bad_code.status_code == 200
    assert BankAccount.objects.get(pk=account_a.pk).customer_id == account_a.customer_id
    formula = client.post(url, {"credit_code": customer_b.credit_code, "reason": "=1+1 <script>alert(1)</script>"})
    assert formula.status_code == 302  # stored as text in the audit log, shown escaped
    assert AuditEvent.objects.get(action="bank_account.reassigned").after["reason"] == "=1+1 <script>alert(1)</script>"
