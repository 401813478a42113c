"""Simulating an attacker with database access: switch the append-only triggers off, then tamper."""

from __future__ import annotations


def tamper_sql(vendor: str, statement: str) -> list[str]:
    if vendor == "postgresql":
        return [
            # Deferred FK checks of this transaction would block ALTER TABLE; run them now.
            "SET CONSTRAINTS ALL IMMEDIATE",
            "ALTER TABLE reconcile_auditevent DISABLE TRIGGER reconcile_auditevent_append_only",
            statement,
            "ALTER TABLE reconcile_auditevent ENABLE TRIGGER reconcile_auditevent_append_only",
        ]
    return [
        "DROP TRIGGER IF EXISTS reconcile_auditevent_no_update",
        "DROP TRIGGER IF EXISTS reconcile_auditevent_no_delete",
        statement,
    ]
