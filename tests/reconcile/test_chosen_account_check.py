"""The wrong-account refusal (chosen_account_differs) against a masked number: the digits a masked statement shows
must be the chosen account's, or another account's lines would go into the chosen one."""

from __future__ import annotations

from pathlib import Path

import pytest

from reconcile.import_messages import error_rows
from reconcile.models import BankLine, ImportStatus
from reconcile.parsers.types import ParsedFile
from reconcile.services.imports import import_file
from reconcile.services.imports.accounts import account_numbers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

FILES = Path(__file__).resolve().parents[1] / "fixtures" / "files"


def _icbc(account: str):
    name = "icbc_2026-10.csv"  # ICBC's export shows its card only masked: 6222****0123
    return import_file(actor=None, kind="bank", data=(FILES / name).read_bytes(), filename=name, account_number=account)


def test_a_masked_statement_of_another_card_is_refused_not_stored_in_the_chosen_one() -> None:
    refused = _icbc("6222000011119999")  # ends 9999: the file is card ...0123
    assert refused.status == ImportStatus.REFUSED and not BankLine.objects.exists()
    assert refused.errors[0]["code"] == "chosen_account_differs"
    refused = _icbc("4367000011110123")  # ends 0123 but is not a 6222 card
    assert refused.status == ImportStatus.REFUSED and refused.errors[0]["code"] == "chosen_account_differs"


def test_a_masked_statement_of_the_chosen_card_still_imports() -> None:
    record = _icbc("6222 0000 1111 0123")
    assert record.status == ImportStatus.DONE, error_rows(record)
    assert record.account.number == "6222000011110123" and record.lines_stored == 4


@pytest.mark.parametrize(
    ("stated", "chosen", "refused"),
    [
        ("6222****0123", "6222000011110123", False),
        ("****0123", "6222000011110123", False),
        ("6222********", "6222000011110123", False),
        ("6222****0123", "6222000011119999", True),
        ("****0123", "6222000011119999", True),
        ("6222**0123", "6222000011110123", False),  # an export's shorter mask still shows head and tail
    ],
)
def test_the_shown_digits_of_a_masked_number_decide(stated, chosen, refused) -> None:
    statement = ParsedFile(format="csv", kind="bank", account_number=stated)
    try:
        account_numbers(statements=[statement], chosen=chosen)
    except Exception as error:  # noqa: BLE001 - the refusal is a FactError naming its code
        assert refused and getattr(error, "code", "") == "chosen_account_differs", error
    else:
        assert not refused
