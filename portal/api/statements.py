"""Balance statements over the API: list, read, PDF, confirm, dispute; the SMS outbox for ops."""

from __future__ import annotations

import re

from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import generics, serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from core.roles import is_bank_staff
from portal.api.formats import JSON, FileFormatsMixin, FormatNegotiation, file_renderer
from portal.api.reconcile_serializers import ApiErrorSerializer, error_example
from portal.api.serializers import FieldsBuiltOnce
from portal.client_ip import client_address
from portal.detail_downloads import detail_download
from reconcile.models import BankLine
from statements.models import BalanceStatement, ItemKind, SmsMessage, StatementStatus
from statements.render.detail_formats import DETAIL_FORMATS
from statements.selectors import statements_for
from statements.selectors.answers import answer_facts, statement_detail
from statements.selectors.page import statement_visible_id
from statements.services.answer_batch import answer_batch_submit
from statements.services.answer_signing import HEADER, BadSignature, answer_signature_check
from statements.services.confirmations import confirmation_submit
from statements.services.publishing import statement_pdf_path

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
        "unexplained_difference": "-1000.00",
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
    (400, JSON): OpenApiResponse(ApiErrorSerializer, description="The body or its items are refused (named)."),
    (401, JSON): OpenApiResponse(ApiErrorSerializer, description="signature_required"),
    (403, JSON): OpenApiResponse(ApiErrorSerializer, description="bad_signature"),
    (404, JSON): OpenApiResponse(ApiErrorSerializer, description="No such statement (or another customer's)."),
    (409, JSON): OpenApiResponse(ApiErrorSerializer, description="late_answer, or not_open (already answered)."),
}


class StatementSerializer(FieldsBuiltOnce, serializers.ModelSerializer):
    account_number = serializers.CharField(source="account.number", read_only=True)
    customer_name = serializers.CharField(source="account.customer.legal_name", default=None, read_only=True)
    previous_id = serializers.IntegerField(read_only=True)

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


class OutstandingItemInput(serializers.Serializer):
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


class SignedAnswerFields(serializers.Serializer):
    """What binds a signed body to its statement: the signature covers the body, so the body names the statement."""

    statement_id = serializers.IntegerField(
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


def _items(validated: dict) -> list[dict]:
    return [{**item, "date": item["date"].isoformat()} for item in validated.get("outstanding") or []]


class AnswerSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=["agreed", "agreed_after_adjustment", "disagreed", "deemed"])
    book_balance = serializers.CharField(allow_null=True)
    outstanding = serializers.ListField(child=serializers.DictField())
    unexplained_difference = serializers.CharField(allow_null=True)
    answered_at = serializers.DateTimeField(allow_null=True)
    final = serializers.BooleanField(help_text="False while the answer waits for a second confirmer's approval.")


class StatementDetailSerializer(StatementSerializer):
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


@extend_schema(examples=[OpenApiExample("A statement", value=EXAMPLE_STATEMENT, response_only=True)])
class StatementList(generics.ListAPIView):
    serializer_class = StatementSerializer

    def get_queryset(self):
        queryset = statements_for(self.request.user).order_by("-period_end", "account__number", "-version")
        period = self.request.query_params.get("period")
        state = self.request.query_params.get("status")
        if period:
            queryset = queryset.filter(period=period)
        if state:
            if state not in StatementStatus.values:
                raise serializers.ValidationError(
                    {
                        "status": _("unknown status '%(value)s'; use one of %(known)s")
                        % {"value": state, "known": ", ".join(StatementStatus.values)}
                    }
                )
            queryset = queryset.filter(status=state)
        return queryset


@extend_schema(
    examples=[
        OpenApiExample("Not yet answered", value=EXAMPLE_UNANSWERED, response_only=True),
        OpenApiExample("调节后相符", value=EXAMPLE_ANSWERED, response_only=True),
    ]
)
class StatementDetail(generics.RetrieveAPIView):
    serializer_class = StatementDetailSerializer

    def get_queryset(self):
        return statements_for(self.request.user)

    def get_object(self) -> BalanceStatement:
        return _statement(self.request, self.kwargs["pk"])


def _statement(request, pk: int) -> BalanceStatement:
    try:
        return statements_for(request.user).get(pk=pk)
    except BalanceStatement.DoesNotExist as exc:
        raise Http404(_("No such statement.")) from exc


def _check_visible(request, pk: int) -> None:
    """404 for a statement the user may not see (another customer's is indistinguishable from none)."""
    if not statement_visible_id(request.user, pk):
        raise Http404(_("No such statement."))


class StatementPdf(APIView):
    @extend_schema(responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY)})
    def get(self, request, pk: int):
        statement = _statement(request, pk)
        return FileResponse(
            open(statement_pdf_path(statement), "rb"),
            content_type="application/pdf",
            filename=f"{statement.number}-v{statement.version}.pdf",
        )


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


def _remote(request) -> str | None:
    return client_address(request)


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


def _signed(request):
    """The signature header checked against the exact body bytes, read before the body is parsed."""
    return answer_signature_check(actor=request.user, header=request.headers.get(HEADER), body=request.body)


def _check_bound(proof, data: dict, pk: int) -> None:
    named = data.get("statement_id")
    if (proof is not None or named is not None) and named != pk:
        raise BadSignature(
            _('A signed answer names its statement in the signed body: add "statement_id": %(pk)d.') % {"pk": pk}
        )


class StatementConfirm(APIView):
    """相符 (empty body) or 调节后相符 (your book balance and the outstanding items that explain the difference to the
    cent; otherwise 400 ``does_not_reconcile`` naming the unexplained difference; a bank-side item that is not a line
    of the bank's detail is refused, ``not_in_detail``). Returns the statement with its new status and answer."""

    @extend_schema(
        request=ConfirmInput,
        responses={(200, JSON): StatementDetailSerializer, **ANSWER_REFUSALS},
        parameters=[SIGNATURE_PARAMETER],
        examples=[
            OpenApiExample("调节后相符 answered", value=EXAMPLE_ANSWERED, response_only=True, status_codes=["200"]),
            error_example(
                "Items do not reconcile",
                "does_not_reconcile",
                "未达账项不能解释差额：银行余额 1,250,000.00 经调节后，与贵单位账面余额 1,198,500.00 经调节后仍相差 "
                "-1,000.00。请核对未达账项，或附上这些项目回复“不符”：未解释的差额将由银行调查。",
                400,
            ),
            error_example(
                "A bank item not in the detail",
                "not_in_detail",
                "第 4 项（bank_out_not_journal，2026-10-27，150.00, 手续费） 不在截至 2026-10-31 的银行对账单明细中："
                "本账户在 2026-10-27 没有金额为 150.00 的付款。请对照对账单明细核对日期和金额，或在“不符”回复中列为差异。",
                400,
            ),
            SIGNATURE_REQUIRED_EXAMPLE,
            BAD_SIGNATURE_EXAMPLE,
            NO_STATEMENT_EXAMPLE,
            LATE_ANSWER_EXAMPLE,
            OpenApiExample("相符", value={"statement_id": 41}, request_only=True),
            OpenApiExample(
                "调节后相符",
                request_only=True,
                value={
                    "statement_id": 41,
                    "book_balance": "1198500.00",
                    "outstanding": EXAMPLE_ITEMS,
                },
            ),
        ],
    )
    def post(self, request, pk: int):
        _check_visible(request, pk)
        proof = _signed(request)
        form = ConfirmInput(data=request.data or {})
        form.is_valid(raise_exception=True)
        data = form.validated_data
        _check_bound(proof, data, pk)
        statement = confirmation_submit(
            actor=request.user,
            statement_id=pk,
            decision="agree",
            book_balance=data.get("book_balance") or None,
            reason=data.get("reason", ""),
            outstanding=_items(data),
            channel="api",
            remote_addr=_remote(request),
            proof=proof,
        )
        return Response(StatementDetailSerializer(statement).data)  # the service returns the row as written


class StatementDispute(APIView):
    """不符: disagree, with the client's own book balance and the reason."""

    serializer_class = DisputeInput

    @extend_schema(
        request=DisputeInput,
        responses={(200, JSON): StatementDetailSerializer, **ANSWER_REFUSALS},
        parameters=[SIGNATURE_PARAMETER],
        examples=[
            OpenApiExample("不符 answered", value=EXAMPLE_DISPUTED, response_only=True, status_codes=["200"]),
            error_example(
                "Items explain everything",
                "explained",
                "未达账项已解释全部差额，余额调节后相符：请附上这些项目回复“调节后相符”。",
                400,
            ),
            SIGNATURE_REQUIRED_EXAMPLE,
            BAD_SIGNATURE_EXAMPLE,
            NO_STATEMENT_EXAMPLE,
            LATE_ANSWER_EXAMPLE,
            OpenApiExample(
                "不符",
                request_only=True,
                value={"statement_id": 41, "book_balance": "1199500.00", "reason": "贵行未记 500.00 元手续费退款"},
            ),
        ],
    )
    def post(self, request, pk: int):
        _check_visible(request, pk)
        proof = _signed(request)
        form = DisputeInput(data=request.data)
        form.is_valid(raise_exception=True)
        _check_bound(proof, form.validated_data, pk)
        statement = confirmation_submit(
            actor=request.user,
            statement_id=pk,
            decision="disagree",
            book_balance=form.validated_data["book_balance"],
            reason=form.validated_data["reason"],
            outstanding=_items(form.validated_data),
            channel="api",
            remote_addr=_remote(request),
            proof=proof,
        )
        return Response(StatementDetailSerializer(statement).data)


class ConfirmBatchInput(serializers.Serializer):
    statement_ids = serializers.ListField(
        child=serializers.IntegerField(),
        min_length=1,
        max_length=200,
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


class StatementConfirmBatch(APIView):
    """相符 for several statements at once (across periods, and for a group user across the subsidiaries it is
    granted), signed once: ``X-Answer-Signature`` over the exact body, which lists the statements. Each statement
    gets its own answer, receipt and audit event; if one cannot be answered, none is (the message names it)."""

    @extend_schema(
        request=ConfirmBatchInput,
        responses={(200, JSON): ConfirmBatchOutput, **ANSWER_REFUSALS},
        parameters=[SIGNATURE_PARAMETER],
        examples=[
            OpenApiExample(
                "Answered",
                response_only=True,
                status_codes=["200"],
                value={
                    "statements": [
                        {
                            **EXAMPLE_ANSWERED,
                            "answer": {
                                **EXAMPLE_ANSWERED["answer"],
                                "outcome": "agreed",
                                "book_balance": None,
                                "outstanding": [],
                            },
                        }
                    ]
                },
            ),
            SIGNATURE_REQUIRED_EXAMPLE,
            BAD_SIGNATURE_EXAMPLE,
            NO_STATEMENT_EXAMPLE,
            OpenApiExample(
                "三家子公司的对账单",
                request_only=True,
                value={"statement_ids": [41, 57, 63], "request_id": "GROUP-2026-10"},
            ),
        ],
    )
    def post(self, request):
        proof = _signed(request)
        form = ConfirmBatchInput(data=request.data or {})
        form.is_valid(raise_exception=True)
        ids = sorted(set(form.validated_data["statement_ids"]))
        for pk in ids:
            _check_visible(request, pk)
        answered = answer_batch_submit(
            actor=request.user,
            statement_ids=ids,
            proof=proof,
            channel="api",
            remote_addr=_remote(request),
            now=timezone.now(),
        )
        return Response({"statements": StatementDetailSerializer(answered, many=True).data})


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


_DETAIL_RENDERERS = [file_renderer(f.key, f.media_type) for f in DETAIL_FORMATS.values()]
_FILE_KEYS = list(DETAIL_FORMATS)


class StatementLines(FileFormatsMixin, generics.ListAPIView):
    """The statement's bank-fed detail (明细): the bank's own lines of its period as published, oldest first. A
    statement without detail (an account the bank does not feed; its ``detail_lines`` is null) has no lines.
    `?format=xlsx`, `csv`, `mt940` or `camt053` gives the whole detail as a file instead (JSON stays the default);
    each imports back into the product as the same lines. A statement without detail has no file (404,
    `no_detail`); a line the format cannot hold (an MT940 amount of 10^12 or more, a camt.053 name over 140
    characters) is a 409 `format_cannot_hold` naming it: take xlsx or csv."""

    serializer_class = DetailLineSerializer
    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, *_DETAIL_RENDERERS]
    content_negotiation_class = FormatNegotiation

    def get_queryset(self):
        statement = _statement(self.request, self.kwargs["pk"])
        detail = statement_detail(statement)
        return detail.lines if detail is not None else BankLine.objects.none()

    @extend_schema(
        operation_id="statement_lines",
        parameters=[
            OpenApiParameter(
                "format",
                str,
                OpenApiParameter.QUERY,
                enum=["json", *_FILE_KEYS],
                description="json (default: one page of lines), or the whole detail as a file: "
                "xlsx, csv, mt940 or camt053.",
            )
        ],
        responses={
            (200, JSON): DetailLineSerializer(many=True),
            **{
                (200, f.media_type): OpenApiResponse(
                    OpenApiTypes.BINARY,
                    description=(
                        f"The whole detail as {f.label} (served as {f.content_type}, detail-<number>-v<version>."
                        f"{f.extension})."
                    ),
                )
                for f in DETAIL_FORMATS.values()
            },
            (400, JSON): OpenApiResponse(ApiErrorSerializer, description="An unknown format."),
            (404, JSON): OpenApiResponse(
                ApiErrorSerializer,
                description=(
                    "No such statement (or another customer's), or a file asked for a statement without detail."
                ),
            ),
            (409, JSON): OpenApiResponse(
                ApiErrorSerializer,
                description=("The format cannot hold a line of this detail (format_cannot_hold): take xlsx or csv."),
            ),
        },
        examples=[
            OpenApiExample("A line", value=EXAMPLE_DETAIL_LINE, response_only=True, media_type=JSON),
            error_example(
                "Unknown format",
                "invalid",
                "format: 未知格式“pdf”：请使用以下之一：json, xlsx, csv, mt940, camt053。",
                400,
            ),
            error_example(
                "No detail", "no_detail", "对账单 202609-00000001 没有交易明细：银行未为该账户提供明细。", 404
            ),
        ],
    )
    def get(self, request, *args, **kwargs):
        fmt = self.file_format(request)
        if fmt is None:
            return super().get(request, *args, **kwargs)
        statement = _statement(request, kwargs["pk"])
        return detail_download(statement, fmt)


class SmsSerializer(serializers.ModelSerializer):
    """A row of the notification outbox: `channel` is the registry's (sms, wechat), `phone` the address on it."""

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
        ]
        read_only_fields = fields


class SmsList(generics.ListAPIView):
    serializer_class = SmsSerializer

    def get_queryset(self):
        if not is_bank_staff(self.request.user):
            raise PermissionDenied(_("The SMS outbox is for bank operations."))
        queryset = SmsMessage.objects.order_by("-created_at")
        statement = self.request.query_params.get("statement")
        if statement:
            if not re.fullmatch(r"[0-9]{1,18}", statement):
                raise serializers.ValidationError({"statement": _("statement must be a statement id (a number)")})
            queryset = queryset.filter(statement_id=int(statement))
        return queryset
