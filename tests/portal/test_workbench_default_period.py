"""The workbench opened without a period: the newest month with lines that has begun, not a month a post-dated
voucher lies in (a journal may hold post-dated vouchers; the push and the uploads accept them); when every line is
post-dated, the nearest month that has lines, not the furthest."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from reconcile.services.imports import import_file
from tests.fixtures.worked_example import BANK_CSV, JOURNAL_CSV

pytestmark = pytest.mark.django_db
CST = dt.timezone(dt.timedelta(hours=8))


def _import(actor, account, kind: str, text: str, name: str) -> None:
    record = import_file(
        actor=actor,
        kind=kind,
        data=text.encode(),
        filename=name,
        account_number=account.number,
        customer=account.customer,
    )
    assert record.status == "done", record.errors


def test_a_post_dated_voucher_does_not_open_the_workbench_on_a_future_month(client, accountant_a, account_a):
    with time_machine.travel(dt.datetime(2026, 11, 10, 10, tzinfo=CST), tick=False):
        _import(accountant_a, account_a, "bank", BANK_CSV, "bank.csv")
        _import(accountant_a, account_a, "journal", JOURNAL_CSV, "journal.csv")
        # A cheque written today, dated in March (远期支票), booked as the ERP dates it.
        post_dated = "日期,凭证号,摘要,借方金额,贷方金额\n2027-03-15,记-90,远期支票 付中科信达,,1000.00\n"
        _import(accountant_a, account_a, "journal", post_dated, "post-dated.csv")
        client.force_login(accountant_a)
        response = client.get(reverse("portal:workbench", args=[account_a.pk]))
    assert response.status_code == 200
    assert response.context["period_end"] == dt.date(2026, 10, 31)


def test_an_account_whose_lines_are_all_post_dated_opens_on_the_nearest_month(client, accountant_a, account_a):
    with time_machine.travel(dt.datetime(2026, 11, 10, 10, tzinfo=CST), tick=False):
        post_dated = (
            "日期,凭证号,摘要,借方金额,贷方金额\n"
            "2027-03-15,记-90,远期支票 付中科信达,,1000.00\n"
            "2026-12-20,记-91,远期支票 付恒瑞贸易,,500.00\n"
            "2028-01-05,记-92,远期支票 录错的年份,,20.00\n"
        )
        _import(accountant_a, account_a, "journal", post_dated, "post-dated.csv")
        client.force_login(accountant_a)
        response = client.get(reverse("portal:workbench", args=[account_a.pk]))
    assert response.status_code == 200
    assert response.context["period_end"] == dt.date(2026, 12, 31)


def test_another_companys_accountant_does_not_reach_the_workbench(client, account_a, customer_b):
    from portal.models import Role
    from tests.factories import make_user

    client.force_login(make_user("accountant_b", [Role.ACCOUNTANT], customer_b))
    response = client.get(reverse("portal:workbench", args=[account_a.pk]))
    assert response.status_code == 404
