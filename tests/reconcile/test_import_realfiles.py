"""Importing files in the shapes of real exports the parsers had not seen (tests/reconcile/parsers/
test_parsers_realfiles.py reads them): stored whole in the account they name, or refused whole saying why."""

from __future__ import annotations

from decimal import Decimal

import pytest

from reconcile.import_messages import error_rows, import_message
from reconcile.models import BankLine, Import, ImportStatus
from reconcile.services.imports import import_file
from tests.reconcile.parsers.test_parsers_realfiles import _ALIPAY_ACCOUNT_LOG, _MT940_REVERSALS, _OFX_INVESTMENT, _text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _import(data: bytes, filename: str, account: str = "") -> Import:
    return import_file(actor=None, kind="bank", data=data, filename=filename, account_number=account)


def test_an_alipay_account_log_is_stored_in_the_account_it_names_with_its_payments_as_money_out() -> None:
    record = _import(_text(_ALIPAY_ACCOUNT_LOG, "gbk"), "账务明细.csv")
    assert record.status == ImportStatus.DONE, error_rows(record)
    assert (record.account.number, record.lines_stored, record.closing_balance) == (
        "20881234567890120156",
        3,
        Decimal("497.00"),
    )
    stored = BankLine.objects.filter(account=record.account).order_by("row").values_list("direction", "amount")
    assert list(stored) == [("in", Decimal("500.00")), ("out", Decimal("3.00")), ("out", Decimal("10000.00"))]


def test_an_mt940_with_reversals_is_stored_adding_up_to_its_closing_balance() -> None:
    record = _import(_MT940_REVERSALS.encode(), "umsaetze.sta")
    assert record.status == ImportStatus.DONE, error_rows(record)
    assert (record.lines_stored, record.closing_balance) == (4, Decimal("930.00"))


def test_an_ofx_investment_statement_is_refused_whole_naming_what_it_is() -> None:
    record = _import(_OFX_INVESTMENT.encode(), "brokerage.ofx", account="77001234")
    assert record.status == ImportStatus.REFUSED
    assert "INVSTMTRS" in import_message(record)
    assert not BankLine.objects.exists()


def test_a_reader_that_fails_on_an_unforeseen_file_refuses_it_instead_of_failing_the_request(monkeypatch, caplog):
    """A defect of a reader (any exception other than a refusal) met on a file nobody foresaw: the import is refused
    whole, naming the file and the import for the bank's support, the traceback goes to the log, nothing is stored."""
    from reconcile.services.imports import parse as parse_step

    def broken(*args, **kwargs):
        raise AttributeError("'NoneType' object has no attribute 'text'")

    monkeypatch.setattr(parse_step, "parse_file", broken)
    with caplog.at_level("ERROR", logger="reconcile.services.imports.parse"):
        record = _import(b"<OFX><BANKMSGSRSV1></BANKMSGSRSV1></OFX>", "odd.ofx", account="6222020200001234567")
    assert record.status == ImportStatus.REFUSED
    message = import_message(record)
    assert "odd.ofx could not be read" in message and f"import #{record.pk}" in message
    assert "NoneType" not in message and "AttributeError" not in message
    assert not BankLine.objects.exists()
    assert "AttributeError" in caplog.text
