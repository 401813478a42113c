"""The client's journey without a browser: home, statement, PDF, agree with a confirmation step, disagree, receipt."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from statements.models import BalanceStatement, Confirmation, StatementStatus
from tests.fixtures.signing import post_signed, register_key, sign_redirect

pytestmark = pytest.mark.django_db
CST = dt.timezone(dt.timedelta(hours=8))
DURING = dt.datetime(2026, 10, 12, 10, 0, tzinfo=CST)
AFTER = dt.datetime(2026, 10, 23, 9, 0, tzinfo=CST)


@pytest.fixture
def statement_a(published, customer_a):
    return published[customer_a.pk]


def test_home_lists_what_needs_an_answer_with_days_left(client, client_a, statement_a):
    client.force_login(client_a)
    with time_machine.travel(DURING, tick=False):
        body = client.get(reverse("portal:home")).content.decode()
    assert statement_a.number in body and "2026-10-22" in body and ">10<" in body


def test_statement_page_marks_viewed_and_shows_capitals(client, client_a, statement_a):
    client.force_login(client_a)
    with time_machine.travel(DURING, tick=False):
        body = client.get(reverse("portal:statement-detail", args=[statement_a.pk])).content.decode()
    assert "1,250,000.00" in body and "壹佰贰拾伍万元整" in body
    assert BalanceStatement.objects.get(pk=statement_a.pk).status == StatementStatus.VIEWED
    pdf = client.get(reverse("portal:statement-pdf", args=[statement_a.pk]))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_bank_staff_looking_does_not_mark_viewed(client, ops, statement_a):
    client.force_login(ops)
    with time_machine.travel(DURING, tick=False):
        assert client.get(reverse("portal:statement-detail", args=[statement_a.pk])).status_code == 200
    assert BalanceStatement.objects.get(pk=statement_a.pk).status == StatementStatus.DISPATCHED


def test_agree_has_a_confirmation_step_and_a_receipt(client, client_a, statement_a):
    client.force_login(client_a)
    with time_machine.travel(DURING, tick=False):
        step = client.get(reverse("portal:statement-agree", args=[statement_a.pk]))
        assert step.status_code == 200 and "不可撤销" in step.content.decode()
        assert BalanceStatement.objects.get(pk=statement_a.pk).status == StatementStatus.DISPATCHED
        asked = client.post(reverse("portal:statement-agree", args=[statement_a.pk]))
        assert BalanceStatement.objects.get(pk=statement_a.pk).status == StatementStatus.DISPATCHED  # not yet signed
        signed = sign_redirect(client, asked)
        done = client.get(signed["Location"])
    assert BalanceStatement.objects.get(pk=statement_a.pk).status == StatementStatus.CONFIRMED
    assert "感谢" in done.content.decode()
    receipt = client.get(reverse("portal:statement-receipt", args=[statement_a.pk]))
    assert receipt.status_code == 200 and receipt.content.startswith(b"%PDF")


def test_disagree_form_explains_bad_input_and_then_opens_a_dispute(client, client_a, statement_a):
    client.force_login(client_a)
    url = reverse("portal:statement-disagree", args=[statement_a.pk])
    with time_machine.travel(DURING, tick=False):
        bad = client.post(url, {"book_balance": "12,00x", "reason": "少记"})
        assert bad.status_code == 200 and "12,00x" in bad.content.decode()
        sign_redirect(client, client.post(url, {"book_balance": "1,200,000.00", "reason": "少记一笔 50,000.00"}))
    assert BalanceStatement.objects.get(pk=statement_a.pk).status == StatementStatus.DISPUTED
    with time_machine.travel(DURING, tick=False):
        body = client.get(reverse("portal:statement-detail", args=[statement_a.pk])).content.decode()
    assert "2026-10-19" in body  # the bank answers within 5 working days


def test_a_refused_book_balance_is_said_beside_its_field(client, client_a, statement_a):
    """The refusal of "1,2x" stood above the form, away from the box to correct; it is beside it now, the box marked
    invalid."""
    client.force_login(client_a)
    url = reverse("portal:statement-disagree", args=[statement_a.pk])
    with time_machine.travel(DURING, tick=False):
        bad = client.post(url, {"book_balance": "1,2x", "reason": "少记"}, headers={"accept-language": "en"})
    body = bad.content.decode()
    assert bad.status_code == 200
    error = body.split('id="id_book_balance_error"', 1)[1].split("</span>", 1)[0]
    assert "Enter your own book balance as a number" in error and "1,2x" in error
    assert 'aria-invalid="true"' in body.split('name="book_balance"', 1)[1].split(">", 1)[0]
    assert 'class="error" role="alert"' not in body  # no message above the form


def test_after_the_due_date_buttons_are_gone_and_a_late_post_is_refused(client, client_a, statement_a):
    client.force_login(client_a)
    with time_machine.travel(AFTER, tick=False):
        body = client.get(reverse("portal:statement-detail", args=[statement_a.pk])).content.decode()
        assert reverse("portal:statement-agree", args=[statement_a.pk]) not in body
        response = client.post(reverse("portal:statement-agree", args=[statement_a.pk]), follow=True)
    assert "2026-10-22" in response.content.decode()
    assert BalanceStatement.objects.get(pk=statement_a.pk).status == StatementStatus.DISPATCHED


def test_api_confirm_and_dispute(client_a, client_b, published, customer_a, customer_b):
    api = APIClient()
    api.force_authenticate(client_a)
    a, b = published[customer_a.pk], published[customer_b.pk]
    key_a, key_b = register_key(customer_a), register_key(customer_b)
    confirm_a = reverse("api:statement-confirm", args=[a.pk])
    with time_machine.travel(DURING, tick=False):
        listed = api.get(reverse("api:statement-list"), {"period": "2026-09"}).json()
        assert [row["number"] for row in listed["results"]] == [a.number]
        assert listed["results"][0]["balance"] == "1250000.00"
        assert post_signed(api, reverse("api:statement-confirm", args=[b.pk]), b.pk, key_a).status_code == 404
        confirmed = post_signed(api, confirm_a, a.pk, key_a)
        assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
        again = post_signed(api, confirm_a, a.pk, key_a, {"request_id": "2"})
        assert again.status_code == 409 and "message" in again.json()
        api.force_authenticate(client_b)
        bad = post_signed(api, reverse("api:statement-dispute", args=[b.pk]), b.pk, key_b, {"book_balance": "x"})
        assert bad.status_code == 400 and "message" in bad.json()
        disputed = post_signed(
            api,
            reverse("api:statement-dispute", args=[b.pk]),
            b.pk,
            key_b,
            {"book_balance": "88000.00", "reason": "利息未入账"},
        )
        assert disputed.json()["status"] == "disputed"
    with time_machine.travel(AFTER, tick=False):
        api.force_authenticate(client_a)


def test_api_late_confirm_is_refused_as_json(client_a, published, customer_a):
    api = APIClient()
    api.force_authenticate(client_a)
    key = register_key(customer_a)
    statement = published[customer_a.pk]
    with time_machine.travel(AFTER, tick=False):
        response = post_signed(api, reverse("api:statement-confirm", args=[statement.pk]), statement.pk, key)
    assert response.status_code == 409 and "2026-10-22" in response.json()["message"]


def test_sms_api_is_for_ops_only(client_a, ops, published, customer_a):
    api = APIClient()
    api.force_authenticate(client_a)
    assert api.get(reverse("api:sms-list")).status_code == 403
    api.force_authenticate(ops)
    rows = api.get(reverse("api:sms-list"), {"statement": published[customer_a.pk].pk}).json()["results"]
    assert [r["template"] for r in rows] == ["statement_notice"]


def _more_statements(customer, n: int, start: int = 0) -> list[BalanceStatement]:
    from tests.portal.test_query_counts import _statements

    _statements(customer, n, start)
    return list(BalanceStatement.objects.filter(account__customer=customer))


def test_statement_list_is_paginated_and_the_pages_keep_the_filter(client, client_a, customer_a, customer_b):
    _more_statements(customer_a, 30)
    _more_statements(customer_b, 3, 500)
    client.force_login(client_a)
    first = client.get(reverse("portal:statements")).content.decode()
    assert first.count('<tr><td><a href="/statements/') == 25
    assert 'href="?page=2"' in first and 'rel="next"' in first and 'aria-current="page"' in first
    second = client.get(reverse("portal:statements"), {"page": "2"}).content.decode()
    assert second.count('<tr><td><a href="/statements/') == 5 and 'rel="prev"' in second
    assert "62220000000500" not in first + second  # customer B's accounts on no page
    past_the_end = client.get(reverse("portal:statements"), {"page": "99"}).content.decode()
    assert past_the_end.count('<tr><td><a href="/statements/') == 5  # the last page, not an error
    filtered = client.get(reverse("portal:statements"), {"period": "2026-09"}).content.decode()
    assert 'href="?period=2026-09&amp;page=2"' in filtered
    empty = client.get(reverse("portal:statements"), {"period": "2025-01"}).content.decode()
    assert "2025-01" in empty and "<table" not in empty


def test_statement_list_rows_show_the_same_values_as_before(client, client_a, statement_a):
    client.force_login(client_a)
    with time_machine.travel(DURING, tick=False):
        body = client.get(reverse("portal:statements")).content.decode()
    detail = reverse("portal:statement-detail", args=[statement_a.pk])
    assert f'<a href="{detail}">{statement_a.number}</a>' in body
    from django.utils import translation

    with translation.override("zh-hans"):
        label = str(StatementStatus(statement_a.status).label)
    assert "CNY 1,250,000.00" in body and "2026-10-22" in body
    assert f'<span class="status status-{statement_a.status}">{label}</span>' in body


def test_a_repeat_view_of_the_statement_page_writes_nothing(client, client_a, statement_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.models import AuditEvent

    client.force_login(client_a)
    url = reverse("portal:statement-detail", args=[statement_a.pk])
    with time_machine.travel(DURING, tick=False):
        client.get(url)
        events = AuditEvent.objects.filter(action="statement.viewed").count()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
    sql = " ".join(q["sql"] for q in ctx.captured_queries).upper()
    assert "UPDATE" not in sql and "FOR UPDATE" not in sql and "INSERT" not in sql
    assert events == 1 and AuditEvent.objects.filter(action="statement.viewed").count() == 1


def _files_under(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()]


def test_a_refused_disagreement_leaves_no_attachment_behind(client, client_a, statement_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path = tmp_path / "uploads"
    client.force_login(client_a)
    url = reverse("portal:statement-disagree", args=[statement_a.pk])
    form = {"book_balance": "1,200,000.00", "reason": "少记一笔"}
    with time_machine.travel(AFTER, tick=False):  # past the due date: the service refuses
        late = client.post(url, {**form, "attachment": SimpleUploadedFile("对账.pdf", b"%PDF-1.7")})
    assert late.status_code == 200 and "2026-10-22" in late.content.decode()
    assert _files_under(tmp_path) == []
    with time_machine.travel(DURING, tick=False):
        sign_redirect(client, client.post(url, {**form, "attachment": SimpleUploadedFile("对账.pdf", b"%PDF-1.7")}))
    kept = _files_under(tmp_path)
    stored = Confirmation.objects.get(statement=statement_a).attachment
    assert [p.relative_to(tmp_path).as_posix() for p in kept] == [stored]
