"""The wrong-account refusal (chosen_account_differs) against a masked or short number: the digits a masked statement
shows, or the last digits a statement gives as its account (0123, 尾号0123), must be the chosen account's, or another
account's lines would go into the chosen one. A stated account of fewer than 4 digits tells nothing: the import goes
into the chosen account and says the file's account could not be checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from reconcile.import_messages import error_rows, import_message, import_summary
from reconcile.models import BankLine, ImportStatus
from reconcile.parsers.types import ParsedFile
from reconcile.services.imports import import_file
from reconcile.services.imports.accounts import account_numbers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

FILES = Path(__file__).resolve().parents[1] / "fixtures" / "files"


def _icbc(account: str, stated: str = "6222****0123"):
    name = "icbc_2026-10.csv"  # ICBC's export shows its card only masked: 6222****0123
    data = (FILES / name).read_bytes().decode("gb18030").replace("6222****0123", stated).encode("gb18030")
    return import_file(actor=None, kind="bank", data=data, filename=name, account_number=account)


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
        ("0123", "6222000011110123", False),  # a card's last digits
        ("尾号0123", "6222000011110123", False),
        ("10123", "6222000011110123", False),
        ("0123", "6222000011119999", True),
        ("尾号0123", "6222000011119999", True),
        ("卡号:1119999", "6222000011110123", True),
        ("0123", "62220000111101234", True),  # 4 digits the chosen number holds, but not at its end
        ("123", "6222000011119999", False),  # too few digits to tell: imported, saying so
        ("N/A", "6222000011119999", False),
    ],
)
def test_the_shown_digits_of_a_masked_or_short_number_decide(stated, chosen, refused) -> None:
    statement = ParsedFile(format="csv", kind="bank", account_number=stated)
    try:
        account_numbers(statements=[statement], chosen=chosen)
    except Exception as error:  # noqa: BLE001 - the refusal is a FactError naming its code
        assert refused and getattr(error, "code", "") == "chosen_account_differs", error
    else:
        assert not refused


@pytest.mark.parametrize("stated", ["9999", "尾号 9999"])
def test_a_statement_giving_another_cards_last_digits_is_refused_naming_them(stated) -> None:
    refused = _icbc("6222000011110123", stated=stated)
    assert refused.status == ImportStatus.REFUSED and not BankLine.objects.exists()
    assert refused.errors[0]["code"] == "chosen_account_differs"
    message = import_message(refused)
    assert "does not end with 9999" in message and "6222000011110123" in message, message


def test_a_statement_giving_the_chosen_cards_last_digits_imports_without_a_note() -> None:
    record = _icbc("6222000011110123", stated="0123")
    assert record.status == ImportStatus.DONE, error_rows(record)
    assert record.lines_stored == 4 and record.notes == []


@pytest.mark.parametrize("stated", ["123", "NA"])
def test_a_stated_account_too_short_to_check_is_imported_saying_it_was_not_checked(stated) -> None:
    record = _icbc("6222000011110123", stated=stated)
    assert record.status == ImportStatus.DONE, error_rows(record)
    assert record.account.number == "6222000011110123" and record.lines_stored == 4
    assert import_summary(record).endswith(
        f" The file states its account only as {stated}, too little to check that it is account 6222000011110123; "
        "its lines were imported into 6222000011110123. Make sure the file is that account's statement."
    )


@pytest.mark.parametrize(
    ("stated", "advice"),
    [
        ("6222****0123", "begins with 6222 and ends with 0123"),
        ("****0123", "ends with 0123"),
    ],
)
def test_a_masked_statement_of_another_card_names_the_digits_to_choose_by(stated, advice) -> None:
    """Before, the refusal said "choose account 6222****0123, or no account": a masked number is no account to
    choose, and with no account chosen the file is refused as masked, asking for the account again."""
    message = import_message(_icbc("6222000011119999", stated=stated))
    assert advice in message and "or no account" not in message, message
