"""The statement list named no company: a group user answering for its subsidiaries (and bank operations, who see
every customer) saw rows of several companies told apart only by account number, while the home page and the
batch page of the same user name each row's company."""

from __future__ import annotations

import time_machine
from django.urls import reverse

from tests.fixtures.groups import DURING


def _company_cells(page: str) -> int:
    return page.count('<td class="company">')


def test_a_group_users_list_names_each_statements_company(client, group, group_user):
    parent, (one, _two, _three) = group["parent"], group["subs"]
    client.force_login(group_user)
    with time_machine.travel(DURING, tick=False):
        page = client.get(reverse("portal:statements"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<th scope="col">Company</th>' in page
    assert f'<td class="company">{parent.account.customer.legal_name}</td>' in page
    assert f'<td class="company">{one.account.customer.legal_name}</td>' in page
    assert _company_cells(page) == 3


def test_bank_operations_see_the_company_of_every_statement(client, group, ops):
    client.force_login(ops)
    page = client.get(reverse("portal:statements"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<th scope="col">Company</th>' in page and _company_cells(page) == 5


def test_a_user_of_one_company_gets_no_company_column(client, group, client_a):
    client.force_login(client_a)
    with time_machine.travel(DURING, tick=False):
        page = client.get(reverse("portal:statements"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<th scope="col">Company</th>' not in page and _company_cells(page) == 0
    assert group["parent"].number in page
