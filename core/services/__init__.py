"""Writes of the shared kernel (the audit trail), each a keyword-only service called inside its caller's transaction."""
