"""A dispute's notes and the bank's explanation refuse the characters that disguise text, naming the one found."""

from __future__ import annotations

import pytest
import time_machine

from core.errors import ServiceError
from statements.models import DisputeNote
from statements.services.disputes import dispute_note_add, dispute_resolve
from tests.fixtures.hostile import HIDDEN_TEXTS
from tests.statements.test_confirmation_loop import at, disputed  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text", HIDDEN_TEXTS)
def test_a_note_or_an_explanation_with_a_hidden_character_is_refused(disputed, ops, client_a, text):  # noqa: F811
    _, dispute = disputed
    before = DisputeNote.objects.count()
    with pytest.raises(ServiceError) as note:
        dispute_note_add(actor=client_a, dispute_id=dispute.pk, body=f"请尽快{text}处理")
    assert note.value.code == "bad_note" and "U+" in note.value.message
    with time_machine.travel(at(2026, 10, 14), tick=False), pytest.raises(ServiceError) as resolved:
        dispute_resolve(actor=ops, dispute_id=dispute.pk, finding="client_error", resolution=f"补记{text}")
    assert resolved.value.code == "bad_resolution" and "U+" in resolved.value.message
    assert DisputeNote.objects.count() == before
