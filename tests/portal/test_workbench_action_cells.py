"""The workbench's last columns (a suggestion's Accept, a group's Undo, and the state words shown instead: "closed
period", "awaiting review") stay on one line: in Chinese the narrow column broke "接受" and "已结账期间" into one
character a line. The adjustment table's amounts with their counts ("200,000.00 (3)") do not break either."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from reconcile.services.matching import match_run_execute, match_run_start
from tests.fixtures.language import language_restored  # noqa: F401 (autouse fixture)

pytestmark = pytest.mark.django_db


def test_the_nowrap_rule_is_in_the_stylesheet(client):
    css = b"".join(client.get("/static/portal/site.css").streaming_content).decode()
    assert re.search(r"\.nowrap\s*\{[^}]*white-space:\s*nowrap", css)


def test_the_undo_and_accept_cells_do_not_wrap(client, accountant_a, books):
    run = match_run_start(actor=accountant_a, account_id=books.pk, period_end=dt.date(2026, 10, 31))
    match_run_execute(run_id=run.pk)
    client.force_login(accountant_a)
    body = client.get(
        reverse("portal:workbench", args=[books.pk]), {"period": "2026-10-31"}, headers={"accept-language": "en"}
    ).content.decode()
    undo = reverse("portal:workbench-undo", args=[books.pk])
    accept = reverse("portal:workbench-accept", args=[books.pk])
    cells = re.findall(r'<td([^>]*)><form method="post" action="(%s|%s)"' % (re.escape(undo), re.escape(accept)), body)
    assert any(action == undo for _attrs, action in cells), "no matched group to undo on the worked example"
    assert all('class="nowrap"' in attrs for attrs, _action in cells), cells


def test_the_adjustment_table_amounts_do_not_wrap(client, accountant_a, books):
    css = b"".join(client.get("/static/portal/site.css").streaming_content).decode()
    assert re.search(r"table\.adjustment td\.amount\s*\{[^}]*white-space:\s*nowrap", css)
    client.force_login(accountant_a)
    body = client.get(
        reverse("portal:workbench", args=[books.pk]), {"period": "2026-10-31"}, headers={"accept-language": "en"}
    ).content.decode()
    table = body.split('<table class="grid adjustment">', 1)[1].split("</table>", 1)[0]
    assert re.search(r'<td class="amount">[\d,]+\.\d{2} \(\d+\)</td>', table), table[:500]
