"""Counts in English messages read "1 field" / "2 fields", never "field(s)" (ngettext); Chinese has one form."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from reconcile.reasons import reason_text
from reconcile.services.adjustment import more_gaps_text
from reconcile.services.profiles import mapping_profile_save


@pytest.mark.parametrize(
    ("columns", "expected"),
    [({"datum": "日期"}, "Unknown field datum; known fields:"), ({"a": "x", "b": "y"}, "Unknown fields a, b; known")],
)
def test_unknown_profile_fields_are_counted(db, columns: dict[str, str], expected: str) -> None:
    with translation.override("en"), pytest.raises(ValidationError) as info:
        mapping_profile_save(actor=None, name="x", kind="bank", columns=columns)
    assert expected in " ".join(info.value.message_dict["columns"])


@pytest.mark.parametrize(("n", "expected"), [(1, "(1 more such gap before"), (3, "(3 more such gaps before")])
def test_more_gaps_are_counted(n: int, expected: str) -> None:
    import datetime as dt

    with translation.override("en"):
        assert more_gaps_text(n, dt.date(2026, 9, 30)).startswith(expected)


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ("日期相差 1 个工作日 / date distance 1 working day", "dates 1 working day apart"),
        ("日期相差 0 天 / date distance 0 days", "dates 0 days apart"),
        ("最大日期差 max date distance 1 days", "the dates lie at most 1 day apart"),
    ],
)
def test_days_apart_are_counted(stored: str, expected: str) -> None:
    with translation.override("en"):
        assert reason_text(stored) == expected


@pytest.mark.parametrize(("n", "expected"), [(1, "1 line from 2026-10-01 to 2026-10-31 names"), (2, "2 lines from")])
def test_a_preview_counts_the_lines_naming_an_alias(n: int, expected: str) -> None:
    import datetime as dt

    from reconcile.models import MatchRule
    from reconcile.services.rule_preview import named_but_no_pair_text

    rule = MatchRule(pattern="ACME GMBH", target="艾克米有限公司")
    with translation.override("en"):
        assert named_but_no_pair_text(rule, n, dt.date(2026, 10, 1), dt.date(2026, 10, 31)).startswith(expected)
