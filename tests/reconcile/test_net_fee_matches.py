"""A wire credited net of its charges, auto-matched to the gross receipt and the charge entry the books keep apart: a
match whose entries run in both directions is stored balanced, shown on the workbench with its reasons, leaves the
adjustment table agreed with nothing open, and the API lists it with its three lines."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from reconcile.models import Match, MatchLink
from reconcile.services.adjustment import adjustment_table_build
from reconcile.services.matching import match_run_start
from tests.factories import api_key
from tests.fixtures.books import import_both

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
END = dt.date(2026, 10, 31)

BANK = (
    "交易日期,摘要,借方发生额,贷方发生额,余额,对方户名,交易流水号\n"
    '2026-10-09,汇入汇款 SHA 扣费105.90,,"39,807.90","139,807.90",ALPINE TOOLS PTY LTD,SN1\n'
    '2026-10-20,付款,"6,000.00",,"133,807.90",北京中科信达科技有限公司,SN2\n'
)
JOURNAL = (
    "日期,凭证字号,摘要,对方科目,结算方式,结算号,借方金额,贷方金额,方向,余额\n"
    '2026-10-09,记-4,收Alpine Tools货款,应收账款,电汇,,"39,913.80",,借,"139,913.80"\n'
    '2026-10-09,记-5,境外银行扣费 Alpine Tools,财务费用,电汇,,,105.90,借,"139,807.90"\n'
)


@pytest.fixture
def netted(account_a, accountant_a, django_capture_on_commit_callbacks):
    import_both(account_a, accountant_a, BANK, JOURNAL)
    with django_capture_on_commit_callbacks(execute=True):
        match_run_start(actor=accountant_a, account_id=account_a.pk, period_end=END)
    return account_a


def test_the_net_credit_is_one_match_of_the_gross_and_the_charge(netted):
    match = MatchLink.objects.get(bank_line__serial="SN1", active=True).match
    links = MatchLink.objects.filter(match=match, active=True)
    assert sorted(link.journal_entry.serial for link in links if link.journal_entry) == ["记-4", "记-5"]
    assert match.rule == "subset_sum"
    # Signed sums: the gross in less the charge out is the bank's credit.
    signed = sum(
        (link.journal_entry.amount if link.journal_entry.direction == "in" else -link.journal_entry.amount)
        for link in links
        if link.journal_entry
    )
    assert signed == Decimal("39807.90")
    assert Match.objects.filter(account=netted).count() == 1


def test_the_adjustment_table_agrees_with_nothing_open_but_the_unbooked_payment(netted):
    table = adjustment_table_build(account=netted, period_end=END)
    assert table.bank_balance == Decimal("133807.90")
    assert table.book_balance == Decimal("139807.90")
    assert not table.journal_in_not_bank and not table.journal_out_not_bank and not table.bank_in_not_journal
    assert [i.amount for i in table.bank_out_not_journal] == [Decimal("6000.00")]
    assert table.agreed


def test_the_workbench_shows_the_match_and_its_reasons(client, netted, accountant_a):
    client.force_login(accountant_a)
    body = client.get(
        reverse("portal:workbench", args=[netted.pk]), {"period": "2026-10-31"}, headers={"accept-language": "en"}
    ).content.decode()
    assert "net of charges: the gross 39913.80 less the charges 105.90" in body
    assert "the charge entries are dated the day of the gross entry" in body
    assert "39,913.80" in body and "105.90" in body and "39,807.90" in body


def test_the_api_serialises_the_match_and_its_table(netted, accountant_a):
    """The auto match as the API returns a match (its undo answers with it), and the account's 余额调节表 over the API;
    matched again by hand over the API, the two directions balance by their signed sum."""
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(accountant_a)}")
    table = api.get(f"/api/v1/accounts/{netted.pk}/adjustment", {"date": "2026-10-31"}, HTTP_ACCEPT_LANGUAGE="en")
    assert table.status_code == 200, table.content
    assert table.json()["agreed"] is True
    match = MatchLink.objects.get(bank_line__serial="SN1", active=True).match
    bank_ids = [link.bank_line_id for link in match.links.all() if link.bank_line_id]
    entry_ids = sorted(link.journal_entry_id for link in match.links.all() if link.journal_entry_id)
    undone = api.post(f"/api/v1/matches/{match.pk}/undo", {"reason": "check"}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert undone.status_code == 200, undone.content
    data = undone.json()
    assert (data["rule"], data["bank_line_ids"], data["journal_entry_ids"]) == ("subset_sum", bank_ids, entry_ids)
    assert data["reasons_text"][0] == "net of charges: the gross 39913.80 less the charges 105.90"
    again = api.post(
        f"/api/v1/accounts/{netted.pk}/matches",
        {"bank_line_ids": bank_ids, "journal_entry_ids": entry_ids, "note": "SHA"},
        format="json",
    )
    assert again.status_code == 201, again.content
    assert sorted(again.json()["journal_entry_ids"]) == entry_ids
