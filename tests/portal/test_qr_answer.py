"""The paper letter's QR code leads, after login, straight to answering that statement; verification stays public."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
PASSWORD = "Test@2026!"  # tests/factories.py
CST = dt.timezone(dt.timedelta(hours=8))
GENUINE = '<p class="ok-text"><strong>'  # "Genuine: this statement was issued by the bank." in the page's language


@pytest.fixture
def letter(paper_published, ops, tmp_path, django_capture_on_commit_callbacks):
    """B's paper statement, printed on 10-09 and posted on 10-12 (due 11-02); the tests run on 10-13, while it is
    open for an answer. The QR code on it encodes its verification URL."""
    from statements.services.paper import paper_batch_create, paper_batch_mark_posted

    with time_machine.travel(dt.datetime(2026, 10, 9, 10, tzinfo=CST), tick=False):
        batch = paper_batch_create(actor=ops)
    with (
        time_machine.travel(dt.datetime(2026, 10, 12, 10, tzinfo=CST), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        paper_batch_mark_posted(actor=ops, batch_id=batch.pk, posted_on=dt.date(2026, 10, 12))
    paper_published.refresh_from_db()
    with time_machine.travel(dt.datetime(2026, 10, 13, 10, tzinfo=CST)):
        yield paper_published


def qr_target(statement) -> str:
    """The path the printed QR code encodes (statement_docs builds PORTAL_BASE_URL + /verify/<code>)."""
    from statements.services.statement_docs import statement_data

    url = statement_data(statement).verify_url
    assert url.endswith(f"/verify/{statement.verification_code}")
    return reverse("portal:verify", args=[statement.verification_code])


def test_an_anonymous_scan_verifies_publicly_and_after_login_lands_on_the_answer(client, letter, client_b):
    target = qr_target(letter)
    page = client.get(target)
    assert page.status_code == 200 and GENUINE in page.content.decode()
    answer = reverse("portal:statement-detail", args=[letter.pk])
    assert f'href="{answer}"' in page.content.decode()
    to_login = client.get(answer)
    assert to_login.status_code == 302 and to_login.url.startswith(reverse("portal:login"))
    landed = client.post(to_login.url, {"username": "client_b", "password": PASSWORD}, follow=True)
    assert landed.redirect_chain[-1][0] == answer
    body = landed.content.decode()
    assert 'id="answer"' in body and reverse("portal:statement-agree", args=[letter.pk]) in body


def test_a_logged_in_user_of_the_company_goes_straight_to_answering(client, letter, client_b):
    client.force_login(client_b)
    response = client.get(qr_target(letter))
    assert response.status_code == 302
    assert response.url == reverse("portal:statement-detail", args=[letter.pk]) + "#answer"
    assert 'id="answer"' in client.get(response.url).content.decode()
    # Checking the printed balance stays the public check, also for the company's users.
    assert client.get(qr_target(letter), {"balance": "1.00"}).status_code == 200


def test_another_customers_user_sees_only_the_public_page_and_gets_404_for_the_answer(client, letter, client_a, ops):
    client.force_login(client_a)
    page = client.get(qr_target(letter))
    assert page.status_code == 200 and GENUINE in page.content.decode()
    assert "88,000" not in page.content.decode()  # the public page never shows the balance
    answer = reverse("portal:statement-detail", args=[letter.pk])
    assert client.get(answer).status_code == 404
    landed = client.post(reverse("portal:login") + f"?next={answer}", {"username": "client_a", "password": PASSWORD})
    assert client.get(landed.url if landed.status_code == 302 else answer).status_code == 404
    client.force_login(ops)  # bank staff: the verification page, not an answer
    assert client.get(qr_target(letter)).status_code == 200


def test_a_reissued_statement_leads_to_its_newest_version(client, letter, client_b):
    from statements.models import BalanceStatement

    newer = BalanceStatement.objects.get(pk=letter.pk)
    newer.pk, newer.version, newer.verification_code, newer.previous_id = None, 2, "ZZZZ9999ZZZZ", letter.pk
    newer.content_hash = "x" * 64
    newer.save()
    client.force_login(client_b)
    response = client.get(qr_target(letter))
    assert response.url == reverse("portal:statement-detail", args=[newer.pk]) + "#answer"


def test_hostile_codes_are_a_plain_not_found(client, client_b):
    client.force_login(client_b)
    for code in ("=1+1", "A" * 5000):
        assert client.get(f"/verify/{code}/").status_code == 404
    assert client.get("/verify/%00/").status_code == 400  # refused before any view, as everywhere
