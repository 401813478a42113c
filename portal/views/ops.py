"""Bank operations: dashboard, publishing with progress, onboarding uploads, disputes, paper mail, SMS, inquiries."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.errors import ServiceError
from core.numbers import plain_int
from core.roles import Role
from portal.charts import bar_chart
from portal.forms import NoteForm, PublishForm, ResolveForm, UploadFileForm
from portal.permissions import roles_required
from reconcile.selectors.jobs import delayed_imports, delayed_match_runs, given_up_imports, given_up_match_runs
from statements.models import (
    BalanceCorrection,
    BalanceStatement,
    CorrectionStatus,
    Dispute,
    DisputeStatus,
    InquiryStatus,
    NonReceiptInquiry,
    PaperBatch,
    SmsMessage,
    SmsStatus,
    StatementRun,
    StatementStatus,
)
from statements.render.rates_xlsx import render_rates_xlsx
from statements.reports import disputes_by_age, open_inquiries_overdue, return_rates
from statements.selectors import calendar_schedule_warnings, workday_calendar
from statements.selectors.answers import bank_feed_start, items_for_review, statement_detail
from statements.selectors.outbox import WAITING_MAX, waiting_messages, waiting_reason
from statements.selectors.runs import (
    given_up_pdfs,
    given_up_runs,
    run_deadlines,
    run_deadlines_of,
    stale_paper_pdfs,
    stalled_run_ids,
)
from statements.services.balances import balances_import
from statements.services.corrections import balance_correction_reissue
from statements.services.disputes import dispute_note_add, dispute_resolve, dispute_take
from statements.services.jobs import given_up_job_retry
from statements.services.onboarding import agreements_import
from statements.services.onboarding.columns import ALIASES, REQUIRED
from statements.services.paper import paper_batch_create, paper_batch_mark_posted
from statements.services.publishing import statement_run_preview, statement_run_start
from statements.services.reminders import inquiry_answer

ops_only = roles_required(Role.BANK_OPS)
DELAYED_SHOWN = 20


def _posted_id(request: HttpRequest, name: str) -> int:
    """The id a form posts back (a hidden field); a missing or mangled one is refused like a stale page."""
    value = plain_int(request.POST.get(name, ""))
    if value is None or value >= 10**18:  # no id of ours has 19 digits: a mangled field
        raise ServiceError(
            _("The form was incomplete or out of date; reload the page and try again."), code="bad_request"
        )
    return value


@ops_only
def dashboard(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    today = timezone.localdate(now)
    rates = return_rates(by_branch=False)
    by_branch = return_rates(by_branch=True)
    chart = bar_chart(
        [(_("%(period)s returned") % {"period": r.period}, 100 * r.return_rate, "ok") for r in rates[:8]]
        + [
            (_("%(period)s agreed after adjustment") % {"period": r.period}, 100 * r.adjusted_rate, "ok")
            for r in rates[:8]
        ]
        + [(_("%(period)s deemed") % {"period": r.period}, 100 * r.deemed_rate, "warn") for r in rates[:8]],
        title=_("Return rate and deemed rate by period"),
    )
    ages = disputes_by_age(today)
    # The age is counted in calendar days since the dispute was opened (statements.reports.disputes_by_age).
    days = {"0-2": _("0-2 days"), "3-5": _("3-5 days"), "6-10": _("6-10 days"), ">10": _("over 10 days")}
    age_chart = bar_chart(
        [(days.get(label, label), n, "bad") for label, n in ages],
        unit="",
        decimals=0,
        scale=max([n for _, n in ages] + [1]),
        title=_("Open disputes by age (calendar days since opened)"),
    )
    return render(
        request,
        "portal/ops/dashboard.html",
        {
            "runs": run_deadlines(today),
            "rates": rates,
            "by_branch": by_branch,
            "chart": mark_safe(chart),
            "age_chart": mark_safe(age_chart),
            "ages": ages,
            "inquiries_overdue": open_inquiries_overdue(today),
            "failed_sms": SmsMessage.objects.filter(status=SmsStatus.FAILED).count(),
            "calendar_warning": workday_calendar().missing_year_warning(today),
            "schedule_warnings": calendar_schedule_warnings(today),
            "open_disputes": Dispute.objects.exclude(status=DisputeStatus.RESOLVED).count(),
            "corrections": BalanceCorrection.objects.filter(status=CorrectionStatus.OPEN).select_related(
                "statement", "statement__account", "statement__account__customer"
            )[:200],
            "stalled": stalled_run_ids(now),
            **_delayed_jobs(now),
        },
    )


def _delayed_jobs(now: dt.datetime) -> dict:
    """Queued work nothing finished in time (the job watchdog queues it again): the oldest first; and the work it
    gave up on after JOBS_MAX_REQUEUES attempts, which needs a person."""
    imports = delayed_imports(now).select_related("account", "customer").order_by("created_at")
    runs = delayed_match_runs(now).select_related("account").order_by("created_at")
    pdfs = stale_paper_pdfs(now).select_related("account", "paper_batch").order_by("pk")
    given_up = {
        "given_up_imports": given_up_imports().select_related("account").order_by("given_up_at")[:DELAYED_SHOWN],
        "given_up_match_runs": given_up_match_runs().select_related("account").order_by("given_up_at")[:DELAYED_SHOWN],
        "given_up_runs": given_up_runs().order_by("given_up_at")[:DELAYED_SHOWN],
        "given_up_pdfs": given_up_pdfs().select_related("account").order_by("pdf_given_up_at")[:DELAYED_SHOWN],
    }
    return {
        "delayed_imports": imports[:DELAYED_SHOWN],
        "delayed_imports_count": imports.count(),
        "delayed_match_runs": runs[:DELAYED_SHOWN],
        "delayed_match_runs_count": runs.count(),
        "delayed_pdfs": pdfs[:DELAYED_SHOWN],
        "delayed_pdfs_count": pdfs.count(),
        "given_up_any": any(len(rows) for rows in given_up.values()),
        "max_requeues": settings.JOBS_MAX_REQUEUES,
        **given_up,
    }


@ops_only
def job_retry(request: HttpRequest) -> HttpResponse:
    """POST: queue again a job the watchdog gave up on (once its cause is fixed); a GET goes back to the dashboard."""
    if request.method == "POST":
        try:
            given_up_job_retry(actor=request.user, kind=request.POST.get("kind", ""), job_id=_posted_id(request, "job"))
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Queued again."))
    return redirect("portal:ops")


@ops_only
def correction_reissue(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: re-issue a statement whose balance core banking corrected (a GET goes back to the dashboard)."""
    if request.method == "POST":
        try:
            new = balance_correction_reissue(actor=request.user, correction_id=pk)
        except ServiceError as exc:
            messages.error(request, exc.message)
        except BalanceCorrection.DoesNotExist:
            messages.error(request, _("The form was incomplete or out of date; reload the page and try again."))
        else:
            messages.success(
                request,
                _("Statement %(number)s re-issued as version %(version)s with the corrected balance.")
                % {"number": new.number, "version": new.version},
            )
    return redirect("portal:ops")


@ops_only
def rates_export(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        render_rates_xlsx(return_rates(by_branch=True)),
        content_type=("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    )
    response["Content-Disposition"] = 'attachment; filename="return-rates.xlsx"'
    return response


@ops_only
def publish(request: HttpRequest) -> HttpResponse:
    """Two steps, as closing a period: the posted period is checked and what it would publish is shown with a box to
    tick; only the post with the box ticked publishes (the statements' notices go out at once, for good)."""
    form = PublishForm(request.POST or None)
    fix = None
    plan = None
    if request.method == "POST" and form.is_valid():
        period, as_of = form.cleaned_data["period"], form.cleaned_data["as_of"]
        try:
            confirmed = request.POST.get("confirm") == "yes"
            preview = None if confirmed else statement_run_preview(period=period, as_of=as_of)
            # A run already started was confirmed then: publishing again only resumes it or says what it did.
            if preview is None or isinstance(preview, StatementRun):
                outcome = statement_run_start(actor=request.user, period=period, as_of=as_of)
                messages.info(request, outcome.message)
                return redirect("portal:ops-run", pk=outcome.run.pk)
            plan = preview
            if request.POST.get("step") == "confirm":
                messages.error(
                    request,
                    _("Nothing was published: tick the box confirming the period and the notices, then publish."),
                )
        except ServiceError as exc:
            form.add_error(None, exc.message)
            fix = FIX_PAGES.get(exc.code or "")
    return render(request, "portal/ops/publish.html", {"form": form, "fix": fix, "plan": plan})


# Where ops fix what a refusal names, in the product (not a shell): error code -> (page, its link text).
FIX_PAGES = {
    "missing_balances": (
        format_lazy("{}#balances", reverse_lazy("portal:ops-onboarding")),
        gettext_lazy("Upload the period-end balances"),
    ),
    "calendar_missing": (reverse_lazy("portal:ops-workdays"), gettext_lazy("Load the working-day calendar")),
}


@ops_only
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(StatementRun, pk=pk)
    counts = {
        StatementStatus(status).label: n  # labels, not codes: the page shows them
        for status, n in run.statements.values_list("status").annotate(n=Count("id")).order_by("status")
    }
    return render(
        request,
        "portal/ops/run_detail.html",
        {
            "run": run,
            "counts": counts,
            "row": run_deadlines_of(run, timezone.localdate()),
            "running": run.status == "running",
            "stalled": run.pk in stalled_run_ids(),
            "given_up": run.status == "running" and run.given_up_at is not None,
        },
    )


# The agreement file's columns as the page names them, from what import_agreements reads (联系电话 stands in for the
# mobile, so it is named with neither list).
REQUIRED_COLUMNS = tuple(name if isinstance(name, str) else name[0] for name in REQUIRED)
OPTIONAL_COLUMNS = tuple(name for name in ALIASES if name not in REQUIRED_COLUMNS and name != "contact_phone")


@ops_only
def onboarding(request: HttpRequest) -> HttpResponse:
    agreements_form = UploadFileForm(prefix="agreements")
    balances_form = UploadFileForm(prefix="balances")
    if request.method == "POST":
        which = request.POST.get("which")
        form = UploadFileForm(request.POST, request.FILES, prefix=which)
        if which in ("agreements", "balances") and form.is_valid():
            upload = form.cleaned_data["file"]
            service = agreements_import if which == "agreements" else balances_import
            try:
                result = service(actor=request.user, data=upload.read(), filename=upload.name)
            except ServiceError as exc:
                form.add_error("file", exc.message)
            else:
                messages.success(request, f"{upload.name}: {result.summary()}")
                return redirect("portal:ops-onboarding")
        if which == "agreements":
            agreements_form = form
        else:
            balances_form = form
    return render(
        request,
        "portal/ops/onboarding.html",
        {
            "agreements_form": agreements_form,
            "balances_form": balances_form,
            "required_columns": ",".join(REQUIRED_COLUMNS),
            "optional_columns": ", ".join(OPTIONAL_COLUMNS),
        },
    )


@ops_only
def disputes(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = Dispute.objects.select_related(
        "statement", "statement__account", "statement__account__customer", "assigned_to", "resolved_by", "confirmation"
    ).order_by("status", "bank_due_date")
    state = request.GET.get("status", "open")
    if state == "open":
        rows = rows.exclude(status=DisputeStatus.RESOLVED)
    return render(request, "portal/ops/disputes.html", {"disputes": rows[:500], "today": today, "state": state})


@ops_only
def dispute_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dispute = get_object_or_404(
        Dispute.objects.select_related("statement", "statement__account", "confirmation"), pk=pk
    )
    resolve_form = ResolveForm(request.POST if request.POST.get("action") == "resolve" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "take":
                dispute_take(actor=request.user, dispute_id=dispute.pk)
                messages.success(request, _("You are investigating this dispute now."))
            elif action == "note":
                note = NoteForm(request.POST)
                if note.is_valid():
                    dispute_note_add(
                        actor=request.user,
                        dispute_id=dispute.pk,
                        body=note.cleaned_data["body"],
                        internal=note.cleaned_data["internal"],
                    )
                else:
                    messages.error(request, _("Write the note before adding it (at most 5,000 characters)."))
            elif action == "resolve" and resolve_form.is_valid():
                dispute_resolve(actor=request.user, dispute_id=dispute.pk, **resolve_form.cleaned_data)
                messages.success(request, _("Dispute resolved."))
                return redirect("portal:ops-dispute", pk=dispute.pk)
            if action != "resolve":
                return redirect("portal:ops-dispute", pk=dispute.pk)
        except ServiceError as exc:
            if action != "resolve":
                messages.error(request, exc.message)
                return redirect("portal:ops-dispute", pk=dispute.pk)
            # Said in the resolve form, which keeps the finding and the explanation typed (a redirect emptied it).
            resolve_form.add_error(None, exc.message)
    detail = statement_detail(dispute.statement)
    return render(
        request,
        "portal/ops/dispute_detail.html",
        {
            "dispute": dispute,
            "notes": dispute.notes.select_related("author"),
            "note_form": NoteForm(),
            # A bank error re-issued the statement: the version that replaced the disputed one.
            "reissued": BalanceStatement.objects.filter(previous=dispute.statement).first(),
            "resolve_form": resolve_form,
            "age": (timezone.localdate() - timezone.localdate(dispute.opened_at)).days,
            "items": items_for_review(dispute.confirmation, timezone.localdate()),
            "detail": detail,
            # No detail, yet the bank feeds the account (from a later period): not "the bank does not feed it".
            "feed_starts": bank_feed_start(dispute.statement.account_id) if detail is None else None,
        },
        status=400 if resolve_form.errors else 200,
    )


@ops_only
def paper(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            if request.POST.get("action") == "create":
                batch = paper_batch_create(actor=request.user, period=request.POST.get("period", ""))
                messages.success(request, _("Print batch %(id)s is ready.") % {"id": batch.pk})
            else:
                posted = dt.date.fromisoformat(request.POST.get("posted_on", ""))
                n = paper_batch_mark_posted(actor=request.user, batch_id=_posted_id(request, "batch"), posted_on=posted)
                messages.success(
                    request,
                    ngettext("%(n)s statement recorded as posted.", "%(n)s statements recorded as posted.", n)
                    % {"n": n},
                )
        except ServiceError as exc:
            messages.error(request, exc.message)
        except (ValueError, KeyError):
            messages.error(request, _("Give the posting date as YYYY-MM-DD."))
        return redirect("portal:ops-paper")
    waiting = BalanceStatement.objects.filter(
        channel="paper", status=StatementStatus.PUBLISHED, paper_batch__isnull=True
    ).count()
    batches = PaperBatch.objects.annotate(n=Count("statements"))[:50]
    return render(
        request, "portal/ops/paper.html", {"waiting": waiting, "batches": batches, "today": timezone.localdate()}
    )


@ops_only
def paper_file(request: HttpRequest, pk: int, kind: str) -> FileResponse:
    from pathlib import Path

    from django.conf import settings
    from django.http import Http404

    batch = get_object_or_404(PaperBatch, pk=pk)
    relative = batch.pdf_path if kind == "pdf" else batch.xlsx_path
    path = Path(settings.MEDIA_ROOT) / relative
    if not relative or not path.exists():
        raise Http404("The batch file is missing.")
    return FileResponse(open(path, "rb"), as_attachment=True, filename=path.name)


@ops_only
def sms_failed(request: HttpRequest) -> HttpResponse:
    """The notices ops must act on (failed) and those not sent yet with the reason and the time they go."""
    rows = SmsMessage.objects.filter(Q(status=SmsStatus.FAILED)).select_related("statement", "statement__account")
    now = timezone.now()
    waiting = [(m, waiting_reason(m, now)) for m in waiting_messages(now)[:WAITING_MAX]]
    return render(request, "portal/ops/sms_failed.html", {"messages_failed": rows[:500], "waiting": waiting})


@ops_only
def inquiries(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            inquiry_answer(
                actor=request.user, inquiry_id=_posted_id(request, "inquiry"), answer=request.POST.get("answer", "")
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:  # the page came back unchanged but for one cell: say that the answer was kept
            messages.success(request, _("Answer recorded."))
        return redirect("portal:ops-inquiries")
    rows = NonReceiptInquiry.objects.select_related("account", "account__customer", "raised_by").order_by(
        "status", "answer_due"
    )
    return render(
        request,
        "portal/ops/inquiries.html",
        {"inquiries": rows[:500], "today": timezone.localdate(), "open": InquiryStatus.OPEN},
    )


@ops_only
def change_requests(request: HttpRequest) -> HttpResponse:
    from statements.models import Agreement, AgreementChangeRequest
    from statements.services.change_requests import change_request_decide

    if request.method == "POST":
        try:
            change_request_decide(
                actor=request.user,
                request_id=_posted_id(request, "request"),
                approve=request.POST.get("approve") == "1",
                note=request.POST.get("note", ""),
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Decision recorded."))
        return redirect("portal:ops-change-requests")
    rows = AgreementChangeRequest.objects.select_related("account", "account__customer", "requested_by")
    current = {
        a.account_id: a for a in Agreement.objects.current().filter(account_id__in=[r.account_id for r in rows[:500]])
    }
    return render(request, "portal/ops/change_requests.html", {"rows": rows[:500], "current": current})
