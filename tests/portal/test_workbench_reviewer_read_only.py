"""The reviewer (复核人) sees the workbench read-only: no buttons and links that only an accountant may use (each led to
"only an accountant may change its matching" or a 403 page); the accountant still has them all."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import make_user
from tests.portal.test_workbench_actions import END, _books, _submit_agreed

pytestmark = pytest.mark.django_db


@pytest.fixture
def books(account_a, accountant_a):
    return _books(account_a, accountant_a)


@pytest.fixture
def submitted(books):
    _submit_agreed(books)  # END awaits review: the reviewer has something to approve
    return books


def _workbench(client, user, account) -> str:
    client.force_login(user)
    page = client.get(reverse("portal:workbench", args=[account.pk]), {"period": END.isoformat()})
    assert page.status_code == 200
    return page.content.decode()


def test_the_reviewer_gets_no_accountant_actions(client, submitted, customer_a, account_a):
    reviewer = make_user("reviewer_a", ["reviewer"], customer_a)
    page = _workbench(client, reviewer, account_a)
    for action in (
        "workbench-run",
        "workbench-undo",
        "workbench-accept",
        "workbench-reject",
        "workbench-opening",
        "workbench-reopen",
    ):
        assert f'action="{reverse(f"portal:{action}", args=[account_a.pk])}"' not in page, action
    assert f'href="{reverse("portal:match-rules")}"' not in page
    assert f'action="{reverse("portal:workbench-approve", args=[account_a.pk])}"' in page  # what a reviewer does
    home = client.get(reverse("portal:reconcile")).content.decode()
    assert reverse("portal:import-upload") not in home and reverse("portal:match-rules") not in home


def test_the_accountant_keeps_them(client, books, accountant_a, account_a):
    page = _workbench(client, accountant_a, account_a)
    for action in ("workbench-run", "workbench-undo", "workbench-accept", "workbench-opening"):
        assert f'action="{reverse(f"portal:{action}", args=[account_a.pk])}"' in page, action
    assert f'href="{reverse("portal:match-rules")}"' in page
    home = client.get(reverse("portal:reconcile")).content.decode()
    assert reverse("portal:import-upload") in home and reverse("portal:match-rules") in home
