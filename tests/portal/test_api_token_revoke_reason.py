"""A revoked token's reason is shown to its holder (the token list, ``revoked_reason``), as its name is: a hidden
control character or a bidirectional override in it is refused, naming it, and the token stays valid."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from portal.models import ApiToken
from tests.factories import api_key

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.mark.parametrize("hidden", ["\u202e", "\u2067", "\x07"])
def test_api_token_revoke_refuses_a_reason_with_a_hidden_character(client_a, hidden):
    api_key(client_a)
    token = ApiToken.objects.get(user=client_a)
    with pytest.raises(CommandError, match=f"U\\+{ord(hidden):04X}"):
        call_command("api_token", "revoke", str(token.pk), "--reason", f"leaked{hidden}key", stdout=io.StringIO())
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_plain_reason_revokes_and_is_kept(client_a):
    api_key(client_a)
    token = ApiToken.objects.get(user=client_a)
    call_command("api_token", "revoke", str(token.pk), "--reason", "key leaked", stdout=io.StringIO())
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_reason == "key leaked"
