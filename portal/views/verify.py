"""Public verification of a printed statement: genuine or not, without revealing the balance."""

from __future__ import annotations

import logging
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from redis.exceptions import RedisError

from core.documents import document_verify
from core.roles import is_company_user_of
from portal.client_ip import client_address
from statements.models import BalanceStatement
from statements.selectors import statements_for
from statements.services.statement_docs import balance_matches

logger = logging.getLogger(__name__)


class CountUnavailable(Exception):
    """The shared counter of balance checks cannot be reached (its Redis is down)."""


def _mask(number: str) -> str:
    return number[:4] + "*" * max(0, len(number) - 8) + number[-4:] if len(number) > 8 else "****"


def _too_many_checks(code: str) -> bool:
    """The balance check is an oracle: cap the guesses per statement code (in the shared cache), so the
    code printed on a statement cannot be used to search for its balance."""
    key = f"verify-balance:{code}"
    # The limits cache raises when Redis is down (config/caches.py): without a count there is no check.
    counter = caches["limits"]
    try:
        counter.add(key, 0, timeout=3600)
        try:
            return counter.incr(key) > settings.VERIFY_BALANCE_CHECKS_PER_HOUR
        except ValueError:  # expired between add and incr
            counter.set(key, 1, timeout=3600)
            return False
    except (RedisError, OSError) as exc:  # django-redis re-raises redis' own connection and timeout errors
        logger.warning("Balance check on /verify/ refused: the check counter is unavailable (%s)", exc)
        raise CountUnavailable from exc


def _by_code(code: str) -> BalanceStatement | None:
    normalized = code.replace("-", "").upper()
    return (
        BalanceStatement.objects.select_related("account").filter(verification_code=normalized).first()
        if len(normalized) == 12
        else None
    )


def _latest(statement: BalanceStatement) -> BalanceStatement:
    """The newest version of the statement a code was printed on: the one to answer (a re-issue replaces it)."""
    return (
        BalanceStatement.objects.filter(account_id=statement.account_id, number=statement.number)
        .order_by("-version")
        .first()
    ) or statement


def _answer_url(request: HttpRequest, statement: BalanceStatement) -> str | None:
    """The answer section of the statement's newest version, for a logged-in user of its company who may see it
    (dispatched); None for anyone else, who gets the public verification page."""
    if not (request.user.is_authenticated and is_company_user_of(request.user, statement.account)):
        return None
    latest = _latest(statement)
    if not statements_for(request.user).filter(pk=latest.pk).exists():
        return None
    return reverse("portal:statement-detail", args=[latest.pk]) + "#answer"


@never_cache
def verify(request: HttpRequest, code: str) -> HttpResponse:
    normalized = code.replace("-", "").upper()
    statement = _by_code(code)
    if statement is not None and not request.GET and (answer := _answer_url(request, statement)):
        # The QR code scanned by a logged-in user of the statement's company: straight to answering it. A balance
        # check (?balance=) and everyone else get the public verification below; the anonymous visitor's link to
        # the statement leads through the login page to the same answer section.
        return redirect(answer)
    context: dict = {"code": code, "statement": statement}
    if statement is not None:
        context["masked"] = _mask(statement.account.number)
        # The QR code on a letter leads here: from here to the statement's newest version, to answer it online
        # (the statement page itself asks for a login and shows it only to the company's users).
        context["latest"] = _latest(statement)
        claimed = request.GET.get("balance", "").replace(",", "").strip()
        try:
            too_many = bool(claimed) and _too_many_checks(normalized)
        except CountUnavailable:
            # Fail closed: an uncounted balance check is an unlimited oracle. The genuine/not answer above stands.
            context["unavailable"] = True
            response = render(request, "portal/verify.html", context, status=503)
            response["Retry-After"] = "60"
            return response
        if too_many:
            context["throttled"] = True
            return render(request, "portal/verify.html", context, status=429)
        if claimed:
            try:
                context["match"] = balance_matches(statement, Decimal(claimed).quantize(Decimal("0.01")))
            except (InvalidOperation, ValueError):
                context["bad_balance"] = True
            context["claimed"] = request.GET.get("balance")
    return render(request, "portal/verify.html", context, status=200 if statement else 404)


def _too_many_uploads(request: HttpRequest) -> bool:
    """Checking a signature costs tens of milliseconds of CPU: cap uploads per client address and hour.

    Counted in the default cache, which fails open (config/caches.py): with its Redis down the cap lapses, since it
    guards capacity, not a secret (an uncounted check answers None).
    """
    cache = caches["default"]
    key = f"verify-upload:{client_address(request) or ''}"  # the client's own address, also behind a proxy
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)
        return False
    return count is not None and count > settings.VERIFY_PDF_CHECKS_PER_HOUR


@never_cache
def verify_document(request: HttpRequest) -> HttpResponse:
    """Public: look a statement up by its code, or upload a PDF the bank issued to check its signature."""
    code = request.GET.get("code", "").strip()
    if code:
        return redirect("portal:verify", code=code.replace("/", "")[:40] or "-")
    context: dict = {"max_mb": settings.VERIFY_PDF_MAX_MB}
    if request.method == "POST":
        upload = request.FILES.get("document")
        if upload is None:
            context["error"] = _("Choose the PDF file to check.")
        elif upload.size > settings.VERIFY_PDF_MAX_MB * 1024 * 1024:
            context["error"] = _("The file is larger than %(mb)d MB; documents the bank issues are far smaller.") % {
                "mb": settings.VERIFY_PDF_MAX_MB
            }
        elif _too_many_uploads(request):
            context["error"] = _("Too many documents checked from your address. Try again in an hour.")
            return render(request, "portal/verify_document.html", context, status=429)
        else:
            try:
                context["reports"] = document_verify(upload.read())
                context["checked"] = upload.name
            except ValueError:
                context["error"] = _("This file is not a readable PDF. Upload the PDF exactly as you received it.")
        if "error" in context:
            return render(request, "portal/verify_document.html", context, status=400)
    return render(request, "portal/verify_document.html", context)
