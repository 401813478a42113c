"""A pair of a bill's 30-digit number whose names differ (``exact.bill_names_reason``) read in the page's language:
the names, and why the difference did not stop the match."""

from __future__ import annotations

from django.utils import translation

from reconcile.engine.stages.exact import bill_names_reason
from reconcile.reasons import reason_text


def test_in_english_the_names_and_why(english) -> None:
    shown = reason_text(bill_names_reason("深圳市星禾电子商务有限公司", "泰和贸易"))
    assert shown == (
        "the names differ (“深圳市星禾电子商务有限公司” on the bank's line, “泰和贸易” in the books), overlooked for the "
        "bill's 30-digit number: the party collecting or holding a bill is often not the one who paid it"
    )


def test_hostile_names_are_shown_as_text(english) -> None:
    shown = reason_text(bill_names_reason('=HYPERLINK("x")', "A\x00B"))
    assert shown.startswith('the names differ (“=HYPERLINK("x")” on the bank\'s line, “A\x00B” in the books)')


def test_in_chinese_no_stored_english_left() -> None:
    with translation.override("zh-hans"):
        stored = bill_names_reason("星禾", "泰和贸易")
        shown = reason_text(stored)
    # Rendered by its pattern, never the stored two-language phrase (its Chinese comes with the catalogue).
    assert shown != stored and "the same bill's number" not in shown and "星禾" in shown and "泰和贸易" in shown
