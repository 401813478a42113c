""" "Rows to fix": a problem written to end with the file's value ("…, but the row's balance is" 1,248,500.00) stopped
before it ("… but the row's balance is."), the value only in the column beside it; it now says the value, in both
languages, and the problems that read whole alone stay as they were."""

from __future__ import annotations

import pytest
from django.urls import reverse

import reconcile.import_messages  # noqa: F401  (registers the texts)
import reconcile.parsers.texts  # noqa: F401
from reconcile.parsers.messages import TEXTS, VALUE_ENDS
from reconcile.services.imports.pipeline import import_file

pytestmark = pytest.mark.django_db

JOURNAL = """日期,凭证字号,摘要,对方科目,结算方式,结算号,借方金额,贷方金额,方向,余额
2026-09-01,,期初余额,,,,,,借,"1,168,500.00"
2026-09-10,记-09,付中科信达货款,应付账款,电汇,,,"5.00",借,"1,248,500.00"
2026-13-03,记-03,收恒瑞贸易货款,应收账款,电汇,,"200,000.00",,借,"1,448,500.00"
"""


@pytest.mark.parametrize(
    ("language", "balance", "date"),
    [
        ("en", "but the row&#x27;s balance is “1248500.00”.</td>", "<td>2026-13-03</td><td>No such date.</td>"),
        ("zh-hans", "但本行余额为 “1248500.00”。</td>", "<td>2026-13-03</td><td>日期不存在。</td>"),
    ],
)
def test_a_problem_that_ends_with_the_value_says_it(client, accountant_a, account_a, language, balance, date):
    record = import_file(
        actor=accountant_a, kind="journal", data=JOURNAL.encode(), filename="j.csv", account_number=account_a.number
    )
    assert record.status == "refused"
    client.force_login(accountant_a)
    page = client.get(reverse("portal:import-detail", args=[record.pk]), headers={"accept-language": language})
    body = page.content.decode()
    assert balance in body and date in body
    assert "balance is.</td>" not in body and "余额为。</td>" not in body


def test_every_text_that_ends_with_the_value_is_one_that_ends_open():
    for key in VALUE_ENDS:
        assert TEXTS[key][-1:].isalpha(), key  # no full stop, colon or closing quote: the value completes it
