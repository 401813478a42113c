"""Bank operations: accounts companies registered themselves by uploading a file, and reassigning one."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.errors import ServiceError
from core.roles import Role
from portal.forms import ReassignForm
from portal.permissions import roles_required
from reconcile.models import BankAccount
from reconcile.selectors.accounts import accounts_registered_by_companies, company_lines_on, company_registrations
from statements.services.account_reassign import bank_account_reassign

ops_only = roles_required(Role.BANK_OPS)


@ops_only
def accounts_registered(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/ops/accounts_registered.html", {"rows": accounts_registered_by_companies()})


@ops_only
def account_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_object_or_404(BankAccount.objects.select_related("customer"), pk=pk)
    form = ReassignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = bank_account_reassign(
                actor=request.user,
                account_id=account.pk,
                credit_code=form.cleaned_data["credit_code"],
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            holder = result.account.customer.legal_name if result.account.customer else _("the bank (no customer)")
            messages.success(
                request,
                _(
                    "Account %(number)s now belongs to %(holder)s: %(lines)s of the previous holder's uploads withdrawn, %(matches)s undone."
                )
                % {
                    "number": account.number,
                    "holder": holder,
                    "lines": ngettext("%(n)s line", "%(n)s lines", result.lines_retired) % {"n": result.lines_retired},
                    "matches": ngettext("%(n)s match", "%(n)s matches", result.matches_undone)
                    % {"n": result.matches_undone},
                },
            )
            return redirect("portal:account-detail", pk=account.pk)
    bank_lines, journal_entries = company_lines_on(account)
    return render(
        request,
        "portal/ops/account_reassign.html",
        {
            "account": account,
            "form": form,
            "registration": company_registrations([account.pk]).get(account.pk),
            "bank_lines": bank_lines,
            "journal_entries": journal_entries,
        },
    )
