from statements.models.agreements import Agreement, AgreementChangeRequest, ChangeStatus, Channel, Cycle
from statements.models.calendar import DayKind, WorkdayOverride
from statements.models.confirmations import (
    BANK_SIDE_KINDS,
    AnswerDraft,
    AnswerItem,
    Confirmation,
    ConfirmationStatus,
    Decision,
    Dispute,
    DisputeNote,
    DisputeStatus,
    Finding,
    InquiryStatus,
    ItemKind,
    NonReceiptInquiry,
)
from statements.models.corrections import BalanceCorrection, CorrectionStatus
from statements.models.signing import (
    AnswerChallenge,
    AnswerKey,
    ChallengeChannel,
    ChallengeStatus,
    KeyAlgorithm,
    KeyStatus,
)
from statements.models.sms import SmsMessage, SmsStatus, SmsTemplate
from statements.models.statements import (
    OPEN_FOR_ANSWER,
    BalanceSource,
    BalanceStatement,
    PaperBatch,
    PeriodBalance,
    RunChunk,
    RunStatus,
    StatementRun,
    StatementStatus,
)

__all__ = [
    "AnswerChallenge", "AnswerKey", "ChallengeChannel", "ChallengeStatus", "KeyAlgorithm", "KeyStatus",
    "BANK_SIDE_KINDS", "AnswerDraft", "AnswerItem", "ItemKind",
    "BalanceCorrection", "CorrectionStatus",
    "AgreementChangeRequest", "ChangeStatus",
    "Confirmation", "ConfirmationStatus", "Decision", "Dispute", "DisputeNote", "DisputeStatus", "Finding",
    "InquiryStatus", "NonReceiptInquiry", "PaperBatch", "SmsMessage", "SmsStatus", "SmsTemplate",
    "OPEN_FOR_ANSWER", "Agreement", "BalanceSource", "BalanceStatement", "Channel", "Cycle", "DayKind",
    "PeriodBalance", "RunChunk", "RunStatus", "StatementRun", "StatementStatus", "WorkdayOverride",
]
