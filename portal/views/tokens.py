"""The user's API tokens in the browser: create one for an ERP or a script (shown once), see them, revoke one.

Bank staff reach this page only after their second factor (the middleware), so a token made here carries it.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ServiceError
from core.roles import Role, roles_of
from portal.models import ApiToken
from portal.services.api_tokens import api_token_issue, api_token_revoke, token_state


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    issued = None
    if request.method == "POST":
        verified = getattr(request.user, "is_verified", lambda: False)()
        try:
            issued = api_token_issue(
                actor=request.user,
                user=request.user,
                name=request.POST.get("name", ""),
                second_factor="totp" if verified else "",
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
    now = timezone.now()
    tokens = [
        (token, token_state(token, now))
        for token in ApiToken.objects.filter(user=request.user).select_related("user").order_by("-created_at")[:100]
    ]
    # The company's answer-signing keys are the confirmers' page (portal.views.answer_keys): no link for others.
    may_sign = request.user.customer_id is not None and Role.CLIENT_CONFIRMER in roles_of(request.user)
    return render(request, "portal/api_tokens.html", {"tokens": tokens, "issued": issued, "may_sign": may_sign})


@login_required
@require_POST
def api_token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        api_token_revoke(actor=request.user, token_id=pk, reason=_("revoked by its holder"))
    except ServiceError as exc:
        if exc.code == "not_found":
            raise Http404(exc.message) from exc
        raise
    messages.success(request, _("The token was revoked; it stops working at once."))
    return redirect("portal:api-tokens")
