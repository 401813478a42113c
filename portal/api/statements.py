"""Balance statements over the API: list, read, PDF, confirm, dispute; the SMS outbox for ops."""

from __future__ import annotations

import re

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.client_ip import client_address
from reconcile.roles import is_bank_staff
from statements.models import BalanceStatement, SmsMessage, StatementStatus
from statements.selectors import statement_pdf_path, statements_for
from statements.services.confirmations import confirmation_submit


class StatementSerializer(serializers.ModelSerializer):
    account_number = serializers.CharField(source="account.number", read_only=True)
    customer_name = serializers.CharField(source="account.customer.legal_name", default=None, read_only=True)
    previous_id = serializers.IntegerField(read_only=True)

    class Meta:
        model = BalanceStatement
        fields = ["id", "number", "version", "account_number", "customer_name", "currency", "period", "period_end",
                  "balance", "balance_source", "status", "channel", "dispatched_at", "due_date", "viewed_at",
                  "answered_at", "previous_id"]
        read_only_fields = fields


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
                raise serializers.ValidationError({"status": _("unknown status '%(value)s'; use one of %(known)s") % {
                    "value": state, "known": ", ".join(StatementStatus.values)}})
            queryset = queryset.filter(status=state)
        return queryset


class StatementDetail(generics.RetrieveAPIView):
    serializer_class = StatementSerializer

    def get_queryset(self):
        return statements_for(self.request.user)


def _statement(request, pk: int) -> BalanceStatement:
    try:
        return statements_for(request.user).get(pk=pk)
    except BalanceStatement.DoesNotExist as exc:
        raise Http404(_("No such statement.")) from exc


def _check_visible(request, pk: int) -> None:
    """404 for a statement the user may not see (another customer's is indistinguishable from none)."""
    if not statements_for(request.user).filter(pk=pk).exists():
        raise Http404(_("No such statement."))


class StatementPdf(APIView):
    @extend_schema(responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY)})
    def get(self, request, pk: int):
        statement = _statement(request, pk)
        return FileResponse(open(statement_pdf_path(statement), "rb"), content_type="application/pdf",
                            filename=f"{statement.number}-v{statement.version}.pdf")


class DisputeInput(serializers.Serializer):
    book_balance = serializers.CharField(max_length=40)
    reason = serializers.CharField(max_length=2000)


def _remote(request) -> str | None:
    return client_address(request)


class StatementConfirm(APIView):
    """相符: agree with the balance. Empty body. Returns the statement with its new status."""

    @extend_schema(request=None, responses=StatementSerializer)
    def post(self, request, pk: int):
        _check_visible(request, pk)
        statement = confirmation_submit(actor=request.user, statement_id=pk, decision="agree", channel="api",
                                        remote_addr=_remote(request))
        return Response(StatementSerializer(statement).data)  # the service returns the row as written


class StatementDispute(APIView):
    """不符: disagree, with the client's own book balance and the reason."""

    serializer_class = DisputeInput

    @extend_schema(request=DisputeInput, responses=StatementSerializer)
    def post(self, request, pk: int):
        _check_visible(request, pk)
        form = DisputeInput(data=request.data)
        form.is_valid(raise_exception=True)
        statement = confirmation_submit(
            actor=request.user, statement_id=pk, decision="disagree", book_balance=form.validated_data["book_balance"],
            reason=form.validated_data["reason"], channel="api", remote_addr=_remote(request))
        return Response(StatementSerializer(statement).data)


class SmsSerializer(serializers.ModelSerializer):
    class Meta:
        model = SmsMessage
        fields = ["id", "key", "template", "phone", "statement", "status", "attempts", "provider", "provider_id",
                  "last_error", "not_before", "created_at", "sent_at"]
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
