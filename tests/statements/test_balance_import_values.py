"""import_balances quotes what a cell held, cut to a readable length: a 5,000-digit balance was echoed in full."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_a_huge_value_is_quoted_cut_to_its_first_characters(account_a, tmp_path, english):
    path = tmp_path / "core.csv"
    path.write_text(f"account_number,currency,as_of,balance\n{account_a.number},CNY,2026-09-30,{'9' * 5000}\n")
    with pytest.raises(CommandError) as refused:
        call_command("import_balances", str(path))
    message = str(refused.value)
    assert "9" * 40 + "…" in message and "9" * 41 not in message
    assert len(message) < 600
