"""A balance imported (import_balances) after its statement was published, and different from it, flags the
statement for bank operations: the import's summary says so, the ops dashboard lists it, and ops re-issue it as a new
version through the bank-error path (v1 superseded, v2 with the corrected balance, a new window, a notice). Before,
the summary said "1 corrected" and the statement and the client's answer kept the old figure silently."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from core.errors import ConflictError, ServiceError
from core.models import AuditEvent
from core.selectors.audit import audit_chain_verify
from statements.models import BalanceCorrection, BalanceStatement, CorrectionStatus, SmsMessage, StatementStatus
from statements.services.balances import balances_import
from statements.services.confirmations import confirmation_submit
from statements.services.corrections import balance_correction_reissue

pytestmark = pytest.mark.django_db
CST = dt.timezone(dt.timedelta(hours=8))
DURING = dt.datetime(2026, 10, 12, 10, 0, tzinfo=CST)
LATER = dt.datetime(2026, 10, 26, 10, 0, tzinfo=CST)


def _balances(number: str, balance: str) -> bytes:
    return f"account_number,currency,as_of,balance\n{number},CNY,2026-09-30,{balance}\n".encode()


@pytest.fixture
def confirmed_a(published, customer_a, client_a):
    statement = published[customer_a.pk]
    confirmation_submit(actor=client_a, statement_id=statement.pk, decision="agree", now=DURING)
    statement.refresh_from_db()
    assert statement.status == StatementStatus.CONFIRMED and statement.balance == Decimal("1250000.00")
    return statement


def test_a_corrected_balance_of_a_confirmed_statement_is_flagged_and_said(confirmed_a, account_a, english):
    with time_machine.travel(LATER, tick=False):
        result = balances_import(actor=None, data=_balances(account_a.number, "1249000.00"), filename="core.csv")
    assert result.updated == 1
    summary = result.summary()
    assert "1 corrected" in summary and confirmed_a.number in summary and "re-issue" in summary
    correction = BalanceCorrection.objects.get()
    assert (correction.statement_id, correction.status) == (confirmed_a.pk, CorrectionStatus.OPEN)
    assert (correction.statement_balance, correction.corrected_balance) == (
        Decimal("1250000.00"),
        Decimal("1249000.00"),
    )
    confirmed_a.refresh_from_db()
    assert confirmed_a.status == StatementStatus.CONFIRMED  # nothing changes for the client until ops re-issue
    assert AuditEvent.objects.filter(action="statement.balance_corrected").count() == 1


def test_the_summary_says_it_in_chinese_and_the_command_prints_it(confirmed_a, account_a, tmp_path, capsys):
    path = tmp_path / "core.csv"
    path.write_bytes(_balances(account_a.number, "1249000.00"))
    with time_machine.travel(LATER, tick=False):
        call_command("import_balances", str(path))
    out = capsys.readouterr().out
    assert "更正 1 条" in out and confirmed_a.number in out and "重新出具" in out


def test_the_ops_dashboard_lists_it_and_ops_reissue_it(client, confirmed_a, account_a, ops, client_a):
    with time_machine.travel(LATER, tick=False):
        balances_import(actor=None, data=_balances(account_a.number, "1249000.00"), filename="core.csv")
    correction = BalanceCorrection.objects.get()
    client.force_login(ops)
    page = client.get(reverse("portal:ops")).content.decode()
    assert confirmed_a.number in page and "1,249,000.00" in page and "1,250,000.00" in page
    url = reverse("portal:ops-correction-reissue", args=[correction.pk])
    assert url in page
    notices = SmsMessage.objects.count()
    with time_machine.travel(LATER, tick=False):
        response = client.post(url)
    assert response.status_code == 302
    old = BalanceStatement.objects.get(pk=confirmed_a.pk)
    new = BalanceStatement.objects.get(previous=old)
    assert old.status == StatementStatus.SUPERSEDED
    assert (new.version, new.balance, new.status) == (2, Decimal("1249000.00"), StatementStatus.DISPATCHED)
    assert new.due_date > LATER.date()
    assert SmsMessage.objects.count() == notices + 1  # the client is told of the new version
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.REISSUED and correction.reissued_as_id == new.pk
    assert correction.resolved_by_id == ops.pk
    assert (
        'id="balance-corrections"' in page
        and 'id="balance-corrections"' not in client.get(reverse("portal:ops")).content.decode()
    )  # nothing left to re-issue
    assert audit_chain_verify().ok
    client.force_login(client_a)
    assert client.get(reverse("portal:statement-detail", args=[new.pk])).status_code == 200


def test_only_bank_staff_reissue_and_only_once(confirmed_a, account_a, client_a, ops, client):
    with time_machine.travel(LATER, tick=False):
        balances_import(actor=None, data=_balances(account_a.number, "1249000.00"), filename="core.csv")
    correction = BalanceCorrection.objects.get()
    with pytest.raises(ServiceError) as forbidden:
        balance_correction_reissue(actor=client_a, correction_id=correction.pk)
    assert forbidden.value.code == "forbidden"
    client.force_login(client_a)
    assert client.post(reverse("portal:ops-correction-reissue", args=[correction.pk])).status_code == 403
    balance_correction_reissue(actor=ops, correction_id=correction.pk)
    with pytest.raises(ConflictError):
        balance_correction_reissue(actor=ops, correction_id=correction.pk)
    assert BalanceStatement.objects.filter(account=account_a).count() == 2


def test_same_balance_or_no_statement_flags_nothing(confirmed_a, account_a, account_b):
    with time_machine.travel(LATER, tick=False):
        same = balances_import(actor=None, data=_balances(account_a.number, "1250000.00"), filename="a.csv")
        other_day = balances_import(
            actor=None,
            data=(f"account_number,currency,as_of,balance\n{account_a.number},CNY,2026-10-15,5.00\n").encode(),
            filename="b.csv",
        )
    assert same.unchanged == 1 and other_day.created == 1
    assert not BalanceCorrection.objects.exists()


def test_correcting_back_before_reissue_clears_the_flag(confirmed_a, account_a, client, ops):
    with time_machine.travel(LATER, tick=False):
        balances_import(actor=None, data=_balances(account_a.number, "1249000.00"), filename="a.csv")
        balances_import(actor=None, data=_balances(account_a.number, "1248000.00"), filename="b.csv")
        assert BalanceCorrection.objects.get(status=CorrectionStatus.OPEN).corrected_balance == Decimal("1248000.00")
        balances_import(actor=None, data=_balances(account_a.number, "1250000.00"), filename="c.csv")
    assert not BalanceCorrection.objects.filter(status=CorrectionStatus.OPEN).exists()
    assert BalanceCorrection.objects.get().status == CorrectionStatus.OBSOLETE


def test_a_disputed_statement_is_reissued_through_its_dispute(published, customer_a, client_a, account_a, ops):
    from statements.services.disputes import dispute_resolve

    statement = published[customer_a.pk]
    confirmation_submit(
        actor=client_a,
        statement_id=statement.pk,
        decision="disagree",
        book_balance="1249000.00",
        reason="少记一笔",
        now=DURING,
    )
    with time_machine.travel(LATER, tick=False):
        balances_import(actor=None, data=_balances(account_a.number, "1249000.00"), filename="core.csv")
    correction = BalanceCorrection.objects.get()
    with pytest.raises(ServiceError) as refused:
        balance_correction_reissue(actor=ops, correction_id=correction.pk)
    assert refused.value.code == "disputed"
    dispute = statement.disputes.get()
    dispute_resolve(
        actor=ops,
        dispute_id=dispute.pk,
        finding="bank_error",
        resolution="核心系统更正",
        corrected_balance="1249000.00",
    )
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.REISSUED and correction.reissued_as.version == 2


def test_the_reissue_page_is_bank_only_in_the_tenancy_walk():
    from tests.portal.test_tenancy import BANK_ONLY

    assert "portal:ops-correction-reissue" in BANK_ONLY
