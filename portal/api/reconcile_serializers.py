"""The shapes of the reconciliation API (余额调节表, matching runs, suggestions, matches, unmatched lines), with the
examples the OpenAPI schema shows. Plain data in, JSON out: no rule lives here."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiExample, OpenApiResponse
from rest_framework import serializers

from portal.api.serializers import BoundedListField
from reconcile.models import BankLine, JournalEntry, Match, MatchRun
from reconcile.reasons import LearnedNames, reasons_text
from reconcile.render.adjustment import CATEGORIES, AdjustmentItem, AdjustmentTable
from reconcile.render.adjustment_words import language_refusal, table_language
from reconcile.selectors.matching import SuggestionDetail
from reconcile.services.matching import NOTE_MAX

# Period ends a person can mean (as the workbench): a date past 2107 cannot even be written into the XLSX and ZIP.
FIRST_PERIOD, LAST_PERIOD = dt.date(1990, 1, 1), dt.date(2099, 12, 31)
MAX_IDS = 1000  # lines in one manual match: a batch payment of hundreds, not a whole month by accident


class ApiErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="What went wrong, for programs: e.g. balance_gap, closed, unbalanced.")
    message = serializers.CharField(help_text="What went wrong and what to do, in the request's language.")
    errors = serializers.DictField(
        required=False, help_text="For a bad parameter or field (code invalid): the problems by field name."
    )


# The matching engine failed on the lines (a rule preview): its fault, not the request's (portal.api.errors: 503).
ENGINE_ERROR = OpenApiResponse(
    ApiErrorSerializer,
    description="`engine_error`: the matching engine failed on the period's lines (its fault, not the request's); "
    "nothing changed, try again later.",
)


class PeriodEndSerializer(serializers.Serializer):
    date = serializers.DateField(
        help_text="The period end (YYYY-MM-DD), e.g. the month's last day.",
        # "This field is required." would not say what to give
        error_messages={"required": gettext_lazy("Choose a period end (YYYY-MM-DD).")},
    )

    def validate_date(self, value: dt.date) -> dt.date:
        if not FIRST_PERIOD <= value <= LAST_PERIOD:
            raise serializers.ValidationError(
                _("Give a period end between %(first)s and %(last)s.") % {"first": FIRST_PERIOD, "last": LAST_PERIOD}
            )
        return value


class AdjustmentQuerySerializer(PeriodEndSerializer):
    language = serializers.CharField(
        required=False,
        default="zh-hans",
        allow_blank=True,
        # No max_length: its bare "no more than 20 characters" named no value; the refusal quotes a shortened one.
        help_text="The language of the XLSX and PDF: zh-hans (the default, the form's Chinese) or en.",
    )

    def validate_language(self, value: str) -> str:
        language = table_language(value)
        if language is None:
            raise serializers.ValidationError(language_refusal(value))
        return language


class SideSerializer(PeriodEndSerializer):
    side = serializers.ChoiceField(
        choices=["bank", "journal"], help_text="bank: bank statement lines; journal: the company's journal entries."
    )


# -- lines ---------------------------------------------------------------------------------------------------------


class LineSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="A bank line id (side bank) or a journal entry id (side journal).")
    side = serializers.ChoiceField(choices=["bank", "journal"])
    date = serializers.DateField(help_text="Booking date (bank) or voucher date (journal).")
    direction = serializers.ChoiceField(
        choices=["in", "out"], help_text="Money into (in) or out of the account, the same sense on both sides."
    )
    amount = serializers.DecimalField(
        max_digits=18, decimal_places=2, help_text="Positive; the direction says which way."
    )
    counterparty = serializers.CharField(allow_blank=True)
    summary = serializers.CharField(allow_blank=True, help_text="摘要")
    reference = serializers.CharField(
        allow_blank=True,
        help_text="Bank: voucher/cheque number, else the bank "
        "serial. Journal: settlement (cheque) number, else "
        "the voucher (凭证字号). As the 余额调节表 prints it.",
    )


def line_row(line: BankLine | JournalEntry) -> dict[str, Any]:
    """A bank line or a journal entry as the API shows it (its documented names: ``date``, ``counterparty`` ...)."""
    # A journal entry has no 用途; a bank line's is part of what it says.
    texts = (line.summary, line.purpose) if isinstance(line, BankLine) else (line.summary,)
    return {
        "id": line.pk,
        "side": "bank" if isinstance(line, BankLine) else "journal",
        "date": line.booking_date,
        "direction": line.direction,
        "amount": line.amount,
        "counterparty": line.counterparty_name,
        "summary": " ".join(t for t in texts if t),
        "reference": line.voucher_no or line.serial,
    }


# -- the 余额调节表 ----------------------------------------------------------------------------------------------------


class TableItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(
        allow_null=True,
        help_text="The bank line id (bank_* lists) or journal entry id (journal_* lists): what POST …/matches takes.",
    )
    date = serializers.DateField()
    amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    summary = serializers.CharField(allow_blank=True, help_text="摘要 and counterparty, as the table prints them.")
    reference = serializers.CharField(allow_blank=True)


class TableTotalsSerializer(serializers.Serializer):
    journal_in_not_bank = serializers.DecimalField(max_digits=18, decimal_places=2)
    journal_out_not_bank = serializers.DecimalField(max_digits=18, decimal_places=2)
    bank_in_not_journal = serializers.DecimalField(max_digits=18, decimal_places=2)
    bank_out_not_journal = serializers.DecimalField(max_digits=18, decimal_places=2)


class AdjustmentTableSerializer(serializers.Serializer):
    account_id = serializers.IntegerField()
    account_number = serializers.CharField()
    company_name = serializers.CharField(allow_blank=True, help_text="单位")
    bank_name = serializers.CharField(
        allow_blank=True, help_text="开户银行 (blank for an account registered from a file)"
    )
    currency = serializers.CharField()
    period_end = serializers.DateField()
    bank_balance = serializers.DecimalField(max_digits=18, decimal_places=2, help_text="银行对账单余额")
    book_balance = serializers.DecimalField(max_digits=18, decimal_places=2, help_text="企业银行存款日记账余额")
    journal_in_not_bank = TableItemSerializer(many=True, help_text="企业已收银行未收 (added to the bank balance)")
    journal_out_not_bank = TableItemSerializer(
        many=True, help_text="企业已付银行未付 (subtracted from the bank balance)"
    )
    bank_in_not_journal = TableItemSerializer(many=True, help_text="银行已收企业未收 (added to the book balance)")
    bank_out_not_journal = TableItemSerializer(
        many=True, help_text="银行已付企业未付 (subtracted from the book balance)"
    )
    totals = TableTotalsSerializer(help_text="Each list's total (its 小计).")
    adjusted_bank_balance = serializers.DecimalField(max_digits=18, decimal_places=2, help_text="调节后的银行存款余额")
    adjusted_book_balance = serializers.DecimalField(max_digits=18, decimal_places=2, help_text="调节后的企业账面余额")
    difference = serializers.DecimalField(
        max_digits=18, decimal_places=2, help_text="Adjusted bank minus adjusted book; 0.00 when agreed."
    )
    agreed = serializers.BooleanField(help_text="调节相符: the adjusted balances agree.")
    notices = serializers.ListField(
        child=serializers.CharField(),
        help_text="What the table rests on without a file to check it (a month no file covers), as the workbench says.",
    )
    prepared_by = serializers.CharField(
        allow_blank=True,
        help_text="编制人: the real name of the accountant who "
        "submitted the closed period; the caller's while "
        "it is open.",
    )
    reviewed_by = serializers.CharField(
        allow_blank=True,
        help_text="复核人: the real name of the reviewer who "
        "approved the close; blank until then (and for a "
        "period closed without review).",
    )
    reviewed_at = serializers.DateTimeField(
        allow_null=True, help_text="When the reviewer approved the close; null until then."
    )


def _item(item: AdjustmentItem) -> dict[str, Any]:
    return {
        "id": item.line_id,
        "date": item.date,
        "amount": item.amount,
        "summary": item.summary,
        "reference": item.reference,
    }


def table_data(table: AdjustmentTable, *, account_id: int, notices: list[str]) -> dict[str, Any]:
    cent = Decimal("0.01")
    data: dict[str, Any] = {
        "account_id": account_id,
        "account_number": table.account_number,
        "company_name": table.company_name,
        "bank_name": table.bank_name,
        "currency": table.currency,
        "period_end": table.period_end,
        "bank_balance": table.bank_balance,
        "book_balance": table.book_balance,
        "totals": {c.key: table.total(c).quantize(cent) for c in CATEGORIES},
        "adjusted_bank_balance": table.adjusted_bank_balance.quantize(cent),
        "adjusted_book_balance": table.adjusted_book_balance.quantize(cent),
        "difference": table.difference.quantize(cent),
        "agreed": table.agreed,
        "notices": notices,
        "prepared_by": table.prepared_by,
        "reviewed_by": table.reviewed_by,
        "reviewed_at": table.reviewed_at,
    }
    for category in CATEGORIES:
        data[category.key] = [_item(i) for i in table.items(category)]
    return data


# -- matching ------------------------------------------------------------------------------------------------------


class MatchRunSerializer(serializers.ModelSerializer):
    account_id = serializers.IntegerField(read_only=True)
    message = serializers.SerializerMethodField(
        help_text="What the run says beyond its counts, in the reader's language."
    )

    class Meta:
        model = MatchRun
        fields = [
            "id",
            "account_id",
            "period_end",
            "state",
            "progress",
            "matched",
            "suggested",
            "message",
            "created_at",
            "finished_at",
        ]
        read_only_fields = fields

    def get_message(self, run: MatchRun) -> str:
        # Stored as its English text (reconcile.services.match_engine); one not in the catalogue reads as stored.
        return _(run.message) if run.message else ""


# The stored reasons are the engine's phrases, Chinese and English side by side (stable for programs that read them);
# a person reading an answer wants them in one language, as the workbench shows them.
REASONS_TEXT_HELP = (
    "The same reasons in the caller's language (Accept-Language: zh-Hans, the default, or en), as the workbench shows "
    "them: one language per phrase; a reason the engine did not write (a note) as stored."
)


class SuggestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    score = serializers.FloatField(help_text="0..1: how sure the engine is (a confidence, not money).")
    rule = serializers.CharField(help_text="The engine stage that proposed it.")
    reasons = serializers.ListField(child=serializers.CharField(), help_text="Why, one reason per line of evidence.")
    reasons_text = serializers.ListField(child=serializers.CharField(), help_text=REASONS_TEXT_HELP)
    bank_lines = LineSerializer(many=True)
    journal_entries = LineSerializer(many=True)


def suggestion_data(detail: SuggestionDetail, *, learned: LearnedNames | None = None) -> dict[str, Any]:
    """``learned``: who put the learned names the list's reasons name in force, read once for the whole list."""
    s = detail.suggestion
    return {
        "id": s.pk,
        "score": s.score,
        "rule": s.rule,
        "reasons": list(s.reasons),
        "reasons_text": reasons_text(list(s.reasons or ()), learned=learned),
        "bank_lines": [line_row(b) for b in detail.bank],
        "journal_entries": [line_row(j) for j in detail.journal],
    }


class MatchSerializer(serializers.ModelSerializer):
    account_id = serializers.IntegerField(read_only=True)
    reasons_text = serializers.SerializerMethodField(help_text=REASONS_TEXT_HELP)
    bank_line_ids = serializers.SerializerMethodField()
    journal_entry_ids = serializers.SerializerMethodField()

    class Meta:
        model = Match
        fields = [
            "id",
            "account_id",
            "kind",
            "rule",
            "score",
            "reasons",
            "reasons_text",
            "bank_line_ids",
            "journal_entry_ids",
            "last_date",
            "created_at",
            "undone_at",
            "undo_reason",
        ]
        read_only_fields = fields

    def get_reasons_text(self, group: Match) -> list[str]:
        return reasons_text(list(group.reasons or ()), group.account.customer_id)

    def get_bank_line_ids(self, group: Match) -> list[int]:
        return sorted(link.bank_line_id for link in group.links.all() if link.bank_line_id)

    def get_journal_entry_ids(self, group: Match) -> list[int]:
        return sorted(link.journal_entry_id for link in group.links.all() if link.journal_entry_id)


class ManualMatchSerializer(serializers.Serializer):
    # An empty side is the service's refusal, empty_selection (as documented), not the field's generic "invalid".
    bank_line_ids = BoundedListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        allow_empty=True,
        max_length=MAX_IDS,
        help_text="At least one (else 400 empty_selection).",
    )
    journal_entry_ids = BoundedListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        allow_empty=True,
        max_length=MAX_IDS,
        help_text="At least one (else 400 empty_selection).",
    )
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=NOTE_MAX,
        default="",
        help_text="Why they belong together; kept as the match's reason and audited.",
    )


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=NOTE_MAX, help_text="Why; kept in the audit log.")


class OptionalReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=NOTE_MAX,
        default="",
        help_text="Why (optional); kept in the audit log.",
    )


class MatchRunInputSerializer(PeriodEndSerializer):
    date = serializers.DateField(help_text="Match the lines dated up to this period end (YYYY-MM-DD).")


# -- examples (DESIGN §4's worked example: account 31050161373600001234, October 2026) --------------------------

EXAMPLE_TABLE = {
    "account_id": 1,
    "account_number": "31050161373600001234",
    "company_name": "上海恒瑞贸易有限公司",
    "bank_name": "上海浦东分行营业部",
    "currency": "CNY",
    "period_end": "2026-10-31",
    "bank_balance": "1250000.00",
    "book_balance": "1198500.00",
    "journal_in_not_bank": [
        {"id": 6, "date": "2026-10-31", "amount": "30000.00", "summary": "收恒瑞贸易转账支票", "reference": "20881234"}
    ],
    "journal_out_not_bank": [
        {"id": 5, "date": "2026-10-30", "amount": "80000.00", "summary": "付中科信达设备款", "reference": "10234567"}
    ],
    "bank_in_not_journal": [
        {"id": 4, "date": "2026-10-31", "amount": "1650.00", "summary": "结息", "reference": "SN20261031001"}
    ],
    "bank_out_not_journal": [
        {"id": 5, "date": "2026-10-31", "amount": "150.00", "summary": "手续费", "reference": "SN20261031002"}
    ],
    "totals": {
        "journal_in_not_bank": "30000.00",
        "journal_out_not_bank": "80000.00",
        "bank_in_not_journal": "1650.00",
        "bank_out_not_journal": "150.00",
    },
    "adjusted_bank_balance": "1200000.00",
    "adjusted_book_balance": "1200000.00",
    "difference": "0.00",
    "agreed": True,
    "notices": [],
    "prepared_by": "张敏",
    "reviewed_by": "李芳",
    "reviewed_at": "2026-11-03T10:15:00+08:00",
}
EXAMPLE_BANK_LINE = {
    "id": 4,
    "side": "bank",
    "date": "2026-10-31",
    "direction": "in",
    "amount": "1650.00",
    "counterparty": "",
    "summary": "结息",
    "reference": "SN20261031001",
}
EXAMPLE_JOURNAL_ENTRY = {
    "id": 5,
    "side": "journal",
    "date": "2026-10-30",
    "direction": "out",
    "amount": "80000.00",
    "counterparty": "",
    "summary": "付中科信达设备款",
    "reference": "10234567",
}
EXAMPLE_RUN = {
    "id": 12,
    "account_id": 1,
    "period_end": "2026-10-31",
    "state": "done",
    "progress": 100,
    "matched": 3,
    "suggested": 1,
    "message": "",
    "created_at": "2026-11-02T09:30:00+08:00",
    "finished_at": "2026-11-02T09:30:01+08:00",
}
EXAMPLE_SUGGESTION = {
    "id": 40,
    "score": 0.378,
    "rule": "amount_outside_window",
    "reasons": [
        "日期相差 24 个工作日 / date distance 24 working days",
        "对方户名 counterparty 深圳华南精密制造有限公司 ~ 华南精密制造 1.00",
        "同额但超出窗口 same amount, outside the 3-working-day window",
    ],
    # As an English caller (Accept-Language: en) reads them; a Chinese caller gets 日期相差 24 个工作日 ...
    "reasons_text": [
        "dates 24 working days apart",
        "counterparty 深圳华南精密制造有限公司 ~ 华南精密制造 (similarity 1.00)",
        "same amount, outside the 3-working-day window",
    ],
    "bank_lines": [
        {
            "id": 7,
            "side": "bank",
            "date": "2026-10-02",
            "direction": "out",
            "amount": "4321.00",
            "counterparty": "深圳华南精密制造有限公司",
            "summary": "付款",
            "reference": "SN20261002001",
        }
    ],
    "journal_entries": [
        {
            "id": 9,
            "side": "journal",
            "date": "2026-10-26",
            "direction": "out",
            "amount": "4321.00",
            "counterparty": "",
            "summary": "付华南精密货款",
            "reference": "记-40",
        }
    ],
}
EXAMPLE_MATCH = {
    "id": 31,
    "account_id": 1,
    "kind": "manual",
    "rule": "manual",
    "score": 1.0,
    "reasons": ["ERP: paid by cheque 10234567"],
    "reasons_text": ["ERP: paid by cheque 10234567"],
    "bank_line_ids": [8],
    "journal_entry_ids": [5],
    "last_date": "2026-10-30",
    "created_at": "2026-11-02T09:31:00+08:00",
    "undone_at": None,
    "undo_reason": "",
}


def error_example(name: str, code: str, message: str, status: int) -> OpenApiExample:
    return OpenApiExample(
        name, value={"code": code, "message": message}, response_only=True, status_codes=[str(status)]
    )
