"""The workbench of a period lists the matched groups of that period and the earlier ones, not a later period's:
October's page (closed, say) showed November's groups with their Undo forms, as if they were part of October."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from reconcile.models import BankLine, JournalEntry
from reconcile.services.matching import match_manual
from tests.fixtures.many_lines import journal_csv
from tests.portal.test_workbench_ui import _import

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

BANK = (
    "交易日期,摘要,借方发生额,贷方发生额,余额,对方户名,交易流水号\n"
    '2026-10-15,货款,,123.45,"1,000,123.45",上海恒瑞贸易有限公司,SN000001\n'
    '2026-11-16,货款,,678.90,"1,000,802.35",上海恒瑞贸易有限公司,SN000002\n'
)


def _groups(client, account, period: str) -> str:
    response = client.get(
        reverse("portal:workbench", args=[account.pk]), {"period": period}, headers={"accept-language": "en"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    return body.split("Matched groups", 1)[1].split("</section>", 1)[0]


def test_a_period_lists_its_own_and_earlier_groups_only(client, account_a, accountant_a):
    _import(account_a, accountant_a, "bank", BANK)
    journal = [("2026-10-15", "收货款", Decimal("123.45")), ("2026-11-16", "收货款", Decimal("678.90"))]
    _import(account_a, accountant_a, "journal", journal_csv(journal))
    for amount in ("123.45", "678.90"):
        match_manual(
            actor=accountant_a,
            account_id=account_a.pk,
            bank_line_ids=[BankLine.objects.get(account=account_a, amount=Decimal(amount)).pk],
            journal_entry_ids=[JournalEntry.objects.get(account=account_a, amount=Decimal(amount)).pk],
        )
    client.force_login(accountant_a)
    october = _groups(client, account_a, "2026-10-31")
    assert "123.45" in october and "678.90" not in october
    november = _groups(client, account_a, "2026-11-30")
    assert "678.90" in november and "123.45" in november  # the earlier period's group stays in view
