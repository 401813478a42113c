"""The shapes of the statement API: its serializers (requests and responses), the examples its schema shows, and
the signature header it documents (``portal.api.statements`` are the views)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema_field,
)
from rest_framework import serializers

from portal.api.formats import JSON
from portal.api.reconcile_serializers import ApiErrorSerializer, error_example
from portal.api.serializers import BoundedListField, DeclaredFieldsCopied, FieldsBuiltOnce
from reconcile.models import BankLine
from statements.models import BalanceStatement, ItemKind, SmsMessage
from statements.selectors.answers import answer_facts
from statements.selectors.outbox import waiting_reason
from statements.services.answer_signing import HEADER

# Examples for the OpenAPI schema: what an ERP gets back at each step of the statement side of a month end.
EXAMPLE_STATEMENT = {
    "id": 41,
    "number": "202610-00000041",
    "version": 1,
    "account_number": "31050161373600001234",
    "customer_name": "上海恒瑞贸易有限公司",
    "currency": "CNY",
    "period": "2026-10",
    "period_end": "2026-10-31",
    "balance": "1250000.00",
    "balance_source": "core_feed",
    "status": "dispatched",
    "channel": "online_banking",
    "dispatched_at": "2026-11-03T10:00:00+08:00",
    "due_date": "2026-11-17",
    "viewed_at": None,
    "answered_at": None,
    "previous_id": None,
}


EXAMPLE_ITEMS = [
    {
        "kind": "journal_in_not_bank",
        "date": "2026-10-31",
        "amount": "30000.00",
        "summary": "转账支票 恒瑞贸易",
        "reference": "10234561",
    },
    {
        "kind": "journal_out_not_bank",
        "date": "2026-10-30",
        "amount": "80000.00",
        "summary": "支票 中科信达",
        "reference": "10234567",
    },
    {"kind": "bank_in_not_journal", "date": "2026-10-31", "amount": "1650.00", "summary": "结息"},
    {"kind": "bank_out_not_journal", "date": "2026-10-31", "amount": "150.00", "summary": "手续费"},
]


EXAMPLE_ANSWERED = {
    **EXAMPLE_STATEMENT,
    "status": "confirmed",
    "answered_at": "2026-11-05T09:30:00+08:00",
    "opening_balance": "1168500.00",
    "detail_lines": 4,
    "answer": {
        "outcome": "agreed_after_adjustment",
        "book_balance": "1198500.00",
        "outstanding": [
            {
                "reference": "",
                **item,
                "bank_line_id": {"bank_in_not_journal": 904, "bank_out_not_journal": 903}.get(item["kind"]),
            }
            for item in EXAMPLE_ITEMS
        ],
        "unexplained_difference": "0.00",
        "answered_at": "2026-11-05T09:30:00+08:00",
        "final": True,
    },
}


EXAMPLE_UNANSWERED = {**EXAMPLE_STATEMENT, "opening_balance": "1168500.00", "detail_lines": 4, "answer": None}


EXAMPLE_DISPUTED = {
    **EXAMPLE_ANSWERED,
    "status": "disputed",
    "answer": {
        "outcome": "disagreed",
        "book_balance": "1199500.00",
        "outstanding": [],
        "unexplained_difference": None,  # what items leave unexplained: a disagreement without items has none
        "answered_at": "2026-11-05T09:30:00+08:00",
        "final": True,
    },
}


EXAMPLE_DETAIL_LINE = {
    "id": 901,
    "date": "2026-10-03",
    "value_date": None,
    "direction": "in",
    "amount": "200000.00",
    "balance_after": "1368500.00",
    "counterparty": "上海恒瑞贸易有限公司",
    "counterparty_account": "",
    "counterparty_bank": "",
    "summary": "收恒瑞货款",
    "purpose": "",
    "bank_serial": "OCT0001",
    "voucher_no": "",
}


SIGNATURE_REQUIRED_EXAMPLE = error_example(
    "Unsigned",
    "signature_required",
    "贵公司要求回复须签名：请发送请求头 X-Answer-Signature: <密钥编号>:<对请求体原始字节的 base64 签名>，"
    "并使用已在银行登记的密钥签名。",
    401,
)


BAD_SIGNATURE_EXAMPLE = error_example(
    "Bad signature",
    "bad_signature",
    "回复的签名验证未通过：X-Answer-Signature 请求头须为 <密钥编号>:<对请求体原始字节的 base64 签名>，"
    "且须使用贵公司已登记的有效密钥。",
    403,
)


LATE_ANSWER_EXAMPLE = error_example(
    "Late",
    "late_answer",
    "回复期已于 2026-11-17 23:59:59（北京时间）结束；未回复的余额视同相符。如余额有误，请联系开户行。",
    409,
)


NO_STATEMENT_EXAMPLE = error_example("Not yours", "not_found", "对账单不存在。", 404)


ANSWER_REFUSALS = {
    (400, JSON): OpenApiResponse(
        ApiErrorSerializer,
        description="The body or its items are refused (named): `bad_book_balance` (not an amount), `bad_item`, "
        "`does_not_reconcile`, `not_in_detail` (调节后相符); `explained`, `same_balance` (不符); `bad_reason` (a "
        "`reason` holding a control character or a bidirectional override, the character named); `invalid` (a "
        "field missing or of the wrong shape, such as a dispute without `reason`, or an unsigned body whose "
        "`statement_id` names another statement, named in `errors`).",
    ),
    (401, JSON): OpenApiResponse(
        ApiErrorSerializer,
        description="`signature_required`: the company requires signed answers and X-Answer-Signature is missing; "
        "or no valid token (not_authenticated, invalid_token, token_expired, token_revoked, password_changed).",
    ),
    (403, JSON): OpenApiResponse(
        ApiErrorSerializer,
        description="`bad_signature`: the header is malformed, names an unknown, revoked or another company's key, "
        "does not verify the exact body, or signs a body that does not name this statement; `forbidden`: the user "
        "is not a confirmer of the statement's company (an accountant needs the confirmer role as well).",
    ),
    (404, JSON): OpenApiResponse(ApiErrorSerializer, description="No such statement (or another customer's)."),
    (409, JSON): OpenApiResponse(ApiErrorSerializer, description="late_answer, or not_open (already answered)."),
}


class StatementSerializer(FieldsBuiltOnce, serializers.ModelSerializer):
    """A balance statement (余额对账单) as the list shows it: number and version, account, period and balance (and
    where the balance came from), status, channel and dates; `previous_id` is the version it re-issues."""

    account_number = serializers.CharField(source="account.number", read_only=True)
    customer_name = serializers.CharField(source="account.customer.legal_name", default=None, read_only=True)
    previous_id = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = BalanceStatement
        fields = [
            "id",
            "number",
            "version",
            "account_number",
            "customer_name",
            "currency",
            "period",
            "period_end",
            "balance",
            "balance_source",
            "status",
            "channel",
            "dispatched_at",
            "due_date",
            "viewed_at",
            "answered_at",
            "previous_id",
        ]
        read_only_fields = fields


class OutstandingItemInput(DeclaredFieldsCopied, serializers.Serializer):
    """An outstanding item (未达账项) of an answer: its kind, its date (on or before the period end), its amount
    (positive, at most 2 decimals), summary and reference."""

    kind = serializers.ChoiceField(
        choices=ItemKind.choices,
        help_text=(
            "journal_in_not_bank 企业已收银行未收, journal_out_not_bank 企业已付银行未付, bank_in_not_journal 银行已收企业未收, "
            "bank_out_not_journal 银行已付企业未付"
        ),
    )
    date = serializers.DateField(help_text="The day of the movement (on or before the period end).")
    amount = serializers.CharField(max_length=40, help_text='Positive, at most 2 decimals: "30000.00".')
    summary = serializers.CharField(max_length=200, required=False, allow_blank=True)
    reference = serializers.CharField(
        max_length=64, required=False, allow_blank=True, help_text="Cheque, voucher or bank serial number, if any."
    )


class StatementIdField(serializers.IntegerField):
    """A statement's id as a JSON number: a signed body binds its statements by what it says, and ``audit_verify``
    reads the stored body as it is, so ``"41"`` (text) or ``41.0`` is refused instead of read as 41."""

    default_error_messages = {"not_a_number": _("Give the statement's id as a JSON number, e.g. 41.")}

    def to_internal_value(self, data):
        if not isinstance(data, int) or isinstance(data, bool):
            self.fail("not_a_number")
        return super().to_internal_value(data)


class SignedAnswerFields(DeclaredFieldsCopied, serializers.Serializer):
    """What binds a signed body to its statement: the signature covers the body, so the body names the statement."""

    statement_id = StatementIdField(
        required=False,
        help_text=(
            "The statement answered (the id in the URL). Required when the request is signed with X-Answer-Signature, so "
            "that a signed body answers only this statement."
        ),
    )
    request_id = serializers.CharField(
        max_length=64,
        required=False,
        allow_blank=True,
        help_text=(
            "Optional, any text unique to this request (e.g. your voucher number and a timestamp): the same signed body "
            "is accepted once, so a second answer to the same statement needs a different body."
        ),
    )


class ConfirmInput(SignedAnswerFields):
    book_balance = serializers.CharField(
        max_length=40,
        required=False,
        allow_blank=True,
        help_text=(
            "Your book balance at the period end. Leave out (with no items) for 相符; give it with the outstanding "
            "items that explain the difference for 调节后相符."
        ),
    )
    outstanding = OutstandingItemInput(many=True, required=False, max_length=1000)
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class AnswerItemSerializer(serializers.Serializer):
    """An answer's outstanding item as stored (`answer.outstanding`): `bank_line_id` is the detail line a bank-side
    item was found as, else null."""

    kind = serializers.ChoiceField(choices=ItemKind.choices)
    date = serializers.DateField()
    amount = serializers.CharField(help_text='Positive, 2 decimals: "30000.00".')
    summary = serializers.CharField(allow_blank=True)
    reference = serializers.CharField(allow_blank=True)
    bank_line_id = serializers.IntegerField(
        allow_null=True,
        help_text="A bank-side item: the line of the bank's detail it was found as; null otherwise (and for an "
        "account the bank does not feed).",
    )


class GroupAnswerSerializer(serializers.Serializer):
    """An answer a group user (集团) gave for a subsidiary under the subsidiary's written authorisation."""

    answered_by = serializers.CharField(help_text="The group user who answered (real name).")
    company = serializers.CharField(help_text="The group user's company (the parent).")
    for_company = serializers.CharField(help_text="The subsidiary answered for (the statement's company).")
    authorisation = serializers.CharField(help_text="The written authorisation's reference or date, as registered.")
    granted_at = serializers.DateTimeField(help_text="When bank operations registered the authorisation.")


class AnswerSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=["agreed", "agreed_after_adjustment", "disagreed", "deemed"])
    book_balance = serializers.CharField(allow_null=True)
    outstanding = AnswerItemSerializer(many=True)
    unexplained_difference = serializers.CharField(allow_null=True)
    answered_at = serializers.DateTimeField(allow_null=True)
    final = serializers.BooleanField(help_text="False while the answer waits for a second confirmer's approval.")
    group_answer = GroupAnswerSerializer(
        allow_null=True,
        help_text="Set when a group user answered for this subsidiary under its written authorisation; else null.",
    )


class StatementDetailSerializer(StatementSerializer):
    """A statement with its detail (明细: `opening_balance` and `detail_lines`, both null for a bare balance) and its
    `answer` (null before any answer)."""

    answer = serializers.SerializerMethodField()
    opening_balance = serializers.DecimalField(max_digits=18, decimal_places=2, read_only=True, allow_null=True)
    detail_lines = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text=(
            "How many of the bank's own lines the statement's detail holds (GET .../lines); null: a bare balance."
        ),
    )

    class Meta(StatementSerializer.Meta):
        fields = [*StatementSerializer.Meta.fields, "opening_balance", "detail_lines", "answer"]
        read_only_fields = fields

    @extend_schema_field(AnswerSerializer(allow_null=True))
    def get_answer(self, statement: BalanceStatement) -> dict | None:
        return answer_facts(statement)


class DisputeInput(SignedAnswerFields):
    book_balance = serializers.CharField(max_length=40)
    reason = serializers.CharField(max_length=2000)
    outstanding = OutstandingItemInput(
        many=True,
        required=False,
        max_length=1000,
        help_text=(
            "Optional: the outstanding items you know of; what they leave unexplained is what the bank investigates."
        ),
    )


SIGNATURE_PARAMETER = OpenApiParameter(
    name=HEADER,
    location=OpenApiParameter.HEADER,
    required=False,
    type=str,
    description=(
        "`<key id>:<base64 signature of the exact request body bytes>`, made with a private key whose public key the "
        "bank registered for your company (Ed25519; ECDSA P-256 with SHA-256, DER signature; RSA-PSS with SHA-256, "
        "MGF1-SHA-256, salt of the digest length). Required unless ops switched signed answers off for your "
        "company: without it 401 `signature_required`; a signature that does not verify, a revoked, unknown or "
        "another company's key, or a signed body without `statement_id` of this statement: 403 `bad_signature`."
    ),
    examples=[
        OpenApiExample(
            "Ed25519",
            value="ak-3f9c2a7d1e6b4c80:Wc6sJ0wH0r8m0cQ2m9yQ+ZsG4k0p2x5w8r1u3t6v9y"
            "B2e5h8k1n4q7t0w3z6C9F2I5L8O1R4U7X0a3d6g9jA==",
        )
    ],
)


class ConfirmBatchInput(serializers.Serializer):
    statement_ids = BoundedListField(
        child=StatementIdField(),
        min_length=1,
        max_length=200,
        # DRF's own words read "at least 1 elements".
        error_messages={"min_length": _("Select at least one statement.")},
        help_text=(
            "The statements to agree with (相符), each visible to you: your company's, and for a group user the "
            "subsidiaries it is granted. All or none are answered."
        ),
    )
    request_id = serializers.CharField(
        max_length=64,
        required=False,
        allow_blank=True,
        help_text=("Optional, any text unique to this request: the same signed body is accepted once."),
    )


class ConfirmBatchOutput(serializers.Serializer):
    statements = StatementDetailSerializer(many=True)


class DetailLineSerializer(serializers.ModelSerializer):
    date = serializers.DateField(source="booking_date")
    balance_after = serializers.DecimalField(source="balance", max_digits=18, decimal_places=2, allow_null=True)
    counterparty = serializers.CharField(source="counterparty_name")
    bank_serial = serializers.CharField(source="serial")

    class Meta:
        model = BankLine
        fields = [
            "id",
            "date",
            "value_date",
            "direction",
            "amount",
            "balance_after",
            "counterparty",
            "counterparty_account",
            "counterparty_bank",
            "summary",
            "purpose",
            "bank_serial",
            "voucher_no",
        ]
        read_only_fields = fields


EXAMPLE_SMS = {
    "id": 5,
    "key": "statement_notice:6:v1",
    "template": "statement_notice",
    "channel": "sms",
    "phone": "+8613812345678",
    "statement": 6,
    "status": "sent",
    "attempts": 1,
    "provider": "aliyun",
    "provider_id": "905617430115461203^0",
    "last_error": "",
    "not_before": "2026-11-02T09:00:00+08:00",
    "created_at": "2026-11-02T08:59:12+08:00",
    "sent_at": "2026-11-02T09:00:03+08:00",
}


class SmsWaitingSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(
        choices=["quiet_hours", "retry"],
        help_text="quiet_hours: held (no notices 21:00-08:00 Beijing time); retry: after a passing gateway error.",
    )
    until = serializers.DateTimeField(help_text="When it goes.")
    message = serializers.CharField(help_text="The reason and the time, in the request's language.")


class SmsSerializer(serializers.ModelSerializer):
    """A row of the notification outbox: `channel` is the registry's (sms, wechat), `phone` the address on it;
    `waiting` says why a queued row has not gone yet and when it will (null for any other row)."""

    waiting = serializers.SerializerMethodField()

    class Meta:
        model = SmsMessage
        fields = [
            "id",
            "key",
            "template",
            "channel",
            "phone",
            "statement",
            "status",
            "attempts",
            "provider",
            "provider_id",
            "last_error",
            "not_before",
            "created_at",
            "sent_at",
            "waiting",
        ]
        read_only_fields = fields

    @extend_schema_field(SmsWaitingSerializer(allow_null=True))
    def get_waiting(self, message: SmsMessage) -> dict | None:
        why = waiting_reason(message, timezone.now())
        if why is None:
            return None
        # As DRF writes the row's own times (not_before, sent_at): in the portal's time zone, not UTC with "Z".
        until = serializers.DateTimeField().to_representation(why.until)
        return {"reason": why.reason, "until": until, "message": why.message}
