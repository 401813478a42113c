from reconcile.models.audit import AuditChainHead, AuditEvent
from reconcile.models.books import AccountStatus, BankAccount, Customer

__all__ = ["AccountStatus", "AuditChainHead", "AuditEvent", "BankAccount", "Customer"]
