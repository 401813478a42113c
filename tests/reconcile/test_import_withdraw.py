"""Withdrawing an import (撤销导入): its lines stop counting, their matches are undone, the file may come again."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from core.errors import ServiceError
from core.models import AuditEvent
from reconcile.balances.reads import balance_breaks
from reconcile.models import BalanceCheckpoint, BankLine, Import, JournalEntry, Match
from reconcile.selectors.matching import open_bank_lines
from reconcile.services.adjustment import adjustment_table_build
from reconcile.services.imports import import_file
from reconcile.services.matching import match_run_start, period_close
from reconcile.services.withdraw import import_withdraw
from tests.fixtures.books import import_both
from tests.fixtures.hostile import HIDDEN_TEXTS
from tests.fixtures.worked_example import BANK_CSV, JOURNAL_CSV

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
END = dt.date(2026, 10, 31)


@pytest.fixture
def books(account_a, accountant_a):
    """The import records (not the account, as the shared fixture gives): these tests withdraw them."""
    return import_both(account_a, accountant_a)


def _run(account, actor, capture):
    with capture(execute=True):
        match_run_start(actor=actor, account_id=account.pk, period_end=END)


def test_a_withdrawn_statement_stops_counting_and_comes_back_when_imported_again(
    books, account_a, accountant_a, django_capture_on_commit_callbacks
):
    _run(account_a, accountant_a, django_capture_on_commit_callbacks)
    matched = Match.objects.filter(undone_at__isnull=True).count()
    assert matched == 3
    lines = set(BankLine.objects.values_list("pk", flat=True))
    with pytest.raises(ServiceError, match="Say why"):
        import_withdraw(actor=accountant_a, import_id=books["bank"].pk, reason="")
    record = import_withdraw(actor=accountant_a, import_id=books["bank"].pk, reason="wrong month")
    assert record.status == Import.objects.get(pk=record.pk).status == "withdrawn"
    assert not open_bank_lines(account_a, END).exists()
    assert BankLine.objects.filter(removed_at__isnull=False).count() == len(lines)  # retired, not deleted
    assert not Match.objects.filter(undone_at__isnull=True).exists()
    assert set(Match.objects.values_list("undo_reason", flat=True)) == {"file withdrawn: wrong month"}
    assert not BalanceCheckpoint.objects.filter(source_import=record).exists()
    with pytest.raises(ServiceError, match="No bank statement yet"):  # no bank statement left
        adjustment_table_build(account=account_a, period_end=END)
    event = AuditEvent.objects.get(action="import.withdrawn")
    assert event.after == {
        "reason": "wrong month",
        "lines_retired": len(lines),
        "lines_restored": 0,
        "matches_undone": 3,
    }
    with pytest.raises(ServiceError, match="this one is Withdrawn"):
        import_withdraw(actor=accountant_a, import_id=record.pk, reason="again")

    again = import_file(
        actor=accountant_a,
        kind="bank",
        data=BANK_CSV.encode(),
        filename="bank.csv",
        account_number=account_a.number,
        customer=account_a.customer,
    )
    assert again.status == "done" and again.lines_stored == len(lines)
    assert (
        set(BankLine.objects.filter(removed_at__isnull=True, source_import=again).values_list("pk", flat=True)) == lines
    )  # the same rows, back
    assert adjustment_table_build(account=account_a, period_end=END).bank_balance == Decimal("1250000.00")


def test_a_withdrawn_journal_export_comes_back_when_imported_again(books, account_a, accountant_a):
    import_withdraw(actor=accountant_a, import_id=books["journal"].pk, reason="exported the wrong ledger")
    assert not JournalEntry.objects.filter(removed_at__isnull=True).exists()
    again = import_file(
        actor=accountant_a,
        kind="journal",
        data=JOURNAL_CSV.encode("gb18030"),
        filename="j.csv",
        account_number=account_a.number,
        customer=account_a.customer,
    )
    assert again.status == "done"
    assert JournalEntry.objects.filter(removed_at__isnull=True, source_import=again).count() == 5
    assert adjustment_table_build(account=account_a, period_end=END).book_balance == Decimal("1198500.00")


def test_a_duplicate_statement_that_makes_a_gap_can_be_withdrawn(books, account_a, accountant_a):
    # The same October again, from a channel that numbers its lines otherwise: other serials, other fingerprints,
    # so each movement is stored twice and the balances no longer join up.
    other_serials = BANK_CSV.replace(",SN2026", ",CH2026")
    duplicate = import_file(
        actor=accountant_a,
        kind="bank",
        data=other_serials.encode(),
        filename="again.csv",
        account_number=account_a.number,
        customer=account_a.customer,
    )
    assert duplicate.status == "done" and duplicate.lines_stored > 0
    assert balance_breaks(account_a, "bank")
    import_withdraw(actor=accountant_a, import_id=duplicate.pk, reason="the same statement twice")
    assert balance_breaks(account_a, "bank") == []
    assert adjustment_table_build(account=account_a, period_end=END).bank_balance == Decimal("1250000.00")


def test_who_may_withdraw_and_when(books, account_a, accountant_a, client_a, ops, customer_b):
    from portal.models import Role
    from tests.factories import make_user

    other = make_user("accountant_b", [Role.ACCOUNTANT], customer_b)
    for actor in (client_a, other):
        with pytest.raises(ServiceError, match="Only an accountant of the company"):
            import_withdraw(actor=actor, import_id=books["bank"].pk, reason="x")
    period_close(actor=accountant_a, account_id=account_a.pk, period_end=END)
    with pytest.raises(ServiceError, match=r"^\d+ lines of this file lie in the period .* which is closed"):
        import_withdraw(actor=ops, import_id=books["bank"].pk, reason="x")
    assert Import.objects.get(pk=books["bank"].pk).status == "done"
    assert not BankLine.objects.filter(removed_at__isnull=False).exists()


def test_the_import_page_and_the_api_withdraw(client, books, account_a, accountant_a, customer_b):
    from portal.models import Role
    from tests.factories import make_user

    url = reverse("portal:import-withdraw", args=[books["bank"].pk])
    other = make_user("accountant_b", [Role.ACCOUNTANT], customer_b)
    client.force_login(other)
    assert client.post(url, {"reason": "x"}).status_code == 404  # another company's import is not there
    client.force_login(accountant_a)
    page = client.get(reverse("portal:import-detail", args=[books["bank"].pk]), headers={"accept-language": "en"})
    assert "Withdraw this file" in page.text
    response = client.post(url, {"reason": ""}, headers={"accept-language": "en"}, follow=True)
    assert "Say why the file is withdrawn." in response.text
    response = client.post(url, {"reason": "wrong month"}, headers={"accept-language": "en"}, follow=True)
    assert "The file was withdrawn" in response.text and "Withdraw this file" not in response.text

    api = APIClient()
    api.force_authenticate(other)
    assert api.post(f"/api/v1/imports/{books['journal'].pk}/withdraw/", {"reason": "x"}).status_code == 404
    api.force_authenticate(accountant_a)
    assert api.post(f"/api/v1/imports/{books['journal'].pk}/withdraw/", {}).status_code == 400
    body = api.post(f"/api/v1/imports/{books['journal'].pk}/withdraw/", {"reason": "wrong ledger"}).json()
    assert body["status"] == "withdrawn"
    refused = api.post(f"/api/v1/imports/{books['journal'].pk}/withdraw/", {"reason": "again"})
    assert refused.status_code == 409 and refused.json()["code"] == "not_done"


def test_a_file_whose_lines_a_later_file_also_lists_is_not_withdrawn_from_under_it(account_a, accountant_a):
    from tests.reconcile.test_balance_continuity import OCTOBER, SEPTEMBER, bank_csv

    september = import_file(
        actor=accountant_a,
        kind="bank",
        data=bank_csv(SEPTEMBER),
        filename="sep.csv",
        account_number=account_a.number,
        customer=account_a.customer,
    )
    both = import_file(
        actor=accountant_a,
        kind="bank",
        data=bank_csv(SEPTEMBER + OCTOBER),
        filename="sep-oct.csv",
        account_number=account_a.number,
        customer=account_a.customer,
    )
    assert both.lines_known == 2  # September's lines are stored once, as sep.csv's
    with pytest.raises(ServiceError, match=r"sep-oct.csv \(import #\d+\), imported later, covers the same days"):
        import_withdraw(actor=accountant_a, import_id=september.pk, reason="covered by the later export")
    assert BankLine.objects.filter(removed_at__isnull=True).count() == 3
    import_withdraw(actor=accountant_a, import_id=both.pk, reason="wrong export")  # the later one can go
    assert BankLine.objects.filter(removed_at__isnull=True).count() == 2


def test_withdrawing_a_wrong_journal_export_brings_back_what_it_replaced(account_a, accountant_a):
    from tests.reconcile.test_balance_continuity import OCTOBER, SEPTEMBER, bank_csv, journal_csv

    def journal(name, data):
        record = import_file(
            actor=accountant_a,
            kind="journal",
            data=data,
            filename=name,
            account_number=account_a.number,
            customer=account_a.customer,
        )
        assert record.status == "done", record.errors
        return record

    import_file(
        actor=accountant_a,
        kind="bank",
        data=bank_csv(SEPTEMBER + OCTOBER),
        filename="bank.csv",
        account_number=account_a.number,
        customer=account_a.customer,
    )
    journal("j.csv", journal_csv("2026-09-01", "1000.00", SEPTEMBER + OCTOBER))
    assert adjustment_table_build(account=account_a, period_end=END).agreed
    # Another company's ledger for the same months, uploaded into this account by mistake, replaces the period.
    wrong = journal(
        "other.csv",
        journal_csv("2026-09-01", "5000.00", [("2026-09-12", "1.00", "5001.00"), ("2026-10-20", "2.00", "5003.00")]),
    )
    assert wrong.lines_removed == 3  # every entry of the period the wrong file stands for (from its 期初余额 row)
    assert not adjustment_table_build(account=account_a, period_end=END).agreed  # the wrong ledger's difference
    import_withdraw(actor=accountant_a, import_id=wrong.pk, reason="another company's ledger")
    table = adjustment_table_build(account=account_a, period_end=END)
    assert (table.book_balance, table.agreed) == (Decimal("1069.55"), True)
    assert JournalEntry.objects.filter(removed_at__isnull=True).count() == 3
    assert AuditEvent.objects.get(action="import.withdrawn").after["lines_restored"] == 3


def test_a_match_run_does_not_store_groups_on_lines_withdrawn_while_it_ran(
    books, account_a, accountant_a, monkeypatch, django_capture_on_commit_callbacks
):
    from reconcile.models import MatchLink, Suggestion
    from reconcile.services import matching

    real_match = matching.match

    def match_then_withdraw(**kwargs):
        result = real_match(**kwargs)
        import_withdraw(actor=accountant_a, import_id=books["bank"].pk, reason="wrong month")
        return result

    monkeypatch.setattr(matching, "match", match_then_withdraw)
    _run(account_a, accountant_a, django_capture_on_commit_callbacks)
    assert not MatchLink.objects.filter(active=True).exists()
    assert not Suggestion.objects.exists()
    assert JournalEntry.objects.filter(removed_at__isnull=True).count() == 5  # still all outstanding


@pytest.mark.parametrize("text", HIDDEN_TEXTS)
def test_a_reason_with_a_hidden_character_is_refused_by_name(books, accountant_a, text):
    with pytest.raises(ServiceError) as refused:
        import_withdraw(actor=accountant_a, import_id=books["bank"].pk, reason=f"wrong {text} month")
    assert refused.value.code == "bad_reason" and "U+" in refused.value.message


def test_over_the_api_a_reason_with_a_hidden_character_is_a_bad_field_not_a_conflict(books, accountant_a):
    api = APIClient()
    api.force_authenticate(accountant_a)
    url = f"/api/v1/imports/{books['bank'].pk}/withdraw/"
    refused = api.post(url, {"reason": "wrong \u202e month"}, format="json", headers={"accept-language": "en"})
    assert refused.status_code == 400, refused.content
    body = refused.json()
    assert body["code"] == "bad_reason" and "U+202E RIGHT-TO-LEFT OVERRIDE" in body["message"]
    assert body["errors"] == {"reason": [body["message"]]}
    assert Import.objects.get(pk=books["bank"].pk).status == "done"


def test_over_the_api_the_refusals_are_409_with_the_documented_codes(books, account_a, accountant_a):
    """README, *A file uploaded by mistake is withdrawn*: `409` `period_closed` for a line in a closed period (not the
    workbench's `closed`), `not_done` for a file that is not an imported one."""
    api = APIClient()
    api.force_authenticate(accountant_a)
    period_close(actor=accountant_a, account_id=account_a.pk, period_end=END)
    refused = api.post(f"/api/v1/imports/{books['bank'].pk}/withdraw/", {"reason": "x"}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 409
    assert refused.json()["code"] == "period_closed" and "which is closed" in refused.json()["message"]


def test_over_the_api_a_file_a_later_one_covers_is_409_later_overlap(account_a, accountant_a):
    from tests.reconcile.test_balance_continuity import OCTOBER, SEPTEMBER, bank_csv

    def upload(rows, name):
        return import_file(
            actor=accountant_a,
            kind="bank",
            data=bank_csv(rows),
            filename=name,
            account_number=account_a.number,
            customer=account_a.customer,
        )

    september = upload(SEPTEMBER, "sep.csv")
    upload(SEPTEMBER + OCTOBER, "sep-oct.csv")
    api = APIClient()
    api.force_authenticate(accountant_a)
    refused = api.post(f"/api/v1/imports/{september.pk}/withdraw/", {"reason": "x"}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 409 and refused.json()["code"] == "later_overlap"
    assert "sep-oct.csv" in refused.json()["message"]
