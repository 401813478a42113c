"""An account nothing was uploaded for says so: no red "no opening balance", no "every line is matched"."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse

from reconcile.services.imports import import_file
from tests.fixtures.worked_example import BANK_CSV

pytestmark = pytest.mark.django_db
PERIOD = "2026-10-31"


def _workbench(client, account) -> str:
    return client.get(reverse("portal:workbench", args=[account.pk]), {"period": PERIOD}).content.decode()


def test_an_account_without_files_says_nothing_was_uploaded(client, accountant_a, account_a):
    client.force_login(accountant_a)
    body = _workbench(client, account_a)
    assert "本期尚无银行对账单和日记账" in body
    assert "没有期初余额" not in body and "已全部勾对" not in body
    assert "本期尚无银行对账单。" in body and "本期尚无日记账。" in body  # the two empty lists
    assert 'role="alert"' not in body.split("<main", 1)[1]
    assert f'href="{reverse("portal:import-upload")}"' in body


def test_with_only_a_statement_the_journal_is_named(client, accountant_a, account_a, english):
    record = import_file(
        actor=accountant_a,
        kind="bank",
        data=BANK_CSV.encode(),
        filename="bank.csv",
        account_number=account_a.number,
        customer=account_a.customer,
    )
    assert record.status == "done", record.errors
    client.force_login(accountant_a)
    body = client.get(
        reverse("portal:workbench", args=[account_a.pk]), {"period": PERIOD}, headers={"accept-language": "en"}
    ).content.decode()
    assert "No journal yet for this period" in body and "No bank statement yet" not in body
    assert "No journal for this period yet." in body and "Every journal entry is matched." not in body
    assert "has no opening balance" not in body


def test_the_exports_and_the_zip_say_so_too(client, accountant_a, account_a):
    client.force_login(accountant_a)
    response = client.get(reverse("portal:adjustment-xlsx", args=[account_a.pk]), {"period": PERIOD}, follow=True)
    body = response.content.decode()
    assert "本期尚无银行对账单和日记账" in body and "没有期初余额" not in body
    archive = client.get(reverse("portal:reconcile-zip"), {"period": PERIOD})
    with zipfile.ZipFile(io.BytesIO(archive.content)) as opened:
        skipped = opened.read("README-skipped.txt").decode()
    assert account_a.number in skipped and "本期尚无银行对账单和日记账" in skipped
    assert "没有期初余额" not in skipped and "已全部勾对" not in skipped


def test_with_both_files_the_table_stands(client, accountant_a, books):
    client.force_login(accountant_a)
    body = _workbench(client, books)
    assert "本期尚无" not in body and "1,250,000.00" in body
