"""The accountant's matching rules in the workbench: list, create, edit, deactivate, delete, accept learned names,
and the preview ("this rule would have matched N lines last month"). The services check, store and audit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ServiceError
from core.numbers import plain_int
from core.roles import Role
from portal.permissions import roles_required
from reconcile.models import BankAccount, MatchRule, RuleKind
from reconcile.reasons import learned_names_read
from reconcile.selectors import get_scoped_or_404, scope_to_user
from reconcile.selectors.rules import (
    PREVIEW_MAX_DAYS,
    alias_month,
    last_month,
    newest_lines_account,
    preview_month,
)
from reconcile.services.rule_preview import rule_preview
from reconcile.services.rules import (
    match_rule_accept,
    match_rule_create,
    match_rule_delete,
    match_rule_dismiss,
    match_rule_update,
)

accountants = roles_required(Role.ACCOUNTANT)
FORM_FIELDS = (
    "kind",
    "account_id",
    "name",
    "priority",
    "pattern",
    "journal_pattern",
    "target",
    "direction",
    "min_amount",
    "max_amount",
    "days",
)


def _fields(request: HttpRequest) -> dict[str, Any]:
    fields: dict[str, Any] = {name: request.POST.get(name, "").strip() for name in FORM_FIELDS}
    fields["active"] = request.POST.get("active") == "on"
    for number in ("priority", "days"):
        if fields[number] == "":
            fields[number] = 100 if number == "priority" else 0
    return fields


def _page(
    request: HttpRequest, form: dict[str, Any], editing: MatchRule | None = None, status: int = 200
) -> HttpResponse:
    rules = scope_to_user(MatchRule.objects.select_related("account"), request.user).order_by("priority", "pk")
    accounts = scope_to_user(BankAccount.objects.all(), request.user)
    return render(
        request,
        "portal/reconcile/rules.html",
        {
            "rules": [r for r in rules if not r.proposed],
            "proposals": [r for r in rules if r.proposed],
            "accounts": accounts,
            "kinds": RuleKind.choices,
            "form": form,
            "editing": editing,
            "month": last_month(timezone.localdate()),
        },
        status=status,
    )


BLANK = {"kind": "match", "priority": 100, "days": 0, "active": True}


@accountants
def rules_page(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        fields = _fields(request)
        try:
            match_rule_create(actor=request.user, fields=fields)
        except ServiceError as exc:
            messages.error(request, exc.message)
            return _page(request, fields, status=400)
        messages.success(request, _("Rule saved."))
        return redirect("portal:match-rules")
    return _page(request, BLANK)


def _rule(request: HttpRequest, pk: int) -> MatchRule:
    return get_scoped_or_404(MatchRule.objects.select_related("account"), request.user, pk=pk)


@accountants
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rule = _rule(request, pk)
    if request.method == "POST":
        fields = _fields(request)
        try:
            match_rule_update(actor=request.user, rule_id=rule.pk, changes=fields)
        except ServiceError as exc:
            messages.error(request, exc.message)
            return _page(request, fields, editing=rule, status=400)
        messages.success(request, _("Rule saved."))
        return redirect("portal:match-rules")
    # A learned name without a name of its own shows an empty name (its label is the page's, not stored data).
    form = {name: getattr(rule, name) for name in FORM_FIELDS} | {"active": rule.active, "name": rule.own_name}
    return _page(request, form, editing=rule)


@accountants
def rule_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Deactivate, activate, delete, accept or dismiss one rule (POST ``action``)."""
    rule = _rule(request, pk)
    if request.method != "POST":
        return redirect("portal:match-rules")
    action = request.POST.get("action", "")
    try:
        if action in ("activate", "deactivate"):
            match_rule_update(actor=request.user, rule_id=rule.pk, changes={"active": action == "activate"})
            messages.success(request, _("Rule activated.") if action == "activate" else _("Rule deactivated."))
        elif action == "delete" and request.POST.get("confirm") != "yes":
            # Deleting cannot be undone (Deactivate can): the page asks first.
            return render(request, "portal/reconcile/rule_delete.html", {"rule": rule})
        elif action == "delete":
            match_rule_delete(actor=request.user, rule_id=rule.pk)
            messages.success(request, _("Rule deleted."))
        elif action == "accept":
            match_rule_accept(actor=request.user, rule_id=rule.pk)
            messages.success(request, _("Learned name accepted: later matching runs treat the two names as one."))
        elif action == "dismiss":
            match_rule_dismiss(actor=request.user, rule_id=rule.pk)
            messages.success(request, _("Learned name dismissed; it will not be proposed again."))
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("portal:match-rules")


def _day(raw: str | None, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(raw or "")
    except ValueError:
        return default


@accountants
def rule_preview_page(request: HttpRequest, pk: int) -> HttpResponse:
    rule = _rule(request, pk)
    accounts = scope_to_user(BankAccount.objects.all(), request.user)
    account = rule.account
    chosen = plain_int(request.GET.get("account", ""))
    if account is None and chosen is not None:
        account = get_scoped_or_404(BankAccount.objects.all(), request.user, pk=chosen)
    if account is None:  # a company-wide rule: tried on the account with the newest lines until another is chosen
        account = newest_lines_account(accounts)
    # No dates chosen: the latest month with the account's bank lines (else last month), said on the page.
    first, last, from_lines = (
        preview_month(account, timezone.localdate()) if account else (*last_month(timezone.localdate()), False)
    )
    named = alias_month(account, rule) if account else None  # an alias: the latest month with lines naming it
    if named is not None:
        first, last = named
    chosen = bool(request.GET.get("date_from") or request.GET.get("date_to"))
    date_from, date_to = _day(request.GET.get("date_from"), first), _day(request.GET.get("date_to"), last)
    if not 0 <= (date_to - date_from).days < PREVIEW_MAX_DAYS:
        messages.error(
            request,
            _("Choose a period of at most %(n)s days, its end on or after its start.") % {"n": PREVIEW_MAX_DAYS},
        )
        date_from, date_to, chosen = first, last, False
    engine_failed = False
    try:
        preview = rule_preview(rule=rule, account=account, date_from=date_from, date_to=date_to) if account else None
    except ServiceError as exc:  # the engine failed on these lines: said on the page, the rule unchanged
        messages.error(request, exc.message)
        preview, engine_failed = None, True
    learned = learned_names_read(
        reasons=[r for pair in (preview.pairs if preview else ()) for r in pair.reasons or ()],
        customer_id=account.customer_id if account else None,
    )
    return render(
        request,
        "portal/reconcile/rule_preview.html",
        {
            "rule": rule,
            "accounts": accounts,
            "account": account,
            "date_from": date_from,
            "date_to": date_to,
            "engine_failed": engine_failed,
            "preview": preview,
            "learned": learned,
            # which month a preview without dates used, and why: "lines" (the newest with lines) or "last_month"
            "default_month": None
            if chosen
            else ("names" if named is not None else "lines" if from_lines else "last_month"),
        },
    )
