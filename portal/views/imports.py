"""Upload and import history pages (accountants and bank operations)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.errors import ServiceError
from portal.account_fields import AccountChoiceForm, account_label
from portal.forms import ImportUploadForm, MappingProfileForm
from portal.permissions import UPLOADERS, roles_required
from reconcile.balances.reads import import_gaps, import_notices
from reconcile.import_messages import error_rows, import_message
from reconcile.models import Import, ImportStatus
from reconcile.parsers.headers import FIELDS
from reconcile.selectors import get_scoped_or_404, scope_to_user
from reconcile.selectors.account_search import QUERY_MAX, RESULTS_MAX, accounts_matching, accounts_usable_by
from reconcile.selectors.jobs import import_delayed
from reconcile.selectors.profiles import profiles_visible_to, remembered_account
from reconcile.services.imports import import_start
from reconcile.services.imports.choose import NEEDS_ACCOUNT, import_account_choose, waits_for_account
from reconcile.services.profiles import mapping_profile_save, parse_mapping_text
from reconcile.services.withdraw import import_withdraw


@roles_required(*UPLOADERS)
def import_upload(request: HttpRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None, accounts=accounts_usable_by(request.user))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            record = import_start(
                actor=request.user,
                kind=form.cleaned_data["kind"],
                data=upload.read(),
                filename=upload.name,
                account_number=form.cleaned_data["account"],
                profile_name=form.cleaned_data["profile"],
                customer=request.user.customer,
                source="upload",
            )
        except ServiceError as exc:
            form.add_error(_refused_field(form, exc.code), exc.message)
        else:
            # No note here: written now, it would still say "being checked" above an import that has already
            # finished (refused or imported); the import's page says where it stands.
            return redirect("portal:import-detail", pk=record.pk)
    return render(request, "portal/import_upload.html", {"form": form})


# Refusals about what was typed or chosen beside the file, shown beside that field (and marked invalid there), not
# under the file: the file itself was never read.
_ACCOUNT_REFUSALS = frozenset({"bad_account", "account_not_registered"})


def _refused_field(form: ImportUploadForm, code: str | None) -> str:
    if code == "unknown_profile":
        return "profile"
    if code in _ACCOUNT_REFUSALS:
        typed = form.offered and (form.cleaned_data.get("account_number") or "").strip()
        return "account_number" if typed else "account"
    return "file"


@roles_required(*UPLOADERS)
def account_search(request: HttpRequest) -> JsonResponse:
    """The user's accounts matching ``q`` (number fragment, company name, branch), at most RESULTS_MAX, as JSON for
    the upload forms' search box. A query longer than QUERY_MAX is a 400 naming the limit."""
    query = request.GET.get("q", "")
    if len(query) > QUERY_MAX:
        return JsonResponse(
            {
                "code": "query_too_long",
                "message": _("Type at most %(n)s characters to search for an account.") % {"n": QUERY_MAX},
            },
            status=400,
        )
    found = accounts_matching(user=request.user, query=query, limit=RESULTS_MAX + 1)
    shown = found[:RESULTS_MAX]
    return JsonResponse(
        {
            "accounts": [
                {
                    "number": account.number,
                    "currency": account.currency,
                    "company": account.customer.legal_name if account.customer_id else "",
                    "branch": account.branch,
                    "label": account_label(account),
                }
                for account in shown
            ],
            "more": len(found) > RESULTS_MAX,
        },
        json_dumps_params={"ensure_ascii": False},
    )


@roles_required(*UPLOADERS)
def import_list(request: HttpRequest) -> HttpResponse:
    imports = list(scope_to_user(Import.objects.select_related("account", "uploaded_by"), request.user)[:200])
    return render(
        request,
        "portal/import_list.html",
        {"imports": imports, "delayed": {record.pk for record in imports if import_delayed(record)}},
    )


@roles_required(*UPLOADERS)
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_scoped_or_404(Import.objects.select_related("account", "uploaded_by"), request.user, pk=pk)
    return _detail(request, record, _account_form(request, record, None))


def _account_form(request: HttpRequest, record: Import, data) -> AccountChoiceForm | None:
    """The account choice a refused file that does not name its account is offered, with the account the user chose
    last time for a file of its layout first; None for any other import."""
    if not waits_for_account(record):
        return None
    remembered = remembered_account(user=request.user, kind=record.kind, layout=record.layout)
    return AccountChoiceForm(data, accounts=accounts_usable_by(request.user), remembered=remembered)


@roles_required(*UPLOADERS)
def import_choose_account(request: HttpRequest, pk: int) -> HttpResponse:
    """Import a refused file that does not name its account again, from the kept file, into the account chosen."""
    record = get_scoped_or_404(Import.objects.select_related("account", "uploaded_by"), request.user, pk=pk)
    if request.method != "POST":
        return redirect("portal:import-detail", pk=record.pk)
    form = _account_form(request, record, request.POST)
    if form is None:
        messages.error(request, _("This import is not waiting for an account."))
        return redirect("portal:import-detail", pk=record.pk)
    if form.is_valid():
        try:
            created = import_account_choose(
                actor=request.user, import_id=record.pk, account_number=form.cleaned_data["account"]
            )
        except ServiceError as exc:
            form.add_error("account", exc.message)
        else:
            return redirect("portal:import-detail", pk=created.pk)
    return _detail(request, record, form)


def _detail(request: HttpRequest, record: Import, account_form: AccountChoiceForm | None) -> HttpResponse:
    return render(
        request,
        "portal/import_detail.html",
        {
            "account_form": account_form,
            "record": record,
            "pending": record.status == ImportStatus.PENDING and record.given_up_at is None,
            "delayed": import_delayed(record),
            "more_errors": max(0, record.error_count - len(record.errors)),
            # Stored as facts, shown in the reader's language (imports stored before facts existed: as written).
            "summary": _waiting_summary(record) if account_form is not None else import_message(record),
            # The refusal "no account" is what the choice below answers: not a row to fix in the file.
            "errors": [row for row in error_rows(record) if account_form is None or row["code"] != NEEDS_ACCOUNT],
            "gaps": import_gaps(record),
            "notices": import_notices(record),
        },
    )


def _waiting_summary(record: Import) -> str:
    """The summary of a kept file that waits for its account: what to do on this page. The stored refusal says "upload
    it again", true for the command and the API, which have no such choice, but not here."""
    masked = next(
        (
            error["reason"]["params"].get("number")
            for error in record.errors
            if isinstance(error, dict)
            and error.get("code") == NEEDS_ACCOUNT
            and isinstance(error.get("reason"), dict)
            and error["reason"].get("key") == "import.masked_account"
        ),
        None,
    )
    if masked:
        return _(
            "The file shows its account only masked (%(number)s): choose the account below to import the kept file; "
            "there is no need to upload it again."
        ) % {"number": masked}
    return _(
        "The file does not say which account it is for: choose the account below to import the kept file; there is "
        "no need to upload it again."
    )


@roles_required(*UPLOADERS)
def import_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_scoped_or_404(Import.objects.all(), request.user, pk=pk)
    if request.method == "POST":
        try:
            import_withdraw(actor=request.user, import_id=record.pk, reason=request.POST.get("reason", ""))
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _(
                    "The file was withdrawn: its lines no longer count and their matches are "
                    "undone. Upload the right file now."
                ),
            )
    return redirect("portal:import-detail", pk=record.pk)


@roles_required(*UPLOADERS)
def profile_list(request: HttpRequest) -> HttpResponse:
    form = MappingProfileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            columns = parse_mapping_text(data["columns"], field_name="columns", allowed=set(FIELDS))
            flags = parse_mapping_text(data["flag_values"], field_name="flag_values")
            profile = mapping_profile_save(
                actor=request.user,
                name=data["name"],
                kind=data["kind"],
                columns=columns,
                flag_values=flags,
                header_row=data["header_row"],
                year=data["year"],
                customer=request.user.customer,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request,
                _("Mapping profile %(name)s saved; uploads with these headers will use it.") % {"name": profile.name},
            )
            return redirect("portal:profiles")
    return render(
        request,
        "portal/profile_list.html",
        {"form": form, "profiles": profiles_visible_to(request.user), "fields": FIELDS},
    )
