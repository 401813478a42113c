"""Public verification of a printed statement: genuine or not, without revealing the balance."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from statements.models import BalanceStatement
from statements.services.statement_docs import balance_matches


def _mask(number: str) -> str:
    return number[:4] + "*" * max(0, len(number) - 8) + number[-4:] if len(number) > 8 else "****"


@never_cache
def verify(request: HttpRequest, code: str) -> HttpResponse:
    normalized = code.replace("-", "").upper()
    statement = (BalanceStatement.objects.select_related("account").filter(verification_code=normalized).first()
                 if len(normalized) == 12 else None)
    context: dict = {"code": code, "statement": statement}
    if statement is not None:
        context["masked"] = _mask(statement.account.number)
        claimed = request.GET.get("balance", "").replace(",", "").strip()
        if claimed:
            try:
                context["match"] = balance_matches(statement, Decimal(claimed).quantize(Decimal("0.01")))
            except (InvalidOperation, ValueError):
                context["bad_balance"] = True
            context["claimed"] = request.GET.get("balance")
    return render(request, "portal/verify.html", context, status=200 if statement else 404)
