"""The cache's Redis going down under a real gunicorn: sessions fall back to the database, the cache fails open, the
verification page's balance oracle fails closed with a 503, login throttling (in the database) keeps working.

The cache is a redis-server of the test's own (CACHE_URL), killed and started again by the test.
"""

from __future__ import annotations

import pytest
from django.conf import settings

from statements.models import BalanceStatement, Confirmation, StatementStatus
from tests.integration.servers import browser, log_in, post_form, sign_answer
from tests.integration.support import eager_tasks, ensure_calendar, last_finished_month, make_due_accounts

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def published_for_client():
    from portal.models import Role
    from reconcile.models import BankAccount
    from statements.services.publishing import statement_run_start
    from tests.factories import make_user

    ensure_calendar()
    period, end = last_finished_month()
    due = make_due_accounts(5, period_end=end, prefix=42)
    with eager_tasks():
        statement_run_start(actor=None, period=period)
    customer = BankAccount.objects.get(pk=due.account_ids[0]).customer
    make_user("cache_fault_client", [Role.CLIENT_VIEWER, Role.CLIENT_CONFIRMER], customer)
    make_user("cache_fault_accountant", [Role.ACCOUNTANT], customer)
    return list(BalanceStatement.objects.filter(account_id__in=due.online_ids).order_by("pk"))


def test_the_portal_works_with_the_cache_down(web_servers, redis_servers, celery_workers, published_for_client):
    cache = redis_servers.start()
    web = web_servers.start(env={"CACHE_URL": cache.url(1), "PORTAL_TEST_WORKER_QUEUE": celery_workers.queue()})
    statement = published_for_client[0]
    verify = f"{web.url}/verify/{statement.verification_code}/"
    session = browser()
    log_in(session, web, "cache_fault_client")
    assert session.get(f"{web.url}/statements/", timeout=30).status_code == 200
    assert session.get(verify, params={"balance": "1.00"}, timeout=30).status_code == 200  # counted in Redis

    cache.kill()

    # Signed in before the outage: every page still knows the user (the session's database copy).
    for path in ("/", "/statements/", f"/statements/{statement.pk}/", f"/statements/{statement.pk}/agree/"):
        page = session.get(f"{web.url}{path}", timeout=30, allow_redirects=False)
        assert page.status_code == 200, (path, page.status_code, page.text[:300])
    # The web confirm.
    answered = sign_answer(session, web, post_form(session, f"{web.url}/statements/{statement.pk}/agree/", {}))
    assert answered.status_code == 302
    statement.refresh_from_db()
    assert statement.status == StatementStatus.CONFIRMED and Confirmation.objects.filter(statement=statement).exists()

    # Public verification: the genuine/not answer stands; the balance oracle is refused (uncounted, it is unlimited).
    assert session.get(verify, timeout=30).status_code == 200
    refused = session.get(verify, params={"balance": "1000.55"}, timeout=30)
    assert refused.status_code == 503 and refused.headers["Retry-After"]
    assert "cannot be checked at the moment" in refused.text
    assert "matches" not in refused.text and "does NOT match" not in refused.text
    # The signature check of an uploaded PDF (its per-address cap fails open): answered, not a 500.
    checked = post_form(
        session, f"{web.url}/verify/", {}, files={"document": ("x.pdf", b"not a pdf", "application/pdf")}
    )
    assert checked.status_code == 400 and "not a readable PDF" in checked.text

    # A new login, an upload through the API (its rate limit lives in the cache: it fails open), a logout.
    other = browser()
    log_in(other, web, "cache_fault_accountant")
    csv = "交易日期,摘要,借方发生额,贷方发生额,余额\n2026-11-02,货款,,100.00,1100.00\n".encode()
    upload = other.post(
        f"{web.url}/api/v1/imports/upload/",
        files={"file": ("nov.csv", csv, "text/csv")},
        data={"kind": "bank", "account": statement.account.number},
        headers={"X-CSRFToken": other.cookies["csrftoken"]},
        timeout=30,
    )
    assert upload.status_code == 202, upload.text[:500]
    logged_out = post_form(other, f"{web.url}/logout/", {}, form_url=f"{web.url}/")
    assert logged_out.status_code in (200, 302)
    assert other.get(f"{web.url}/statements/", timeout=30, allow_redirects=False).status_code == 302  # to login

    # Login throttling is kept in the database: it still locks out a guessed password with the cache down.
    guesser = browser()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_form(guesser, f"{web.url}/login/", {"username": "cache_fault_client", "password": "wrong-guess"})
    locked = post_form(guesser, f"{web.url}/login/", {"username": "cache_fault_client", "password": "Test@2026!"})
    assert locked.status_code != 302

    # The cache comes back (empty): balance checks are counted again.
    cache.start()
    assert session.get(verify, params={"balance": "1000.55"}, timeout=30).status_code == 200
    assert session.get(f"{web.url}/statements/", timeout=30).status_code == 200
