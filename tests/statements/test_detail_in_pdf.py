"""The agreement's detail_in_pdf: the statement PDF carries the period's bank-fed lines as extra pages when it is set,
a paper letter always; and the optional detail_in_pdf column of import_agreements."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from core.tabular import RowsRefused
from statements.models import Agreement, Channel
from statements.services.onboarding import agreements_import
from statements.services.statement_docs import statement_data, statement_pdf_write
from tests.statements.test_onboarding import HEADER, row
from tests.statements.test_reconciled_answer import fed, statement  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def _pages(statement_) -> list[str]:
    from django.conf import settings

    path = settings.MEDIA_ROOT / statement_pdf_write(statement_)
    return [page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages]


def test_by_default_the_online_pdf_is_the_statement_alone(statement):
    assert statement.agreement.detail_in_pdf is False
    assert statement_data(statement).detail is None
    assert len(_pages(statement)) == 1


def test_with_detail_in_pdf_the_lines_follow_the_statement(statement):
    Agreement.objects.filter(pk=statement.agreement_id).update(detail_in_pdf=True)
    statement.agreement.refresh_from_db()
    detail = statement_data(statement).detail
    assert detail is not None and [line.serial for line in detail.lines] == ["SEP0001", "SEP0002", "SEP0003", "SEP0004"]
    pages = _pages(statement)
    assert len(pages) >= 2
    later = "".join(pages[1:])
    assert "SEP0001" in later and "SEP0004" in later and "200,000.00" in later


def test_a_paper_letter_always_carries_the_detail(statement, settings):
    statement.channel = Channel.PAPER  # as printed: the agreement's setting does not matter
    assert statement.agreement.detail_in_pdf is False
    data = statement_data(statement)
    assert data.reply_slip is not None and data.detail is not None and len(data.detail.lines) == 4


def test_a_bare_balance_prints_no_detail_even_when_asked(statement, customer_b):
    bare = customer_b.accounts.get().statements.get()
    Agreement.objects.filter(pk=bare.agreement_id).update(detail_in_pdf=True)
    bare.agreement.refresh_from_db()
    assert statement_data(bare).detail is None


def _import(text: str, today: dt.date):
    return agreements_import(actor=None, data=text.encode(), filename="a.csv", today=today)


@pytest.mark.parametrize(
    ("value", "expected"), [("yes", True), ("是", True), ("YES", True), ("no", False), ("否", False), ("", False)]
)
def test_the_import_column_takes_yes_and_no_in_both_languages(value, expected):
    header = HEADER.strip() + ",detail_in_pdf\n"
    _import(header + row(1).strip() + f",{value}\n", dt.date(2026, 11, 1))
    assert Agreement.objects.get(valid_to__isnull=True).detail_in_pdf is expected


def test_the_column_under_its_chinese_name_changes_the_agreement_from_that_day():
    _import(HEADER + row(1), dt.date(2026, 11, 1))
    header = HEADER.strip() + ",明细随对账单\n"
    result = _import(header + row(1).strip() + ",是\n", dt.date(2026, 11, 3))
    assert result.counts == {"agreements changed": 1}
    versions = list(Agreement.objects.order_by("valid_from"))
    assert [(a.detail_in_pdf, a.valid_to) for a in versions] == [(False, dt.date(2026, 11, 2)), (True, None)]
    # An empty cell, or a file without the column, keeps the setting.
    assert _import(header + row(1).strip() + ",\n", dt.date(2026, 11, 4)).counts == {}
    assert _import(HEADER + row(1), dt.date(2026, 11, 5)).counts == {}
    assert Agreement.objects.get(valid_to__isnull=True).detail_in_pdf is True


@pytest.mark.parametrize("value", ["maybe", "=1+1", "是的"])
def test_a_bad_value_is_refused_naming_row_and_value(value, english):
    header = HEADER.strip() + ",detail_in_pdf\n"
    with pytest.raises(RowsRefused) as refused:
        _import(header + row(1).strip() + "," + value + "\n" + row(2).strip() + ",no\n", dt.date(2026, 11, 1))
    message = refused.value.message
    assert f"row 2, column detail_in_pdf ('{value}')" in message and "yes or no" in message
    assert not Agreement.objects.exists()
