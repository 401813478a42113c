"""Resolving a dispute as a bank error with an unreadable corrected balance names what was typed; an empty one asks
for it."""

from __future__ import annotations

import pytest
import time_machine

from core.errors import ServiceError
from statements.services.disputes import dispute_resolve
from tests.statements.test_confirmation_loop import at, disputed  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def _refusal(dispute, ops, typed) -> str:
    with time_machine.travel(at(2026, 10, 14), tick=False), pytest.raises(ServiceError) as info:
        dispute_resolve(
            actor=ops, dispute_id=dispute.pk, finding="bank_error", resolution="补记", corrected_balance=typed
        )
    assert info.value.code == "corrected_balance"
    return info.value.message


def test_an_unreadable_corrected_balance_is_named(disputed, ops, english):  # noqa: F811
    _, dispute = disputed
    assert _refusal(dispute, ops, "1,OOO") == (
        "The corrected balance “1,OOO” is not an amount: write it as a number, e.g. 1,200,000.00."
    )


@pytest.mark.parametrize("typed", ["", "  ", None])
def test_an_empty_corrected_balance_is_asked_for(disputed, ops, english, typed):  # noqa: F811
    _, dispute = disputed
    assert _refusal(dispute, ops, typed) == "A bank error needs the corrected balance (e.g. 1,200,000.00)."
