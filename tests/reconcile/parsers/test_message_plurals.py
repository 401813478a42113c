"""A message fact that counts (Plural in the catalogue) says "1 problem" / "2 problems" in English, chosen when it is
rendered, also when stored and read back or nested in another message; it read "problem(s)"."""

from __future__ import annotations

import pytest
from django.utils import translation

from reconcile.parsers.messages import Msg, msg


@pytest.mark.parametrize(("count", "expected"), [(1, "(1 problem, the first:"), (3, "(3 problems, the first:")])
def test_a_counted_message_chooses_its_form(count: int, expected: str) -> None:
    fact = msg("mt940.nothing_readable", count=count, first="x")
    with translation.override("en"):
        assert expected in fact.render()
        assert expected in Msg.from_json(fact.to_json()).render()  # type: ignore[union-attr]
        assert expected in msg("zip.in_member", name="a.sta", reason=fact).render()


def test_a_count_stored_as_text_still_chooses_the_form() -> None:
    with translation.override("en"):
        assert "(1 problem," in Msg("mt940.nothing_readable", {"count": "1", "first": "x"}).render()


def test_the_source_text_is_given_when_a_translator_is_passed() -> None:
    """``render(str)`` (the JSON of a parameter, a test) gives the English source: the form the count asks for."""
    assert "(2 problems," in msg("mt940.nothing_readable", count=2, first="x").render(str)
