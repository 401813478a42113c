from reconcile.models.audit import AuditChainHead, AuditEvent, AuditSeal
from reconcile.models.books import AccountStatus, AccountType, BankAccount, Customer, GroupGrant, RiskTier
from reconcile.models.matching import (
    CloseReview,
    Match,
    MatchKind,
    MatchLink,
    MatchRun,
    PeriodClose,
    ReviewState,
    RunState,
    Suggestion,
)
from reconcile.models.rules import MatchRule, RuleKind
from reconcile.models.imports import (
    BalanceCheckpoint,
    BankLine,
    CheckpointRole,
    Direction,
    Import,
    ImportKind,
    ImportStatus,
    JournalEntry,
    MappingProfile,
)

__all__ = [
    "AccountStatus", "AccountType", "RiskTier", "AuditChainHead", "AuditEvent", "AuditSeal", "BalanceCheckpoint", "BankAccount", "CheckpointRole", "BankLine", "CloseReview", "Customer", "Direction", "GroupGrant",
    "Import", "ImportKind", "ImportStatus", "JournalEntry", "MappingProfile", "Match", "MatchKind", "MatchLink",
    "MatchRule", "MatchRun", "PeriodClose", "ReviewState", "RuleKind", "RunState", "Suggestion",
]
