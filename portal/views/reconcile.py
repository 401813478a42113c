"""The accountant's workbench: unmatched lines side by side, suggestions, matching runs, the 余额调节表.

Its changes (match, undo, close ...) are one view each in portal.views.workbench_actions, sharing the helpers here.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import Case, DecimalField, F, Sum, When
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ServiceError
from core.roles import Role, is_accountant_of, is_reviewer_of
from portal.permissions import roles_required
from portal.views.rates import rates_context
from reconcile.balances.reads import table_notices
from reconcile.models import BankAccount, Match, MatchRule, MatchRun, PeriodClose
from reconcile.parsers.amounts import parse_amount_text
from reconcile.parsers.errors import RowProblem
from reconcile.people import person_name
from reconcile.reasons import learned_names_read
from reconcile.render.adjustment_words import language_refusal, table_language
from reconcile.render.adjustment_xlsx import render_adjustment_xlsx
from reconcile.render.vouchers_file import render_vouchers_xlsx
from reconcile.selectors import get_scoped_or_404, scope_to_user
from reconcile.selectors.jobs import match_run_delayed
from reconcile.selectors.matching import (
    account_periods,
    closed_through,
    open_bank_lines,
    open_journal_entries,
    opening_items,
    review_pending_through,
    sides_without_files,
    suggestion_list,
)
from reconcile.selectors.review import latest_review, pending_reviews, period_signoff
from reconcile.selectors.vouchers import suggested_vouchers
from reconcile.services.adjustment import adjustment_pdf_render, adjustment_table_build
from reconcile.services.imports.opening import new_entry_token
from reconcile.services.review import review_required
from reconcile.vouchers import LAYOUTS, unknown_layout_message
from statements.calendar import beijing_day
from statements.selectors.answers import answer_draft_latest, statement_to_answer

accountants = roles_required(Role.ACCOUNTANT)
# The reviewer (复核人) sees what the accountant sees, to judge it; every change is refused to them by the services,
# which check the accountant role themselves, except approving or returning a period close.
reconcilers = roles_required(Role.ACCOUNTANT, Role.REVIEWER)


def scoped_account(request: HttpRequest, pk: int) -> BankAccount:
    """The account of that id in the user's scope; 404 for another customer's (shared with workbench_actions)."""
    return get_scoped_or_404(BankAccount.objects.select_related("customer"), request.user, pk=pk)


# Period ends a person can mean. Beyond them the downloads would also fail: an XLSX or ZIP cannot carry a date
# after 2107 (the ZIP format's limit), and the period end becomes the files' date.
FIRST_PERIOD, LAST_PERIOD = dt.date(1990, 1, 1), dt.date(2099, 12, 31)


def _parse_period(raw: str | None) -> dt.date | None:
    try:
        day = dt.date.fromisoformat(raw or "")
    except ValueError:
        return None
    return day if FIRST_PERIOD <= day <= LAST_PERIOD else None


def _period_refusal(raw: str) -> str:
    """Why a download was refused for its period: the value as typed (cut short) and what a period end is."""
    if not raw:
        return _("Choose a period end (YYYY-MM-DD).")
    return _("“%(value)s” is not a period end: give a date (YYYY-MM-DD) between %(first)s and %(last)s.") % {
        "value": raw[:40],
        "first": FIRST_PERIOD,
        "last": LAST_PERIOD,
    }


def download_period(request: HttpRequest, account: BankAccount) -> dt.date | HttpResponse:
    """The period end a download link names, or the way back to the workbench saying why there is none: a file is of
    the month asked for, never silently of another one."""
    raw = request.GET.get("period", "")
    period_end = _parse_period(raw)
    if period_end is None:
        messages.error(request, _period_refusal(raw))
        return redirect("portal:workbench", pk=account.pk)
    return period_end


def chosen_period(request: HttpRequest, account: BankAccount) -> dt.date:
    chosen = _parse_period(request.GET.get("period") or request.POST.get("period"))
    if chosen is not None:
        return chosen
    periods = account_periods(account)
    today = beijing_day(timezone.now())
    # The newest month with lines that has begun: a post-dated voucher (a journal may hold them) opened the workbench
    # on its month, years ahead, where nothing can be closed or submitted.
    begun = [period for period in periods if period.replace(day=1) <= today]
    if begun:
        return begun[0]
    if periods:
        # Every line is post-dated (only 远期支票 imported so far): the nearest month that has lines, the one the
        # accountant comes to next. The newest was opened, the furthest ahead; today's month would show an empty
        # workbench, as if the import had stored nothing.
        return periods[-1]
    # No line yet: the last month that has ended (a Beijing day), the first a file can be matched for; today was
    # offered, a day in a month not yet ended that is no period end.
    return today.replace(day=1) - dt.timedelta(days=1)


@reconcilers
def reconcile_home(request: HttpRequest) -> HttpResponse:
    accounts = scope_to_user(BankAccount.objects.select_related("customer"), request.user)
    return render(
        request,
        "portal/reconcile/home.html",
        {
            "accounts": accounts,
            "pending_reviews": pending_reviews(accounts) if request.user.has_role(Role.REVIEWER) else [],
            "is_accountant": request.user.has_role(Role.ACCOUNTANT),  # uploads and rules are the accountant's
            **rates_context(request, accounts),
        },
    )


# Lines shown per side and page: an account with thousands of open lines renders in pages, never all at once.
PAGE_SIZE = 100


def filtered_lines(queryset, params, prefix: str, request: HttpRequest | None = None):
    """The open lines of one side narrowed by the filter (`<prefix>_q` text, `<prefix>_amount`), not yet paged.

    ``params`` is request.GET on the page and request.POST when "select all matching the filter" is sent; a
    warning about an unreadable amount is given only on the page (``request``)."""
    text = params.get(f"{prefix}_q", "").strip()
    raw_amount = params.get(f"{prefix}_amount", "").strip()
    if raw_amount:
        try:
            amount = parse_amount_text(raw_amount)
        except RowProblem:
            amount = None
        if amount is None:
            if request is not None:
                messages.warning(
                    request,
                    _("The amount filter '%(value)s' is not an amount, so it was left out; write it like 1,234.56.")
                    % {"value": raw_amount[:40]},
                )
        else:
            queryset = queryset.filter(amount=abs(amount))  # lines keep amounts positive, with a direction
    if text:
        queryset = queryset.filter(summary__icontains=text) | queryset.filter(counterparty_name__icontains=text)
    return queryset


def _signed_total(queryset) -> Decimal:
    signed = Case(
        When(direction="in", then=F("amount")),
        default=-F("amount"),
        output_field=DecimalField(max_digits=20, decimal_places=2),
    )
    total = queryset.aggregate(total=Sum(signed))["total"] or Decimal("0")
    return Decimal(total).quantize(Decimal("0.01"))  # SQLite sums decimals without their cents


@dataclass(frozen=True)
class Side:
    """One side of the workbench: a page of open lines, how many match the filter, their signed sum, the links."""

    page: Page
    count: int
    total: Decimal
    query: str  # the page's GET parameters without this side's page number, ending with "&" when not empty

    def __iter__(self):  # the lines shown
        return iter(self.page.object_list)

    def __len__(self) -> int:
        return len(self.page.object_list)


def _side(queryset, request: HttpRequest, prefix: str) -> Side:
    paginator = Paginator(queryset, PAGE_SIZE)
    page = paginator.get_page(request.GET.get(f"{prefix}_page"))
    params = request.GET.copy()
    params.pop(f"{prefix}_page", None)
    query = params.urlencode()
    return Side(
        page=page,
        count=paginator.count,
        total=_signed_total(queryset) if paginator.count else Decimal("0.00"),
        query=f"{query}&" if query else "",
    )


@reconcilers
def workbench(request: HttpRequest, pk: int) -> HttpResponse:
    account = scoped_account(request, pk)
    period_end = chosen_period(request, account)
    bank = _side(filtered_lines(open_bank_lines(account, period_end), request.GET, "b", request), request, "b")
    journal = _side(filtered_lines(open_journal_entries(account, period_end), request.GET, "j", request), request, "j")
    through = closed_through(account)
    frozen = through is not None and period_end <= through
    # A period handed to the reviewer keeps its matches as submitted (the services refuse every change meanwhile).
    pending = review_pending_through(account)
    awaiting_review = not frozen and pending is not None and period_end <= pending
    offered = suggestion_list(account, period_end)
    suggestions = offered.rows
    try:
        table = adjustment_table_build(account=account, period_end=period_end)
        table_error, table_error_code = "", ""
    except ServiceError as exc:
        table, table_error, table_error_code = None, exc.message, exc.code
    notices = table_notices(account, period_end) if table is not None else []
    # The period's matches and the earlier ones, newest first: a later period's groups belong to its own page (in a
    # closed period's page they read as part of what was closed).
    matches = list(
        Match.objects.active()
        .filter(account=account, last_date__lte=period_end)
        .prefetch_related("links__bank_line", "links__journal_entry")
        .order_by("-created_at")[:50]
    )
    # Who set up the learned names the reasons name: one query for the page, not one per reason.
    learned = learned_names_read(
        reasons=[r for item in [*matches, *(row.suggestion for row in suggestions)] for r in item.reasons or ()],
        customer_id=account.customer_id,
    )
    totals = (
        {}
        if table is None
        else {
            key: sum((i.amount for i in getattr(table, key)), Decimal("0.00"))
            for key in ("journal_in_not_bank", "journal_out_not_bank", "bank_in_not_journal", "bank_out_not_journal")
        }
    )
    return render(
        request,
        "portal/reconcile/workbench.html",
        {
            "totals": totals,
            "account": account,
            "period_end": period_end,
            "periods": account_periods(account),
            "bank": bank,
            "journal": journal,
            "suggestions": suggestions,
            "suggestions_left": offered.left,  # beyond the rows listed too
            "table": table,
            "table_error": table_error,
            "table_error_code": table_error_code,
            "missing_sides": sides_without_files(account, period_end),
            "table_notices": notices,
            "matches": matches,
            "learned": learned,
            "closed_through": through,
            "frozen": frozen,
            "awaiting_review": awaiting_review,
            "pending_through": pending,  # each match is labelled by its own period: awaiting review up to here
            # A reviewer (复核人) sees the workbench and changes nothing: no action is offered (the services refuse).
            "read_only": frozen or awaiting_review or not is_accountant_of(request.user, account),
            "closed": PeriodClose.objects.in_force().filter(account=account, period_end=period_end).exists(),
            # The last run that reached this period (a run matches every line up to its own period end); one for an
            # earlier period never saw this one's lines.
            "last_run": MatchRun.objects.filter(account=account, period_end__gte=period_end).first(),
            "filters": request.GET,
            "kept_filters": [(name, request.GET[name][:100]) for name in KEPT_PARAMS if request.GET.get(name)],
            "opening_entry": new_entry_token(),  # one per showing of the form: sending it twice adds one item
            "opening_kept": _opening_kept(request, account),
            "opening_items": opening_items(account),
            **_review_context(request, account, period_end),
            "rule_proposals": MatchRule.objects.filter(customer_id=account.customer_id, proposed=True).count(),
            **_answer_context(request, account, period_end, table is not None),
        },
    )


def _answer_context(request: HttpRequest, account: BankAccount, period_end: dt.date, has_table: bool) -> dict:
    """ "Answer with this table": only for the accountant of an account with a statement open for answer here; with
    the answer already prepared for it, whose state the page shows (preparing again replaces it)."""
    if not has_table or not is_accountant_of(request.user, account):
        return {"to_answer": None, "prepared": None}
    to_answer = statement_to_answer(request.user, account.pk, period_end, beijing_day(timezone.now()))
    return {"to_answer": to_answer, "prepared": answer_draft_latest(to_answer) if to_answer else None}


def _review_context(request: HttpRequest, account: BankAccount, period_end: dt.date) -> dict:
    """Where the period's 复核 stands, and which of its buttons this user gets (the services check again)."""
    review = latest_review(account, period_end)
    return {
        "signoff": period_signoff(account, period_end),
        "review": review,
        "review_submitter": person_name(review.submitted_by) if review else "",
        "review_reviewer": person_name(review.reviewed_by) if review and review.reviewed_by else "",
        "review_required": review_required(account, request.user),
        "is_accountant": is_accountant_of(request.user, account),
        "is_reviewer": is_reviewer_of(request.user, account),
    }


# What the workbench keeps across an action: the filter and the pages of both sides.
KEPT_PARAMS = ("b_q", "b_amount", "j_q", "j_amount", "b_page", "j_page")


# Where workbench_actions.workbench_opening keeps a refused opening item's fields for the page it redirects to.
OPENING_KEPT = "workbench_opening_kept"


def _opening_kept(request: HttpRequest, account: BankAccount) -> dict:
    """The fields of an opening item refused just before, shown once again in the form; {} otherwise."""
    kept = request.session.pop(OPENING_KEPT, None)
    return kept if isinstance(kept, dict) and kept.get("account") == account.pk else {}


def back_to_workbench(account: BankAccount, period_end: dt.date, params=None):
    kept = QueryDict(mutable=True)
    kept["period"] = period_end.isoformat()
    for name in KEPT_PARAMS:
        value = (params or {}).get(name, "")
        if value:
            kept[name] = value[:100]
    # Back at the lists (not the top of the page), where the result of a match is shown and focus continues.
    return redirect(f"/reconcile/{account.pk}/?{kept.urlencode()}" + ("#lines" if params is not None else ""))


@accountants
def match_run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_scoped_or_404(MatchRun.objects.select_related("account"), request.user, pk=pk)
    return render(
        request,
        "portal/reconcile/run.html",
        {"run": run, "running": run.state in ("queued", "running"), "delayed": match_run_delayed(run)},
    )


def _in_file_name(account: BankAccount) -> str:
    """The account number as a file name carries it: a German BLZ/Kontonummer's slash would make a folder inside the
    ZIP (and a path in a download's name), so it becomes "-", as the API's downloads write it."""
    return account.number.replace("/", "-")


def _table_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    account = scoped_account(request, pk)
    period_end = download_period(request, account)
    if isinstance(period_end, HttpResponse):
        return period_end
    language = table_language(request.GET.get("language"))
    if language is None:
        messages.error(request, language_refusal(request.GET["language"]))
        return back_to_workbench(account, period_end)
    try:
        table = adjustment_table_build(account=account, period_end=period_end, prepared_by=person_name(request.user))
    except ServiceError as exc:
        messages.error(request, exc.message)
        return back_to_workbench(account, period_end)
    if fmt == "xlsx":
        data = render_adjustment_xlsx(table, language=language)
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        try:
            data, kind = adjustment_pdf_render(table=table, language=language), "application/pdf"
        except ServiceError as exc:  # a character no PDF font has (glyph_missing): named, not a 500
            messages.error(request, exc.message)
            return back_to_workbench(account, period_end)
    response = HttpResponse(data, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="adjustment-{_in_file_name(account)}-{period_end}.{fmt}"'
    return response


@reconcilers
def adjustment_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    return _table_file(request, pk, "xlsx")


@reconcilers
def adjustment_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _table_file(request, pk, "pdf")


@reconcilers
def vouchers_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The suggested vouchers for the bank's own fees and interest, as the ERP's import workbook."""
    account = scoped_account(request, pk)
    # A value that names nothing is said as such, never answered with another layout's or another month's file.
    period_end = download_period(request, account)
    if isinstance(period_end, HttpResponse):
        return period_end
    raw_layout = request.GET.get("layout", "kingdee")
    layout = LAYOUTS.get(raw_layout)
    if layout is None:
        messages.error(request, unknown_layout_message(raw_layout))
        return redirect(f"{reverse('portal:workbench', args=[account.pk])}?period={period_end}")
    vouchers, _left = suggested_vouchers(account=account, period_end=period_end)
    response = HttpResponse(
        render_vouchers_xlsx(vouchers, layout, preparer=person_name(request.user)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"vouchers-{layout.key}-{_in_file_name(account)}-{period_end}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@reconcilers
def adjustment_zip(request: HttpRequest) -> HttpResponse:
    """Every account of the user's company at one period end, XLSX and PDF, in one ZIP."""
    raw_period = request.GET.get("period", "")
    period_end = _parse_period(raw_period)
    if period_end is None:
        messages.error(request, _period_refusal(raw_period))
        return redirect("portal:reconcile")
    language = table_language(request.GET.get("language"))
    if language is None:
        messages.error(request, language_refusal(request.GET["language"]))
        return redirect("portal:reconcile")
    buf = io.BytesIO()
    skipped = []
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for account in scope_to_user(BankAccount.objects.select_related("customer"), request.user):
            try:
                table = adjustment_table_build(
                    account=account, period_end=period_end, prepared_by=person_name(request.user)
                )
            except ServiceError as exc:
                skipped.append(f"{account.number}: {exc.message}")
                continue
            stem = f"{_in_file_name(account)}-{period_end}"
            archive.writestr(f"{stem}.xlsx", render_adjustment_xlsx(table, language=language))
            try:
                pdf = adjustment_pdf_render(table=table, language=language)
                archive.writestr(f"{stem}.pdf", pdf)
            except ServiceError as exc:  # glyph_missing: the XLSX is there, the PDF says why not
                skipped.append(f"{account.number}.pdf: {exc.message}")
        if skipped:
            archive.writestr("README-skipped.txt", "\n".join(skipped) + "\n")
    response = HttpResponse(buf.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="adjustment-tables-{period_end}.zip"'
    return response
