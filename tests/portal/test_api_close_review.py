"""复核 over the API and in the workbench (issue 19.4): submit, approve, return; refusals by role and by customer."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from reconcile.models import CloseReview, PeriodClose
from reconcile.services.matching import match_run_execute, match_run_start
from reconcile.services.review import close_review_submit
from tests.factories import api_key, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
END = dt.date(2026, 10, 31)


def _api(user) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(user)}", HTTP_ACCEPT_LANGUAGE="en")
    return api


@pytest.fixture
def reviewer_a(customer_a):
    user = make_user("reviewer_a", ["reviewer"], customer_a)
    user.last_name, user.first_name = "李", "芳"
    user.save(update_fields=["last_name", "first_name"])
    return user


@pytest.fixture
def matched(books, accountant_a):
    accountant_a.last_name, accountant_a.first_name = "张", "敏"
    accountant_a.save(update_fields=["last_name", "first_name"])
    match_run_execute(run_id=match_run_start(actor=accountant_a, account_id=books.pk, period_end=END).pk)
    return books


def test_submit_approve_and_the_table_json(matched, accountant_a, reviewer_a):
    url = reverse("api:account-close-review", kwargs={"pk": matched.pk})
    answer = _api(accountant_a).post(url, {"date": "2026-10-31"}, format="json")
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert (body["state"], body["submitted_by"], body["reviewed_by"]) == ("submitted", "张敏", "")
    assert _api(reviewer_a).get(url, {"date": "2026-10-31"}).json()["id"] == body["id"]
    mine = _api(accountant_a).post(reverse("api:close-review-approve", kwargs={"pk": body["id"]}))
    assert mine.status_code == 403 and mine.json()["code"] == "forbidden"  # the preparer is not a reviewer
    approved = _api(reviewer_a).post(reverse("api:close-review-approve", kwargs={"pk": body["id"]}))
    assert approved.status_code == 200, approved.content
    assert (approved.json()["state"], approved.json()["reviewed_by"]) == ("approved", "李芳")
    assert PeriodClose.objects.filter(account=matched, period_end=END, reopened_at__isnull=True).exists()
    table = _api(reviewer_a).get(reverse("api:account-adjustment", kwargs={"pk": matched.pk}), {"date": "2026-10-31"})
    assert table.status_code == 200
    assert (table.json()["prepared_by"], table.json()["reviewed_by"]) == ("张敏", "李芳")
    assert table.json()["reviewed_at"] is not None
    again = _api(reviewer_a).post(reverse("api:close-review-approve", kwargs={"pk": body["id"]}))
    assert again.status_code == 409 and again.json()["code"] == "already_reviewed"


def test_self_review_over_the_api_is_403(matched, customer_a, reviewer_a):
    both = make_user("both_a", ["accountant", "reviewer"], customer_a)
    review = close_review_submit(actor=both, account_id=matched.pk, period_end=END)
    answer = _api(both).post(
        reverse("api:close-review-return", kwargs={"pk": review.pk}), {"note": "ok"}, format="json"
    )
    assert answer.status_code == 403 and answer.json()["code"] == "self_review"


def test_return_with_note(matched, accountant_a, reviewer_a):
    review = close_review_submit(actor=accountant_a, account_id=matched.pk, period_end=END)
    url = reverse("api:close-review-return", kwargs={"pk": review.pk})
    assert _api(reviewer_a).post(url, {}, format="json").status_code == 400
    assert _api(reviewer_a).post(url, {"note": "x" * 301}, format="json").status_code == 400
    answer = _api(reviewer_a).post(url, {"note": '=HYPERLINK("http://x") 请附回单'}, format="json")
    assert answer.status_code == 200
    assert (answer.json()["state"], answer.json()["note"]) == ("returned", '=HYPERLINK("http://x") 请附回单')
    assert not PeriodClose.objects.filter(account=matched).exists()


def test_other_customer_gets_404_and_bank_and_clients_403(
    matched, accountant_a, reviewer_a, customer_b, client_a, ops, account_b
):
    review = close_review_submit(actor=accountant_a, account_id=matched.pk, period_end=END)
    other = make_user("reviewer_b", ["reviewer"], customer_b)
    for name, kwargs, data in (
        ("api:close-review-approve", {"pk": review.pk}, None),
        ("api:close-review-return", {"pk": review.pk}, {"note": "no"}),
        ("api:account-close-review", {"pk": matched.pk}, {"date": "2026-10-31"}),
    ):
        answer = _api(other).post(reverse(name, kwargs=kwargs), data, format="json")
        assert answer.status_code == 404, (name, answer.content)
    assert (
        _api(other)
        .get(reverse("api:account-close-review", kwargs={"pk": matched.pk}), {"date": "2026-10-31"})
        .status_code
        == 404
    )
    for user in (client_a, ops):
        answer = _api(user).post(reverse("api:close-review-approve", kwargs={"pk": review.pk}))
        assert answer.status_code == 403, user
    assert CloseReview.objects.get(pk=review.pk).state == "submitted"


def test_workbench_submit_approve_and_direct_close_refused(client, matched, accountant_a, reviewer_a):
    close, submit, approve, send_back = (
        reverse(f"portal:workbench-{name}", kwargs={"pk": matched.pk})
        for name in ("close", "submit", "approve", "return")
    )
    client.force_login(accountant_a)
    page = client.get(reverse("portal:workbench", kwargs={"pk": matched.pk}), {"period": "2026-10-31"}).content.decode()
    assert f'action="{submit}"' in page and f'action="{close}"' not in page
    client.post(close, {"period": "2026-10-31", "confirm": "yes"})  # a stale page: refused
    assert not PeriodClose.objects.filter(account=matched).exists()
    client.post(submit, {"period": "2026-10-31"})
    review = CloseReview.objects.get(account=matched)
    client.post(approve, {"period": "2026-10-31", "review": review.pk, "confirm": "yes"})  # not a reviewer
    assert CloseReview.objects.get(pk=review.pk).state == "submitted"
    client.force_login(reviewer_a)
    page = client.get(reverse("portal:workbench", kwargs={"pk": matched.pk}), {"period": "2026-10-31"}).content.decode()
    assert f'action="{approve}"' in page and f'action="{send_back}"' in page
    client.post(approve, {"period": "2026-10-31", "review": review.pk, "confirm": "yes"})
    assert CloseReview.objects.get(pk=review.pk).state == "approved"
    page = client.get(
        reverse("portal:workbench", kwargs={"pk": matched.pk}), {"period": "2026-10-31"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Prepared by 张敏, reviewed and closed by 李芳" in page.content.decode()


def test_workbench_other_customers_reviewer_gets_404(client, matched, accountant_a, customer_b, reviewer_a):
    review = close_review_submit(actor=accountant_a, account_id=matched.pk, period_end=END)
    client.force_login(make_user("reviewer_b", ["reviewer"], customer_b))
    assert client.get(reverse("portal:workbench", kwargs={"pk": matched.pk})).status_code == 404
    answer = client.post(
        reverse("portal:workbench-approve", kwargs={"pk": matched.pk}),
        {"period": "2026-10-31", "review": review.pk},
    )
    assert answer.status_code == 404
    assert CloseReview.objects.get(pk=review.pk).state == "submitted"


def test_create_user_grants_the_reviewer_role(customer_a):
    from django.core.management import call_command

    call_command(
        "create_user",
        "fuhe",
        "--role",
        "reviewer",
        "--customer",
        customer_a.credit_code,
        "--password",
        "Reviewer-Pass-2026!",
        "--last-name",
        "李",
        "--first-name",
        "芳",
    )
    from portal.models import User

    assert User.objects.get(username="fuhe").roles == frozenset({"reviewer"})


def test_workbench_refuses_clients_and_bank_staff(client, matched, accountant_a, client_a, ops, reviewer_a):
    review = close_review_submit(actor=accountant_a, account_id=matched.pk, period_end=END)
    for user in (client_a, ops):
        client.force_login(user)
        answer = client.post(
            reverse("portal:workbench-approve", kwargs={"pk": matched.pk}),
            {"period": "2026-10-31", "review": review.pk},
        )
        assert answer.status_code == 403, user
    assert CloseReview.objects.get(pk=review.pk).state == "submitted"


def test_reviewer_changes_nothing_but_the_review(client, matched, reviewer_a):
    from reconcile.models import Match

    group = Match.objects.filter(account=matched).first()
    client.force_login(reviewer_a)
    client.post(
        reverse("portal:workbench-undo", kwargs={"pk": matched.pk}),
        {"period": "2026-10-31", "match": group.pk, "reason": "x"},
    )
    client.post(reverse("portal:workbench-submit", kwargs={"pk": matched.pk}), {"period": "2026-10-31"})
    assert Match.objects.get(pk=group.pk).undone_at is None
    assert not CloseReview.objects.filter(account=matched).exists()
    home = client.get(reverse("portal:reconcile"))
    assert (
        home.status_code == 200 and reverse("portal:reconcile") in client.get(reverse("portal:home")).content.decode()
    )


def test_the_reviewer_is_offered_no_action_it_may_not_take(client, matched, accountant_a, reviewer_a):
    """README: a reviewer sees the workbench and downloads and changes nothing else. The pages offered the
    accountant's actions anyway (Match automatically, match, accept, undo, opening items, upload, rules), each
    refused only after the click."""
    close_review_submit(actor=accountant_a, account_id=matched.pk, period_end=END)
    client.force_login(reviewer_a)
    page = client.get(reverse("portal:workbench", kwargs={"pk": matched.pk}), {"period": "2026-10-31"})
    text = page.content.decode()
    for name in ("run", "undo", "opening", "accept", "accept-above", "close"):
        assert f'action="{reverse(f"portal:workbench-{name}", kwargs={"pk": matched.pk})}"' not in text, name
    assert f'action="{reverse("portal:workbench-approve", kwargs={"pk": matched.pk})}"' in text
    assert 'accesskey="m"' not in text  # the lists are shown read-only, as in a closed period: no action bar
    assert re.search(r'name="bank" value="\d+" disabled', text)
    home = client.get(reverse("portal:reconcile")).content.decode()
    assert reverse("portal:import-upload") not in home and reverse("portal:match-rules") not in home
    client.force_login(accountant_a)  # the accountant still has them
    text = client.get(reverse("portal:workbench", kwargs={"pk": matched.pk}), {"period": "2026-10-31"}).content
    assert f'action="{reverse("portal:workbench-run", kwargs={"pk": matched.pk})}"'.encode() in text
    assert reverse("portal:import-upload").encode() in client.get(reverse("portal:reconcile")).content


def test_the_reviewers_home_lists_what_awaits_review(client, matched, accountant_a, reviewer_a, customer_b):
    close_review_submit(actor=accountant_a, account_id=matched.pk, period_end=END)
    link = f"{reverse('portal:workbench', kwargs={'pk': matched.pk})}?period=2026-10-31#review"
    client.force_login(reviewer_a)
    assert link in client.get(reverse("portal:reconcile")).content.decode()
    client.force_login(make_user("reviewer_b", ["reviewer"], customer_b))  # another company's reviewer
    assert link not in client.get(reverse("portal:reconcile")).content.decode()


def test_a_company_without_another_reviewer_is_told_to_close_directly(matched, customer_a):
    """Its only reviewer is the accountant: a submission nobody could decide would hold the period for good."""
    both = make_user("both_a", ["accountant", "reviewer"], customer_a)
    answer = _api(both).post(
        reverse("api:account-close-review", kwargs={"pk": matched.pk}), {"date": "2026-10-31"}, format="json"
    )
    assert answer.status_code == 409, answer.content
    assert answer.json()["code"] == "no_reviewer" and "close it directly in the workbench" in answer.json()["message"]
    assert not CloseReview.objects.exists()
    runs = reverse("api:account-match-runs", kwargs={"pk": matched.pk})
    assert _api(both).post(runs, {"date": "2026-10-31"}, format="json").status_code == 202  # the period is not held


def test_a_day_that_is_no_period_end_is_400_and_the_workbench_says_so(client, matched, accountant_a, reviewer_a):
    url = reverse("api:account-close-review", kwargs={"pk": matched.pk})
    answer = _api(accountant_a).post(url, {"date": "2026-10-15"}, format="json")
    assert answer.status_code == 400, answer.content
    assert answer.json()["code"] == "not_period_end"
    assert answer.json()["message"] == (
        "2026-10-15 is not the end of a period: a period ends on the last day of a month; choose 2026-10-31."
    )
    assert answer.json()["errors"] == {"date": [answer.json()["message"]]}
    client.force_login(accountant_a)
    page = client.post(
        reverse("portal:workbench-submit", kwargs={"pk": matched.pk}),
        {"period": "2026-10-15"},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert answer.json()["message"] in page.content.decode()
    assert not CloseReview.objects.exists()


def test_the_workbench_close_refuses_a_day_that_is_no_period_end_as_the_api_does(client, matched, accountant_a):
    """The direct close (no other reviewer) took any day; it now refuses as a submission does, in the same words."""
    client.force_login(accountant_a)
    page = client.post(
        reverse("portal:workbench-close", kwargs={"pk": matched.pk}),
        {"period": "2026-10-15", "confirm": "yes"},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert (
        "2026-10-15 is not the end of a period: a period ends on the last day of a month; choose 2026-10-31."
        in page.content.decode()
    )
    assert not PeriodClose.objects.exists()
