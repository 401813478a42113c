"""The 余额调节表 over the API: the table the workbench shows, as JSON, and the XLSX and signed PDF it downloads."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from core.roles import Role
from portal.api import reconcile_serializers as shapes
from portal.api.formats import JSON, FileFormatsMixin, FormatNegotiation, attachment, file_renderer
from portal.api.reconcile import (
    DATE,
    FORBIDDEN,
    FORBIDDEN_EXAMPLE,
    ID,
    INVALID,
    NOT_FOUND,
    query_params,
    scoped,
)
from portal.api.reconcile_serializers import AdjustmentQuerySerializer, AdjustmentTableSerializer, ApiErrorSerializer
from portal.permissions import user_has_any_role
from reconcile.balances.reads import table_notices
from reconcile.models import BankAccount
from reconcile.people import person_name
from reconcile.render.adjustment_xlsx import render_adjustment_xlsx
from reconcile.services.adjustment import adjustment_pdf_render, adjustment_table_build

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
XlsxRenderer = file_renderer("xlsx", XLSX)
PdfRenderer = file_renderer("pdf", PDF)


class AccountAdjustment(FileFormatsMixin, APIView):
    """The 余额调节表 of the account at a period end: both balances, the four lists of outstanding items (未达账项) with
    the ids of their lines, the adjusted balances, the difference and whether they agree. `?format=xlsx` or `pdf`
    (or `Accept: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet` / `application/pdf`) gives the
    files the workbench downloads; the PDF is signed by the bank. Refused (409, JSON) as in the workbench while the
    stored history has a gap before the period end (`balance_gap`, the message names the days and the amount
    missing), has no balance to start from (`no_opening_balance`) or nothing was uploaded (`no_files`)."""

    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, XlsxRenderer, PdfRenderer]
    content_negotiation_class = FormatNegotiation

    @extend_schema(
        operation_id="account_adjustment_table",
        parameters=[
            ID,
            DATE,
            OpenApiParameter(
                "format",
                str,
                OpenApiParameter.QUERY,
                enum=["json", "xlsx", "pdf"],
                description="json (default), xlsx or pdf; or send an Accept header.",
            ),
            OpenApiParameter(
                "language",
                str,
                OpenApiParameter.QUERY,
                enum=["zh-hans", "en"],
                description="The language of the XLSX and PDF: zh-hans (default: the form's Chinese, whatever "
                "Accept-Language says) or en. The JSON is the same in either.",
            ),
        ],
        responses={
            (200, JSON): AdjustmentTableSerializer,
            (200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="The workbench's XLSX download."),
            (200, PDF): OpenApiResponse(OpenApiTypes.BINARY, description="The workbench's PDF, signed."),
            # Errors are JSON whatever format was asked for.
            (400, JSON): INVALID,
            (403, JSON): FORBIDDEN,
            (404, JSON): NOT_FOUND,
            (409, JSON): OpenApiResponse(
                ApiErrorSerializer,
                description="No table for this period end yet: a gap in the history (`balance_gap`), no balance to "
                "start from (`no_opening_balance`), or no file (`no_files`).",
            ),
        },
        examples=[
            OpenApiExample("Agreed (DESIGN §4)", value=shapes.EXAMPLE_TABLE, response_only=True, media_type=JSON),
            shapes.error_example(
                "A gap",
                "balance_gap",
                "账户 31050161373600001234 的银行对账单在 2026-10-01 至 2026-11-01 之间衔接不上："
                "sep.csv 载明 2026-09-30 日终余额为 1,099.55，加上已存明细后 2026-11-01 日终应为 1,099.55，但 nov.csv 载明为 "
                "1,069.55（相差 -30.00）。这几天的对账单缺失或不完整：请上传。（重复上传或误传的文件可在其导入页面撤销。）",
                409,
            ),
            shapes.error_example(
                "No bank statement",
                "no_files",
                "本期尚无银行对账单（截至 2026-10-31）：请上传账户 31050161373600001234 的银行对账单。",
                409,
            ),
            shapes.error_example("Bad date", "invalid", "date: 日期格式错误。请从这些格式中选择：YYYY-MM-DD。", 400),
            FORBIDDEN_EXAMPLE,
        ],
    )
    def get(self, request: Request, pk: int) -> Response | HttpResponse:
        # The reviewer (复核人) reads the table they approve; changing anything stays the accountant's.
        if not user_has_any_role(request.user, (Role.ACCOUNTANT, Role.REVIEWER)):
            raise PermissionDenied(
                _("Reconciling an account needs the accountant role of its company."), code="forbidden"
            )
        account = scoped(BankAccount.objects.select_related("customer"), request, pk, _("No such account."))
        asked = query_params(AdjustmentQuerySerializer, request)
        period_end, language = asked["date"], asked["language"]
        table = adjustment_table_build(account=account, period_end=period_end, prepared_by=person_name(request.user))
        fmt = self.file_format(request)
        if fmt is not None:
            data = (
                render_adjustment_xlsx(table, language=language)
                if fmt == "xlsx"
                else adjustment_pdf_render(table=table, language=language)
            )
            name = account.number.replace("/", "-")  # a German BLZ/Kontonummer has a slash
            return attachment(
                data, content_type=XLSX if fmt == "xlsx" else PDF, filename=f"adjustment-{name}-{period_end}.{fmt}"
            )
        data = shapes.table_data(table, account_id=account.pk, notices=table_notices(account, period_end))
        return Response(AdjustmentTableSerializer(data).data)
