"""复核 over the API: the accountant submits a period for review, a reviewer of the same company approves it (which
closes the period) or returns it with a note. The same services as the workbench (``reconcile.services.review``).

Access: the accountant or reviewer role (bank staff and clients get 403); another customer's ids are 404. The services
check the rest: only an accountant submits, only a reviewer decides, never on their own submission (403
``self_review``), and a decided submission cannot be decided again (409 ``already_reviewed``).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.roles import Role
from portal.api.reconcile import DATE, ID, INVALID, NOT_FOUND, query_params, scoped
from portal.api.reconcile_serializers import ApiErrorSerializer, PeriodEndSerializer, error_example
from portal.permissions import user_has_any_role
from reconcile.models import BankAccount, CloseReview
from reconcile.people import person_name
from reconcile.selectors.review import latest_review
from reconcile.services.review import NOTE_MAX, close_review_approve, close_review_return, close_review_submit

FORBIDDEN = OpenApiResponse(
    ApiErrorSerializer,
    description="`forbidden`: not an accountant or reviewer of the account's company "
    "(bank staff and clients are refused), or the wrong one of "
    "the two for this step; `self_review`: reviewing one's own "
    "submission.",
)
CONFLICT = OpenApiResponse(
    ApiErrorSerializer,
    description="The period is already closed (`already_closed`), already awaiting review (`already_submitted`), or "
    "the submission was already decided (`already_reviewed`).",
)
# Only a table that agrees is submitted: the table's own refusals come first, as on GET …/adjustment.
SUBMIT_CONFLICT = OpenApiResponse(
    ApiErrorSerializer,
    description="`already_submitted`, `already_closed` (the date lies in a closed period), `not_agreed` (the "
    "余额调节表 at that date shows a difference, named), `no_reviewer` (no active reviewer but the caller: close the "
    "period directly in the workbench), or the table's own refusal: `no_files`, `balance_gap`, `no_opening_balance`.",
)
SUBMIT_INVALID = OpenApiResponse(
    ApiErrorSerializer,
    description="`invalid`: `date` is missing or no date; `not_period_end`: the date is not a period end (a period "
    "ends on the last day of a month), the message names it and the month's last day; `period_not_ended`: that day "
    "is after today.",
)
REVIEW_ID = OpenApiParameter(
    "id", int, OpenApiParameter.PATH, description="The submission's id (from the submit answer or GET …/close-review)."
)


def _require_review_role(request: Request) -> None:
    if not user_has_any_role(request.user, (Role.ACCOUNTANT, Role.REVIEWER)):
        raise PermissionDenied(
            _("Closing a period needs the accountant or reviewer role of its company."), code="forbidden"
        )


class CloseReviewSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    account_id = serializers.IntegerField()
    period_end = serializers.DateField()
    state = serializers.ChoiceField(
        choices=["submitted", "approved", "returned"],
        help_text="submitted (awaiting review), approved (the period is closed) or "
        "returned (with the reviewer's note).",
    )
    submitted_by = serializers.CharField(help_text="The preparer's real name (编制人).")
    submitted_at = serializers.DateTimeField()
    reviewed_by = serializers.CharField(
        allow_blank=True, help_text="The reviewer's real name (复核人); blank while awaiting review."
    )
    reviewed_at = serializers.DateTimeField(allow_null=True, help_text="When it was approved or returned.")
    note = serializers.CharField(allow_blank=True, help_text="The reviewer's note when returned.")


class ReturnNoteSerializer(serializers.Serializer):
    note = serializers.CharField(
        max_length=NOTE_MAX, help_text="What the preparer should fix; kept with the submission and in the audit log."
    )


def review_data(review: CloseReview) -> dict[str, Any]:
    return {
        "id": review.pk,
        "account_id": review.account_id,
        "period_end": review.period_end,
        "state": review.state,
        "submitted_by": person_name(review.submitted_by),
        "submitted_at": review.submitted_at,
        "reviewed_by": person_name(review.reviewed_by) if review.reviewed_by_id else "",
        "reviewed_at": review.reviewed_at,
        "note": review.note,
    }


def _fresh(pk: int) -> CloseReview:
    return CloseReview.objects.select_related("submitted_by", "reviewed_by").get(pk=pk)


EXAMPLE_SUBMITTED = {
    "id": 7,
    "account_id": 1,
    "period_end": "2026-10-31",
    "state": "submitted",
    "submitted_by": "张敏",
    "submitted_at": "2026-11-02T17:40:00+08:00",
    "reviewed_by": "",
    "reviewed_at": None,
    "note": "",
}
EXAMPLE_APPROVED = {
    **EXAMPLE_SUBMITTED,
    "state": "approved",
    "reviewed_by": "李芳",
    "reviewed_at": "2026-11-03T10:15:00+08:00",
}
EXAMPLE_RETURNED = {
    **EXAMPLE_SUBMITTED,
    "state": "returned",
    "reviewed_by": "李芳",
    "reviewed_at": "2026-11-03T10:15:00+08:00",
    "note": "10月30日的支票 10234567 请附对方回单",
}
SELF_REVIEW_EXAMPLE = error_example("Own submission", "self_review", "该期间由您本人提交：须由另一位复核人复核。", 403)
DECIDED_EXAMPLE = error_example("Already decided", "already_reviewed", "该提交已经复核（已退回）。", 409)


class AccountCloseReview(APIView):
    """复核 of an account's period. GET: the newest submission for the period end (404 when none). POST (an
    accountant): submit the period for review; a reviewer's approval closes it. A company that has a reviewer cannot
    close a period without one (the workbench's direct close answers `review_required`)."""

    serializer_class = PeriodEndSerializer

    @extend_schema(
        operation_id="account_close_review_read",
        parameters=[ID, DATE],
        responses={200: CloseReviewSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
        examples=[
            OpenApiExample("Awaiting review", value=EXAMPLE_SUBMITTED, response_only=True),
            OpenApiExample("Returned", value=EXAMPLE_RETURNED, response_only=True),
        ],
    )
    def get(self, request: Request, pk: int) -> Response:
        _require_review_role(request)
        account = scoped(BankAccount.objects.all(), request, pk, _("No such account."))
        review = latest_review(account, query_params(PeriodEndSerializer, request)["date"])
        if review is None:
            return Response(
                {"code": "not_found", "message": _("This period was not submitted for review.")},
                status=status.HTTP_404_NOT_FOUND,
            )
        return Response(CloseReviewSerializer(review_data(review)).data)

    @extend_schema(
        operation_id="account_close_review_submit",
        parameters=[ID],
        request=PeriodEndSerializer,
        responses={
            201: CloseReviewSerializer,
            400: SUBMIT_INVALID,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: SUBMIT_CONFLICT,
        },
        examples=[
            OpenApiExample("October 2026", value={"date": "2026-10-31"}, request_only=True),
            error_example(
                "Not a period end",
                "not_period_end",
                "2026-10-15 不是期末：期间在月末最后一天结束；请选择 2026-10-31。",
                400,
            ),
            OpenApiExample("Submitted", value=EXAMPLE_SUBMITTED, response_only=True, status_codes=["201"]),
            error_example("Twice", "already_submitted", "该期间已在等待复核。", 409),
            error_example(
                "Table does not agree",
                "not_agreed",
                "2026-10-31 的余额调节表调节后不相符（差额 1,000.00）：请继续勾对或说明未达账项，调节相符后再提交复核。",
                409,
            ),
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        _require_review_role(request)
        account = scoped(BankAccount.objects.all(), request, pk, _("No such account."))
        form = PeriodEndSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        review = close_review_submit(actor=request.user, account_id=account.pk, period_end=form.validated_data["date"])
        return Response(CloseReviewSerializer(review_data(_fresh(review.pk))).data, status=status.HTTP_201_CREATED)


def _no_review() -> str:
    return _("No such submission for review.")


class CloseReviewApprove(APIView):
    """A reviewer approves a submission: the period is closed (read-only until reopened with a reason) and its
    余额调节表 prints the preparer's and the reviewer's names and the approval time."""

    @extend_schema(
        operation_id="close_review_approve",
        parameters=[REVIEW_ID],
        request=None,
        responses={200: CloseReviewSerializer, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT},
        examples=[
            OpenApiExample("Approved", value=EXAMPLE_APPROVED, response_only=True),
            SELF_REVIEW_EXAMPLE,
            DECIDED_EXAMPLE,
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        _require_review_role(request)
        review = scoped(CloseReview.objects.all(), request, pk, _no_review())
        close_review_approve(actor=request.user, review_id=review.pk)
        return Response(CloseReviewSerializer(review_data(_fresh(review.pk))).data)


class CloseReviewReturn(APIView):
    """A reviewer returns a submission with a note; the period stays open and the preparer submits it again."""

    serializer_class = ReturnNoteSerializer

    @extend_schema(
        operation_id="close_review_return",
        parameters=[REVIEW_ID],
        request=ReturnNoteSerializer,
        responses={200: CloseReviewSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT},
        examples=[
            OpenApiExample("Note", value={"note": "10月30日的支票 10234567 请附对方回单"}, request_only=True),
            OpenApiExample("Returned", value=EXAMPLE_RETURNED, response_only=True),
            SELF_REVIEW_EXAMPLE,
            DECIDED_EXAMPLE,
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        _require_review_role(request)
        review = scoped(CloseReview.objects.all(), request, pk, _no_review())
        form = ReturnNoteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        close_review_return(actor=request.user, review_id=review.pk, note=form.validated_data["note"])
        return Response(CloseReviewSerializer(review_data(_fresh(review.pk))).data)
