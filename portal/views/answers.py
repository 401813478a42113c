"""The reconciled answer in the browser: 调节后相符 with outstanding items, the accountant's prepared answer, and a
statement's bank-fed detail."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.errors import ServiceError
from core.numbers import plain_int
from portal.detail_downloads import detail_download, unknown_format
from portal.views.signing import start_signing
from portal.views.statements import closed_for_answer
from statements.models import BalanceStatement, ItemKind
from statements.render.detail_formats import DETAIL_FORMATS, detail_format
from statements.selectors import statements_for
from statements.selectors.answers import answer_draft_latest, statement_detail
from statements.services.answer_drafts import answer_draft_prepare

ITEM_ROWS = 12
DETAIL_PER_PAGE = 50
ITEM_FIELDS = ("kind", "date", "amount", "summary", "reference")


def _statement(request: HttpRequest, pk: int) -> BalanceStatement:
    try:
        return statements_for(request.user).select_related("agreement").get(pk=pk)
    except BalanceStatement.DoesNotExist as exc:
        raise Http404("No such statement.") from exc


def _posted_items(request: HttpRequest) -> list[dict[str, str]]:
    """The filled rows of the items table (a row without kind, date and amount is an empty row)."""
    declared = plain_int(request.POST.get("rows", ""))
    count = min(declared, 1000) if declared is not None else ITEM_ROWS
    rows = []
    for n in range(count):
        row = {name: request.POST.get(f"item-{n}-{name}", "").strip() for name in ITEM_FIELDS}
        if row["kind"] or row["date"] or row["amount"]:
            rows.append(row)
    return rows


@login_required
def statement_adjusted(request: HttpRequest, pk: int) -> HttpResponse:
    """调节后相符: the book balance and the outstanding items that explain the difference (or, with ?draft=1, the
    answer the accountant prepared from the workbench's table)."""
    statement = _statement(request, pk)
    if request.method != "POST" and (closed := closed_for_answer(request, statement)):
        return closed
    draft = answer_draft_latest(statement)
    error = ""
    if request.method == "POST":
        items = _posted_items(request)
        book_balance = request.POST.get("book_balance", "").strip()
        try:
            if not book_balance:  # this page's answer is 调节后相符: sent empty, it must not become a plain 相符
                raise ServiceError(
                    _("Give your book balance (the journal's balance at the period end)."), code="bad_book_balance"
                )
            return start_signing(request, statement, decision="agree", book_balance=book_balance, outstanding=items)
        except ServiceError as exc:
            error = exc.message
            values = {"book_balance": request.POST.get("book_balance", ""), "items": items}
    elif draft is not None and request.GET.get("draft") == "1":
        # Grouped as every amount on the page and the field's hint (1,198,500.00): the answer reads commas as grouping.
        items = [{**item, "amount": f"{Decimal(item['amount']):,.2f}"} for item in draft.items]
        values = {"book_balance": f"{draft.book_balance:,.2f}", "items": items}
    else:
        values = {"book_balance": "", "items": []}
    rows = list(values["items"]) + [{}] * max(0, ITEM_ROWS - len(values["items"]))
    return render(
        request,
        "portal/statement_adjusted.html",
        {
            "statement": statement,
            "draft": draft,
            "error": error,
            "book_balance": values["book_balance"],
            "rows": rows,
            "row_count": len(rows),
            "kinds": ItemKind.choices,
        },
        status=400 if error else 200,
    )


@login_required
def statement_prepare_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The accountant's one step (POST): the workbench's 余额调节表 at the period end becomes the prepared answer."""
    statement = _statement(request, pk)
    if request.method != "POST":
        return redirect("portal:statement-detail", pk=statement.pk)
    try:
        draft = answer_draft_prepare(actor=request.user, statement_id=statement.pk)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        if draft.difference == 0:
            messages.success(
                request,
                _(
                    "The answer is prepared from the balance adjustment table: the items explain "
                    "the difference. A confirmer of your company submits it."
                ),
            )
        else:
            messages.warning(
                request,
                _(
                    "The answer is prepared, but the table leaves %(d)s unexplained against the "
                    "bank's balance: a confirmer can only answer 'disagree' with it, or you "
                    "finish matching first."
                )
                % {"d": f"{draft.difference:,.2f}"},
            )
    return redirect("portal:statement-detail", pk=statement.pk)


@login_required
def statement_lines(request: HttpRequest, pk: int) -> HttpResponse:
    """The statement's bank-fed detail, paged."""
    statement = _statement(request, pk)
    detail = statement_detail(statement)
    page = Paginator(detail.lines if detail else [], DETAIL_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/statement_lines.html",
        {
            "statement": statement,
            "detail": detail,
            "page": page,
            "formats": DETAIL_FORMATS.values(),
            "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        },
    )


@login_required
def statement_lines_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The statement's detail as a file (xlsx, csv, mt940, camt053): the same files as the API's ?format=."""
    statement = _statement(request, pk)
    if detail_format(fmt) is None:
        return HttpResponseBadRequest(unknown_format(fmt), content_type="text/plain; charset=utf-8")
    try:
        return detail_download(statement, fmt)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("portal:statement-lines", pk=statement.pk)
