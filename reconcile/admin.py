"""Admin for the books. Saves go through the services so they are validated and audited."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reconcile.models import AccountStatus, BankAccount, Customer, GroupGrant
from reconcile.services.books import (
    bank_account_classify,
    bank_account_create,
    bank_account_set_status,
    bank_account_update,
    customer_create,
    customer_update,
)
from reconcile.services.groups import customer_parent_set, customer_signed_answers_set, group_grant_withdraw


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["legal_name", "credit_code", "created_at"]
    search_fields = ["legal_name", "credit_code"]

    def get_readonly_fields(self, request: HttpRequest, obj: Customer | None = None) -> list[str]:
        return ["credit_code"] if obj else []

    def save_model(self, request, obj, form, change) -> None:
        if change:
            saved = customer_update(actor=request.user, customer_id=obj.pk, legal_name=obj.legal_name)
        else:
            saved = customer_create(actor=request.user, legal_name=obj.legal_name, credit_code=obj.credit_code)
        obj.pk = saved.pk
        # The group and the signed-answers setting change through their audited services too.
        if "parent" in form.changed_data:
            customer_parent_set(
                actor=request.user,
                credit_code=saved.credit_code,
                parent_credit_code=obj.parent.credit_code if obj.parent else None,
            )
        if "require_signed_answers" in form.changed_data:
            customer_signed_answers_set(
                actor=request.user, credit_code=saved.credit_code, required=obj.require_signed_answers
            )

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # customers are never deleted; their history must stay readable


class BankAccountForm(forms.ModelForm):
    """The service's refusals as form errors (a message on the field, never a 500)."""

    class Meta:
        model = BankAccount
        fields = [
            "number",
            "currency",
            "customer",
            "branch",
            "status",
            "status_since",
            "account_type",
            "risk_tier",
            "opened_on",
        ]

    def clean(self) -> dict:
        data = super().clean() or {}
        since = data.get("status_since")
        if since and since > timezone.localdate():
            self.add_error(
                "status_since",
                _("The status date %(value)s is in the future; a status takes effect on a past day or today.")
                % {"value": since.isoformat()},
            )
        if (
            self.instance.pk
            and self.instance.status == AccountStatus.CLOSED
            and data.get("status") not in (None, AccountStatus.CLOSED)
        ):
            self.add_error(
                "status",
                _("Account %(number)s is closed; a closed account cannot be reopened.")
                % {"number": self.instance.number},
            )
        return data


@admin.register(BankAccount)
class BankAccountAdmin(admin.ModelAdmin):
    form = BankAccountForm
    list_display = ["number", "currency", "customer", "branch", "status", "status_since", "account_type", "risk_tier"]
    list_filter = ["status", "risk_tier", "account_type", "currency"]
    search_fields = ["number", "customer__legal_name"]
    list_select_related = ["customer"]

    def get_readonly_fields(self, request: HttpRequest, obj: BankAccount | None = None) -> list[str]:
        return ["number", "currency", "customer"] if obj else []

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            saved = bank_account_create(
                actor=request.user,
                customer=obj.customer,
                number=obj.number,
                branch=obj.branch,
                currency=obj.currency,
                status=obj.status,
                opened_on=obj.opened_on,
            )
            obj.pk = saved.pk
            if obj.status_since:
                bank_account_set_status(
                    actor=request.user, account_id=saved.pk, status=obj.status, since=obj.status_since
                )
            bank_account_classify(
                actor=request.user, account_id=saved.pk, risk_tier=obj.risk_tier, account_type=obj.account_type
            )
            return
        if "branch" in form.changed_data:
            bank_account_update(actor=request.user, account_id=obj.pk, branch=obj.branch)
        if {"status", "status_since"} & set(form.changed_data):
            # A status changed without a date takes effect today, not on the date of the status before.
            since = obj.status_since if "status_since" in form.changed_data else None
            bank_account_set_status(actor=request.user, account_id=obj.pk, status=obj.status, since=since)
        if {"risk_tier", "account_type"} & set(form.changed_data):
            bank_account_classify(
                actor=request.user, account_id=obj.pk, risk_tier=obj.risk_tier, account_type=obj.account_type
            )

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # accounts are closed, never deleted


@admin.register(GroupGrant)
class GroupGrantAdmin(admin.ModelAdmin):
    """Group users' grants (集团): made with ``manage.py group_grant`` on a written authorisation; withdrawn here."""

    list_display = ["user", "subsidiary", "authorisation", "granted_at", "withdrawn_at"]
    list_select_related = ["user", "subsidiary"]
    search_fields = ["user__username", "subsidiary__legal_name", "subsidiary__credit_code"]
    readonly_fields = [
        "user",
        "subsidiary",
        "authorisation",
        "granted_by",
        "granted_at",
        "withdrawn_by",
        "withdrawn_at",
    ]
    actions = ["withdraw"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=gettext_lazy("Withdraw the selected grants"))
    def withdraw(self, request, queryset) -> None:
        for grant in queryset.filter(withdrawn_at=None).select_related("user", "subsidiary"):
            group_grant_withdraw(
                actor=request.user, user=grant.user, subsidiary_credit_code=grant.subsidiary.credit_code
            )
