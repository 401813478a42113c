"""Step 7, notices: what a finished import tells beyond its counts (``Import.notes``, as facts)."""

from __future__ import annotations

from typing import Any

from core.validators import normalize_account_number
from reconcile import import_messages  # noqa: F401  (registers the import's message keys this module states)
from reconcile.parsers.messages import Msg, msg
from reconcile.services.imports.accounts import Placed, account_unchecked


def notices(*, placed: list[Placed], bank: bool = True, opening: bool = False) -> list[dict[str, Any]]:
    """Bookings of 0.00 the import did not store, statements of periods without movements, files read as credit
    card statements, the readers' remarks on how they read the file, bank statements whose stated account was too little to check against the one chosen
    (``bank=False``: a journal's stated account may be a ledger code, never checked)."""
    notes: list[Msg] = [msg("import.note_opening")] if opening else []  # said first: it is what the import did
    for p in placed:
        stated = normalize_account_number(p.statement.account_number or "")
        if bank and account_unchecked(stated):
            notes.append(msg("import.note_account_unchecked", stated=stated, number=p.number))
    zero = sorted({row for p in placed for row in p.statement.zero_rows})
    if zero:
        shown = ", ".join(map(str, zero[:20])) + (" …" if len(zero) > 20 else "")
        notes.append(msg("import.note_zero_rows", count=len(zero), rows=shown))
    for p in placed:
        pf = p.statement
        if not pf.lines and pf.closing_balance is not None:
            notes.append(
                msg(
                    "import.note_quiet",
                    number=p.number,
                    start=pf.period_start or pf.period_end,
                    end=pf.period_end,
                    balance=f"{pf.closing_balance:,.2f}",
                )
            )
    if any(p.statement.credit_card for p in placed):
        notes.append(msg("import.note_credit_card"))
    for p in placed:  # what the reader says about how it read the file (columns told without a header row ...)
        notes.extend(w for w in p.statement.warnings if w not in notes)
    return [note.to_json() for note in notes]
