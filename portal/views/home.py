"""Pages. Thin: read through selectors, write through services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.errors import ServiceError
from core.roles import can_answer
from portal.forms import ChangeRequestForm
from portal.models import Role
from reconcile.balances.reads import gaps_of_accounts
from reconcile.models import BankAccount, Customer, Import
from reconcile.selectors import get_scoped_or_404, scope_to_user
from reconcile.selectors.review import pending_reviews, returned_reviews
from statements.models import StatementRun
from statements.selectors import statements_for
from statements.services.change_requests import FIELDS as CHANGE_FIELDS
from statements.services.change_requests import change_request_submit


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers, feed readers and bookmarks ask for whatever the page links: the portal's SVG icon.
    A temporary redirect, cached for a day: in production the icon's address carries its hash and changes with it."""
    response = HttpResponseRedirect(static("portal/favicon.svg"))
    patch_cache_control(response, public=True, max_age=86400)
    return response


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    accounts = scope_to_user(BankAccount.objects.select_related("customer"), user)
    to_answer = (
        list(statements_for(user).open_for_answer().select_related("account__customer").order_by("due_date")[:20])
        if not user.sees_all_customers
        else []
    )
    context = {
        "roles": sorted(user.roles),
        "role_labels": [Role(r).label for r in sorted(user.roles)],
        "is_bank": user.sees_all_customers,
        "is_accountant": user.has_role(Role.ACCOUNTANT),
        "is_client": bool(user.roles & {Role.CLIENT_VIEWER, Role.CLIENT_CONFIRMER}),
        "account_count": accounts.count(),
        "customer_count": scope_to_user(Customer.objects.all(), user).count(),
        "recent_accounts": accounts[:5],
        "to_answer": to_answer,
        # A group user answers for several companies: each row says whose statement it is.
        "several_companies": len({st.account.customer_id for st in to_answer}) > 1,
        # A reviewer (复核人) is told on arrival what waits for their approval.
        "pending_reviews": pending_reviews(accounts) if user.has_role(Role.REVIEWER) else [],
        # ... and an accountant what a reviewer sent back, with the note saying what to fix.
        "returned_reviews": returned_reviews(accounts) if user.has_role(Role.ACCOUNTANT) else [],
        # What each role worked on last, so the home page shows it instead of an empty state.
        "recent_runs": StatementRun.objects.order_by("-period_end")[:3] if user.sees_all_customers else [],
        "recent_imports": scope_to_user(Import.objects.select_related("account"), user).order_by("-created_at")[:5]
        if user.has_role(Role.ACCOUNTANT)
        else [],
        # Missing or out-of-date files, before month end rather than when the table is refused.
        "gaps": gaps_of_accounts(list(accounts)) if user.has_role(Role.ACCOUNTANT) else [],
    }
    return render(request, "portal/home.html", context)


@login_required
def account_list(request: HttpRequest) -> HttpResponse:
    accounts = scope_to_user(BankAccount.objects.select_related("customer"), request.user)
    return render(request, "portal/account_list.html", {"accounts": accounts})


@login_required
def account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_scoped_or_404(BankAccount.objects.select_related("customer"), request.user, pk=pk)
    agreement = account.agreements.current().first()
    # Where the statements go is the confirmer's to change (statements.services.change_requests).
    if request.method == "POST" and not can_answer(request.user, account):
        raise PermissionDenied
    can_request = agreement is not None and can_answer(request.user, account)
    initial = {f: getattr(agreement, f) for f in CHANGE_FIELDS} if agreement else {}
    form = ChangeRequestForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and can_request and form.is_valid():
        try:
            with form.kept_written_request(account) as written_request:
                change_request_submit(
                    actor=request.user,
                    account_id=account.pk,
                    written_request=written_request,
                    **{f: form.cleaned_data[f] for f in CHANGE_FIELDS},
                )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your change request was sent; it applies once the bank approves it."))
            return redirect("portal:account-detail", pk=account.pk)
    return render(
        request,
        "portal/account_detail.html",
        {
            "account": account,
            "agreement": agreement,
            "form": form,
            "can_request": can_request,
            "history": account.agreements.order_by("-valid_from"),
            "requests": account.change_requests.order_by("-requested_at")[:10],
        },
    )
