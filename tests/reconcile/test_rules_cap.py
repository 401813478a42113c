"""A company's matching rules are capped: every run (and every preview, inside the request) tries each rule on each
line, so thousands of rules made by a script (no rate limit holds the API or the form back) held a shared worker for
minutes per run (15,000 rules on 4,000 lines: 67 s). Past the cap a new rule is refused naming the limit, and
learned names stop being proposed; nothing is stored."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from core.errors import ServiceError
from reconcile.models import MatchRule, RuleKind
from reconcile.services import rules as rules_service
from reconcile.services.rules import match_rule_create
from tests.factories import api_key

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def small_cap(monkeypatch):
    monkeypatch.setattr(rules_service, "RULES_MAX", 3, raising=False)


def _fill(customer, accountant, n: int) -> None:
    MatchRule.objects.bulk_create(
        [
            MatchRule(customer=customer, kind=RuleKind.NEVER, pattern=f"第三方{i}", created_by=accountant)
            for i in range(n)
        ]
    )


def test_the_cap_is_a_few_hundred():
    assert 100 <= rules_service.RULES_MAX <= 1000


def test_a_rule_past_the_cap_is_refused_naming_the_limit(small_cap, customer_a, accountant_a, customer_b, client_b):
    _fill(customer_a, accountant_a, 3)
    with pytest.raises(ServiceError) as refused:
        match_rule_create(actor=accountant_a, fields={"kind": "never", "pattern": "支付宝"})
    assert refused.value.code == "too_many_rules" and "3" in refused.value.message
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(accountant_a)}")
    response = api.post(reverse("api:match-rule-list"), {"kind": "never", "pattern": "支付宝"}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "too_many_rules"  # as too_many_tokens
    assert MatchRule.objects.filter(customer=customer_a).count() == 3
    # the cap is per company: another company's rules do not count
    from tests.factories import make_user

    accountant_b = make_user("accountant_b", ["accountant"], customer_b)
    assert match_rule_create(actor=accountant_b, fields={"kind": "never", "pattern": "支付宝"}).pk


def test_the_web_form_says_so_too(small_cap, client, customer_a, accountant_a):
    _fill(customer_a, accountant_a, 3)
    client.force_login(accountant_a)
    response = client.post(reverse("portal:match-rules"), {"kind": "never", "pattern": "支付宝", "priority": "100"})
    assert response.status_code in (200, 302, 400)
    assert MatchRule.objects.filter(customer=customer_a).count() == 3
