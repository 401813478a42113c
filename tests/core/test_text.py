from __future__ import annotations

import pytest
from django.utils import translation

from core.errors import ServiceError
from core.text import hidden_character, quoted_value, refuse_hidden_characters
from tests.fixtures.hostile import HIDDEN_TEXTS


def test_a_long_value_is_quoted_by_its_first_forty_characters() -> None:
    assert quoted_value("x" * 40) == "x" * 40
    assert quoted_value("9" * 5000) == "9" * 40 + "…"


@pytest.mark.parametrize("text", HIDDEN_TEXTS)
def test_hidden_characters_are_found(text: str) -> None:
    assert hidden_character(text) is not None


def test_a_character_is_named_as_a_person_looks_it_up_and_tabs_and_newlines_pass() -> None:
    assert hidden_character("\u202egnp.exe") == "U+202E RIGHT-TO-LEFT OVERRIDE"
    assert hidden_character("be\x07ll") == "U+0007"
    assert hidden_character("行\n内\t换行\r\n") is None
    assert hidden_character("少记一笔 =1+1 ‘’“” 中文。") is None


def test_the_refusal_names_the_field_and_the_character() -> None:
    with translation.override("en"), pytest.raises(ServiceError) as refused:
        refuse_hidden_characters("a\u202eb", where="The reason", code="bad_reason")
    assert refused.value.code == "bad_reason"
    assert (
        refused.value.message.startswith("The reason contains")
        and "U+202E RIGHT-TO-LEFT OVERRIDE" in refused.value.message
    )
