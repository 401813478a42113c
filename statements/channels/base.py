"""What a statement channel is: its stored name, its label, how it dispatches and when the client's window starts."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class StatementChannel:
    name: str  # stored in Agreement.channel, BalanceStatement.channel, AgreementChangeRequest.channel
    label: str | Promise  # what people read (translated)
    aliases: tuple[str, ...]  # how an onboarding file may write it (Chinese first)
    # Online channels are dispatched when the statement is published (the client can open it at once, the window
    # starts then); a posted one waits for its mailing batch, and its window starts when the letter counts as
    # delivered (paper.py in the services).
    dispatched_on_publish: bool
    needs_postal_address: bool  # the agreement must carry an address to publish to this channel
    # The statement PDF always carries the transaction detail (the letter is the client's only copy of it).
    always_prints_detail: bool = False
