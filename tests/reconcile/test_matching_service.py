"""Matching in the books: runs, manual match and undo, suggestions, period close, the adjustment table."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from core.errors import ConflictError, ServiceError
from core.selectors.audit import audit_chain_verify
from reconcile.import_messages import import_message
from reconcile.models import BankLine, JournalEntry, Match, MatchLink, MatchRun
from reconcile.services.adjustment import adjustment_table_build
from reconcile.services.imports import import_file
from reconcile.services.matching import match_manual, match_run_start, match_undo, period_close, period_reopen
from tests.fixtures.books import import_both
from tests.fixtures.worked_example import BANK_CSV, JOURNAL_CSV

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
END = dt.date(2026, 10, 31)


def _run(books, accountant_a, capture):
    with capture(execute=True):
        run = match_run_start(actor=accountant_a, account_id=books.pk, period_end=END)
    return MatchRun.objects.get(pk=run.pk)


def test_run_matches_and_the_table_agrees(books, accountant_a, django_capture_on_commit_callbacks):
    run = _run(books, accountant_a, django_capture_on_commit_callbacks)
    assert (run.state, run.progress, run.matched) == ("done", 100, 3)
    table = adjustment_table_build(account=books, period_end=END)
    assert (table.bank_balance, table.book_balance) == (Decimal("1250000.00"), Decimal("1198500.00"))
    assert [i.amount for i in table.journal_in_not_bank] == [Decimal("30000.00")]
    assert [i.reference for i in table.journal_out_not_bank] == ["10234567"]
    assert [i.amount for i in table.bank_in_not_journal] == [Decimal("1650.00")]
    assert [i.amount for i in table.bank_out_not_journal] == [Decimal("150.00")]
    assert table.adjusted_bank_balance == table.adjusted_book_balance == Decimal("1200000.00")
    assert table.agreed


def test_manual_match_must_balance_and_lines_are_used_once(books, accountant_a):
    fee = BankLine.objects.get(amount=Decimal("150.00"))
    cheque = JournalEntry.objects.get(amount=Decimal("80000.00"))
    with pytest.raises(ServiceError, match="does not balance: bank minus journal is 79,850.00"):
        match_manual(actor=accountant_a, account_id=books.pk, bank_line_ids=[fee.pk], journal_entry_ids=[cheque.pk])
    line = BankLine.objects.get(amount=Decimal("200000.00"))
    entry = JournalEntry.objects.get(amount=Decimal("200000.00"))
    group = match_manual(actor=accountant_a, account_id=books.pk, bank_line_ids=[line.pk], journal_entry_ids=[entry.pk])
    with pytest.raises(ConflictError, match="matched meanwhile"):
        match_manual(actor=accountant_a, account_id=books.pk, bank_line_ids=[line.pk], journal_entry_ids=[entry.pk])
    with pytest.raises(ServiceError, match="Say why"):
        match_undo(actor=accountant_a, match_id=group.pk, reason="")
    match_undo(actor=accountant_a, match_id=group.pk, reason="wrong pair")
    assert Match.objects.get(pk=group.pk).undone_at is not None  # undone, never deleted
    assert MatchLink.objects.filter(match=group, active=False).count() == 2
    match_manual(actor=accountant_a, account_id=books.pk, bank_line_ids=[line.pk], journal_entry_ids=[entry.pk])
    assert audit_chain_verify().ok


def test_other_customer_and_clients_cannot_match(books, client_a, accountant_a, customer_b):
    from tests.factories import make_user

    other = make_user("acc_b", ["accountant"], customer_b)
    line, entry = BankLine.objects.first(), JournalEntry.objects.first()
    for actor in (client_a, other):
        with pytest.raises(ServiceError, match="Only an accountant"):
            match_manual(actor=actor, account_id=books.pk, bank_line_ids=[line.pk], journal_entry_ids=[entry.pk])


def test_closed_period_is_read_only_until_reopened(books, accountant_a, django_capture_on_commit_callbacks):
    _run(books, accountant_a, django_capture_on_commit_callbacks)
    group = Match.objects.first()
    period_close(actor=accountant_a, account_id=books.pk, period_end=END)
    with pytest.raises(ServiceError, match="closed"):
        match_undo(actor=accountant_a, match_id=group.pk, reason="x")
    with pytest.raises(ServiceError, match="Say why"):
        period_reopen(actor=accountant_a, account_id=books.pk, period_end=END, reason=" ")
    period_reopen(actor=accountant_a, account_id=books.pk, period_end=END, reason="late bank fee found")
    match_undo(actor=accountant_a, match_id=group.pk, reason="x")


def test_matched_items_carry_and_later_matches_keep_the_old_table(
    books, accountant_a, django_capture_on_commit_callbacks
):
    _run(books, accountant_a, django_capture_on_commit_callbacks)
    november = (
        "交易日期,摘要,借方发生额,贷方发生额,余额,对方户名,交易流水号\n"
        '2026-11-02,转账支票,,"30,000.00","1,280,000.00",上海恒瑞贸易有限公司,SN20261102001\n'
    )
    import_file(
        actor=accountant_a,
        kind="bank",
        data=november.encode(),
        filename="nov.csv",
        account_number=books.number,
        customer=books.customer,
    )
    cheque_in = JournalEntry.objects.get(amount=Decimal("30000.00"))
    late = BankLine.objects.get(serial="SN20261102001")
    match_manual(actor=accountant_a, account_id=books.pk, bank_line_ids=[late.pk], journal_entry_ids=[cheque_in.pk])
    october = adjustment_table_build(account=books, period_end=END)
    assert [i.amount for i in october.journal_in_not_bank] == [Decimal("30000.00")]  # still outstanding at 10-31
    assert october.agreed
    november_table = adjustment_table_build(account=books, period_end=dt.date(2026, 11, 30))
    assert november_table.journal_in_not_bank == ()


def test_journal_reexport_cannot_drop_a_matched_entry(books, accountant_a):
    line = BankLine.objects.get(amount=Decimal("200000.00"))
    entry = JournalEntry.objects.get(amount=Decimal("200000.00"))
    match_manual(actor=accountant_a, account_id=books.pk, bank_line_ids=[line.pk], journal_entry_ids=[entry.pk])
    dropped = JOURNAL_CSV.replace(
        '2026-10-08,记-12,收恒瑞贸易货款,应收账款,电汇,,"200,000.00",,借,"1,200,000.00"\n', ""
    )
    record = import_file(
        actor=accountant_a,
        kind="journal",
        data=dropped.replace("1,200,000.00", "x").encode(),
        filename="j2.csv",
        account_number=books.number,
        customer=books.customer,
    )
    assert record.status == "refused"


def test_workbench_page_and_downloads(client, books, accountant_a, client_a, django_capture_on_commit_callbacks):
    client.force_login(accountant_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:workbench-run", args=[books.pk]), {"period": "2026-10-31"})
    assert response.status_code == 302
    body = client.get(reverse("portal:workbench", args=[books.pk]), {"period": "2026-10-31"}).content.decode()
    assert "1,200,000.00" in body and "调节相符" in body
    xlsx = client.get(reverse("portal:adjustment-xlsx", args=[books.pk]), {"period": "2026-10-31"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    pdf = client.get(reverse("portal:adjustment-pdf", args=[books.pk]), {"period": "2026-10-31"})
    assert pdf.content.startswith(b"%PDF")
    archive = client.get(reverse("portal:reconcile-zip"), {"period": "2026-10-31"})
    assert archive.status_code == 200 and archive.content[:2] == b"PK"
    client.force_login(client_a)
    assert client.get(reverse("portal:workbench", args=[books.pk])).status_code == 403


def test_opening_items_are_listed_but_never_move_a_balance(
    books, accountant_a, client, django_capture_on_commit_callbacks
):
    from reconcile.services.imports import OPENING_ENTRY, import_push

    _run(books, accountant_a, django_capture_on_commit_callbacks)
    record = import_push(
        actor=accountant_a,
        kind="journal",
        account_number=books.number,
        customer=books.customer,
        source=OPENING_ENTRY,
        payload={
            "lines": [
                {
                    "date": "2026-09-28",
                    "amount": "5000.00",
                    "direction": "out",
                    "summary": "9月未兑现支票",
                    "voucher_no": "10230001",
                }
            ]
        },
    )
    assert record.status == "done", record.errors
    table = adjustment_table_build(account=books, period_end=END)
    assert table.book_balance == Decimal("1198500.00")  # unchanged by the opening item
    assert [i.reference for i in table.journal_out_not_bank] == ["10230001", "10234567"]
    client.force_login(accountant_a)
    response = client.post(
        reverse("portal:workbench-opening", args=[books.pk]),
        {
            "period": "2026-10-31",
            "side": "bank",
            "date": "2026-09-30",
            "direction": "in",
            "amount": "12.5x",
            "summary": "bad",
        },
        follow=True,
    )
    assert "12.5x" in response.content.decode()


def test_a_closed_period_refuses_imports_that_would_change_it(books, accountant_a):
    period_close(actor=accountant_a, account_id=books.pk, period_end=END)
    before = (BankLine.objects.count(), JournalEntry.objects.filter(removed_at__isnull=True).count())
    table = adjustment_table_build(account=books, period_end=END)
    late_fee = (
        "交易日期,摘要,借方发生额,贷方发生额,余额,对方户名,交易流水号\n"
        "2026-11-03,手续费,20.00,,,,SN20261103001\n2026-10-17,手续费,15.00,,,,SN20261017009\n"
    )
    refused = import_file(
        actor=accountant_a,
        kind="bank",
        data=late_fee.encode(),
        filename="late.csv",
        account_number=books.number,
        customer=books.customer,
    )
    assert refused.status == "refused"
    assert "row 3, dated 2026-10-17" in import_message(refused) and "2026-10-31" in import_message(refused)
    assert "Reopen the period" in import_message(refused) and "would change 1 line of account" in import_message(
        refused
    )
    dropped = (
        JOURNAL_CSV.replace('2026-10-21,记-25,收华南精密货款,应收账款,电汇,,"98,500.00",,借,"1,248,500.00"\n', "")
        .replace("1,168,500.00", "1,070,000.00")
        .replace("1,198,500.00", "1,100,000.00")
    )
    retired = import_file(
        actor=accountant_a,
        kind="journal",
        data=dropped.encode("gb18030"),
        filename="j2.csv",
        account_number=books.number,
        customer=books.customer,
    )
    assert retired.status == "refused"
    assert "an entry dated 2026-10-21 that the file leaves out" in import_message(retired), retired.errors
    assert (BankLine.objects.count(), JournalEntry.objects.filter(removed_at__isnull=True).count()) == before
    assert adjustment_table_build(account=books, period_end=END) == table
    # Lines it already has change nothing; after the period is reopened the late fee goes in.
    again = import_file(
        actor=accountant_a,
        kind="bank",
        data=BANK_CSV.encode() + b"\n",
        filename="again.csv",
        account_number=books.number,
        customer=books.customer,
    )
    assert again.status == "done" and again.lines_stored == 0
    period_reopen(actor=accountant_a, account_id=books.pk, period_end=END, reason="late bank fee found")
    fixed = import_file(
        actor=accountant_a,
        kind="bank",
        data=late_fee.encode() + b"\n",
        filename="late2.csv",
        account_number=books.number,
        customer=books.customer,
    )
    assert fixed.status == "done" and fixed.lines_stored == 2


@pytest.mark.parametrize("typed", ["abc", "NaN", "1e400", "12.345", "¥", "-"])
def test_workbench_amount_filter_that_is_not_an_amount_is_left_out_with_a_message(client, books, accountant_a, typed):
    client.force_login(accountant_a)
    url = reverse("portal:workbench", args=[books.pk])
    response = client.get(
        url, {"period": "2026-10-31", "b_amount": typed, "j_amount": typed}, headers={"accept-language": "en"}
    )
    assert response.status_code == 200
    assert "is not an amount" in response.content.decode()
    assert len(response.context["bank"]) == BankLine.objects.filter(account=books).count()


def test_workbench_amount_filter_accepts_what_people_type(client, books, accountant_a):
    client.force_login(accountant_a)
    url = reverse("portal:workbench", args=[books.pk])
    for typed in ("98,500.00", "98500", " ¥98,500.00 "):
        response = client.get(url, {"period": "2026-10-31", "b_amount": typed, "j_amount": typed})
        assert [line.amount for line in response.context["bank"]] == [Decimal("98500.00")], typed
        assert [entry.amount for entry in response.context["journal"]] == [Decimal("98500.00")], typed


def test_bulk_accept_leaves_tied_suggestions_to_a_person(account_a, accountant_a):
    from reconcile.models import Suggestion
    from reconcile.services.matching import suggestions_accept_above

    bank = (
        "交易日期,摘要,借方发生额,贷方发生额,余额,对方户名,交易流水号\n"
        '2026-10-20,付款,"10,000.00",,"90,000.00",上海恒瑞贸易有限公司,SN1\n'
        '2026-10-20,付款,"10,000.00",,"80,000.00",北京中科信达科技有限公司,SN2\n'
        '2026-10-21,手续费,777.00,,"79,223.00",,SN3\n'
    )
    journal = (
        "日期,凭证字号,摘要,对方科目,结算方式,结算号,借方金额,贷方金额,方向,余额\n"
        '2026-10-20,记-4,付中科信达服务费,管理费用,转账,,,"10,000.00",借,"90,000.00"\n'
        '2026-10-20,记-5,付恒瑞贸易退款,应付账款,转账,,,"10,000.00",借,"80,000.00"\n'
        '2026-10-21,记-6,银行手续费,财务费用,,,,777.00,借,"79,223.00"\n'
    )
    import_both(account_a, accountant_a, bank, journal)
    b1, b2, b3 = BankLine.objects.order_by("serial").values_list("pk", flat=True)
    j1, j2, j3 = JournalEntry.objects.order_by("serial").values_list("pk", flat=True)
    for b, j, score in ((b1, j1, 0.5), (b1, j2, 0.5), (b2, j1, 0.5), (b2, j2, 0.5), (b3, j3, 0.6)):
        Suggestion.objects.create(
            account=account_a, bank_line_ids=[b], journal_entry_ids=[j], rule="amount_date", score=score
        )
    assert suggestions_accept_above(actor=accountant_a, account_id=account_a.pk, min_score=0.45) == (1, 4)
    links = MatchLink.objects.filter(active=True)
    assert {x for x in links.values_list("bank_line_id", flat=True) if x} == {b3}
    assert {x for x in links.values_list("journal_entry_id", flat=True) if x} == {j3}
    with translation.override("en"), pytest.raises(ServiceError, match="threshold"):
        suggestions_accept_above(actor=accountant_a, account_id=account_a.pk, min_score=float("nan"))


def test_workbench_suggestions_describe_their_lines_and_stay_in_their_period(client, account_a, accountant_a):
    from reconcile.models import Suggestion

    bank = (
        "交易日期,摘要,借方发生额,贷方发生额,余额,对方户名,交易流水号\n"
        '2026-10-20,付款,"10,000.00",,"90,000.00",上海恒瑞贸易有限公司,SN1\n'
        '2026-11-03,付款,"7,000.00",,"83,000.00",北京中科信达科技有限公司,SN2\n'
    )
    journal = (
        "日期,凭证字号,摘要,对方科目,结算方式,结算号,借方金额,贷方金额,方向,余额\n"
        '2026-10-20,记-4,付恒瑞贸易货款,应付账款,转账,,,"10,000.00",借,"90,000.00"\n'
        '2026-11-03,记-9,付中科信达货款,应付账款,转账,,,"7,000.00",借,"83,000.00"\n'
    )
    import_both(account_a, accountant_a, bank, journal)
    (b1, b2), (j1, j2) = (
        list(BankLine.objects.order_by("serial").values_list("pk", flat=True)),
        list(JournalEntry.objects.order_by("serial").values_list("pk", flat=True)),
    )
    Suggestion.objects.create(account=account_a, bank_line_ids=[b1], journal_entry_ids=[j1], rule="x", score=0.6)
    Suggestion.objects.create(account=account_a, bank_line_ids=[b2], journal_entry_ids=[j2], rule="x", score=0.6)
    client.force_login(accountant_a)
    october = client.get(reverse("portal:workbench", args=[account_a.pk]), {"period": "2026-10-31"}).content.decode()
    assert (
        "2026-10-20 10,000.00 上海恒瑞贸易有限公司 SN1" in october
        and "2026-10-20 10,000.00 记-4 付恒瑞贸易货款" in october
    )
    assert "7,000.00 北京中科信达" not in october  # November's suggestion is not offered on October's page
    november = client.get(reverse("portal:workbench", args=[account_a.pk]), {"period": "2026-11-30"}).content.decode()
    assert "2026-11-03 7,000.00 北京中科信达科技有限公司 SN2" in november


def test_kingdee_journal_names_and_cheque_numbers_in_summaries_are_read(
    account_a, accountant_a, django_capture_on_commit_callbacks
):
    # The bank names the cheque only in its 摘要; the Kingdee journal has no 对方单位 column, only its 摘要.
    bank = (
        "交易日期,摘要,借方发生额,贷方发生额,余额,对方户名,交易流水号\n"
        '2026-10-09,转账支票 10234567,"8,000.00",,"92,000.00",上海恒瑞贸易有限公司,SN1\n'
        '2026-10-20,付款,"6,000.00",,"86,000.00",北京中科信达科技有限公司,SN2\n'
    )
    journal = (
        "日期,凭证字号,摘要,对方科目,结算方式,结算号,借方金额,贷方金额,方向,余额\n"
        '2026-09-25,记-4,付恒瑞贸易货款,应付账款,转账支票,10234567,,"8,000.00",借,"92,000.00"\n'
        '2026-10-20,记-9,付恒瑞贸易货款,应付账款,电汇,,,"6,000.00",借,"86,000.00"\n'
    )
    import_both(account_a, accountant_a, bank, journal)
    with django_capture_on_commit_callbacks(execute=True):
        match_run_start(actor=accountant_a, account_id=account_a.pk, period_end=END)
    cheque = MatchLink.objects.get(bank_line__serial="SN1", active=True).match
    # Ten working days apart: only the shared cheque number pairs them.
    assert cheque.rule == "reference"
    assert MatchLink.objects.get(match=cheque, journal_entry__isnull=False).journal_entry.serial == "记-4"
    # The same 6,000.00 on the same day, but the journal says it paid 恒瑞贸易 and the bank paid 中科信达.
    assert not MatchLink.objects.filter(bank_line__serial="SN2", active=True).exists()


def test_the_table_names_the_opening_bank_unless_the_account_came_from_a_file(books, accountant_a, customer_a):
    import io

    from openpyxl import load_workbook

    from reconcile.models import BankAccount
    from reconcile.render.adjustment_xlsx import render_adjustment_xlsx

    table = adjustment_table_build(account=books, period_end=END)
    assert table.bank_name == books.branch == "上海浦东分行营业部"
    with translation.override("zh-hans"):  # the module's messages are English; the table is asked for in Chinese
        data = render_adjustment_xlsx(table)
    assert load_workbook(io.BytesIO(data))["余额调节表"]["C2"].value == "开户银行：上海浦东分行营业部"
    # An account registered by importing its statement on the server (import_file --customer): the file did not say
    # which bank, so nothing is printed.
    other = BANK_CSV.replace("SN2026", "SX2026")  # another account's statement: not the same file
    record = import_file(
        actor=None,
        kind="bank",
        data=other.encode(),
        filename="other.csv",
        account_number="6222021001122334455",
        customer=customer_a,
    )
    assert record.status == "done", record.errors
    registered = BankAccount.objects.get(number="6222021001122334455")
    assert registered.branch == ""  # until onboarding names it (no translated placeholder stored)
    from reconcile.services.adjustment import _bank_name

    assert _bank_name(registered) == ""


@pytest.mark.parametrize("period", ["2108-01-01", "9999-12-31", "0001-01-01"])
def test_a_period_no_one_means_is_not_a_500(client, books, accountant_a, period):
    client.force_login(accountant_a)
    for name in ("portal:adjustment-xlsx", "portal:adjustment-pdf", "portal:workbench"):
        response = client.get(reverse(name, args=[books.pk]), {"period": period})
        assert response.status_code in (200, 302), (name, response.status_code)
    response = client.get(
        reverse("portal:reconcile-zip"), {"period": period}, headers={"accept-language": "en"}, follow=True
    )
    assert response.status_code == 200 and f"“{period}” is not a period end" in response.text


def test_the_placeholder_branch_stored_before_is_cleared_by_the_migration(account_a):
    import importlib

    from django.apps import apps as django_apps

    from reconcile.models import BankAccount

    BankAccount.objects.filter(pk=account_a.pk).update(branch="（由导入文件登记）")
    importlib.import_module("reconcile.migrations.0021_registered_branch_blank").clear(django_apps, None)
    assert BankAccount.objects.get(pk=account_a.pk).branch == ""


def test_bulk_accept_refuses_another_customers_account_before_counting(account_a, accountant_a, customer_b):
    # It answered (0 accepted, n skipped) to another customer's accountant: n told them how many suggestions
    # the account had.
    from portal.models import Role
    from reconcile.models import Suggestion
    from reconcile.services.matching import suggestions_accept_above
    from tests.factories import make_user

    Suggestion.objects.create(account=account_a, bank_line_ids=[], journal_entry_ids=[], rule="amount_date", score=0.9)
    outsider = make_user("accountant_b_bulk", [Role.ACCOUNTANT], customer_b)
    with pytest.raises(ServiceError) as refused:
        suggestions_accept_above(actor=outsider, account_id=account_a.pk, min_score=0.5)
    assert refused.value.code == "forbidden"
    assert Suggestion.objects.filter(account=account_a).count() == 1
