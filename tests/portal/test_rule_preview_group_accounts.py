"""A group user (granted a subsidiary's statements) previews a company's rule on that company's accounts only: the
default account with the newest lines and a chosen account are the rule's company's, never the subsidiary's, whose
lines a run never applies the rule to (``rules_of_account``)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from core.roles import Role
from reconcile.models import BankLine
from reconcile.services.groups import customer_parent_set, group_grant
from reconcile.services.rules import match_rule_create
from tests.factories import api_key, make_user
from tests.fixtures.rule_books import import_rows

pytestmark = pytest.mark.django_db

BANK = [("2026-10-05", "手续费", "20.00", "", "", "SN2")]
JOURNAL = [("2026-10-07", "记-2", "银行手续费", "", "20.00", "")]


@pytest.fixture
def group_accountant(customer_a, customer_b):
    customer_parent_set(actor=None, credit_code=customer_b.credit_code, parent_credit_code=customer_a.credit_code)
    user = make_user("group_acc", [Role.ACCOUNTANT], customer_a)
    group_grant(actor=None, user=user, subsidiary_credit_code=customer_b.credit_code, authorisation="授权书 2026-10")
    return user


@pytest.fixture
def rule_of_a_and_b_lines(account_a, account_b, customer_b, accountant_a, group_accountant):
    """A company-wide rule of customer A; only customer B's account has bank lines."""
    import_rows(account_b, None, BANK, JOURNAL)
    assert BankLine.objects.filter(account=account_b).exists() and not BankLine.objects.filter(account=account_a)
    return match_rule_create(actor=accountant_a, fields={"kind": "match", "pattern": "手续费", "max_amount": "50"})


def test_the_page_tries_a_companys_rule_on_its_own_accounts_only(
    client, rule_of_a_and_b_lines, account_a, account_b, group_accountant
):
    client.force_login(group_accountant)
    url = reverse("portal:match-rule-preview", args=[rule_of_a_and_b_lines.pk])
    page = client.get(url).content.decode()
    assert f'<option value="{account_a.pk}" selected>' in page
    assert f'value="{account_b.pk}"' not in page
    assert client.get(url, {"account": account_b.pk}).status_code == 404


def test_the_api_does_not_know_another_companys_account(rule_of_a_and_b_lines, account_a, account_b, group_accountant):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(group_accountant)}", HTTP_ACCEPT_LANGUAGE="en")
    url = f"/api/v1/match-rules/{rule_of_a_and_b_lines.pk}/preview"
    refused = api.get(url, {"account_id": account_b.pk})
    assert refused.status_code == 404
    assert api.get(url, {"account_id": account_a.pk}).status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"account": "²"},  # a digit to str.isdigit, not to int()
        {"account": "9999999999999999999"},
        {"account": "99999999999999999999"},
        {"account": "-1"},
        {"date_from": "99999-01-01", "date_to": "2026-10-31"},
        {"date_from": "2026-10-31", "date_to": "2026-10-01"},
        {"date_from": "<script>", "date_to": "=HYPERLINK(1)"},
    ],
)
def test_hostile_preview_parameters_are_no_500(client, accountant_a, account_a, params):
    rule = match_rule_create(actor=accountant_a, fields={"kind": "match", "pattern": "手续费", "max_amount": "50"})
    client.force_login(accountant_a)
    answer = client.get(reverse("portal:match-rule-preview", args=[rule.pk]), params)
    assert answer.status_code in (200, 404) and "<script>" not in answer.content.decode()


def test_the_rule_lists_account_filter_refuses_a_superscript_digit(accountant_a, account_a):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(accountant_a)}", HTTP_ACCEPT_LANGUAGE="en")
    answer = api.get("/api/v1/match-rules/", {"account_id": "²"})
    assert answer.status_code == 400 and "account_id" in answer.json()["errors"]


def test_the_adjusted_answers_row_count_of_a_superscript_digit_is_no_500(client, client_a, published, customer_a):
    client.force_login(client_a)
    url = reverse("portal:statement-adjusted", args=[published[customer_a.pk].pk])
    assert client.post(url, {"rows": "²"}).status_code in (200, 302, 400)
