"""A company's answer signing keys in the browser: its confirmers see them and upload a public key, which signs API
answers once bank operations approve it (the admin's **Answer signing keys**, or ``register_answer_key``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.errors import ServiceError
from core.roles import Role, roles_of
from statements.models import AnswerKey
from statements.services.answer_signing import MAX_PEM, answer_key_upload


@login_required
def answer_keys(request: HttpRequest) -> HttpResponse:
    if request.user.customer_id is None or Role.CLIENT_CONFIRMER not in roles_of(request.user):
        return render(request, "portal/answer_keys.html", {"forbidden": True}, status=403)
    if request.method == "POST":
        upload = request.FILES.get("public_key")
        pem = upload.read(MAX_PEM + 1) if upload is not None else request.POST.get("public_key_text", "").encode()
        try:
            key = answer_key_upload(actor=request.user, public_key=pem, name=request.POST.get("name", ""))
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("The key %(k)s was uploaded; it signs answers once the bank approves it.") % {"k": key.key_id},
            )
        return redirect("portal:answer-keys")
    keys = AnswerKey.objects.filter(customer_id=request.user.customer_id).order_by("-created_at")[:100]
    return render(request, "portal/answer_keys.html", {"keys": keys})
