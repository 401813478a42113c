"""``revoke_answer_key --reason``: the reason is kept with the key and in its audit event, shown as the other reasons
are; a hidden control character or a bidirectional override in it is refused, naming it, and the key still signs."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from statements.models import AnswerKey, KeyStatus
from tests.fixtures.signing import register_key

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_a_reason_with_a_hidden_character_is_refused_and_the_key_stays_active(customer_a):
    key = register_key(customer_a)
    with pytest.raises(CommandError, match="U\\+202E RIGHT-TO-LEFT OVERRIDE"):
        call_command("revoke_answer_key", key.key_id, "--reason", "lost\u202eleak", stdout=io.StringIO())
    assert AnswerKey.objects.get(key_id=key.key_id).status == KeyStatus.ACTIVE
    call_command("revoke_answer_key", key.key_id, "--reason", "private key lost", stdout=io.StringIO())
    revoked = AnswerKey.objects.get(key_id=key.key_id)
    assert revoked.status == KeyStatus.REVOKED and revoked.revoked_reason == "private key lost"
