"""The home page says what each person came for: a group user sees whose statement each row is; a reviewer sees the
periods waiting for their approval (it only showed their accounts)."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from reconcile.models import CloseReview
from tests.factories import make_user
from tests.fixtures.groups import DURING
from tests.portal.test_workbench_actions import END, _books, _submit_agreed

pytestmark = pytest.mark.django_db


def test_a_group_user_sees_the_company_of_each_statement_to_answer(client, group_user, group):  # noqa: F811
    client.force_login(group_user)
    with time_machine.travel(DURING, tick=False):
        page = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<th scope="col">Company</th>' in page
    for statement in (group["parent"], *group["subs"][:2]):
        assert f'<td class="company">{statement.account.customer.legal_name}</td>' in page


def test_a_client_of_one_company_gets_no_company_column(client, client_a, published):
    client.force_login(client_a)
    with time_machine.travel(DURING, tick=False):
        page = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Statements to answer" in page and '<th scope="col">Company</th>' not in page


def test_a_reviewer_is_told_what_waits_for_review(client, account_a, accountant_a, customer_a):
    accountant_a.last_name, accountant_a.first_name = "张", "敏"
    accountant_a.save()
    _submit_agreed(_books(account_a, accountant_a))  # submitted for END
    assert CloseReview.objects.filter(account=account_a, period_end=END).exists()
    reviewer = make_user("reviewer_a", ["reviewer"], customer_a)
    client.force_login(reviewer)
    page = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Awaiting your review" in page
    assert f"/reconcile/{account_a.pk}/?period={END:%Y-%m-%d}#review" in page and "张敏" in page
