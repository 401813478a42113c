"""What a first use of the portal tripped over, page by page: the import history's totals written raw (328500.00),
the disagreement's attachment hint leaving out the Excel file it accepts (a balance adjustment table), the dispute's
finding preselected as "bank error", the workbench offering its buttons while the period awaits review (each press
refused), the company's month-by-month rates dated in the locale's long form (2026年10月31日) where every other page
writes 2026-10-31, and punctuation and counts that stayed English on Chinese pages and in `run_deadlines`."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from portal.forms import DisagreeForm, ResolveForm
from portal.templatetags.portal_tags import reasons_filter
from reconcile.models import Import
from statements.models import Decision
from statements.services.confirmations import confirmation_submit
from statements.services.disputes import dispute_resolve
from tests.portal.test_workbench_actions import END, _books, _submit_agreed
from tests.statements.test_reconciled_answer import DURING

pytestmark = pytest.mark.django_db
CST = dt.timezone(dt.timedelta(hours=8))


def test_the_import_history_writes_its_totals_as_money(client, books, accountant_a):
    client.force_login(accountant_a)
    body = client.get(reverse("portal:imports")).content.decode()
    for record in Import.objects.all():
        assert f'<td class="amount">{record.total_in:,.2f}</td>' in body
        assert f'<td class="amount">{record.total_out:,.2f}</td>' in body
        if record.total_in >= 1000:
            assert f">{record.total_in}<" not in body


def test_the_disagreement_attachment_names_every_kind_it_accepts(english):
    field = DisagreeForm()["attachment"]
    assert "Excel" in str(field.help_text) and "balance adjustment table" in str(field.help_text)
    assert 'accept=".pdf,.png,.jpg,.jpeg,.xlsx,.xls"' in str(field)


def test_a_dispute_has_no_finding_until_the_officer_chooses_one(english):
    assert '<option value="" selected>—</option>' in str(ResolveForm()["finding"])
    form = ResolveForm({"resolution": "checked", "corrected_balance": ""})
    assert not form.is_valid() and "finding" in form.errors


def test_the_finding_and_the_period_are_written_in_the_page_language(client, published, customer_a, client_a, ops):
    statement = published[customer_a.pk]
    with time_machine.travel(dt.datetime(2026, 10, 12, 10, tzinfo=CST), tick=False):
        confirmation_submit(
            actor=client_a, statement_id=statement.pk, decision=Decision.DISAGREE, book_balance="1200000", reason="x"
        )
        dispute = statement.disputes.get()
        dispute_resolve(actor=ops, dispute_id=dispute.pk, finding="timing", resolution="在途支票")
    dispute.refresh_from_db()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        expected = f"{dispute.get_finding_display()}: 在途支票"
    client.force_login(ops)
    assert expected in client.get(reverse("portal:ops-dispute", args=[dispute.pk])).content.decode()
    client.force_login(client_a)
    page = client.get(reverse("portal:statement-detail", args=[statement.pk])).content.decode()
    assert expected in page
    assert f"{statement.period} (balance as of {statement.period_end.isoformat()})" in page


def test_the_workbench_of_a_period_awaiting_review_offers_no_change(client, account_a, accountant_a):
    books = _books(account_a, accountant_a)
    client.force_login(accountant_a)
    url = reverse("portal:workbench", args=[account_a.pk])
    before = client.get(url, {"period": END.isoformat()}).content.decode()
    assert f'action="{reverse("portal:workbench-undo", args=[account_a.pk])}"' in before
    _submit_agreed(books)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(url, {"period": END.isoformat()}).content.decode()
    assert "This period is awaiting review and read-only" in page
    for action in ("workbench-undo", "workbench-accept", "workbench-reject", "workbench-accept-above"):
        assert f'action="{reverse(f"portal:{action}", args=[account_a.pk])}"' not in page, action
    assert 'class="primary" disabled>Match automatically</button>' in page
    assert "Select lines on both sides" not in page and 'accesskey="m"' not in page  # no match bar to press
    assert re.search(r'name="bank" value="\d+" disabled', page)


def test_the_company_month_by_month_rates_are_dated_as_every_page_dates(client, books, accountant_a):
    client.force_login(accountant_a)
    body = client.get(reverse("portal:reconcile"), {"rates": "2026-10-31"}).content.decode()
    assert "<tr><td>2026-10-31</td>" in body and "<tr><td>2026-09-30</td>" in body
    assert "2026年10月31日" not in body


def test_reasons_are_joined_with_the_page_language_punctuation():
    reasons = ["金额方向唯一 unique amount+direction in window", "日期相差 0 天 / date distance 0 working days"]
    with translation.override("zh-hans"):
        assert "；" in reasons_filter(reasons) and "; " not in reasons_filter(reasons)
    with translation.override("en"):
        assert "; " in reasons_filter(reasons)


def test_run_deadlines_names_its_counts_in_words(published, english):
    out = io.StringIO()
    with time_machine.travel(dt.datetime(2026, 10, 23, 10, tzinfo=CST), tick=False):
        call_command("run_deadlines", "--as-of", "2026-10-23", stdout=out)
    text = out.getvalue()
    assert "reminders queued: reminder " in text and "last_reminder" not in text


def test_the_adjusted_answer_page_ends_no_chinese_sentence_with_a_latin_stop(client, published, customer_a, client_a):
    client.force_login(client_a)
    statement = published[customer_a.pk]
    with time_machine.travel(DURING, tick=False):
        body = client.get(reverse("portal:statement-adjusted", args=[statement.pk])).content.decode()
    assert f"{statement.balance:,.2f}</strong></p>" in body


def test_the_workbench_of_an_account_without_lines_opens_on_the_last_month_ended(client, account_a, accountant_a):
    """It opened on today (2026-12-06): no period end, and a month not yet ended."""
    client.force_login(accountant_a)
    with time_machine.travel(dt.datetime(2026, 12, 6, 7, 30, tzinfo=CST), tick=False):
        body = client.get(reverse("portal:workbench", args=[account_a.pk])).content.decode()
    assert '<option value="2026-11-30"' in body or "<option>2026-11-30</option>" in body
    assert "2026-12-06" not in body


def test_an_import_of_one_line_says_one_line(
    client, account_a, accountant_a, english, django_capture_on_commit_callbacks
):
    data = "交易日期,摘要,借方发生额,贷方发生额,余额\n2026-10-08,货款,,30000.00,1130000.00\n".encode("gb18030")
    client.force_login(accountant_a)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("portal:import-upload"),
            {"kind": "bank", "file": SimpleUploadedFile("one.csv", data), "account": account_a.number},
        )
    body = client.get(reverse("portal:import-detail", args=[Import.objects.get().pk])).content.decode()
    assert "1 line stored, 0 already known" in body and "1 lines" not in body


def test_a_refused_resolution_keeps_what_the_officer_typed(client, published, customer_a, client_a, ops):
    statement = published[customer_a.pk]
    with time_machine.travel(dt.datetime(2026, 10, 12, 10, tzinfo=CST), tick=False):
        confirmation_submit(
            actor=client_a, statement_id=statement.pk, decision=Decision.DISAGREE, book_balance="1200000", reason="x"
        )
        dispute = statement.disputes.get()
        client.force_login(ops)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        page = client.post(
            reverse("portal:ops-dispute", args=[dispute.pk]),
            {
                "action": "resolve",
                "finding": "bank_error",
                "resolution": "Fee charged twice",
                "corrected_balance": "=1+1",
            },
        )
    body = page.content.decode()
    assert page.status_code == 400 and "is not an amount" in body
    assert "Fee charged twice</textarea>" in body and '<option value="bank_error" selected>' in body
