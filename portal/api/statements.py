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
)
from rest_framework import generics, serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from core.roles import Role, is_bank_staff, roles_of
from core.text import quoted_value
from portal.api.formats import JSON, FileFormatsMixin, FormatNegotiation, file_renderer
from portal.api.reconcile_serializers import ApiErrorSerializer, error_example
from portal.api.statements_serializers import (
    ANSWER_REFUSALS,
    BAD_SIGNATURE_EXAMPLE,
    EXAMPLE_ANSWERED,
    EXAMPLE_DETAIL_LINE,
    EXAMPLE_DISPUTED,
    EXAMPLE_ITEMS,
    EXAMPLE_SMS,
    EXAMPLE_STATEMENT,
    EXAMPLE_UNANSWERED,
    LATE_ANSWER_EXAMPLE,
    NO_STATEMENT_EXAMPLE,
    SIGNATURE_PARAMETER,
    SIGNATURE_REQUIRED_EXAMPLE,
    ConfirmBatchInput,
    ConfirmBatchOutput,
    ConfirmInput,
    DetailLineSerializer,
    DisputeInput,
    SmsSerializer,
    StatementDetailSerializer,
    StatementSerializer,
)
from portal.client_ip import client_address
from portal.detail_downloads import detail_download
from reconcile.models import BankLine
from reconcile.selectors import Scope
from statements.models import BalanceStatement, SmsMessage, StatementStatus
from statements.periods import PeriodError, parse_period
from statements.render.detail_formats import DETAIL_FORMATS
from statements.selectors import statements_for
from statements.selectors.answers import statement_detail
from statements.selectors.page import statement_visible_id
from statements.services.answer_batch import answer_batch_submit
from statements.services.answer_rights import refuse_foreign_answerer
from statements.services.answer_signing import HEADER, BadSignature, answer_signature_check
from statements.services.confirmations import confirmation_submit
from statements.services.statement_pdfs import statement_pdf_path


def _items(validated: dict) -> list[dict]:
    return [{**item, "date": item["date"].isoformat()} for item in validated.get("outstanding") or []]


@extend_schema(examples=[OpenApiExample("A statement", value=EXAMPLE_STATEMENT, response_only=True)])
@extend_schema(
    parameters=[
        OpenApiParameter(
            "period", str, description="A month (2026-10) or a quarter (2026-Q3); anything else is 400 invalid."
        ),
        OpenApiParameter("status", str, enum=list(StatementStatus.values)),
    ],
    responses={200: StatementSerializer(many=True), 400: ApiErrorSerializer},
)
class StatementList(generics.ListAPIView):
    serializer_class = StatementSerializer

    def get_queryset(self):
        queryset = statements_for(self.request.user).order_by("-period_end", "account__number", "-version")
        period = self.request.query_params.get("period")
        state = self.request.query_params.get("status")
        if period:
            # A mistyped period (202610, 2026/10) was an empty list, indistinguishable from "no statements".
            try:
                parsed = parse_period(period)
            except PeriodError as exc:
                raise serializers.ValidationError({"period": str(exc)}) from exc
            queryset = queryset.filter(period=parsed.quarter_label if "q" in period.lower() else parsed.key)
        if state:
            if state not in StatementStatus.values:
                raise serializers.ValidationError(
                    {
                        "status": _("Unknown status '%(value)s': use one of %(known)s.")
                        % {"value": quoted_value(state), "known": ", ".join(StatementStatus.values)}
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


def _check_answerer(request, pk: int) -> None:
    """404 for a statement the user may not see, then 403 ``forbidden`` for one the user may see but not answer
    (bank staff, a viewer without the confirmer's role): asked before the signature, so such a user is not told to
    sign with a company key that would only be refused afterwards."""
    _check_visible(request, pk)
    scope = Scope.of(request.user)
    if not scope.sees_all and not scope.has_group_grant and Role.CLIENT_CONFIRMER in roles_of(request.user):
        # A confirmer without any 集团 grant sees only the company's own statements: visible is answerable, and the
        # confirm (the hot path) reads nothing more here. The services check again under the statement's lock.
        return
    refuse_foreign_answerer(actor=request.user, statement_id=pk)


PdfRenderer = file_renderer("pdf", "application/pdf")


class StatementPdf(FileFormatsMixin, APIView):
    """The statement's PDF, whatever ``Accept`` names of what the API answers: ``application/pdf`` (which was a 406),
    ``application/json`` (a client that sends it with every call), ``*/*`` or none; ``?format=pdf`` too. Another
    ``Accept`` alone (``text/html``, ``image/png``) is ``406`` ``not_acceptable`` naming the PDF's type; a refusal
    (another customer's statement) is the JSON error every endpoint gives."""

    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, PdfRenderer]
    content_negotiation_class = FormatNegotiation

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY,
                description="The statement as the bank issued it: a PDF signed with the bank's document certificate.",
            ),
            (404, JSON): OpenApiResponse(ApiErrorSerializer, description="No such statement (or another customer's)."),
            (406, JSON): OpenApiResponse(
                ApiErrorSerializer,
                description="not_acceptable: the Accept header names neither application/pdf, application/json nor "
                "*/*.",
            ),
        },
        # The PDF is binary: the example is of the refusal.
        examples=[error_example("No such statement", "not_found", "对账单不存在。", 404)],
    )
    def get(self, request, pk: int):
        statement = _statement(request, pk)
        return FileResponse(
            open(statement_pdf_path(statement), "rb"),
            content_type="application/pdf",
            filename=f"{statement.number}-v{statement.version}.pdf",
        )


def _remote(request) -> str | None:
    return client_address(request)


def _signed(request):
    """The signature header checked against the exact body bytes, read before the body is parsed."""
    return answer_signature_check(actor=request.user, header=request.headers.get(HEADER), body=request.body)


def _check_bound(proof, data: dict, pk: int) -> None:
    named = data.get("statement_id")
    if named == pk or (proof is None and named is None):
        return
    if proof is None:
        # Unsigned (the company does not require signatures): another statement's id is a mistake in the body, and
        # a refusal speaking of signatures would send the client looking for a signature it never sent.
        raise serializers.ValidationError(
            {
                "statement_id": _(
                    'The body names statement %(named)s, but this address answers statement %(pk)d: send "statement_id": '
                    "%(pk)d."
                )
                % {"named": named, "pk": pk}
            }
        )
    raise BadSignature(
        _('A signed answer names its statement in the signed body: add "statement_id": %(pk)d.') % {"pk": pk}
    )


class StatementConfirm(APIView):
    """相符 (a body naming the statement only, {"statement_id": 41}: the signed body must name it) or 调节后相符
    (your book balance and the outstanding items that explain the difference to the cent; otherwise 400
    ``does_not_reconcile`` naming the unexplained difference; an item with an amount that is not positive with at most
    two decimals, or dated after the period end, is refused ``bad_item`` naming it; a bank-side item that is not a
    line of the bank's detail is refused, ``not_in_detail``). Returns the statement with its new status and
    answer."""

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
                "第 4 项（银行已付企业未付，2026-10-27，150.00, 手续费） 不在截至 2026-10-31 的银行对账单明细中："
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
        _check_answerer(request, pk)
        proof = _signed(request)
        # request.data itself: "or {}" turned a JSON [] or null into an empty object, which answered 相符.
        form = ConfirmInput(data=request.data)
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
        _check_answerer(request, pk)
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
        if Role.CLIENT_CONFIRMER not in roles_of(request.user):
            # Nobody's statements are this user's to answer (bank staff, a feed, a viewer or an accountant without the
            # confirmer's role): said first, as for a single answer, not "your company requires signed answers".
            raise PermissionDenied(_("Only a company's confirmer may answer statements."), code="forbidden")
        proof = _signed(request)
        form = ConfirmBatchInput(data=request.data)
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
            # Served as another media type than the one Accept names (MT940: asked as application/x-mt940, served
            # as text/plain; charset=us-ascii): the schema names what the answer carries too.
            **{
                (200, f.content_type.split(";")[0]): OpenApiResponse(
                    OpenApiTypes.BINARY, description=f"The whole detail as {f.label}, as served."
                )
                for f in DETAIL_FORMATS.values()
                if f.content_type.split(";")[0] != f.media_type
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


@extend_schema(
    parameters=[OpenApiParameter("statement", int, description="Only the rows of this statement (its id).")],
    examples=[OpenApiExample("A statement notice", value=EXAMPLE_SMS, response_only=True)],
)
class SmsList(generics.ListAPIView):
    serializer_class = SmsSerializer

    def get_queryset(self):
        if not is_bank_staff(self.request.user):
            raise PermissionDenied(_("The SMS outbox is for bank operations."), code="forbidden")
        queryset = SmsMessage.objects.order_by("-created_at")
        statement = self.request.query_params.get("statement")
        if statement:
            if not re.fullmatch(r"[0-9]{1,18}", statement):
                raise serializers.ValidationError({"statement": _("Give statement as a statement id (a number).")})
            queryset = queryset.filter(statement_id=int(statement))
        return queryset
