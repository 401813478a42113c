"""The client's statement pages: list, statement (HTML + PDF), agree, disagree, approve, receipt, inquiry."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.errors import ServiceError
from core.roles import is_accountant_of, is_bank_staff
from portal.client_ip import client_address
from portal.forms import DisagreeForm, InquiryForm, NoteForm
from portal.links import statement_links
from portal.rows import ADJUSTED_LABEL, statement_rows
from portal.views.signing import SENT_NOTE, start_signing
from reconcile.models import BankAccount
from reconcile.selectors import scope_to_user
from reconcile.services.groups import may_answer
from statements.calendar import beijing_day
from statements.models import (
    OPEN_FOR_ANSWER,
    BalanceStatement,
    Confirmation,
    ConfirmationStatus,
    Decision,
    Dispute,
    DisputeNote,
    InquiryStatus,
    StatementStatus,
)
from statements.selectors import inquiries_for
from statements.selectors.answers import answer_draft_latest
from statements.selectors.answers import statement_detail as detail_of
from statements.selectors.page import (
    PageStatement,
    StatementListing,
    statement_page_reads,
    statement_visible,
)
from statements.services.answer_review import review_challenge_start
from statements.services.confirmations import confirmation_review, statement_mark_viewed, statement_open_check
from statements.services.disputes import dispute_note_add
from statements.services.receipts import receipt_pdf
from statements.services.reminders import inquiry_raise
from statements.services.statement_pdfs import statement_pdf_path

STATEMENTS_PER_PAGE = 25
INQUIRIES_SHOWN = 200  # a company raises a few a year; bank staff work them on the ops page


def _statement(request: HttpRequest, pk: int) -> BalanceStatement:
    statement = statement_visible(request.user, pk)
    if statement is None:
        raise Http404("No such statement.")
    return statement


def closed_for_answer(request: HttpRequest, statement: BalanceStatement) -> HttpResponse | None:
    """Back to the statement, saying why, when it can no longer be answered (an answer form would only be refused
    once filled in); None while it can."""
    try:
        statement_open_check(statement=statement)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("portal:statement-detail", pk=statement.pk)
    return None


def _remote(request: HttpRequest) -> str | None:
    return client_address(request)


@login_required
def statement_list(request: HttpRequest) -> HttpResponse:
    period = request.GET.get("period", "").strip()
    page = StatementListing(request.user, period).page(request.GET.get("page"), STATEMENTS_PER_PAGE)
    # A group user (its subsidiaries) and bank staff (every customer) see several companies' statements.
    with_company = bool(request.user.sees_all_customers or getattr(request.user, "has_group_grant", False))
    rows = statement_rows(page.object_list, with_company=with_company)
    return render(
        request,
        "portal/statement_list.html",
        {
            "page": page,
            "rows": rows,
            "with_company": with_company,
            # one string, not a template loop of 25 (each row is already escaped markup)
            "rows_html": mark_safe("".join(f"\n  {row}" for row in rows)),  # noqa: S308 - rows are SafeStrings
            "period": period,
            "page_query": f"{urlencode({'period': period})}&" if period else "",
            "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        },
    )


def _status_label(statement: PageStatement, answers: list) -> str:
    """The status in words; a statement confirmed by 调节后相符 says so (its status, ``confirmed``, reads "agreed")."""
    adjusted = any(a.status == ConfirmationStatus.FINAL and a.decision == Decision.AGREE_ADJUSTED for a in answers)
    if statement.status == StatementStatus.CONFIRMED and adjusted:
        return str(ADJUSTED_LABEL)
    return str(statement.get_status_display())


@login_required
def statement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    reads = statement_page_reads(request.user, pk)
    if reads is None:
        raise Http404("No such statement.")
    statement = reads.statement
    # Only a dispatched statement can become viewed; the service re-checks with a guarded UPDATE.
    if statement.status == StatementStatus.DISPATCHED and statement_mark_viewed(
        actor=request.user, statement_id=statement.pk
    ):
        statement.status = BalanceStatement.objects.values_list("status", flat=True).get(pk=statement.pk)
    # The agreement's days are Beijing days, whatever TIME_ZONE shows times in.
    today = beijing_day(timezone.now())
    open_now = statement.status in OPEN_FOR_ANSWER and statement.due_date is not None and today <= statement.due_date
    disputes = reads.disputes
    notes: Any = []  # the notes and their form are shown with the disputes only (most statements have none)
    if disputes:
        notes = DisputeNote.objects.filter(dispute__in=disputes).select_related("author").order_by("created_at")
        if not is_bank_staff(request.user):
            notes = notes.filter(internal=False)
    # Every answer in one query: the list shown, the pending one (at most one) and whether one is final.
    answers = reads.answers
    pending = next((a for a in answers if a.status == ConfirmationStatus.AWAITING_APPROVAL), None)
    return render(
        request,
        "portal/statement_detail.html",
        {
            "statement": statement,
            "links": statement_links(statement.pk),
            "days_left": (statement.due_date - today).days if statement.due_date else None,
            "can_answer": open_now and may_answer(request.user, statement.account) and not pending,
            "pending": pending,
            "can_review": pending
            and may_answer(request.user, statement.account)
            and pending.submitted_by_id != request.user.pk,
            "disputes": disputes,
            "notes": notes,
            "note_form": NoteForm() if disputes else None,
            "answers": answers,
            "versions": reads.versions,
            "has_final": any(a.status == ConfirmationStatus.FINAL for a in answers),
            "status_label": _status_label(statement, answers),
            "detail": detail_of(statement),
            "draft": answer_draft_latest(statement) if open_now and reads.has_draft else None,
            "can_prepare": open_now and not pending and is_accountant_of(request.user, statement.account),
            # A re-issued version says why: the bank's finding on the version it replaces.
            "reissue": Dispute.objects.filter(statement_id=statement.previous_id)
            .exclude(resolution="")
            .select_related("statement")
            .order_by("-resolved_at")
            .first()
            if statement.previous_id
            else None,
        },
    )


@login_required
def statement_pdf(request: HttpRequest, pk: int) -> FileResponse:
    statement = _statement(request, pk)
    return FileResponse(
        open(statement_pdf_path(statement), "rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"{statement.number}-v{statement.version}.pdf",
    )


@login_required
def statement_agree(request: HttpRequest, pk: int) -> HttpResponse:
    """GET shows the confirmation step; POST asks for the one-time code that signs 相符. Works without JavaScript."""
    statement = _statement(request, pk)
    if request.method == "POST":
        try:
            return start_signing(request, statement, decision="agree")
        except ServiceError as exc:
            messages.error(request, exc.message)
        return redirect("portal:statement-detail", pk=statement.pk)
    return closed_for_answer(request, statement) or render(
        request, "portal/statement_agree.html", {"statement": statement}
    )


# The codes of the answer refusals that name one field of the disagreement form.
_DISAGREE_FIELDS = {"bad_book_balance": "book_balance", "bad_reason": "reason"}


@login_required
def statement_disagree(request: HttpRequest, pk: int) -> HttpResponse:
    statement = _statement(request, pk)
    if request.method != "POST" and (closed := closed_for_answer(request, statement)):
        return closed
    form = DisagreeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            # The attachment is kept with the answer waiting for its code (the code signs it with the answer).
            with form.kept_attachment(statement) as attachment:
                return start_signing(
                    request,
                    statement,
                    decision="disagree",
                    book_balance=form.cleaned_data["book_balance"],
                    reason=form.cleaned_data["reason"],
                    attachment=attachment,
                )
        except ServiceError as exc:
            # A refused book balance or reason is said beside its field (marked invalid), not above the form.
            form.add_error(_DISAGREE_FIELDS.get(exc.code), exc.message)
    return render(request, "portal/statement_disagree.html", {"statement": statement, "form": form})


@login_required
def statement_review(request: HttpRequest, pk: int) -> HttpResponse:
    statement = _statement(request, pk)
    pending = Confirmation.objects.filter(statement=statement, status=ConfirmationStatus.AWAITING_APPROVAL).first()
    if request.method == "POST" and pending is not None:
        try:
            if request.POST.get("approve") == "1":  # the approval makes the answer count: signed with a code
                challenge, sent = review_challenge_start(actor=request.user, confirmation_id=pending.pk)
                if sent in SENT_NOTE:
                    messages.error(request, SENT_NOTE[sent])
                return redirect("portal:answer-sign", pk=challenge.pk)
            confirmation_review(actor=request.user, confirmation_id=pending.pk, approve=False)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Review recorded."))
    return redirect("portal:statement-detail", pk=statement.pk)


@login_required
def statement_note(request: HttpRequest, pk: int) -> HttpResponse:
    statement = _statement(request, pk)
    dispute = statement.disputes.order_by("-opened_at").first()
    form = NoteForm(request.POST or None)
    if request.method == "POST" and dispute is not None and form.is_valid():
        try:
            dispute_note_add(
                actor=request.user,
                dispute_id=dispute.pk,
                body=form.cleaned_data["body"],
                internal=form.cleaned_data.get("internal", False),
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
    return redirect("portal:statement-detail", pk=statement.pk)


@login_required
def statement_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    statement = _statement(request, pk)
    try:
        data = receipt_pdf(statement)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("portal:statement-detail", pk=statement.pk)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="receipt-{statement.number}-v{statement.version}.pdf"'
    return response


@login_required
def inquiry_new(request: HttpRequest) -> HttpResponse:
    accounts = scope_to_user(BankAccount.objects.all(), request.user)
    form = InquiryForm(request.POST or None, accounts=accounts)
    if request.method == "POST" and form.is_valid():
        try:
            inquiry = inquiry_raise(
                actor=request.user, account_id=form.cleaned_data["account"].pk, period=form.cleaned_data["period"]
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            if inquiry.in_time:
                messages.success(request, _("The bank was told; it answers by %(d)s.") % {"d": inquiry.answer_due})
            else:
                messages.warning(
                    request,
                    _(
                        "The bank was told and answers by %(d)s. Note: under the agreement the "
                        "statement counts as received when a client asks later than 2 working "
                        "days after the 5 allowed for delivery."
                    )
                    % {"d": inquiry.answer_due},
                )
            return redirect("portal:inquiry-new")
    # Where the client raises inquiries it also follows them and reads the bank's answers (the notice points here).
    return render(
        request,
        "portal/inquiry_form.html",
        {
            "form": form,
            "inquiries": inquiries_for(request.user)[:INQUIRIES_SHOWN],
            "with_company": bool(request.user.sees_all_customers or getattr(request.user, "has_group_grant", False)),
            "answered": InquiryStatus.ANSWERED,
        },
    )
