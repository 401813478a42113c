"""Suggested vouchers for bank-only items over the API: JSON, or the Kingdee/Yonyou import file (CSV or XLSX)."""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from core.text import hidden_character
from portal.api.adjustment import XLSX, XlsxRenderer
from portal.api.formats import FileFormatsMixin, FormatNegotiation, attachment, file_renderer
from portal.api.reconcile import (
    DATE,
    FORBIDDEN,
    FORBIDDEN_EXAMPLE,
    ID,
    INVALID,
    NOT_FOUND,
    query_params,
    reconciling_account,
)
from portal.api.reconcile_serializers import PeriodEndSerializer
from reconcile.people import person_name
from reconcile.render.vouchers_file import render_vouchers_csv, render_vouchers_xlsx
from reconcile.selectors.vouchers import chart_of_accounts, suggested_vouchers
from reconcile.vouchers import LAYOUTS, unknown_layout_message

CSV = "text/csv"
_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-]{0,39}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


CsvRenderer = file_renderer("csv", CSV)


class LedgerAccountOut(serializers.Serializer):
    code = serializers.CharField(help_text="科目代码")
    name = serializers.CharField(help_text="科目名称")


class _BankItemOut(serializers.Serializer):
    bank_line_id = serializers.IntegerField()
    date = serializers.DateField()
    direction = serializers.CharField(help_text="in or out: money into or out of the account.")
    amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    summary = serializers.CharField()


class VoucherOut(_BankItemOut):
    kind = serializers.ChoiceField(choices=["fee", "interest"])
    bank_summary = serializers.CharField(help_text="The bank line's own summary.")
    debit = LedgerAccountOut()
    credit = LedgerAccountOut()


class UnclassifiedOut(_BankItemOut):
    counterparty = serializers.CharField()
    serial = serializers.CharField(help_text="The bank serial.")


class VouchersOut(serializers.Serializer):
    """The suggested vouchers as JSON: `vouchers` for the bank's fees and interest, `unclassified` for the other
    bank-only lines, left to the accountant."""

    # The schema only: the view writes the answer itself.
    account_id = serializers.IntegerField()
    period_end = serializers.DateField()
    layout = serializers.ChoiceField(choices=sorted(LAYOUTS))
    vouchers = VoucherOut(many=True, help_text="Bank fees paid and interest received or charged, as journal entries.")
    unclassified = UnclassifiedOut(many=True, help_text="Other bank-only lines, left to the accountant.")


class LedgerAccountField(serializers.CharField):
    """``CODE`` or ``CODE NAME`` (科目代码 and optionally 科目名称), e.g. ``6603.02 财务费用-手续费``."""

    def to_internal_value(self, data: Any) -> tuple[str, str]:
        text = super().to_internal_value(data)
        code, _sep, name = text.strip().partition(" ")
        # The name is written into the ERP's import file: no control character, and none of the hidden ones every
        # free text refuses (C1 controls, bidirectional overrides and isolates, README "API").
        if not _CODE.match(code) or _CONTROL.search(name) or hidden_character(name) or len(name) > 60:
            raise serializers.ValidationError(
                _(
                    "Give the ledger account as its code (letters, digits, dots; up to "
                    "40), optionally followed by a space and its name (up to 60 "
                    "characters), e.g. “6603.02 财务费用-手续费”."
                )
            )
        return code, name.strip()


class LayoutField(serializers.ChoiceField):
    """A layout of the registry; an unknown one is named with the ones there are (DRF's message names none)."""

    def to_internal_value(self, data: Any) -> str:
        if str(data) not in self.choice_strings_to_values:
            raise serializers.ValidationError(unknown_layout_message(str(data)), code="invalid_choice")
        return super().to_internal_value(data)


class VoucherQuerySerializer(PeriodEndSerializer):
    layout = LayoutField(
        choices=sorted(LAYOUTS),
        default="kingdee",
        help_text="kingdee (金蝶凭证引入) or yonyou (用友凭证导入): the file's columns.",
    )
    bank_account = LedgerAccountField(required=False, max_length=120)
    fee_account = LedgerAccountField(required=False, max_length=120)
    interest_account = LedgerAccountField(required=False, max_length=120)


def _account(ledger: Any) -> dict[str, str]:
    return {"code": ledger.code, "name": ledger.name}


EXAMPLE = {
    "account_id": 3,
    "period_end": "2026-10-31",
    "layout": "kingdee",
    "vouchers": [
        {
            "bank_line_id": 15,
            "date": "2026-10-20",
            "kind": "fee",
            "direction": "out",
            "amount": "15.00",
            "summary": "银行手续费 SN3",
            "bank_summary": "手续费",
            "debit": {"code": "6603", "name": "财务费用-手续费"},
            "credit": {"code": "1002", "name": "银行存款"},
        }
    ],
    "unclassified": [
        {
            "bank_line_id": 12,
            "date": "2026-10-12",
            "direction": "out",
            "amount": "7000.00",
            "summary": "付款",
            "counterparty": "北京中科信达科技有限公司",
            "serial": "SN2",
        }
    ],
}


class AccountVouchers(FileFormatsMixin, APIView):
    """Suggested journal entries for the bank-only items of the account up to a period end (bank lines no journal
    entry matches): bank fees (银行手续费) and interest (利息), each a voucher of two entries on the bank-deposit account
    and the fee or interest account, whose summary names the bank serial so that the entry matches its bank line once
    the ERP's journal brings it back. Other bank-only lines are listed under `unclassified`, never guessed.
    `?format=csv|xlsx&layout=kingdee|yonyou` gives the ERP's voucher import file. The ledger accounts default to
    the settings (`VOUCHER_ACCOUNTS`, 1002 银行存款 / 6603 财务费用) and can be given per request. Accountants only,
    of the account's company."""

    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, CsvRenderer, XlsxRenderer]
    content_negotiation_class = FormatNegotiation

    @extend_schema(
        operation_id="account_suggested_vouchers",
        parameters=[
            ID,
            DATE,
            OpenApiParameter(
                "format",
                str,
                OpenApiParameter.QUERY,
                enum=["json", "csv", "xlsx"],
                description="json (default), csv or xlsx (the ERP's import file).",
            ),
            OpenApiParameter(
                "layout",
                str,
                OpenApiParameter.QUERY,
                enum=sorted(LAYOUTS),
                description="The import layout of the file: kingdee (default) or yonyou.",
            ),
            *[
                OpenApiParameter(
                    name,
                    str,
                    OpenApiParameter.QUERY,
                    description=f"The {what} ledger account: code, optionally a space and its name.",
                )
                for name, what in (
                    ("bank_account", "bank-deposit"),
                    ("fee_account", "bank-fee"),
                    ("interest_account", "interest"),
                )
            ],
        ],
        responses={
            (200, "application/json"): VouchersOut,
            (200, CSV): OpenApiResponse(OpenApiTypes.BINARY, description="The import file, UTF-8 with BOM."),
            (200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="The import file as a workbook."),
            (400, "application/json"): INVALID,
            (403, "application/json"): FORBIDDEN,
            (404, "application/json"): NOT_FOUND,
        },
        examples=[OpenApiExample("A fee booked by the bank", value=EXAMPLE, response_only=True), FORBIDDEN_EXAMPLE],
    )
    def get(self, request: Request, pk: int) -> Response | HttpResponse:
        account = reconciling_account(request, pk)
        params = query_params(VoucherQuerySerializer, request)
        chart = chart_of_accounts(
            bank=params.get("bank_account"), fee=params.get("fee_account"), interest=params.get("interest_account")
        )
        vouchers, left = suggested_vouchers(account=account, period_end=params["date"], chart=chart)
        layout = LAYOUTS[params["layout"]]
        fmt = self.file_format(request)
        if fmt is not None:
            render = render_vouchers_csv if fmt == "csv" else render_vouchers_xlsx
            name = re.sub(r"[^A-Za-z0-9.\-_]", "-", account.number)  # a German BLZ/Kontonummer has a slash
            return attachment(
                render(vouchers, layout, preparer=person_name(request.user)),
                content_type=f"{CSV}; charset=utf-8" if fmt == "csv" else XLSX,
                filename=f"vouchers-{layout.key}-{name}-{params['date']}.{fmt}",
            )
        return Response(
            {
                "account_id": account.pk,
                "period_end": params["date"],
                "layout": layout.key,
                "vouchers": [
                    {
                        "bank_line_id": v.line.line_id,
                        "date": v.line.date,
                        "kind": v.kind,
                        "direction": "in" if v.line.incoming else "out",
                        "amount": f"{v.amount:.2f}",
                        "summary": v.summary,
                        "bank_summary": v.line.summary,
                        "debit": _account(v.debit),
                        "credit": _account(v.credit),
                    }
                    for v in vouchers
                ],
                "unclassified": [
                    {
                        "bank_line_id": line.line_id,
                        "date": line.date,
                        "direction": "in" if line.incoming else "out",
                        "amount": f"{line.amount:.2f}",
                        "summary": line.summary,
                        "counterparty": line.counterparty,
                        "serial": line.serial,
                    }
                    for line in left
                ],
            }
        )
