"""The reconciled answer in the browser: the accountant answers with the workbench's table (no upload of the bank's
statement), the confirmer submits it, the receipt and ops' dispute page list the items."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from reconcile.services.imports import import_file
from reconcile.services.matching import match_run_start
from statements.models import AnswerDraft, BalanceStatement, Confirmation, Decision, Dispute, StatementStatus
from tests.fixtures.signing import sign_redirect
from tests.statements.test_reconciled_answer import BOOK, DURING, FED_AT, ITEMS, _feed, _publish

pytestmark = pytest.mark.django_db

JOURNAL_CSV = """日期,凭证字号,摘要,对方科目,结算方式,结算号,借方金额,贷方金额,方向,余额
2026-09-01,,期初余额,,,,,,借,"1,168,500.00"
2026-09-03,记-03,收恒瑞贸易货款,应收账款,电汇,,"200,000.00",,借,"1,368,500.00"
2026-09-10,记-09,付中科信达货款,应付账款,电汇,,,"120,000.00",借,"1,248,500.00"
2026-09-29,记-20,付中科信达设备款,应付账款,转账支票,10234567,,"80,000.00",借,"1,168,500.00"
2026-09-30,记-22,收恒瑞贸易转账支票,应收账款,转账支票,10234561,"30,000.00",,借,"1,198,500.00"
"""


@pytest.fixture
def statement(
    ops,
    account_a,
    agreement_a,
    agreement_b,
    balances,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
    customer_a,
):
    _feed(ops, account_a)
    outcome = _publish(settings, tmp_path, django_capture_on_commit_callbacks)
    return outcome.run.statements.get(account__customer=customer_a)


@pytest.fixture
def reconciled(statement, accountant_a, account_a, django_capture_on_commit_callbacks):
    """The accountant imports only the journal (the bank's lines are fed) and matches September."""
    with time_machine.travel(FED_AT, tick=False):
        journal = import_file(
            actor=accountant_a,
            kind="journal",
            data=JOURNAL_CSV.encode(),
            filename="j.csv",
            account_number=account_a.number,
        )
    assert journal.status == "done", journal.errors
    with django_capture_on_commit_callbacks(execute=True):
        match_run_start(actor=accountant_a, account_id=account_a.pk, period_end=dt.date(2026, 9, 30))
    return statement


def test_the_accountant_answers_with_the_table_and_the_confirmer_submits(
    client, reconciled, accountant_a, client_a, ops
):
    statement = reconciled
    client.force_login(accountant_a)
    with time_machine.travel(DURING, tick=False):
        page = client.get(reverse("portal:statement-detail", args=[statement.pk])).content.decode()
        assert "1,168,500.00" in page  # the detail's opening balance
        client.post(reverse("portal:statement-prepare-answer", args=[statement.pk]))
    draft = AnswerDraft.objects.get(statement=statement)
    assert draft.difference == 0 and str(draft.book_balance) == BOOK and len(draft.items) == 4
    assert {item["kind"] for item in draft.items} == {item["kind"] for item in ITEMS}
    # the accountant cannot submit: maker-checker
    with time_machine.travel(DURING, tick=False):
        refused = client.post(reverse("portal:statement-adjusted", args=[statement.pk]), _form(BOOK, draft.items))
    assert refused.status_code == 400 and not Confirmation.objects.exists()
    client.force_login(client_a)
    with time_machine.travel(DURING, tick=False):
        detail = client.get(reverse("portal:statement-detail", args=[statement.pk])).content.decode()
        assert "?draft=1" in detail
        form = client.get(reverse("portal:statement-adjusted", args=[statement.pk]) + "?draft=1").content.decode()
        assert 'value="1,198,500.00"' in form and "10234567" in form  # grouped, as the hint and the page
        done = sign_redirect(
            client, client.post(reverse("portal:statement-adjusted", args=[statement.pk]), _form(BOOK, draft.items))
        )
    assert done.status_code == 302 and done["Location"] == reverse("portal:statement-detail", args=[statement.pk])
    answer = Confirmation.objects.get(statement=statement)
    assert answer.decision == Decision.AGREE_ADJUSTED and answer.unexplained_difference == 0
    assert BalanceStatement.objects.get(pk=statement.pk).status == StatementStatus.CONFIRMED
    # The page says how it was confirmed: it read "Confirmed (agreed)" beside the answer "Agree after adjustment".
    with time_machine.travel(DURING, tick=False):
        page = client.get(reverse("portal:statement-detail", args=[statement.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Confirmed (agreed after adjustment)</span>" in page.content.decode()
    receipt = client.get(reverse("portal:statement-receipt", args=[statement.pk])).content
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(receipt)).pages)
    for words in (
        "调节后相符",
        "企业已收银行未收",
        "企业已付银行未付",
        "银行已收企业未收",
        "银行已付企业未付",
        "30,000.00",
        "80,000.00",
        "1,198,500.00",
        "已核对银行明细",
    ):
        assert words in text, words


def _form(book: str, items: list[dict]) -> dict:
    data = {"book_balance": book, "rows": str(len(items))}
    for n, item in enumerate(items):
        for key in ("kind", "date", "amount", "summary", "reference"):
            data[f"item-{n}-{key}"] = item.get(key, "")
    return data


def test_a_wrong_item_on_the_page_says_what_is_unexplained(client, statement, client_a):
    client.force_login(client_a)
    items = [dict(ITEMS[0], amount="3000.00"), *ITEMS[1:]]
    with time_machine.travel(DURING, tick=False):
        page = client.post(reverse("portal:statement-adjusted", args=[statement.pk]), _form(BOOK, items))
    body = page.content.decode()
    assert page.status_code == 400 and "27,000.00" in body and 'value="3000.00"' in body


def test_ops_see_the_items_of_a_disagreement(client, statement, client_a, ops):
    client.force_login(client_a)
    items = ITEMS[:3]
    with time_machine.travel(DURING, tick=False):
        from statements.services.confirmations import confirmation_submit

        confirmation_submit(
            actor=client_a,
            statement_id=statement.pk,
            decision="disagree",
            book_balance=BOOK,
            reason="手续费不明",
            outstanding=[
                *items,
                {"kind": "journal_out_not_bank", "date": "2026-08-20", "amount": "150.00", "summary": "旧支票"},
            ],
        )
    dispute = Dispute.objects.get(statement=statement)
    client.force_login(ops)
    with time_machine.travel(DURING, tick=False):
        page = client.get(reverse("portal:ops-dispute", args=[dispute.pk])).content.decode()
    assert "-300.00" in page  # what the items leave unexplained
    assert "旧支票" in page and "1,650.00" in page
    assert page.count('class="warn"') == 1  # the August cheque is older than the period


def test_the_adjusted_page_of_another_customer_is_404(client, statement, client_b):
    client.force_login(client_b)
    assert client.get(reverse("portal:statement-adjusted", args=[statement.pk])).status_code == 404
    assert client.post(reverse("portal:statement-prepare-answer", args=[statement.pk])).status_code == 404


def test_ops_see_which_of_the_companys_items_never_reached_the_bank_by_the_next_period_end(
    client, statement, client_a, ops, account_a
):
    """A 未达账 that never arrives is a finding: once the next period has ended, an item the company booked (a cheque
    received, a cheque written) that is not among the bank's own lines of that period is flagged, naming the day."""
    from statements.services.confirmations import confirmation_submit

    with time_machine.travel(DURING, tick=False):
        confirmation_submit(
            actor=client_a,
            statement_id=statement.pk,
            decision="disagree",
            book_balance=BOOK,
            reason="手续费不明",
            outstanding=ITEMS[:3],  # the cheque received 09-30 (30,000.00) and the cheque written 09-29 (80,000.00)
        )
    october = (
        "交易日期,摘要,对方户名,借方发生额,贷方发生额,余额,交易流水号\n"
        '2026-10-02,支票存入,上海恒瑞贸易有限公司,,"30,000.00","1,280,000.00",OCT0001\n'
    )
    with time_machine.travel(dt.datetime(2026, 11, 2, 9, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False):
        fed = import_file(
            actor=ops, kind="bank", data=october.encode(), filename="fed-2026-10.csv", account_number=account_a.number
        )
    assert fed.status == "done", fed.errors
    dispute = Dispute.objects.get(statement=statement)
    client.force_login(ops)
    url = reverse("portal:ops-dispute", args=[dispute.pk])
    with time_machine.travel(DURING, tick=False):  # October has not ended: nothing to say yet
        assert "2026-10-31" not in client.get(url).content.decode()
    with time_machine.travel(dt.datetime(2026, 11, 5, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False):
        page = client.get(url).content.decode()
    # each item's row by its amount cell
    rows = {m.group(1): row for row in page.split("<tr")[1:] if (m := re.search(r'<td class="num"[^>]*>([^<]+)', row))}
    assert "2026-10-31" in rows["80,000.00"] and 'class="warn"' in rows["80,000.00"]
    assert "2026-10-31" not in rows["30,000.00"]  # banked on 10-02
    assert "2026-10-31" not in rows["1,650.00"]  # the bank's own interest: nothing to arrive
