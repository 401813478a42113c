"""Signing a browser answer with a one-time code: the answer pages ask for the code here, then the answer counts."""

from __future__ import annotations

import math

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.errors import ServiceError
from portal.client_ip import client_address
from statements.calendar import beijing_day
from statements.models import AnswerChallenge, BalanceStatement, ChallengeStatus, Decision, StatementStatus
from statements.selectors import statements_for
from statements.services.answer_batch import answer_batch_complete, answer_batch_start
from statements.services.answer_codes import (
    RESEND_AFTER,
    answer_challenge_complete,
    answer_challenge_resend,
    answer_challenge_start,
)
from statements.services.answer_review import review_challenge_complete

SENT_NOTE = {
    "failed": gettext_lazy(
        "The SMS with your code could not be sent. Try “Send a new code” in a minute; if it fails again, "
        "call your branch, or ask it to register another mobile number or set up an authenticator app."
    ),
}


def _done_message(request: HttpRequest, statement: BalanceStatement, decision: str) -> None:
    if statement.status in (StatementStatus.CONFIRMED, StatementStatus.DISPUTED):
        messages.success(
            request,
            {
                Decision.AGREE: _("Thank you: you confirmed that the balances agree."),
                Decision.AGREE_ADJUSTED: _("Thank you: you confirmed that the balances agree after adjustment."),
                Decision.DISAGREE: _("Your disagreement was sent to the bank; it answers within 5 working days."),
            }[Decision(decision)],
        )
    else:
        messages.warning(
            request,
            _(
                "Your answer is recorded but counts only once a second confirmer of your company "
                "approves it, by %(due)s; without an approved answer by then the balance is "
                "deemed confirmed."
            )
            % {"due": statement.due_date.isoformat() if statement.due_date else "-"},
        )


def start_signing(request: HttpRequest, statement: BalanceStatement, **answer) -> HttpResponse:
    """Called by the answer pages with the answer as given: raises ServiceError for an answer that would be refused
    (the page shows it); otherwise the code is on its way and the person is sent to enter it."""
    challenge, sent = answer_challenge_start(actor=request.user, statement_id=statement.pk, **answer)
    if sent in SENT_NOTE:
        messages.error(request, SENT_NOTE[sent])
    return redirect("portal:answer-sign", pk=challenge.pk)


@login_required
def answer_sign(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = (
        AnswerChallenge.objects.select_related("statement", "statement__account")
        .filter(pk=pk, user_id=request.user.pk)
        .first()
    )
    if challenge is None:
        raise Http404("No such answer.")
    # Its statements as the statement pages show them: a grant withdrawn since takes the answer away with them.
    ids = {challenge.statement_id, *(f["id"] for f in challenge.answer.get("batch") or [])}
    if statements_for(request.user).filter(pk__in=ids).count() != len(ids):
        raise Http404("No such answer.")
    statement = challenge.statement
    error = ""
    if request.method == "POST":
        try:
            if request.POST.get("action") == "resend":
                challenge, sent = answer_challenge_resend(actor=request.user, challenge_id=challenge.pk)
                if sent in SENT_NOTE:
                    messages.error(request, SENT_NOTE[sent])
                else:
                    messages.success(request, _("A new code was sent to %(p)s.") % {"p": challenge.phone_masked})
                return redirect("portal:answer-sign", pk=challenge.pk)
            if challenge.answer.get("review"):
                review_challenge_complete(
                    actor=request.user, challenge_id=challenge.pk, code=request.POST.get("code", "")[:20]
                )
                messages.success(request, _("Review recorded."))
                return redirect("portal:statement-detail", pk=statement.pk)
            if challenge.answer.get("batch"):
                done = answer_batch_complete(
                    actor=request.user,
                    challenge_id=challenge.pk,
                    code=request.POST.get("code", "")[:20],
                    remote_addr=client_address(request),
                )
                messages.success(
                    request,
                    ngettext(
                        "You agreed with %(n)d statement; each has its own receipt.",
                        "You agreed with %(n)d statements; each has its own receipt.",
                        len(done),
                    )
                    % {"n": len(done)},
                )
                return redirect("portal:statements")
            answered = answer_challenge_complete(
                actor=request.user,
                challenge_id=challenge.pk,
                code=request.POST.get("code", "")[:20],
                remote_addr=client_address(request),
            )
        except ServiceError as exc:
            error = exc.message
            challenge.refresh_from_db()
        else:
            _done_message(request, answered, challenge.answer["decision"])
            return redirect("portal:statement-detail", pk=statement.pk)
    now = timezone.now()
    wait = math.ceil((challenge.last_sent_at + RESEND_AFTER - now).total_seconds()) if challenge.last_sent_at else 0
    answer = challenge.answer
    batch = (
        BalanceStatement.objects.filter(pk__in=[f["id"] for f in answer.get("batch") or []])
        .select_related("account", "account__customer")
        .order_by("pk")
    )
    return render(
        request,
        "portal/answer_sign.html",
        {
            "batch": batch,
            "review": bool(answer.get("review")),
            "challenge": challenge,
            "statement": statement,
            "error": error,
            "decision_label": Decision(answer["decision"]).label,
            "book_balance": answer.get("book_balance"),
            "reason": answer.get("reason", ""),
            "item_count": len(answer.get("outstanding") or []),
            "open": challenge.status == ChallengeStatus.OPEN and challenge.expires_at > now,
            "can_resend": challenge.channel == "sms"
            and challenge.status in (ChallengeStatus.OPEN, ChallengeStatus.EXPIRED),
            "resend_wait": max(0, wait),
        },
    )  # a refused code is the form again, with its message (as other forms)


@login_required
def statements_batch(request: HttpRequest) -> HttpResponse:
    """Agree with several statements at once (across periods, and for a group user across its subsidiaries): the
    selected ones are checked, then one code signs them all."""
    from reconcile.services.groups import may_answer

    if request.method == "POST":
        try:
            challenge, sent = answer_batch_start(
                actor=request.user, statement_ids=request.POST.getlist("statement")[:1000]
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
            return redirect("portal:statements-batch")
        if sent in SENT_NOTE:
            messages.error(request, SENT_NOTE[sent])
        return redirect("portal:answer-sign", pk=challenge.pk)
    today = beijing_day(timezone.now())
    rows = [
        s
        for s in statements_for(request.user)
        .open_for_answer()
        .filter(due_date__gte=today)
        .order_by("account__customer__legal_name", "-period_end", "account__number")[:500]
        if may_answer(request.user, s.account)
    ]
    return render(request, "portal/statements_batch.html", {"rows": rows})
