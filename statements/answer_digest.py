"""The canonical form of an answer and its SHA-256: what a one-time code or a stored signature is bound to.

Pure Python (no Django), so the audit check and the services compute it the same way.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any


def _money(value: Decimal | str | None) -> str | None:
    return None if value in (None, "") else f"{Decimal(str(value)):.2f}"


def answer_canonical(
    *,
    statements: Iterable[Mapping[str, Any]],
    decision: str,
    book_balance: Any,
    reason: str,
    items: Iterable[Mapping[str, Any]],
) -> bytes:
    """``statements``: id, version, currency, balance of each statement the answer is for (one for a single answer,
    several for a batch); ``items``: the outstanding items as ``Item.as_dict()``."""
    body = {
        "statements": [
            {
                "id": int(s["id"]),
                "version": int(s["version"]),
                "currency": str(s["currency"]),
                "balance": _money(s["balance"]),
            }
            for s in statements
        ],
        "decision": decision,
        "book_balance": _money(book_balance),
        "reason": reason or "",
        "items": [
            {key: str(item.get(key, "")) for key in ("kind", "date", "amount", "summary", "reference")}
            for item in items
        ],
    }
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def answer_digest(**answer: Any) -> str:
    return hashlib.sha256(answer_canonical(**answer)).hexdigest()


def review_digest(*, confirmation_id: int, approve: bool, answer_digest: str, statement: Mapping[str, Any]) -> str:
    """What an approver's code signs (复核): this answer (its id and digest) to this statement version, approved."""
    body = {
        "review": int(confirmation_id),
        "approve": bool(approve),
        "answer_digest": answer_digest,
        "statement": {
            "id": int(statement["id"]),
            "version": int(statement["version"]),
            "currency": str(statement["currency"]),
            "balance": _money(statement["balance"]),
        },
    }
    return hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
