"""Reads of the shared kernel; import each from its module (``from core.selectors.audit import audit_chain_verify``)."""
