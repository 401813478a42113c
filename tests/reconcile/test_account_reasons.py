"""A bare account number learned as a party's (``reconcile.engine.account_names``), read in the page's language: the
engine stores one phrase, Chinese and English side by side; a page shows one language."""

from __future__ import annotations

from reconcile.engine.account_names import proof_reason
from reconcile.reasons import reason_text


def test_in_english(english) -> None:
    assert reason_text(proof_reason("337192742052634494540", "明辉纸箱", 3)) == (
        "counterparty account 337192742052634494540 belongs to “明辉纸箱”: 3 earlier matches tied them"
    )
    assert reason_text(proof_reason("6222021234567890", "Acme", 1)).endswith("1 earlier match tied them")


def test_hostile_values_are_shown_as_text(english) -> None:
    shown = reason_text(proof_reason('=HYPERLINK("x")', "A\x00B", 2))
    assert shown.startswith('counterparty account =HYPERLINK("x") belongs to “A\x00B”')
