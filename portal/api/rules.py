"""The accountant's matching rules over the API (``/api/v1/match-rules/``): list, create, read, change, delete,
accept or dismiss a learned name, and the preview (a dry run over a period).

As the workbench: the accountant role of the company (403 for bank staff and clients), another customer's rule is
404. The services (``reconcile.services.rules``) check, store and audit; these views parse, scope and serialise.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.numbers import plain_int
from portal.api.reconcile import FORBIDDEN, FORBIDDEN_EXAMPLE, INVALID, NOT_FOUND, require_reconciler, scoped
from portal.api.reconcile_serializers import ENGINE_ERROR, ApiErrorSerializer, error_example, line_row
from portal.api.rules_serializers import FIELD_HELP, MatchRuleSerializer, OptionalBoolean, PreviewSerializer
from reconcile.engine.rules import PATTERN_MAX
from reconcile.models import BankAccount, MatchRule, RuleKind
from reconcile.selectors import scope_to_user
from reconcile.selectors.rules import PREVIEW_MAX_DAYS, alias_month, preview_month
from reconcile.services.rule_preview import rule_preview
from reconcile.services.rules import (
    match_rule_accept,
    match_rule_create,
    match_rule_delete,
    match_rule_dismiss,
    match_rule_update,
)


class MatchRuleInputSerializer(serializers.Serializer):
    """A matching rule's fields as sent; a bad field is a 400 `invalid` naming it."""

    # Types only here; the service checks the meaning and names the field.
    kind = serializers.ChoiceField(choices=RuleKind.choices, help_text=FIELD_HELP["kind"])
    account_id = serializers.IntegerField(
        allow_null=True, required=False, min_value=1, max_value=2**63 - 1, help_text=FIELD_HELP["account_id"]
    )
    name = serializers.CharField(required=False, allow_blank=True, max_length=80)
    priority = serializers.IntegerField(required=False, min_value=0, max_value=10_000, help_text=FIELD_HELP["priority"])
    active = OptionalBoolean(required=False, help_text=FIELD_HELP["active"])
    pattern = serializers.CharField(max_length=PATTERN_MAX, help_text=FIELD_HELP["pattern"])
    journal_pattern = serializers.CharField(
        required=False, allow_blank=True, max_length=PATTERN_MAX, help_text=FIELD_HELP["journal_pattern"]
    )
    target = serializers.CharField(
        required=False, allow_blank=True, max_length=PATTERN_MAX, help_text=FIELD_HELP["target"]
    )
    direction = serializers.CharField(required=False, allow_blank=True, max_length=3, help_text=FIELD_HELP["direction"])
    min_amount = serializers.DecimalField(
        max_digits=18,
        decimal_places=2,
        min_value=0,
        required=False,
        allow_null=True,
        help_text=FIELD_HELP["min_amount"],
    )
    max_amount = serializers.DecimalField(
        max_digits=18,
        decimal_places=2,
        min_value=0,
        required=False,
        allow_null=True,
        help_text=FIELD_HELP["max_amount"],
    )
    days = serializers.IntegerField(required=False, min_value=0, max_value=31, help_text=FIELD_HELP["days"])


class PreviewQuerySerializer(serializers.Serializer):
    account_id = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        help_text="The account to try the rule on; defaults to the rule's own.",
    )
    date_from = serializers.DateField(required=False, help_text="First day (default: the first of last month).")
    date_to = serializers.DateField(required=False, help_text="Last day (default: the end of last month).")

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if ("date_from" in data) != ("date_to" in data):
            raise serializers.ValidationError({"date_to": _("Give date_from and date_to together, or neither.")})
        if "date_from" in data and not 0 <= (data["date_to"] - data["date_from"]).days < PREVIEW_MAX_DAYS:
            raise serializers.ValidationError(
                {
                    "date_to": _("date_to must be on or after date_from and at most %(n)s days later.")
                    % {"n": PREVIEW_MAX_DAYS}
                }
            )
        return data


EXAMPLE_RULE = {
    "id": 4,
    "account_id": None,
    "kind": "match",
    "name": "银行手续费",
    "priority": 10,
    "active": True,
    "proposed": False,
    "pattern": "手续费",
    "journal_pattern": "银行手续费",
    "target": "",
    "direction": "out",
    "min_amount": None,
    "max_amount": "50.00",
    "days": 3,
    "learned_from_match_id": None,
    "created_at": "2026-11-02T09:00:00+08:00",
    "updated_at": "2026-11-02T09:00:00+08:00",
}
EXAMPLE_ALIAS = {
    **EXAMPLE_RULE,
    "id": 5,
    "account_id": 1,
    "kind": "alias",
    "name": "学习到的名称",
    "priority": 100,
    "active": False,
    "proposed": True,
    "pattern": "支付宝（中国）网络技术有限公司",
    "journal_pattern": "",
    "target": "恒瑞贸易",
    "direction": "",
    "max_amount": None,
    "days": 0,
    "learned_from_match_id": 31,
}
EXAMPLE_PREVIEW = {
    "rule_id": 4,
    "account_id": 1,
    "date_from": "2026-10-01",
    "date_to": "2026-10-31",
    "bank_lines": 42,
    "journal_entries": 40,
    "matched_lines": 2,
    "warnings": 1,
    "pairs": [
        {
            "bank_lines": [
                {
                    "id": 15,
                    "side": "bank",
                    "date": "2026-10-05",
                    "direction": "out",
                    "amount": "20.00",
                    "counterparty": "",
                    "summary": "手续费",
                    "reference": "SN2",
                }
            ],
            "journal_entries": [
                {
                    "id": 9,
                    "side": "journal",
                    "date": "2026-10-04",
                    "direction": "out",
                    "amount": "20.00",
                    "counterparty": "张三",
                    "summary": "付张三报销",
                    "reference": "记-1",
                }
            ],
            "reasons": ["规则 #4 银行手续费 rule #4 银行手续费: “手续费”, 金额 amount 20.00, 日期相差 1 天 / 1 days"],
            "warnings": [
                {
                    "code": "matched_differently",
                    "message": "journal entry 9 (2026-10-04, 20.00) is already matched (match 30) with "
                    "other lines: this rule would pair it otherwise.",
                }
            ],
        }
    ],
    "held_back": [],
}
RULE_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The rule's id.")
# A new rule, and a change to one, that repeats an alias of the same scope.
DUPLICATE = OpenApiResponse(ApiErrorSerializer, description="`duplicate`: the same alias twice.")
CREATE_CONFLICT = OpenApiResponse(
    ApiErrorSerializer,
    description="`duplicate`: the same alias twice; `too_many_rules`: the company has 500 rules (learned names and "
    "dismissed ones included), the most it may have: delete rules it no longer needs first.",
)


def _rule(request: Request, pk: int) -> MatchRule:
    require_reconciler(request)
    return scoped(MatchRule.objects.all(), request, pk, _("No such rule."))


def _input(request: Request, partial: bool) -> dict[str, Any]:
    form = MatchRuleInputSerializer(data=request.data, partial=partial)
    form.is_valid(raise_exception=True)
    return dict(form.validated_data)


class MatchRuleList(generics.ListAPIView):
    """The company's matching rules in priority order (company-wide and per account), learned names awaiting the
    accountant among them (`proposed`). `?account_id=` keeps the rules that hold for one account; `?proposed=true`
    only the proposals, `?proposed=false` the others. POST creates a rule (audited)."""

    serializer_class = MatchRuleSerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return MatchRule.objects.none()
        require_reconciler(self.request)
        rules = scope_to_user(MatchRule.objects.all(), self.request.user).order_by("priority", "pk")
        account = self.request.query_params.get("account_id", "")
        if account:
            account_id = plain_int(account)
            if account_id is None:
                raise serializers.ValidationError({"account_id": _("Give the account's id, a number.")})
            scoped(BankAccount.objects.all(), self.request, account_id, _("No such account."))
            rules = rules.filter(Q(account_id=account_id) | Q(account__isnull=True))
        proposed = self.request.query_params.get("proposed", "").strip().lower()
        if proposed in ("true", "1"):
            rules = rules.filter(proposed=True)
        elif proposed in ("false", "0"):
            rules = rules.filter(proposed=False)
        elif proposed:  # a typo (proposed=yes) listed every rule as if it had been understood
            raise serializers.ValidationError(
                {"proposed": _("Give proposed=true (learned names only) or proposed=false (the other rules).")}
            )
        return rules

    @extend_schema(
        operation_id="match_rule_list",
        parameters=[
            OpenApiParameter("account_id", int, OpenApiParameter.QUERY, description="Only the rules holding for it."),
            OpenApiParameter(
                "proposed",
                bool,
                OpenApiParameter.QUERY,
                description="true: only learned names to accept; false: only the other rules; anything else 400.",
            ),
        ],
        responses={200: MatchRuleSerializer(many=True), 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
        examples=[
            OpenApiExample("A fee rule", value=EXAMPLE_RULE, response_only=True),
            OpenApiExample("A learned name", value=EXAMPLE_ALIAS, response_only=True),
            FORBIDDEN_EXAMPLE,
        ],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="match_rule_create",
        request=MatchRuleInputSerializer,
        responses={
            201: MatchRuleSerializer,
            400: INVALID,
            403: FORBIDDEN,
            409: CREATE_CONFLICT,
        },
        examples=[
            OpenApiExample(
                "Fees under 50.00",
                request_only=True,
                value={
                    "kind": "match",
                    "name": "银行手续费",
                    "priority": 10,
                    "pattern": "手续费",
                    "journal_pattern": "银行手续费",
                    "direction": "out",
                    "max_amount": "50.00",
                    "days": 3,
                },
            ),
            OpenApiExample(
                "Never auto-match Alipay",
                request_only=True,
                value={"kind": "never", "name": "第三方支付", "pattern": "支付宝"},
            ),
            OpenApiExample(
                "An alias",
                request_only=True,
                value={"kind": "alias", "account_id": 1, "pattern": "ACME GMBH", "target": "Acme Trading GmbH"},
            ),
            OpenApiExample("Created", value=EXAMPLE_RULE, response_only=True, status_codes=["201"]),
            error_example("A formula", "invalid", "pattern 不能以 =、+、- 或 @ 开头（电子表格会将其视为公式）。", 400),
            FORBIDDEN_EXAMPLE,
        ],
    )
    def post(self, request: Request) -> Response:
        require_reconciler(request)
        rule = match_rule_create(actor=request.user, fields=_input(request, partial=False))
        return Response(MatchRuleSerializer(rule).data, status=status.HTTP_201_CREATED)


class MatchRuleDetail(APIView):
    """One rule: read, change some fields (PATCH; `active: false` deactivates), delete (audited)."""

    serializer_class = MatchRuleSerializer

    @extend_schema(
        operation_id="match_rule_read",
        parameters=[RULE_ID],
        responses={200: MatchRuleSerializer, 403: FORBIDDEN, 404: NOT_FOUND},
        examples=[OpenApiExample("A fee rule", value=EXAMPLE_RULE, response_only=True)],
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(MatchRuleSerializer(_rule(request, pk)).data)

    @extend_schema(
        operation_id="match_rule_update",
        description=(
            "Change some fields; `active: false` deactivates. A PATCH that changes nothing (`{}`, or the values the "
            "rule has) answers the rule unchanged: nothing is written, no audit event."
        ),
        parameters=[RULE_ID],
        request=MatchRuleInputSerializer,
        responses={
            200: MatchRuleSerializer,
            400: INVALID,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: DUPLICATE,
        },
        examples=[
            OpenApiExample("Deactivate", value={"active": False}, request_only=True),
            OpenApiExample("Narrow", value={"journal_pattern": "银行手续费", "days": 2}, request_only=True),
            OpenApiExample("Deactivated", value={**EXAMPLE_RULE, "active": False}, response_only=True),
        ],
    )
    def patch(self, request: Request, pk: int) -> Response:
        rule = _rule(request, pk)
        rule = match_rule_update(actor=request.user, rule_id=rule.pk, changes=_input(request, partial=True))
        return Response(MatchRuleSerializer(rule).data)

    @extend_schema(
        operation_id="match_rule_delete",
        parameters=[RULE_ID],
        responses={
            204: OpenApiResponse(description="Deleted (audited with what it was)."),
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
        # A 204 has no body to show: the examples are of the refusals.
        examples=[FORBIDDEN_EXAMPLE, error_example("No such rule", "not_found", "没有该规则。", 404)],
    )
    def delete(self, request: Request, pk: int) -> Response:
        rule = _rule(request, pk)
        match_rule_delete(actor=request.user, rule_id=rule.pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


NOT_PROPOSED = OpenApiResponse(
    ApiErrorSerializer, description="`not_proposed`: not a proposal (accepted or dismissed before)."
)
NOT_PROPOSED_EXAMPLE = error_example(
    "Decided before", "not_proposed", "该规则不是待确认的提议（已被接受或忽略）。", 409
)


class MatchRuleAccept(APIView):
    """Accept a learned name: the proposed alias becomes an active rule that later runs use."""

    @extend_schema(
        operation_id="match_rule_accept",
        parameters=[RULE_ID],
        request=None,
        responses={
            200: MatchRuleSerializer,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: NOT_PROPOSED,
        },
        examples=[
            OpenApiExample("Accepted", value={**EXAMPLE_ALIAS, "active": True, "proposed": False}, response_only=True),
            NOT_PROPOSED_EXAMPLE,
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        rule = _rule(request, pk)
        return Response(MatchRuleSerializer(match_rule_accept(actor=request.user, rule_id=rule.pk)).data)


class MatchRuleDismiss(APIView):
    """Dismiss a learned name: it stays as an inactive rule, so the same names are not proposed again."""

    @extend_schema(
        operation_id="match_rule_dismiss",
        parameters=[RULE_ID],
        request=None,
        responses={
            200: MatchRuleSerializer,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: NOT_PROPOSED,
        },
        examples=[
            OpenApiExample(
                "Dismissed", value={**EXAMPLE_ALIAS, "active": False, "proposed": False}, response_only=True
            ),
            NOT_PROPOSED_EXAMPLE,
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        rule = _rule(request, pk)
        return Response(MatchRuleSerializer(match_rule_dismiss(actor=request.user, rule_id=rule.pk)).data)


def preview_data(preview: Any) -> dict[str, Any]:
    def pair(p: Any) -> dict[str, Any]:
        return {
            "bank_lines": [line_row(b) for b in p.bank],
            "journal_entries": [line_row(j) for j in p.journal],
            "reasons": list(p.reasons),
            "warnings": p.warnings,
        }

    return {
        "rule_id": preview.rule.pk,
        "account_id": preview.account.pk,
        "date_from": preview.date_from,
        "date_to": preview.date_to,
        "bank_lines": preview.bank_lines,
        "journal_entries": preview.journal_entries,
        "matched_lines": preview.matched_lines,
        "warnings": preview.warnings,
        "pairs": [pair(p) for p in preview.pairs],
        "held_back": [pair(p) for p in preview.held_back],
        "why_none": preview.why_none,
    }


class MatchRulePreview(APIView):
    """A dry run: what the rule would have done to the account's lines of a period (default: the latest month with the
    account's bank lines, else last month; `date_from` and `date_to` say which was used), matched
    or not, with the account's other active rules as in a run. `pairs` are the groups it makes (for an alias, the
    groups it adds), each with `warnings`: `matched_differently` (a line is already matched with other lines) and
    `conflict` (without the rule the engine pairs a line otherwise) — a rule that would make a false match shows
    here. `held_back`: automatic matches a never-auto-match rule turns into suggestions. Nothing is stored."""

    @extend_schema(
        operation_id="match_rule_preview",
        parameters=[
            RULE_ID,
            OpenApiParameter(
                "account_id",
                int,
                OpenApiParameter.QUERY,
                description="Required for a company-wide rule; defaults to the rule's account.",
            ),
            OpenApiParameter(
                "date_from",
                OpenApiTypes.DATE,
                OpenApiParameter.QUERY,
                description="With date_to; without both, for an alias the latest month with lines naming it, else the "
                "latest month with the account's bank lines, else last month.",
            ),
            OpenApiParameter(
                "date_to",
                OpenApiTypes.DATE,
                OpenApiParameter.QUERY,
                description=f"At most {PREVIEW_MAX_DAYS} days after date_from.",
            ),
        ],
        responses={200: PreviewSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND, 503: ENGINE_ERROR},
        examples=[OpenApiExample("A false match caught", value=EXAMPLE_PREVIEW, response_only=True)],
    )
    def get(self, request: Request, pk: int) -> Response:
        rule = _rule(request, pk)
        form = PreviewQuerySerializer(data=request.query_params)
        form.is_valid(raise_exception=True)
        params = form.validated_data
        account_id = params.get("account_id") or rule.account_id
        if account_id is None:
            raise serializers.ValidationError(
                {"account_id": _("The rule holds for every account: give account_id, the account to try it on.")}
            )
        account = scoped(BankAccount.objects.all(), request, account_id, _("No such account."))
        if rule.account_id is not None and account.pk != rule.account_id:
            raise serializers.ValidationError({"account_id": _("The rule holds for another account.")})
        date_from, date_to = (
            (params["date_from"], params["date_to"])
            if "date_from" in params
            else alias_month(account, rule) or preview_month(account, _today())[:2]
        )
        data = preview_data(rule_preview(rule=rule, account=account, date_from=date_from, date_to=date_to))
        return Response(PreviewSerializer(data).data)


def _today() -> Any:
    from django.utils import timezone

    return timezone.localdate()
