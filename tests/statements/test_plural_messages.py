"""Counts in English messages read "1 chunk" / "2 chunks", never "chunk(s)" (ngettext); Chinese has one form."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import translation

from statements.management.commands import run_deadlines
from statements.services.publishing import started_message


@pytest.mark.parametrize(("deemed", "expected"), [(1, ": 1 statement deemed confirmed;"), (2, ": 2 statements deemed")])
def test_run_deadlines_counts_the_statements_deemed(monkeypatch, deemed: int, expected: str) -> None:
    monkeypatch.setattr(run_deadlines, "deadlines_sweep", lambda as_of: deemed)
    monkeypatch.setattr(run_deadlines, "reminders_queue", lambda today: {})
    out = io.StringIO()
    with translation.override("en"):  # the product speaks Chinese by default
        call_command("run_deadlines", stdout=out)
    assert expected in out.getvalue()


@pytest.mark.parametrize(
    ("accounts", "chunks", "expected"),
    [
        (1, 1, "Publishing 2026-09: 1 account due in 1 chunk."),
        (2500, 5, "Publishing 2026-09: 2500 accounts due in 5 chunks."),
        (3, 1, "Publishing 2026-09: 3 accounts due in 1 chunk."),
    ],
)
def test_a_publishing_start_counts_accounts_and_chunks(accounts: int, chunks: int, expected: str) -> None:
    with translation.override("en"):
        assert started_message("2026-09", accounts, chunks) == expected
