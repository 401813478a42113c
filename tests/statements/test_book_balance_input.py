"""A book balance and an item's amount are read as people write amounts: an exponent (Excel's 1.2E+06 display,
which has lost digits), Python's 1_234 or other scripts' digits are refused naming the value; full-width digits typed
with a Chinese input method are the same amount; zero has no sign."""

from __future__ import annotations

import pytest

from statements.models import Confirmation
from tests.statements.test_reconciled_answer import (  # noqa: F401 (fixtures)
    BOOK,
    ITEMS,
    _confirm,
    fed,
    statement,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("book", ["1.2E+06", "1e5", "1_198_500.00", "١٢٣٤"])
def test_a_book_balance_not_written_as_an_amount_is_refused(statement, client_a, book):
    response = _confirm(client_a, statement, {"book_balance": book, "outstanding": ITEMS})
    assert response.status_code == 400 and response.json()["code"] == "bad_book_balance", response.json()
    assert book in response.json()["message"]
    assert not Confirmation.objects.exists()


@pytest.mark.parametrize("amount", ["3e4", "30_000.00"])
def test_an_item_amount_not_written_as_an_amount_is_refused(statement, client_a, amount):
    items = [dict(ITEMS[0], amount=amount), *ITEMS[1:]]
    response = _confirm(client_a, statement, {"book_balance": BOOK, "outstanding": items})
    assert response.status_code == 400 and response.json()["code"] == "bad_item", response.json()
    assert amount in response.json()["message"]


def test_full_width_digits_are_the_same_amount(statement, client_a):
    full_width = BOOK.translate(str.maketrans("0123456789.,", "０１２３４５６７８９.，"))
    response = _confirm(client_a, statement, {"book_balance": full_width, "outstanding": ITEMS})
    assert response.status_code == 200, response.json()
    assert response.json()["answer"]["book_balance"] == BOOK


@pytest.mark.parametrize("book", ["1\u202e00.00", "\u2066100\u2069"])
def test_a_refused_book_balance_is_quoted_without_its_hidden_characters(statement, client_a, book):
    """A direction override in the quoted value would reorder the message around it (the digits of an amount read
    backwards); it is shown as U+FFFD, as every refusal quotes hidden characters."""
    response = _confirm(client_a, statement, {"book_balance": book, "outstanding": ITEMS})
    message = response.json()["message"]
    assert response.status_code == 400 and "\ufffd" in message
    assert not {"\u202e", "\u2066", "\u2069"} & set(message)
