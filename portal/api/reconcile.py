"""The ERP direct link's month end (银企直联): matching runs, suggestions, manual matches and their undo, unmatched lines.

The same services as the accountant's workbench (``reconcile.services.matching``): these views parse, scope and
serialise, nothing more. As in the workbench, reconciling needs the accountant role: other users (bank staff, a client
viewer or confirmer) get 403; another customer's ids are 404, indistinguishable from none; the services check that the
accountant is of the account's company and refuse closed periods with their message.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.roles import Role
from portal.api import reconcile_serializers as shapes
from portal.api.reconcile_serializers import (
    ApiErrorSerializer,
    LineSerializer,
    ManualMatchSerializer,
    MatchRunInputSerializer,
    MatchRunSerializer,
    MatchSerializer,
    OptionalReasonSerializer,
    PeriodEndSerializer,
    ReasonSerializer,
    SideSerializer,
    SuggestionSerializer,
    error_example,
)
from portal.api.rules_serializers import ManualMatchResultSerializer
from portal.permissions import user_has_any_role
from reconcile.models import BankAccount, Match, MatchRun, Suggestion
from reconcile.reasons import learned_names_read
from reconcile.selectors import scope_to_user
from reconcile.selectors.matching import open_bank_lines, open_journal_entries, suggestion_details
from reconcile.services.matching import match_manual, match_run_start, match_undo, suggestion_accept, suggestion_reject

M = TypeVar("M", bound=Model)

# -- access and parameters ---------------------------------------------------------------------------------------


def require_reconciler(request: Request) -> None:
    """The workbench's rule: reconciling is the accountant's (bank staff and clients are refused, 403)."""
    if not user_has_any_role(request.user, (Role.ACCOUNTANT,)):
        raise PermissionDenied(_("Reconciling an account needs the accountant role of its company."), code="forbidden")


def scoped(queryset: QuerySet[M], request: Request, pk: int, missing: str) -> M:
    """The row if the user may see it; otherwise 404 with ``missing`` (another customer's is indistinguishable)."""
    try:
        return scope_to_user(queryset, request.user).get(pk=pk)
    except queryset.model.DoesNotExist as exc:
        raise NotFound(missing) from exc


def reconciling_account(request: Request, pk: int) -> BankAccount:
    require_reconciler(request)
    return scoped(BankAccount.objects.select_related("customer"), request, pk, _("No such account."))


def _no_suggestion() -> str:
    return _("No such suggestion: it was accepted or rejected, or a newer matching run replaced it.")


def query_params(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    form = serializer_class(data=request.query_params)
    form.is_valid(raise_exception=True)
    return form.validated_data


def _match(pk: int) -> Match:
    return Match.objects.select_related("account").prefetch_related("links").get(pk=pk)


ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The bank account's id (GET /api/v1/accounts/).")
DATE = OpenApiParameter(
    "date", OpenApiTypes.DATE, OpenApiParameter.QUERY, required=True, description="The period end, YYYY-MM-DD."
)
FORBIDDEN = OpenApiResponse(
    ApiErrorSerializer,
    description="`forbidden`: not an accountant (bank staff and clients are refused "
    "as in the workbench), or not of the account's company.",
)
NOT_FOUND = OpenApiResponse(ApiErrorSerializer, description="`not_found`: no such id, or another customer's.")
INVALID = OpenApiResponse(
    ApiErrorSerializer, description="`invalid`: a parameter or field is missing or wrong; `message` names it."
)
CONFLICT = OpenApiResponse(
    ApiErrorSerializer,
    description="The lines changed meanwhile (`already_matched`; `suggestion_gone`: the suggestion was replaced), "
    "the match was undone before (`already_undone`), or the period is closed (`closed`) or awaiting review "
    "(`awaiting_review`).",
)
RUN_CONFLICT = OpenApiResponse(
    ApiErrorSerializer,
    description="`date` lies in a closed period (`closed`) or in one awaiting review (`awaiting_review`): nothing "
    "a run could match may change there.",
)
RUN_LOCATION = OpenApiParameter(
    "Location",
    str,
    OpenApiParameter.HEADER,
    response=[202],
    description="The run's address, /api/v1/match-runs/{id}: follow it until `state` is `done` or `failed`.",
)
CLOSED_EXAMPLE = error_example(
    "Closed period", "closed", "截至 2026-10-31 的期间已结账；如需修改勾对，请先重新打开该期间。", 409
)
FORBIDDEN_EXAMPLE = error_example("Not an accountant", "forbidden", "对账需要该账户所属公司的会计角色。", 403)


# -- matching runs -----------------------------------------------------------------------------------------------


class AccountMatchRuns(APIView):
    """Start automatic matching of the account's lines dated up to a period end (the workbench's "match
    automatically"). The run is a background job (in the embedded default a thread of the web process, so it may
    answer `queued`): follow `Location`, `GET /api/v1/match-runs/{id}`, until `state` is `done` or `failed`."""

    serializer_class = MatchRunInputSerializer

    @extend_schema(
        operation_id="account_match_run_start",
        parameters=[ID, RUN_LOCATION],
        request=MatchRunInputSerializer,
        responses={202: MatchRunSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND, 409: RUN_CONFLICT},
        examples=[
            OpenApiExample("October 2026", value={"date": "2026-10-31"}, request_only=True),
            OpenApiExample(
                "Started (done at once in the embedded default)",
                value=shapes.EXAMPLE_RUN,
                response_only=True,
                status_codes=["202"],
            ),
            error_example("No date", "invalid", "date: 该字段是必填项。", 400),
            FORBIDDEN_EXAMPLE,
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        account = reconciling_account(request, pk)
        form = MatchRunInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        run = match_run_start(actor=request.user, account_id=account.pk, period_end=form.validated_data["date"])
        run = MatchRun.objects.get(pk=run.pk)  # as it is now: the eager default has already run it
        return Response(
            MatchRunSerializer(run).data,
            status=status.HTTP_202_ACCEPTED,
            headers={"Location": reverse("api:match-run-detail", kwargs={"pk": run.pk})},
        )


class MatchRunDetail(APIView):
    """A matching run's state (queued, running, done, failed), progress (0-100) and result counts."""

    serializer_class = MatchRunSerializer

    @extend_schema(
        operation_id="match_run_read",
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)],
        responses={200: MatchRunSerializer, 403: FORBIDDEN, 404: NOT_FOUND},
        examples=[OpenApiExample("Done", value=shapes.EXAMPLE_RUN, response_only=True)],
    )
    def get(self, request: Request, pk: int) -> Response:
        require_reconciler(request)
        run = scoped(MatchRun.objects.all(), request, pk, _("No such matching run."))
        return Response(MatchRunSerializer(run).data)


# -- suggestions -------------------------------------------------------------------------------------------------


class AccountSuggestions(generics.ListAPIView):
    """The last run's suggestions whose lines all lie up to the period end, best score first, with their lines and
    the reasons for each score (paginated)."""

    serializer_class = SuggestionSerializer

    def get_queryset(self) -> list[Any]:
        if getattr(self, "swagger_fake_view", False):
            return []
        account = reconciling_account(self.request, self.kwargs["pk"])
        period_end = query_params(PeriodEndSerializer, self.request)["date"]
        details = suggestion_details(account, period_end)
        # Who put the learned names the reasons name in force: one query for the list, not one per reason.
        learned = learned_names_read(
            reasons=[r for detail in details for r in detail.suggestion.reasons or ()], customer_id=account.customer_id
        )
        return [shapes.suggestion_data(detail, learned=learned) for detail in details]

    @extend_schema(
        operation_id="account_suggestions",
        parameters=[ID, DATE],
        responses={200: SuggestionSerializer(many=True), 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
        examples=[OpenApiExample("One suggestion", value=shapes.EXAMPLE_SUGGESTION, response_only=True)],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class SuggestionAccept(APIView):
    """Accept a suggestion: its lines become a match (kind `suggestion`), the suggestion goes. When the bank line names
    another party than the journal entry, `alias_proposal` is the learned name the product proposes (as for a match
    by ids)."""

    @extend_schema(
        operation_id="suggestion_accept",
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)],
        request=None,
        responses={201: ManualMatchResultSerializer, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT},
        examples=[
            OpenApiExample(
                "Matched",
                value={
                    **shapes.EXAMPLE_MATCH,
                    "kind": "suggestion",
                    "rule": "amount_outside_window",
                    "score": 0.378,
                    "reasons": shapes.EXAMPLE_SUGGESTION["reasons"],
                    "reasons_text": shapes.EXAMPLE_SUGGESTION["reasons_text"],
                    "alias_proposal": None,
                },
                response_only=True,
                status_codes=["201"],
            ),
            error_example(
                "Gone",
                "suggestion_gone",
                "该建议已不再提供：它已被接受或拒绝，或已被更新的自动勾对取代。请重新加载建议。",
                409,
            ),
            CLOSED_EXAMPLE,
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        require_reconciler(request)
        suggestion = scoped(Suggestion.objects.all(), request, pk, _no_suggestion())
        group = suggestion_accept(actor=request.user, suggestion_id=suggestion.pk)
        stored = _match(group.pk)
        stored.alias_proposal = group.alias_proposal  # as for a match by ids: the learned name, when names differ
        return Response(ManualMatchResultSerializer(stored).data, status=status.HTTP_201_CREATED)


class SuggestionReject(APIView):
    """Reject a suggestion: it leaves the list, its lines stay unmatched (audited). A later run may propose the same
    lines again, since suggestions are the last run's proposals."""

    serializer_class = OptionalReasonSerializer

    @extend_schema(
        operation_id="suggestion_reject",
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)],
        request=OptionalReasonSerializer,
        responses={204: OpenApiResponse(description="Rejected."), 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT},
        examples=[OpenApiExample("Why", value={"reason": "different invoice"}, request_only=True)],
    )
    def post(self, request: Request, pk: int) -> Response:
        require_reconciler(request)
        suggestion = scoped(Suggestion.objects.all(), request, pk, _no_suggestion())
        form = OptionalReasonSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        suggestion_reject(actor=request.user, suggestion_id=suggestion.pk, reason=form.validated_data["reason"])
        return Response(status=status.HTTP_204_NO_CONTENT)


# -- matches -----------------------------------------------------------------------------------------------------


class AccountMatches(APIView):
    """Match bank lines and journal entries by their ids (any number on each side: a batch payment, merged
    receipts). They must be the account's, unmatched, balance to the cent (bank minus journal 0.00) and not lie in a
    closed period. When the bank line names another party than the journal entry, `alias_proposal` is the learned
    name the product proposes (accept it at `/api/v1/match-rules/{id}/accept`)."""

    serializer_class = ManualMatchSerializer

    @extend_schema(
        operation_id="account_match_create",
        parameters=[ID],
        request=ManualMatchSerializer,
        responses={201: ManualMatchResultSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT},
        examples=[
            OpenApiExample(
                "A cheque",
                value={"bank_line_ids": [8], "journal_entry_ids": [5], "note": "ERP: paid by cheque 10234567"},
                request_only=True,
            ),
            OpenApiExample(
                "Matched",
                value={**shapes.EXAMPLE_MATCH, "alias_proposal": None},
                response_only=True,
                status_codes=["201"],
            ),
            error_example(
                "Does not balance", "unbalanced", "所选明细金额不平：银行对账单减日记账的差额为 79,850.00。", 400
            ),
            error_example("Another account's line", "foreign_lines", "部分所选明细不属于该账户。", 400),
            error_example("Nothing selected", "empty_selection", "请至少选择一笔银行对账单明细和一笔日记账明细。", 400),
            error_example(
                "Matched meanwhile", "already_matched", "部分所选明细已在此期间被勾对，请刷新对账工作台。", 409
            ),
            CLOSED_EXAMPLE,
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        account = reconciling_account(request, pk)
        form = ManualMatchSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        chosen = form.validated_data
        group = match_manual(
            actor=request.user,
            account_id=account.pk,
            bank_line_ids=chosen["bank_line_ids"],
            journal_entry_ids=chosen["journal_entry_ids"],
            note=chosen["note"],
        )
        stored = _match(group.pk)
        stored.alias_proposal = group.alias_proposal  # a learned name to accept, when the two sides' names differ
        return Response(ManualMatchResultSerializer(stored).data, status=status.HTTP_201_CREATED)


class MatchUndo(APIView):
    """Undo a match with a reason: its lines are unmatched again; the match is kept, marked undone (audited)."""

    serializer_class = ReasonSerializer

    @extend_schema(
        operation_id="match_undo",
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)],
        request=ReasonSerializer,
        responses={200: MatchSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT},
        examples=[
            OpenApiExample("Why", value={"reason": "wrong invoice"}, request_only=True),
            OpenApiExample(
                "Undone",
                value={
                    **shapes.EXAMPLE_MATCH,
                    "undone_at": "2026-11-02T10:00:00+08:00",
                    "undo_reason": "wrong invoice",
                },
                response_only=True,
            ),
            error_example("Twice", "already_undone", "该勾对已撤销，无需重复操作。", 409),
            CLOSED_EXAMPLE,
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        require_reconciler(request)
        group = scoped(Match.objects.all(), request, pk, _("No such match."))
        form = ReasonSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        match_undo(actor=request.user, match_id=group.pk, reason=form.validated_data["reason"])
        return Response(MatchSerializer(_match(group.pk)).data)


# -- unmatched lines ---------------------------------------------------------------------------------------------


class AccountUnmatched(generics.ListAPIView):
    """One side's lines dated up to the period end that are in no live match, oldest first (paginated): what the
    workbench lists, to match by id."""

    serializer_class = LineSerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return []
        account = reconciling_account(self.request, self.kwargs["pk"])
        params = query_params(SideSerializer, self.request)
        if params["side"] == "bank":
            return open_bank_lines(account, params["date"])
        return open_journal_entries(account, params["date"])

    @extend_schema(
        operation_id="account_unmatched",
        parameters=[
            ID,
            DATE,
            OpenApiParameter("side", str, OpenApiParameter.QUERY, required=True, enum=["bank", "journal"]),
        ],
        responses={200: LineSerializer(many=True), 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
        examples=[
            OpenApiExample("Bank side", value=shapes.EXAMPLE_BANK_LINE, response_only=True),
            OpenApiExample("Journal side", value=shapes.EXAMPLE_JOURNAL_ENTRY, response_only=True),
        ],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(LineSerializer([shapes.line_row(line) for line in page], many=True).data)
