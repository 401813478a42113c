"""Opening outstanding items (初始未达账): identical items entered twice, a form sent twice, and their dates.

An opening item is what was outstanding when the account's first statement and journal start, so it is dated before
them; a statement or journal imported later must start after the opening items. Both refusals name the date and say
what to do; nothing of a refused file is stored.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from core.errors import ServiceError
from reconcile.import_messages import import_message
from reconcile.models import BalanceCheckpoint, BankLine, Import, JournalEntry
from reconcile.models.imports import OPENING_SOURCES
from reconcile.services.adjustment import adjustment_table_build
from reconcile.services.imports import OPENING, import_file
from reconcile.services.imports.opening import OpeningItemRepeated, opening_item_add
from tests.fixtures.books import import_both
from tests.fixtures.worked_example import BANK_CSV

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
END = dt.date(2026, 10, 31)


def _cheque(account, actor, entry: str, *, kind: str = "journal", date: str = "2026-09-28", reference: str = ""):
    return opening_item_add(
        actor=actor,
        account_id=account.pk,
        kind=kind,
        date=date,
        amount="5,000.00",
        direction="out",
        summary="9月未兑现支票",
        reference=reference,
        entry=entry,
    )


@pytest.mark.parametrize("kind", ["journal", "bank"])
def test_two_identical_opening_items_are_both_stored_and_listed(books, accountant_a, kind):
    _cheque(books, accountant_a, "form-1", kind=kind)
    _cheque(books, accountant_a, "form-2", kind=kind)
    model = JournalEntry if kind == "journal" else BankLine
    assert model.objects.filter(source_import__source__in=OPENING_SOURCES).count() == 2
    table = adjustment_table_build(account=books, period_end=END)
    listed = table.journal_out_not_bank if kind == "journal" else table.bank_out_not_journal
    assert [i.amount for i in listed if i.date == dt.date(2026, 9, 28)] == [Decimal("5000.00")] * 2
    assert (table.bank_balance, table.book_balance) == (Decimal("1250000.00"), Decimal("1198500.00"))


def test_the_same_form_sent_twice_stores_the_item_once(books, accountant_a):
    first = _cheque(books, accountant_a, "form-1")
    with pytest.raises(OpeningItemRepeated, match="already added from the same form"):
        _cheque(books, accountant_a, "form-1")
    assert JournalEntry.objects.filter(source_import__source__in=OPENING_SOURCES).count() == 1
    assert first.lines_stored == 1


def test_a_bank_item_with_another_reference_is_a_second_item(books, accountant_a):
    """Bank fingerprints ignore the voucher number (no serial here): before, the second cheque was 'already known'
    and silently not stored, while the workbench said it was added."""
    _cheque(books, accountant_a, "form-1", kind="bank", reference="10230001")
    second = _cheque(books, accountant_a, "form-2", kind="bank", reference="10230002")
    assert second.lines_stored == 1
    stored = BankLine.objects.filter(source_import__source__in=OPENING_SOURCES)
    assert sorted(stored.values_list("voucher_no", flat=True)) == ["10230001", "10230002"]


def test_workbench_form_carries_its_token_and_a_double_post_adds_one_item(client, books, accountant_a):
    client.force_login(accountant_a)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    url = reverse("portal:workbench", args=[books.pk])
    action = reverse("portal:workbench-opening", args=[books.pk])
    first_token = client.get(url, {"period": "2026-10-31"}).context["opening_entry"]
    post = {
        "period": "2026-10-31",
        "side": "journal",
        "date": "2026-09-28",
        "direction": "out",
        "amount": "5000.00",
        "summary": "9月未兑现支票",
        "reference": "",
        "entry": first_token,
    }
    assert "Opening outstanding item added." in client.post(action, post, follow=True).content.decode()
    repeated = client.post(action, post, follow=True)
    assert "already added from the same form" in repeated.content.decode()
    assert repeated.status_code == 200
    assert JournalEntry.objects.filter(source_import__source__in=OPENING_SOURCES).count() == 1
    second_token = repeated.context["opening_entry"]
    assert second_token != first_token
    client.post(action, {**post, "entry": second_token})
    assert JournalEntry.objects.filter(source_import__source__in=OPENING_SOURCES).count() == 2
    assert f'name="entry" value="{second_token}"' in repeated.content.decode()


def test_an_opening_item_inside_the_first_period_is_refused(books, accountant_a):
    with pytest.raises(ServiceError) as refused:
        _cheque(books, accountant_a, "form-1", date="2026-10-08")
    assert "must be dated before 2026-10-08" in refused.value.message
    assert "dated 2026-10-08, 5,000.00" in refused.value.message
    assert "as a normal line" in refused.value.message
    assert not JournalEntry.objects.filter(source_import__source__in=OPENING_SOURCES).exists()
    _cheque(books, accountant_a, "form-2", date="2026-10-07")  # the day before is still before the start


@pytest.mark.parametrize("order", ["item first", "statement first"])
def test_a_year_end_cheque_fits_before_a_january_mt940_whose_opening_balance_is_dated_12_31(
    account_a, accountant_a, order
):
    """Many banks date :60F: with the previous statement's day; the statement still starts with its first line."""
    mt940 = (
        ":20:STMT1\n:25:31050161373600001234\n:28C:1/1\n:60F:C251231CNY1000,00\n"
        ":61:2601050105C100,00NTRFNONREF//SN1\n:86:货款\n:62F:C260105CNY1100,00\n-\n"
    ).encode()

    def statement():
        record = import_file(
            actor=accountant_a,
            kind="bank",
            data=mt940,
            filename="jan.sta",
            account_number=account_a.number,
            customer=account_a.customer,
        )
        assert record.status == "done", import_message(record)

    if order == "statement first":
        statement()
    _cheque(account_a, accountant_a, "form-1", kind="journal", date="2025-12-31")
    if order == "item first":
        statement()
    assert JournalEntry.objects.filter(source_import__source__in=OPENING_SOURCES).count() == 1


def test_an_opening_file_with_an_item_inside_the_period_is_refused_whole(books):
    data = (
        "交易日期,摘要,借方发生额,贷方发生额,对方户名\n2026-09-30,手续费,15.00,,\n2026-10-09,手续费,20.00,,\n"
    ).encode()
    record = import_file(
        actor=None, kind="bank", data=data, filename="opening.csv", account_number=books.number, source=OPENING
    )
    assert record.status == "refused"
    assert "row 3, dated 2026-10-09, 20.00" in import_message(record) and "1 item is not (first:" in import_message(
        record
    )
    assert not BankLine.objects.filter(source_import__source__in=OPENING_SOURCES).exists()


def test_an_opening_item_cannot_be_dated_in_the_future(account_a, accountant_a):
    with pytest.raises(ServiceError, match="cannot be dated after today"):
        _cheque(account_a, accountant_a, "form-1", date="2099-01-04")


def test_items_entered_first_then_a_statement_that_reaches_back_is_refused(account_a, accountant_a):
    """Nothing to compare with when the items come first; the statement is then checked against them."""
    _cheque(account_a, accountant_a, "form-1", date="2026-10-09", reference="10230001")
    assert JournalEntry.objects.filter(source_import__source__in=OPENING_SOURCES).count() == 1
    refused = import_file(
        actor=accountant_a,
        kind="bank",
        data=BANK_CSV.encode(),
        filename="bank.csv",
        account_number=account_a.number,
        customer=account_a.customer,
    )
    assert refused.status == "refused"
    message = import_message(refused)
    assert "opening outstanding items (初始未达账) dated up to 2026-10-09" in message
    assert "journal 2026-10-09 5,000.00 10230001" in message
    assert "reaches back to 2026-10-08" in message and "row 2, dated 2026-10-08, 200,000.00" in message
    assert "Export the file from 2026-10-10 on" in message
    assert not BankLine.objects.exists() and not BalanceCheckpoint.objects.exists()


@pytest.mark.parametrize("date", ["0001-01-01", "1989-12-31"])
def test_a_line_before_1990_on_an_account_with_opening_items_is_an_ancient_date_not_one_reaching_back(
    account_a, accountant_a, date
):
    """README: a line dated before 1990 (an empty or mistyped date) is refused `ancient_date`, naming its row. On an
    account with opening items it was refused `before_opening_items` instead, saying to export the file "from
    2026-09-29 on", which does not fix a mistyped date."""
    from rest_framework.test import APIClient

    _cheque(account_a, accountant_a, "form-1")
    api = APIClient()
    api.force_authenticate(accountant_a)
    lines = [{"date": "2026-10-08", "amount": "10.00", "direction": "in"}, {"date": date, "amount": "1.00"}]
    response = api.post(
        "/api/v1/imports/push/",
        {"kind": "journal", "account_number": account_a.number, "lines": lines},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["code"] == "ancient_date" and f"is dated {date}, before 1990-01-01" in error["message"]
    assert JournalEntry.objects.filter(source_import__source__in=OPENING_SOURCES).count() == 1
    assert JournalEntry.objects.count() == 1


def test_items_entered_first_then_the_statements_that_follow_them_go_in(account_a, accountant_a):
    _cheque(account_a, accountant_a, "form-1")
    import_both(account_a, accountant_a)
    table = adjustment_table_build(account=account_a, period_end=END)
    assert table.book_balance == Decimal("1198500.00")  # the opening item moves no balance
    assert [i.date for i in table.journal_out_not_bank][0] == dt.date(2026, 9, 28)
    assert not BalanceCheckpoint.objects.filter(source_import__source__in=OPENING_SOURCES).exists()


def test_only_the_account_companys_accountant_enters_opening_items(books, client_a):
    with pytest.raises(ServiceError, match="Only an accountant"):
        _cheque(books, client_a, "form-1")
    assert not Import.objects.filter(source__in=OPENING_SOURCES).exists()


# --- taking back an item entered by mistake -------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["journal", "bank"])
def test_a_mistaken_opening_item_can_be_removed_with_a_reason(books, accountant_a, kind):
    from core.models import AuditEvent
    from reconcile.selectors.matching import opening_items
    from reconcile.services.imports.opening import opening_item_remove

    _cheque(books, accountant_a, "form-1", kind=kind)
    [item] = opening_items(books)
    assert (item.side, item.date, item.amount, item.matched) == (kind, dt.date(2026, 9, 28), Decimal("5000.00"), False)
    with pytest.raises(ServiceError, match="Say why"):
        opening_item_remove(actor=accountant_a, account_id=books.pk, side=kind, line_id=item.pk, reason=" ")
    opening_item_remove(actor=accountant_a, account_id=books.pk, side=kind, line_id=item.pk, reason="typed twice")
    assert opening_items(books) == []
    table = adjustment_table_build(account=books, period_end=END)
    assert dt.date(2026, 9, 28) not in [i.date for i in table.journal_out_not_bank + table.bank_out_not_journal]
    event = AuditEvent.objects.filter(action="opening_item.removed").get()
    assert event.before["reason"] == "typed twice" and event.before["amount"] == "5000.00"
    with pytest.raises(ServiceError, match="no longer exists"):
        opening_item_remove(actor=accountant_a, account_id=books.pk, side=kind, line_id=item.pk, reason="again")


def test_a_matched_or_closed_opening_item_is_not_removed(books, accountant_a, client_a):
    from reconcile.selectors.matching import opening_items
    from reconcile.services.imports.opening import opening_item_remove
    from reconcile.services.matching import match_manual, match_undo, period_close

    _cheque(books, accountant_a, "form-1", kind="bank", date="2026-09-28")
    _cheque(books, accountant_a, "form-2", kind="journal", date="2026-09-27")
    bank_item, journal_item = sorted(opening_items(books), key=lambda i: i.side)
    with pytest.raises(ServiceError, match="Only an accountant"):
        opening_item_remove(actor=client_a, account_id=books.pk, side="bank", line_id=bank_item.pk, reason="x")
    group = match_manual(
        actor=accountant_a, account_id=books.pk, bank_line_ids=[bank_item.pk], journal_entry_ids=[journal_item.pk]
    )
    assert all(i.matched for i in opening_items(books))
    with pytest.raises(ServiceError, match="undo its match first"):
        opening_item_remove(actor=accountant_a, account_id=books.pk, side="bank", line_id=bank_item.pk, reason="x")
    match_undo(actor=accountant_a, match_id=group.pk, reason="wrong")
    period_close(actor=accountant_a, account_id=books.pk, period_end=END)
    with pytest.raises(ServiceError, match="closed"):
        opening_item_remove(
            actor=accountant_a, account_id=books.pk, side="journal", line_id=journal_item.pk, reason="x"
        )


def test_the_workbench_lists_opening_items_and_removes_one(client, books, accountant_a, customer_b):
    from reconcile.selectors.matching import opening_items

    _cheque(books, accountant_a, "form-1")
    [item] = opening_items(books)
    client.force_login(accountant_a)
    url = reverse("portal:workbench", args=[books.pk])
    page = client.get(url, {"period": "2026-10-31"}, headers={"accept-language": "en"}).text
    action = reverse("portal:workbench-opening-remove", args=[books.pk])
    assert "9月未兑现支票" in page and f'action="{action}"' in page
    response = client.post(
        action,
        {"period": "2026-10-31", "side": "journal", "line": "x", "reason": "typo"},
        headers={"accept-language": "en"},
        follow=True,
    )
    assert "The request was incomplete" in response.text and opening_items(books)  # a mangled id: nothing removed
    response = client.post(
        action,
        {"period": "2026-10-31", "side": "journal", "line": str(item.pk), "reason": "typo"},
        headers={"accept-language": "en"},
        follow=True,
    )
    assert "Opening outstanding item removed." in response.text and opening_items(books) == []


def test_an_opening_item_once_matched_is_retired_and_its_match_history_kept(books, accountant_a):
    from reconcile.models import MatchLink
    from reconcile.selectors.matching import opening_items
    from reconcile.services.imports.opening import opening_item_remove
    from reconcile.services.matching import match_manual, match_undo

    _cheque(books, accountant_a, "form-1", kind="bank", date="2026-09-28")
    _cheque(books, accountant_a, "form-2", kind="journal", date="2026-09-27")
    bank_item, journal_item = sorted(opening_items(books), key=lambda i: i.side)
    group = match_manual(
        actor=accountant_a, account_id=books.pk, bank_line_ids=[bank_item.pk], journal_entry_ids=[journal_item.pk]
    )
    match_undo(actor=accountant_a, match_id=group.pk, reason="wrong")
    opening_item_remove(actor=accountant_a, account_id=books.pk, side="bank", line_id=bank_item.pk, reason="typo")
    assert [i.side for i in opening_items(books)] == ["journal"]
    assert BankLine.objects.get(pk=bank_item.pk).removed_at is not None
    assert MatchLink.objects.filter(match=group).count() == 2  # the undone match keeps its rows


# --- opening files (import_file --opening) and the workbench -----------------------------------------------------

OPENING_FEES = (
    "交易日期,摘要,借方发生额,贷方发生额,对方户名\n2026-09-29,手续费,15.00,,\n2026-09-30,结息,,1650.00,\n"
).encode()


def _opening_file(account, name: str, data: bytes = OPENING_FEES, kind: str = "bank"):
    return import_file(actor=None, kind=kind, data=data, filename=name, account_number=account.number, source=OPENING)


def test_an_opening_file_named_push_json_is_read_as_the_file_it_is(books):
    """The workbench's batches used to be told apart by their stored name (push.json), so a file of that name was read
    as a JSON batch: a CSV crashed the import, and its rows were stored as items entered one by one."""
    record = _opening_file(books, "push.json")
    assert record.status == "done", import_message(record)
    assert (record.format, record.source, record.lines_stored) == ("csv", OPENING, 2)
    assert sorted(BankLine.objects.filter(source_import=record).values_list("row", flat=True)) == [2, 3]
    # Rows already stored from an earlier opening file are "already known", whatever the files are called.
    again = _opening_file(books, "opening-again.csv", OPENING_FEES + "2026-09-30,手续费,5.00,,\n".encode())
    assert (again.status, again.lines_stored, again.lines_known) == ("done", 1, 2)


def test_a_json_opening_file_named_push_json_is_refused_like_any_json_file(books):
    data = b'{"lines": [{"date": "2026-09-29", "amount": "15.00", "direction": "out"}]}'
    record = _opening_file(books, "push.json", data)
    assert record.status == "refused"
    assert "JSON lines are sent through the ERP push API" in import_message(record)
    assert not BankLine.objects.filter(source_import__source__in=OPENING_SOURCES).exists()


def test_workbench_items_are_recorded_as_entered_there(books, accountant_a):
    from reconcile.services.imports import OPENING_ENTRY

    record = _cheque(books, accountant_a, "form-1")
    assert (record.source, record.filename) == (OPENING_ENTRY, "push.json")


def test_the_migration_labels_the_workbench_items_imported_before(books, accountant_a):
    import importlib

    from django.apps import apps as django_apps

    entered = _cheque(books, accountant_a, "form-1")
    from_file = _opening_file(books, "opening.csv")
    Import.objects.filter(pk=entered.pk).update(source=OPENING)  # as stored before the workbench had its own source
    importlib.import_module("reconcile.migrations.0010_opening_entry_source").label_entries(django_apps, None)
    assert dict(Import.objects.filter(pk__in=[entered.pk, from_file.pk]).values_list("filename", "source")) == {
        "push.json": "opening_entry",
        "opening.csv": "opening",
    }


@pytest.mark.parametrize("date", ["0001-01-01", "1989-12-31"])
def test_an_opening_item_with_an_absurd_date_is_refused_naming_it(account_a, accountant_a, date):
    with pytest.raises(ServiceError) as refused:
        _cheque(account_a, accountant_a, "form-1", date=date)
    message = refused.value.message
    assert refused.value.code == "opening_too_early"
    assert f"cannot be dated before 1990-01-01: {date} is a mistyped" in message
    assert f"first: dated {date}, 5,000.00" in message and "in the workbench's form" in message
    assert not Import.objects.filter(status="done").exists() and not JournalEntry.objects.exists()
    _cheque(account_a, accountant_a, "form-2", date="1990-01-01")  # the earliest day that is accepted


def test_an_opening_file_with_an_absurd_date_is_refused_whole_naming_the_row(books):
    data = OPENING_FEES + "0001-01-01,手续费,5.00,,\n".encode()
    record = _opening_file(books, "opening.csv", data)
    assert record.status == "refused"
    assert "0001-01-01 is a mistyped or missing date" in import_message(record)
    assert "first: row 4, dated 0001-01-01, 5.00" in import_message(record)
    assert "import it again with import_file --opening" in import_message(record)
    assert not BankLine.objects.filter(source_import__source__in=OPENING_SOURCES).exists()


# --- the same item entered in the workbench and listed in an opening file ------------------------------------------

CHEQUES_HEAD = "日期,凭证字号,摘要,对方科目,结算方式,结算号,借方金额,贷方金额\n"
CHEQUE_ROW = "2026-09-28,,9月未兑现支票,,,{ref},,5000.00\n"


def _cheques_file(*refs: str) -> bytes:
    return (CHEQUES_HEAD + "".join(CHEQUE_ROW.format(ref=ref) for ref in refs)).encode("gb18030")


def _live_items(model=JournalEntry) -> int:
    return model.objects.filter(source_import__source__in=OPENING_SOURCES, removed_at__isnull=True).count()


@pytest.mark.parametrize(
    ("entered", "listed", "known", "stored"),
    [
        pytest.param(1, 1, 1, 0, id="entered-then-listed-is-already-known"),
        pytest.param(2, 2, 2, 0, id="two-equal-cheques-entered-then-both-listed"),
        pytest.param(1, 2, 1, 1, id="the-file-lists-one-more-than-entered"),
        pytest.param(2, 1, 1, 0, id="the-file-lists-one-of-two-entered"),
    ],
)
def test_an_item_entered_in_the_workbench_is_already_known_to_an_opening_file(
    books, accountant_a, entered, listed, known, stored
):
    """The n-th identical item entered is the n-th identical row of any opening file, as with overlapping exports."""
    for n in range(entered):
        _cheque(books, accountant_a, f"form-{n}")
    record = _opening_file(books, "opening.csv", _cheques_file(*[""] * listed), kind="journal")
    assert (record.status, record.lines_known, record.lines_stored) == ("done", known, stored), import_message(record)
    lines = "line" if stored == 1 else "lines"
    assert f"{stored} {lines} stored, {known} already known" in import_message(record)
    assert _live_items() == max(entered, listed)


def test_an_item_listed_in_an_opening_file_and_entered_again_in_the_workbench_is_a_second_item(books, accountant_a):
    """What a person types into the workbench is an item they mean to add (two equal cheques): never 'known'."""
    _opening_file(books, "opening.csv", _cheques_file(""), kind="journal")
    assert _cheque(books, accountant_a, "form-1").lines_stored == 1
    assert _live_items() == 2


def test_bank_items_are_told_apart_by_their_cheque_numbers(books, accountant_a):
    """Without a bank serial, a statement line's fingerprint leaves out its voucher number; an opening item's does not,
    or a second cheque of the same amount and day in the file would be taken for the one entered."""
    _cheque(books, accountant_a, "form-1", kind="bank", reference="10230001")
    data = (
        "交易日期,摘要,借方发生额,贷方发生额,凭证号\n"
        "2026-09-28,9月未兑现支票,5000.00,,10230001\n2026-09-28,9月未兑现支票,5000.00,,10230002\n"
    ).encode()
    record = _opening_file(books, "opening.csv", data)
    assert (record.status, record.lines_known, record.lines_stored) == ("done", 1, 1), import_message(record)
    assert sorted(
        BankLine.objects.filter(source_import__source__in=OPENING_SOURCES).values_list("voucher_no", flat=True)
    ) == ["10230001", "10230002"]


def test_an_item_removed_by_mistake_and_entered_again_is_the_same_item(books, accountant_a):
    from reconcile.selectors.matching import opening_items
    from reconcile.services.imports.opening import opening_item_remove

    _cheque(books, accountant_a, "form-1")
    [item] = opening_items(books)
    opening_item_remove(actor=accountant_a, account_id=books.pk, side="journal", line_id=item.pk, reason="wrong day")
    _cheque(books, accountant_a, "form-2")
    assert [i.pk for i in opening_items(books)] == [item.pk]  # back, not a second row
    record = _opening_file(books, "opening.csv", _cheques_file(""), kind="journal")
    assert (record.lines_known, record.lines_stored, _live_items()) == (1, 0, 1)


def test_the_workbench_names_an_absurd_date_instead_of_failing(client, books, accountant_a):
    client.force_login(accountant_a)
    action = reverse("portal:workbench-opening", args=[books.pk])
    response = client.post(
        action,
        {
            "period": "2026-10-31",
            "side": "bank",
            "date": "0001-01-01",
            "direction": "out",
            "amount": "15.00",
            "summary": "手续费",
            "entry": "form-1",
        },
        headers={"accept-language": "en"},
        follow=True,
    )
    assert response.status_code == 200
    assert "cannot be dated before 1990-01-01: 0001-01-01 is a mistyped or missing date" in response.text
    assert not BankLine.objects.filter(source_import__source__in=OPENING_SOURCES).exists()


def test_import_file_opening_says_the_lines_are_opening_items(books, tmp_path):
    from django.core.management import call_command

    path = tmp_path / "opening.csv"
    path.write_bytes(OPENING_FEES)
    out = io.StringIO()
    call_command(
        "import_file",
        str(path),
        "--kind",
        "bank",
        "--account",
        books.number,
        "--opening",
        "--language",
        "en",
        stdout=out,
    )
    text = out.getvalue()
    assert "2 lines stored" in text
    assert "The lines were stored as the account's opening outstanding items (初始未达账)" in text
    plain = tmp_path / "plain.csv"
    plain.write_bytes(OPENING_FEES.replace(b"2026-09-29", b"2026-10-29").replace(b"2026-09-30", b"2026-10-30"))
    out = io.StringIO()
    call_command("import_file", str(plain), "--kind", "bank", "--account", books.number, "--language", "en", stdout=out)
    assert "opening outstanding items" not in out.getvalue()


def test_a_mistyped_amount_is_said_in_the_forms_words_and_the_form_keeps_what_was_typed(client, books, accountant_a):
    """The refusal read "Row 1, column “amount”: …" (the words of a file, with the field's English key in the Chinese
    page too), and the redirect back emptied every field of the form."""
    client.force_login(accountant_a)
    action = reverse("portal:workbench-opening", args=[books.pk])
    typed = {
        "period": "2026-10-31",
        "side": "bank",
        "date": "2026-09-28",
        "direction": "out",
        "amount": "12,5x",
        "reference": "CHQ-9",
        "summary": "在途支票",
        "entry": "form-typo",
    }
    page = client.post(action, typed, follow=True, headers={"accept-language": "en"}).content.decode()
    assert "12,5x" in page and "Row 1" not in page and "column “amount”" not in page
    assert '<option value="bank" selected>' in page and '<option value="out" selected>' in page
    for name in ("date", "amount", "reference", "summary"):
        assert f'value="{typed[name]}"' in page, name
    chinese = client.post(
        action, {**typed, "entry": "form-typo-2"}, follow=True, headers={"accept-language": "zh-hans"}
    )
    assert "第1行" not in chinese.content.decode() and "“amount”" not in chinese.content.decode()
    # Shown once: the next visit is a blank form again.
    again = client.get(reverse("portal:workbench", args=[books.pk]), {"period": "2026-10-31"}).content.decode()
    assert 'value="12,5x"' not in again
    assert not JournalEntry.objects.filter(source_import__source__in=OPENING_SOURCES).exists()
