"""Small things a new user trips on: the re-issued version linked from its dispute, the icon, dates that wrap."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from statements.models import BalanceStatement, Decision
from statements.services.confirmations import confirmation_submit
from statements.services.disputes import dispute_resolve

pytestmark = pytest.mark.django_db
CST = dt.timezone(dt.timedelta(hours=8))
ICON = '<link rel="icon" href="/static/portal/favicon.svg" type="image/svg+xml">'


def test_a_resolved_dispute_links_to_the_reissued_version(client, published, customer_a, client_a, ops):
    statement = published[customer_a.pk]
    with time_machine.travel(dt.datetime(2026, 10, 12, 10, tzinfo=CST), tick=False):
        confirmation_submit(
            actor=client_a,
            statement_id=statement.pk,
            decision=Decision.DISAGREE,
            book_balance="1249500.00",
            reason="管理费误扣",
        )
        dispute = statement.disputes.get()
        dispute_resolve(
            actor=ops,
            dispute_id=dispute.pk,
            finding="bank_error",
            resolution="误扣已冲回",
            corrected_balance="1250500.00",
        )
    new = BalanceStatement.objects.get(previous=statement)
    client.force_login(ops)
    body = client.get(reverse("portal:ops-dispute", args=[dispute.pk])).content.decode()
    assert "重新出具为" in body
    assert f'<a href="{reverse("portal:statement-detail", args=[new.pk])}">{new.number} v2</a>' in body
    assert "1,250,500.00" in body


def test_every_page_names_its_icon_and_the_icon_is_served(client, client_a, admin_client):
    assert ICON in client.get(reverse("portal:login")).content.decode()
    client.force_login(client_a)
    assert ICON in client.get(reverse("portal:home")).content.decode()
    assert ICON in client.get("/no-such-page/").content.decode()
    assert ICON in server_error(RequestFactory().get("/")).content.decode()
    assert ICON in admin_client.get(reverse("admin:index")).content.decode()
    icon = client.get("/static/portal/favicon.svg")
    assert icon.status_code == 200 and icon["Content-Type"].startswith("image/svg+xml")
    assert b"<svg" in b"".join(icon.streaming_content)


def test_dates_in_table_cells_do_not_wrap(client, published, customer_a, client_a, ops):
    css = b"".join(client.get("/static/portal/site.css").streaming_content).decode()
    assert re.search(r"\.date\s*\{[^}]*white-space:\s*nowrap", css)
    client.force_login(client_a)
    body = client.get(reverse("portal:statements")).content.decode()
    due = published[customer_a.pk].due_date.isoformat()
    assert f'<td class="date">{due}</td>' in body
    client.force_login(ops)
    dashboard = client.get(reverse("portal:ops")).content.decode()
    assert re.search(r'<td class="date">\d{4}-\d{2}-\d{2}</td>', dashboard)


def test_the_home_pages_latest_uploads_head_their_kind_column_with_a_noun(client, accountant_a, books):
    """The column of an upload's kind was headed by the upload form's question "What is this file?"."""
    client.force_login(accountant_a)
    body = client.get(reverse("portal:home"), headers={"accept-language": "en"}).content.decode()
    head = body.split("Latest uploads", 1)[1].split("</thead>", 1)[0]
    assert '<th scope="col">Kind</th>' in head and "What is this file?" not in head
