"""Bank-fed detail, and the three answers: 相符, 调节后相符 (items that reconcile to the cent), 不符 with items."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from core.errors import ServiceError
from portal.models import Role
from reconcile.models import BankLine, Import
from reconcile.services.imports import import_file
from reconcile.services.withdraw import import_withdraw
from statements.models import AnswerItem, BalanceStatement, Confirmation, PeriodBalance, StatementStatus
from statements.services.confirmations import confirmation_submit
from statements.services.publishing import statement_run_start
from tests.factories import api_key, make_user
from tests.fixtures.hostile import HIDDEN_TEXTS
from tests.fixtures.signing import post_signed, register_key

pytestmark = pytest.mark.django_db
CST = dt.timezone(dt.timedelta(hours=8))
FED_AT = dt.datetime(2026, 10, 8, 9, tzinfo=CST)
PUBLISH_AT = dt.datetime(2026, 10, 9, 10, tzinfo=CST)
DURING = dt.datetime(2026, 10, 12, 10, tzinfo=CST)

# September 2026 of account A as the bank feeds it: it opens at 1,168,500.00 and closes at the published
# 1,250,000.00 (the core-banking balance of the `balances` fixture).
FED_CSV = """交易日期,摘要,对方户名,借方发生额,贷方发生额,余额,交易流水号
2026-09-03,收恒瑞货款,上海恒瑞贸易有限公司,,"200,000.00","1,368,500.00",SEP0001
2026-09-10,支付货款,北京中科信达科技有限公司,"120,000.00",,"1,248,500.00",SEP0002
2026-09-28,手续费,,150.00,,"1,248,350.00",SEP0003
2026-09-30,结息,,,"1,650.00","1,250,000.00",SEP0004
"""
# The company's books: the same two payments, a cheque received on 09-30 it banked on 10-02 and a cheque it wrote on
# 09-29 not yet presented; it has not booked the fee and the interest. Book balance 1,198,500.00.
ITEMS = [
    {
        "kind": "journal_in_not_bank",
        "date": "2026-09-30",
        "amount": "30000.00",
        "summary": "转账支票 恒瑞贸易",
        "reference": "10234561",
    },
    {
        "kind": "journal_out_not_bank",
        "date": "2026-09-29",
        "amount": "80000.00",
        "summary": "支票 中科信达",
        "reference": "10234567",
    },
    {"kind": "bank_in_not_journal", "date": "2026-09-30", "amount": "1650.00", "summary": "结息"},
    {"kind": "bank_out_not_journal", "date": "2026-09-28", "amount": "150.00", "summary": "手续费"},
]
BOOK = "1198500.00"


def _feed(actor, account, data: str = FED_CSV, name: str = "fed-2026-09.csv") -> Import:
    with time_machine.travel(FED_AT, tick=False):
        return import_file(actor=actor, kind="bank", data=data.encode(), filename=name, account_number=account.number)


def _publish(settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(PUBLISH_AT, tick=False), django_capture_on_commit_callbacks(execute=True):
        return statement_run_start(actor=None, period="2026-09")


@pytest.fixture
def accountant_b(customer_b):
    return make_user("accountant_b", [Role.ACCOUNTANT], customer_b)


@pytest.fixture
def fed(ops, account_a):
    return _feed(ops, account_a)


@pytest.fixture
def statement(
    fed, agreement_a, agreement_b, balances, settings, tmp_path, django_capture_on_commit_callbacks, customer_a
):
    outcome = _publish(settings, tmp_path, django_capture_on_commit_callbacks)
    return outcome.run.statements.get(account__customer=customer_a)


def _api(user) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(user)}", HTTP_ACCEPT_LANGUAGE="en")
    return api


# -- bank-fed lines ----------------------------------------------------------------------------------------------


def test_lines_the_bank_imports_are_bank_fed_and_a_company_copy_is_not(fed, accountant_b, account_b, ops):
    assert fed.bank_fed and BankLine.objects.filter(source_import=fed, bank_fed=True).count() == 4
    copy = _feed(accountant_b, account_b, FED_CSV.replace("SEP", "B"), "copy.csv")
    assert copy.status == "done" and not copy.bank_fed
    assert not BankLine.objects.filter(source_import=copy, bank_fed=True).exists()


def test_a_company_copy_of_fed_lines_is_recognised_not_stored_twice(fed, accountant_a, account_a):
    copy = _feed(accountant_a, account_a, FED_CSV + "\n", "downloaded-from-online-banking.csv")
    assert copy.status == "done" and copy.lines_stored == 0 and copy.lines_known == 4
    assert BankLine.objects.filter(account=account_a).count() == 4


def test_the_bank_feeding_lines_a_company_uploaded_first_makes_them_the_banks(accountant_a, account_a, ops):
    copy = _feed(accountant_a, account_a, FED_CSV, "company.csv")
    assert BankLine.objects.filter(account=account_a, bank_fed=False).count() == 4
    feed = _feed(ops, account_a, FED_CSV + "\n", "feed.csv")
    assert feed.lines_known == 4
    assert BankLine.objects.filter(account=account_a, bank_fed=True, source_import=feed).count() == 4
    import_withdraw(actor=accountant_a, import_id=copy.pk, reason="uploaded by mistake")
    assert BankLine.objects.fed().filter(account=account_a).count() == 4  # the bank's lines stay


def test_a_bank_system_feed_imports_bank_statements_only_never_a_companys_journal(account_a):
    """The bank feed's lines are the bank's own; a company's books (日记账) are the company's: a feed token pushing a
    journal into any account would write the company side of its 余额调节表. Refused, nothing kept."""
    feed = make_user("feed", [Role.BANK_FEED])
    api = _api(feed)
    journal = {
        "kind": "journal",
        "account_number": account_a.number,
        "lines": [{"date": "2026-09-03", "serial": "记-1", "summary": "收款", "debit": "50.00"}],
    }
    with time_machine.travel(FED_AT, tick=False):
        refused = api.post("/api/v1/imports/push/", journal, format="json")
        with pytest.raises(ServiceError) as on_server:
            import_file(
                actor=feed, kind="journal", data=FED_CSV.encode(), filename="j.csv", account_number=account_a.number
            )
        bank = api.post(
            "/api/v1/imports/push/",
            {**journal, "kind": "bank", "lines": [{**journal["lines"][0], "serial": "S1"}]},
            format="json",
        )
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden", refused.json()
    assert "journal" in refused.json()["message"]
    assert on_server.value.code == "forbidden"
    assert bank.status_code == 201 and BankLine.objects.get().bank_fed
    assert not Import.objects.filter(kind="journal").exists()


def test_a_company_cannot_withdraw_the_banks_feed(fed, accountant_a):
    with pytest.raises(ServiceError) as refused:
        import_withdraw(actor=accountant_a, import_id=fed.pk, reason="I do not like it")
    assert refused.value.code == "forbidden"


# -- the statement's detail --------------------------------------------------------------------------------------


def test_a_published_statement_carries_its_detail(statement):
    assert statement.opening_balance == Decimal("1168500.00") and statement.detail_lines == 4
    assert statement.balance == Decimal("1250000.00")


def test_a_bare_balance_has_no_detail(statement, customer_b):
    other = BalanceStatement.objects.get(account__customer=customer_b)
    assert other.detail_lines is None and other.opening_balance is None


def test_publishing_refuses_a_detail_that_does_not_join_the_balances(
    fed, account_a, agreement_a, agreement_b, balances, settings, tmp_path, django_capture_on_commit_callbacks
):
    PeriodBalance.objects.create(
        account=account_a, as_of=dt.date(2026, 8, 31), balance=Decimal("1100000.00"), source="core_feed"
    )
    with pytest.raises(ServiceError) as refused:
        _publish(settings, tmp_path, django_capture_on_commit_callbacks)
    assert refused.value.code == "detail_mismatch" and account_a.number in refused.value.message
    assert "68,500.00" in refused.value.message and not BalanceStatement.objects.exists()


def test_the_detail_check_visits_every_fed_account_once_in_batches_and_no_other(
    fed,
    account_a,
    account_b,
    agreement_a,
    agreement_b,
    balances,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    from statements.services import publish_checks, publishing

    batches = []
    real = publishing.detail_summaries

    def spy(*, agreements, spec, closings):
        batches.append([a.account_id for a in agreements])
        return real(agreements=agreements, spec=spec, closings=closings)

    monkeypatch.setattr(publish_checks, "DETAIL_CHECK_BATCH", 1)
    monkeypatch.setattr(publish_checks, "detail_summaries", spy)  # the start's check
    monkeypatch.setattr(publishing, "detail_summaries", spy)  # the chunk's own
    assert _publish(settings, tmp_path, django_capture_on_commit_callbacks).created
    # The start's check: only the accounts the bank feeds (account A here; B has no fed line, so nothing of it is
    # loaded), one per batch in account order, each once; then the chunk's own call with every due account.
    fed_accounts = sorted(set(BankLine.objects.fed().values_list("account_id", flat=True)))
    assert fed_accounts == [account_a.pk]
    due = sorted([account_a.pk, account_b.pk])
    assert batches[:1] == [[account_a.pk]] and sorted(batches[1]) == due and len(batches) == 2
    assert BalanceStatement.objects.count() == 2


def test_a_detail_that_does_not_join_is_found_with_batches_of_one(
    fed,
    account_a,
    account_b,
    agreement_a,
    agreement_b,
    balances,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    from statements.services import publish_checks

    PeriodBalance.objects.create(
        account=account_a, as_of=dt.date(2026, 8, 31), balance=Decimal("1100000.00"), source="core_feed"
    )
    monkeypatch.setattr(publish_checks, "DETAIL_CHECK_BATCH", 1)
    with pytest.raises(ServiceError) as refused:
        _publish(settings, tmp_path, django_capture_on_commit_callbacks)
    assert refused.value.code == "detail_mismatch" and account_a.number in refused.value.message
    assert not BalanceStatement.objects.exists()


def test_lines_fed_after_publishing_do_not_change_the_detail(statement, ops, account_a, client, client_a):
    late = FED_CSV.splitlines()[0] + "\n2026-09-30,冲正,,,10.00,,SEPLATE\n"
    with time_machine.travel(DURING, tick=False):
        import_file(actor=ops, kind="bank", data=late.encode(), filename="late.csv", account_number=account_a.number)
    client.force_login(client_a)
    page = client.get(reverse("portal:statement-lines", args=[statement.pk])).content.decode()
    assert "SEP0004" in page and "SEPLATE" not in page


def test_the_detail_page_and_the_other_customer(statement, client, client_a, client_b):
    client.force_login(client_a)
    page = client.get(reverse("portal:statement-lines", args=[statement.pk])).content.decode()
    assert "SEP0001" in page and "1,168,500.00" in page and "北京中科信达科技有限公司" in page
    client.force_login(client_b)
    assert client.get(reverse("portal:statement-lines", args=[statement.pk])).status_code == 404


# -- the three answers over the API ------------------------------------------------------------------------------


def _signed(user, statement, verb, body):
    """The answer as an ERP sends it: the body names the statement and is signed with the company's key."""
    return post_signed(
        _api(user), f"/api/v1/statements/{statement.pk}/{verb}", statement.pk, register_key(user.customer), body
    )


def _confirm(user, statement, body):
    with time_machine.travel(DURING, tick=False):
        return _signed(user, statement, "confirm", body)


def test_agreed_with_an_empty_body(statement, client_a):
    response = _confirm(client_a, statement, {})
    assert response.status_code == 200
    assert response.json()["answer"]["outcome"] == "agreed" and response.json()["status"] == "confirmed"


def test_agreed_after_adjustment_when_the_items_reconcile(statement, client_a):
    response = _confirm(client_a, statement, {"book_balance": BOOK, "outstanding": ITEMS})
    assert response.status_code == 200, response.json()
    answer = response.json()["answer"]
    assert answer["outcome"] == "agreed_after_adjustment" and answer["unexplained_difference"] == "0.00"
    assert answer["book_balance"] == BOOK and len(answer["outstanding"]) == 4
    bank_items = [i for i in answer["outstanding"] if i["kind"].startswith("bank_")]
    assert all(i["bank_line_id"] for i in bank_items)  # found among the bank's own lines
    assert BalanceStatement.objects.get(pk=statement.pk).status == StatementStatus.CONFIRMED
    detail = _api(client_a).get(f"/api/v1/statements/{statement.pk}/").json()
    assert detail["answer"] == answer


def test_items_that_do_not_reconcile_are_refused_with_the_difference(statement, client_a):
    items = [dict(ITEMS[0], amount="29000.00"), *ITEMS[1:]]
    response = _confirm(client_a, statement, {"book_balance": BOOK, "outstanding": items})
    assert response.status_code == 400 and response.json()["code"] == "does_not_reconcile"
    assert "1,000.00" in response.json()["message"]
    assert not Confirmation.objects.exists()


def test_a_bank_item_that_is_not_in_the_detail_is_refused_by_name(statement, client_a):
    items = [*ITEMS[:3], dict(ITEMS[3], date="2026-09-27")]
    response = _confirm(client_a, statement, {"book_balance": BOOK, "outstanding": items})
    assert response.status_code == 400 and response.json()["code"] == "not_in_detail"
    assert "item 4" in response.json()["message"] and "2026-09-27" in response.json()["message"]


def test_a_refused_items_kind_is_named_in_words_not_by_its_code(statement, client_a):
    """The message (also shown on the browser's answer page) named the kind by its code, "bank_out_not_journal"."""
    items = [*ITEMS[:3], dict(ITEMS[3], date="2026-09-27")]
    message = _confirm(client_a, statement, {"book_balance": BOOK, "outstanding": items}).json()["message"]
    assert ITEMS[3]["kind"] not in message and "_not_" not in message
    assert "item 4 (Paid by the bank, not yet by the company, 2026-09-27" in message


def test_a_late_answer_is_refused(statement, client_a):
    with time_machine.travel(dt.datetime(2026, 11, 30, 10, tzinfo=CST), tick=False):
        response = _signed(client_a, statement, "confirm", {"book_balance": BOOK, "outstanding": ITEMS})
    assert response.status_code == 409 and response.json()["code"] == "late_answer"


def test_disagreed_with_items_stores_what_they_leave_unexplained(statement, client_a):
    items = ITEMS[:3]  # the fee is not listed: 150.00 unexplained
    with time_machine.travel(DURING, tick=False):
        response = _signed(
            client_a, statement, "dispute", {"book_balance": BOOK, "reason": "手续费不明", "outstanding": items}
        )
    assert response.status_code == 200, response.json()
    answer = response.json()["answer"]
    assert answer["outcome"] == "disagreed" and answer["unexplained_difference"] == "-150.00"
    assert response.json()["status"] == "disputed"


def test_a_disagreement_the_items_fully_explain_is_redirected_to_agreement(statement, client_a):
    with time_machine.travel(DURING, tick=False):
        response = _signed(client_a, statement, "dispute", {"book_balance": BOOK, "reason": "x", "outstanding": ITEMS})
    assert response.status_code == 400 and response.json()["code"] == "explained"


def test_hostile_items_are_refused_with_the_field_named(statement, client_a):
    for bad, field in (
        ({**ITEMS[0], "amount": "-1"}, "amount"),
        ({**ITEMS[0], "amount": "1.001"}, "amount"),
        ({**ITEMS[0], "kind": "gift"}, "kind"),
        ({**ITEMS[0], "date": "2026-13-01"}, "date"),
        ({**ITEMS[0], "summary": "a\x00b"}, "summary"),
        ({**ITEMS[0], "date": "2026-10-05"}, "period"),
    ):
        response = _confirm(client_a, statement, {"book_balance": BOOK, "outstanding": [bad, *ITEMS[1:]]})
        assert response.status_code == 400, (bad, response.json())
        assert field in response.content.decode().lower() or field == "period", (bad, response.json())
    assert not Confirmation.objects.exists() and not AnswerItem.objects.exists()


@pytest.mark.parametrize("text", HIDDEN_TEXTS)
def test_hidden_characters_in_an_item_or_the_reason_are_refused_by_name(statement, client_a, text):
    bad_item = {**ITEMS[0], "summary": text}
    response = _confirm(client_a, statement, {"book_balance": BOOK, "outstanding": [bad_item, *ITEMS[1:]]})
    assert response.status_code == 400, response.json()  # an escaped C0 control by the JSON parser
    assert response.json()["code"] == "unreadable_input" or "U+" in response.json()["message"], response.json()
    with time_machine.travel(DURING, tick=False):
        response = _signed(client_a, statement, "dispute", {"book_balance": "1.00", "reason": f"少记{text}一笔"})
    assert response.status_code == 400 and response.json()["code"] in ("bad_reason", "unreadable_input")
    assert not Confirmation.objects.exists() and not AnswerItem.objects.exists()


def test_another_customer_cannot_answer(statement, client_b):
    assert _confirm(client_b, statement, {"book_balance": BOOK, "outstanding": ITEMS}).status_code == 404


def test_answer_items_cannot_be_changed_afterwards(statement, client_a):
    _confirm(client_a, statement, {"book_balance": BOOK, "outstanding": ITEMS})
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError), transaction.atomic():
        AnswerItem.objects.filter(confirmation__statement=statement).update(amount=Decimal("1.00"))


def test_an_account_the_bank_does_not_feed_keeps_bank_items_unchecked(
    agreement_a, agreement_b, balances, settings, tmp_path, django_capture_on_commit_callbacks, customer_a, client_a
):
    outcome = _publish(settings, tmp_path, django_capture_on_commit_callbacks)
    bare = outcome.run.statements.get(account__customer=customer_a)
    with time_machine.travel(DURING, tick=False):
        confirmation_submit(
            actor=client_a, statement_id=bare.pk, decision="agree", book_balance=BOOK, outstanding=ITEMS
        )
    assert AnswerItem.objects.filter(bank_line__isnull=True).count() == 4


def test_return_rates_count_agreed_after_adjustment_as_answered_and_apart(statement, client_a, client_b, customer_b):
    from statements.reports import return_rates

    _confirm(client_a, statement, {"book_balance": BOOK, "outstanding": ITEMS})
    _confirm(client_b, BalanceStatement.objects.get(account__customer=customer_b), {})
    rows = {row.period: row for row in return_rates(by_branch=False)}
    month, quarter = rows["2026-09"], rows["2026-Q3"]
    assert (month.confirmed, month.confirmed_adjusted, month.confirmed_plain, month.answered) == (1, 1, 0, 1)
    assert (quarter.confirmed, quarter.confirmed_adjusted) == (1, 0)
    assert month.return_rate == 1.0 and month.adjusted_rate == 1.0


def test_the_answers_time_is_given_as_the_statements_is(statement, client_a):
    """The answer's ``answered_at`` is the same instant in the same zone as the statement's (Beijing time), not UTC."""
    _confirm(client_a, statement, {"book_balance": BOOK, "outstanding": ITEMS})
    detail = _api(client_a).get(f"/api/v1/statements/{statement.pk}/").json()
    assert detail["answer"]["answered_at"] == detail["answered_at"] == "2026-10-12T10:00:00+08:00"


def test_another_customers_statement_is_a_404_that_names_no_model(statement, client_b):
    response = _api(client_b).get(f"/api/v1/statements/{statement.pk}/")
    assert response.status_code == 404 and response.json() == {"code": "not_found", "message": "No such statement."}


def test_the_dashboard_chart_shows_agreed_after_adjustment_as_its_own_series(statement, client_a, client, ops):
    from django.utils import translation

    _confirm(client_a, statement, {"book_balance": BOOK, "outstanding": ITEMS})
    client.force_login(ops)
    with translation.override("en"):
        page = client.get(reverse("portal:ops"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    chart = page.split('<div class="chart">', 1)[1].split("</div>", 1)[0]
    assert "2026-09 agreed after adjustment" in chart and "2026-09 returned" in chart


def test_a_statement_left_unanswered_shows_the_deemed_answer(statement, client_a):
    from statements.services.confirmations import deadlines_sweep

    assert _api(client_a).get(f"/api/v1/statements/{statement.pk}/").json()["answer"] is None
    deadlines_sweep(as_of=dt.date(2026, 11, 30))
    detail = _api(client_a).get(f"/api/v1/statements/{statement.pk}/").json()
    assert detail["status"] == "deemed_confirmed"
    assert detail["answer"] == {
        "outcome": "deemed",
        "book_balance": None,
        "outstanding": [],
        "unexplained_difference": None,
        "answered_at": None,
        "final": True,
        "group_answer": None,
    }


B_SEPTEMBER = """交易日期,摘要,对方户名,借方发生额,贷方发生额,余额,交易流水号
2026-09-15,收货款,上海恒瑞贸易有限公司,,"7,000.00","7,000.00",BSEP01
"""
B_OCTOBER = """交易日期,摘要,对方户名,借方发生额,贷方发生额,余额,交易流水号
2026-10-02,收货款,上海恒瑞贸易有限公司,,"9,000.00","9,000.00",BOCT01
"""


@pytest.mark.parametrize("feed", ["after the period only", "withdrawn", "in the period"])
def test_the_start_checks_the_detail_of_accounts_fed_in_the_period_and_names_them(
    feed,
    fed,
    ops,
    account_a,
    account_b,
    agreement_a,
    agreement_b,
    balances,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    """B (quarterly) has a core-banking balance of 06-30 that does not join a line fed in September: refused naming B
    where that line is live; a line fed after the period end, or a feed withdrawn, is no detail of the quarter."""
    PeriodBalance.objects.create(
        account=account_b, as_of=dt.date(2026, 6, 30), balance=Decimal("1.00"), source="core_feed"
    )
    _feed(ops, account_b, B_OCTOBER, "b-oct.csv")
    if feed != "after the period only":
        september = _feed(ops, account_b, B_SEPTEMBER, "b-sep.csv")
        if feed == "withdrawn":
            import_withdraw(actor=ops, import_id=september.pk, reason="wrong account")
    if feed == "in the period":
        with pytest.raises(ServiceError) as refused:
            _publish(settings, tmp_path, django_capture_on_commit_callbacks)
        assert refused.value.code == "detail_mismatch" and account_b.number in refused.value.message
        assert account_a.number not in refused.value.message and not BalanceStatement.objects.exists()
        return
    assert _publish(settings, tmp_path, django_capture_on_commit_callbacks).created
    assert BalanceStatement.objects.get(account=account_b).detail_lines is None
    assert BalanceStatement.objects.get(account=account_a).detail_lines == 4


def test_answering_again_names_the_first_answer_as_agreed_after_adjustment(statement, client_a):
    """A second answer to a statement agreed after adjustment was refused saying it was "Confirmed (agreed)", the plain
    agreement, where its page and list say "agreed after adjustment"."""
    assert _confirm(client_a, statement, {"book_balance": BOOK, "outstanding": ITEMS}).status_code == 200
    response = _confirm(client_a, statement, {"request_id": "again"})
    assert response.status_code == 409 and response.json()["code"] == "not_open"
    message = response.json()["message"]
    assert "Confirmed (agreed after adjustment)" in message and "Confirmed (agreed)" not in message, message
