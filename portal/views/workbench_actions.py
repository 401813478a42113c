"""The workbench's changes, one view per action (issue 21, item 7): each reads its form, calls one service, says what
happened and goes back to the workbench. What they share is the frame (``workbench_post``): who may post, the account
in the user's scope, a GET sent back to the page, a refusal shown instead of a 500.

The services check the rest themselves (the accountant role for every change, the reviewer's for approving or
returning a period close, a closed period, four eyes), so a view here never decides who may do what beyond the role.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from core.errors import ServiceError
from portal.views.reconcile import (
    OPENING_KEPT,
    back_to_workbench,
    chosen_period,
    filtered_lines,
    reconcilers,
    scoped_account,
)
from reconcile.models import BankAccount, CloseReview, Match, Suggestion
from reconcile.selectors.matching import open_bank_lines, open_journal_entries
from reconcile.services.imports.opening import OpeningItemRepeated, opening_item_add, opening_item_remove
from reconcile.services.matching import (
    match_manual,
    match_run_start,
    match_undo,
    period_close,
    period_reopen,
    suggestion_accept,
    suggestion_reject,
    suggestions_accept_above,
)
from reconcile.services.review import close_review_approve, close_review_return, close_review_submit

# A view's own part: the request, the account (already in scope) and the period; a response, or None for "back to
# the workbench".
Action = Callable[[HttpRequest, BankAccount, dt.date], HttpResponse | None]
View = Callable[[HttpRequest, int], HttpResponse]


def workbench_post(*, keep_lists: bool = False) -> Callable[[Action], View]:
    """The frame of every workbench action. ``keep_lists``: back at the lists with their filter and pages (a match
    is made there, and the accountant goes on from where they were); otherwise back at the top of the period."""

    def decorator(action: Action) -> View:
        @reconcilers
        @wraps(action)
        def view(request: HttpRequest, pk: int) -> HttpResponse:
            account = scoped_account(request, pk)  # another customer's account: 404 before anything is read
            period_end = chosen_period(request, account)
            if request.method != "POST":
                return back_to_workbench(account, period_end)  # a reloaded or bookmarked action changes nothing
            response = None
            try:
                response = action(request, account, period_end)
            except OpeningItemRepeated as exc:
                messages.warning(request, exc.message)  # stored once already: nothing went wrong
            except ServiceError as exc:
                messages.error(request, exc.message)
            except (ValueError, KeyError):  # a missing or unreadable id in the form
                messages.error(request, _("The request was incomplete; select lines and try again."))
            if response is not None:
                return response
            return back_to_workbench(account, period_end, request.POST if keep_lists else None)

        return view

    return decorator


# The opening item form's fields, kept in the session after a refusal for the workbench to show them again.
OPENING_FIELDS = ("side", "date", "direction", "amount", "reference", "summary")
OPENING_FIELD_MAX = 200

# "Select all matching the filter" matches at most this many lines in one group.
SELECT_ALL_LIMIT = 5000


def _chosen_ids(request: HttpRequest, account: BankAccount, period_end: dt.date, prefix: str) -> list[int]:
    """The lines of one side a match names: every line matching the filter ("select all"), or the boxes ticked."""
    name = "bank" if prefix == "b" else "journal"
    if request.POST.get(f"{name}_all") == "1":
        opened = open_bank_lines(account, period_end) if prefix == "b" else open_journal_entries(account, period_end)
        ids = list(filtered_lines(opened, request.POST, prefix).values_list("pk", flat=True)[: SELECT_ALL_LIMIT + 1])
        if len(ids) > SELECT_ALL_LIMIT:
            raise ServiceError(
                _("More than %(n)s lines match the filter; narrow it down before matching them all.")
                % {"n": SELECT_ALL_LIMIT},
                code="too_many_lines",
            )
        return ids
    return [_row_id(i) for i in request.POST.getlist(name)]


# The largest id a row can have (a 64-bit key): past it the database cannot even compare (SQLite raises, a 500).
MAX_ROW_ID = 2**63 - 1


def _row_id(text: str) -> int:
    """A line's id as ticked in the form; ValueError (the frame's "incomplete" message) for anything no row has."""
    value = int(text)
    if not 0 < value <= MAX_ROW_ID:
        raise ValueError(text)
    return value


def _learned_name_notice(request: HttpRequest, group: Match) -> None:
    """A person matched lines whose two sides name different parties: the learned name proposed (rules page)."""
    if group.alias_proposal is not None:
        messages.info(
            request,
            _(
                "The bank names the party “%(bank)s”, the journal “%(journal)s”. Treat them as the "
                "same party in later runs? Accept the learned name on the Matching rules page."
            )
            % {"bank": group.alias_proposal.pattern, "journal": group.alias_proposal.target},
        )


@workbench_post()
def workbench_run(request: HttpRequest, account: BankAccount, period_end: dt.date) -> HttpResponse | None:
    """Match automatically: the run goes to the background; its page shows the progress."""
    run = match_run_start(actor=request.user, account_id=account.pk, period_end=period_end)
    return redirect("portal:reconcile-run", pk=run.pk)


@workbench_post(keep_lists=True)
def workbench_match(request: HttpRequest, account: BankAccount, period_end: dt.date) -> HttpResponse | None:
    """Match the ticked lines (or every line matching a side's filter) as one group."""
    group = match_manual(
        actor=request.user,
        account_id=account.pk,
        bank_line_ids=_chosen_ids(request, account, period_end, "b"),
        journal_entry_ids=_chosen_ids(request, account, period_end, "j"),
    )
    messages.success(request, _("Matched (group %(id)s).") % {"id": group.pk})
    _learned_name_notice(request, group)
    return None


def _suggestion_id(request: HttpRequest, account: BankAccount) -> int:
    """The posted suggestion of this account, for the service to look up. One gone since the page was drawn (a
    double click, a second tab, a newer run) or not this account's is passed as 0, which the service says is no
    longer offered, back on the workbench, rather than a "no such page" that leaves the accountant lost."""
    pk = int(request.POST["suggestion"])
    return pk if Suggestion.objects.filter(pk=pk, account=account).exists() else 0


@workbench_post()
def workbench_accept(request: HttpRequest, account: BankAccount, period_end: dt.date) -> HttpResponse | None:
    """Accept one suggestion of the account."""
    group = suggestion_accept(actor=request.user, suggestion_id=_suggestion_id(request, account))
    messages.success(request, _("Suggestion accepted."))
    _learned_name_notice(request, group)
    return None


@workbench_post()
def workbench_reject(request: HttpRequest, account: BankAccount, period_end: dt.date) -> HttpResponse | None:
    """Reject one suggestion of the account, with an optional reason: its lines stay open for a match by hand."""
    suggestion_reject(
        actor=request.user, suggestion_id=_suggestion_id(request, account), reason=request.POST.get("reason", "")
    )
    messages.success(request, _("Suggestion rejected: its lines stay open for a match by hand."))
    return None


@workbench_post()
def workbench_accept_above(request: HttpRequest, account: BankAccount, period_end: dt.date) -> HttpResponse | None:
    """Accept every suggestion scoring at least the threshold."""
    try:
        threshold = float(request.POST.get("threshold", "0.9").strip() or "0.9")
    except ValueError:
        threshold = math.nan  # the service says how to write it
    accepted, skipped = suggestions_accept_above(actor=request.user, account_id=account.pk, min_score=threshold)
    if not accepted and not skipped:
        # "0 accepted, 0 skipped" read as a failure: say that none reached the threshold and what to do instead.
        messages.info(
            request,
            _("No suggestion scores %(t)s or more: accept or reject each one below, or give a lower score.")
            % {"t": _score_said(threshold)},
        )
        return None
    messages.success(
        request,
        _(
            "%(a)s suggestions accepted, %(s)s skipped (tied with another suggestion for "
            "the same line, or already matched): choose those yourself."
        )
        % {"a": accepted, "s": skipped},
    )
    return None


def _score_said(threshold: float) -> str:
    # Two decimals as scores are shown, unless that rounds the given score (0.955 is not 0.95: a suggestion at 0.953
    # would make the message false), and outside 0..1 (1e300 in two decimals is 301 digits): the shortest exact form.
    two = f"{threshold:.2f}"
    return two if 0 <= threshold <= 1 and float(two) == threshold else str(threshold)


@workbench_post()
def workbench_undo(request: HttpRequest, account: BankAccount, period_end: dt.date) -> HttpResponse | None:
    """Undo one matched group of the account, with a reason."""
    group = get_object_or_404(Match, pk=int(request.POST["match"]), account=account)
    match_undo(actor=request.user, match_id=group.pk, reason=request.POST.get("reason", ""))
    messages.success(request, _("Match undone."))
    return None


@workbench_post()
def workbench_opening(request: HttpRequest, account: BankAccount, period_end: dt.date) -> HttpResponse | None:
    """Add an opening outstanding item (初始未达账); the form's entry token makes a second sending harmless. A refused
    item's fields are kept for the form shown next (the page is reached by a redirect), to be corrected, not retyped."""
    typed = {name: request.POST.get(name, "")[:OPENING_FIELD_MAX] for name in OPENING_FIELDS}
    try:
        opening_item_add(
            actor=request.user,
            account_id=account.pk,
            kind=typed["side"],
            date=typed["date"],
            amount=typed["amount"],
            direction=typed["direction"],
            summary=typed["summary"],
            reference=typed["reference"],
            entry=request.POST.get("entry", ""),
        )
    except OpeningItemRepeated:
        raise  # stored once already: nothing to correct
    except ServiceError:
        request.session[OPENING_KEPT] = {"account": account.pk, **typed}
        raise
    messages.success(request, _("Opening outstanding item added."))
    return None


@workbench_post()
def workbench_opening_remove(request: HttpRequest, account: BankAccount, period_end: dt.date) -> HttpResponse | None:
    """Remove an unmatched opening outstanding item, with a reason."""
    opening_item_remove(
        actor=request.user,
        account_id=account.pk,
        side=request.POST.get("side", ""),
        line_id=int(request.POST["line"]),
        reason=request.POST.get("reason", ""),
    )
    messages.success(request, _("Opening outstanding item removed."))
    return None


@workbench_post()
def workbench_close(request: HttpRequest, account: BankAccount, period_end: dt.date) -> HttpResponse | None:
    """Sign off (close) the period, once the accountant confirmed checking the table (the box the page requires)."""
    if request.POST.get("confirm") != "yes":
        messages.error(
            request,
            _("The period was not closed: tick the box confirming that you have checked the table, then close it."),
        )
        return None
    period_close(actor=request.user, account_id=account.pk, period_end=period_end)
    messages.success(request, _("Period closed; it is read-only until reopened."))
    return None


@workbench_post()
def workbench_submit(request: HttpRequest, account: BankAccount, period_end: dt.date) -> HttpResponse | None:
    """Submit the agreed period for review (复核) where the company requires one."""
    close_review_submit(actor=request.user, account_id=account.pk, period_end=period_end)
    messages.success(request, _("Submitted for review; a reviewer's approval closes the period."))
    return None


def _review(request: HttpRequest, account: BankAccount) -> CloseReview:
    return get_object_or_404(CloseReview, pk=int(request.POST["review"]), account=account)


@workbench_post()
def workbench_approve(request: HttpRequest, account: BankAccount, period_end: dt.date) -> HttpResponse | None:
    """The reviewer approves the submitted period: it closes, once the reviewer ticked the box the page requires (as
    the accountant's own close asks)."""
    if request.POST.get("confirm") != "yes":
        messages.error(
            request,
            _("The period was not closed: tick the box confirming that you have checked the table, then approve it."),
        )
        return None
    close_review_approve(actor=request.user, review_id=_review(request, account).pk)
    messages.success(request, _("Approved: the period is closed."))
    return None


@workbench_post()
def workbench_return(request: HttpRequest, account: BankAccount, period_end: dt.date) -> HttpResponse | None:
    """The reviewer returns the submitted period to its preparer, with a note."""
    close_review_return(actor=request.user, review_id=_review(request, account).pk, note=request.POST.get("note", ""))
    messages.success(request, _("Returned to the preparer with your note."))
    return None


@workbench_post()
def workbench_reopen(request: HttpRequest, account: BankAccount, period_end: dt.date) -> HttpResponse | None:
    """Reopen a closed period, with a reason."""
    period_reopen(
        actor=request.user, account_id=account.pk, period_end=period_end, reason=request.POST.get("reason", "")
    )
    messages.success(request, _("Period reopened."))
    return None


@workbench_post()
def _nothing(request: HttpRequest, account: BankAccount, period_end: dt.date) -> HttpResponse | None:
    """An unknown or missing ``action`` (or a GET) at the old endpoint: back to the page, as it always did."""
    return None


# DEPRECATED (issue 21, item 7): the one endpoint that switched on a POST field ``action``. Kept for one release for
# what may still post to it (a page open in a browser since before the upgrade, bookmarked forms, ERP scripts); it
# only routes to the views above. Remove it, its URL (portal:workbench-action) and this table in the next release.
LEGACY_ACTIONS: dict[str, View] = {
    "run": workbench_run,
    "match": workbench_match,
    "accept": workbench_accept,
    "reject": workbench_reject,
    "accept_above": workbench_accept_above,
    "undo": workbench_undo,
    "opening": workbench_opening,
    "opening_remove": workbench_opening_remove,
    "close": workbench_close,
    "submit": workbench_submit,
    "approve": workbench_approve,
    "return": workbench_return,
    "reopen": workbench_reopen,
}


def workbench_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Deprecated: routes ``action`` to its own view (each checks the role, the scope and the method itself)."""
    return LEGACY_ACTIONS.get(request.POST.get("action", ""), _nothing)(request, pk)
