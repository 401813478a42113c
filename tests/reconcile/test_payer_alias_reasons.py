"""A payer's other name (``reconcile.engine.invoice_aliases``) read in the page's language: the engine stores one
phrase, Chinese and English side by side; a page shows one language."""

from __future__ import annotations

from django.utils import translation

from reconcile.engine.invoice_aliases import proof_reason
from reconcile.reasons import reason_text


def test_invoices_alone(english) -> None:
    stored = proof_reason("MAPLE LEAF ENG", "Titan Manufacturing Inc.", ("11892", "12082"), 0)
    assert reason_text(stored) == (
        "payer “MAPLE LEAF ENG” is another name of “Titan Manufacturing Inc.”, proven by its invoices 11892/12082"
    )


def test_payments_alone_and_both(english) -> None:
    assert reason_text(proof_reason("ATLAS PLUMBING", "Apex Builders Company", (), 3)) == (
        "payer “ATLAS PLUMBING” is another name of “Apex Builders Company”, proven by 3 payments that were each the "
        "only line of their amount"
    )
    assert reason_text(proof_reason("ATLAS PLUMBING", "Apex", ("7001",), 1)).endswith(
        "proven by its invoices 7001 and 1 payment that was the only line of its amount"
    )


def test_in_chinese_no_english_words() -> None:
    with translation.override("zh-hans"):
        shown = reason_text(proof_reason("MAPLE LEAF ENG", "Titan Manufacturing Inc.", ("11892",), 2))
    assert (
        shown
        == "付款人“MAPLE LEAF ENG”是“Titan Manufacturing Inc.”的别名，依据：该客户的发票 11892 及 2 笔金额唯一的付款"
    )


def test_hostile_names_are_shown_as_text(english) -> None:
    stored = proof_reason('=HYPERLINK("x")', "A\x00B", ("1",), 0)
    assert reason_text(stored).startswith('payer “=HYPERLINK("x")” is another name of “A\x00B”')
