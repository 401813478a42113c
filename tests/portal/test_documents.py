"""A client's dispute attachment and signed channel-change request are served to bank staff and to the client company
that uploaded them, with the statements' access checks (another customer: 404, anonymous: to the login page), as
downloads (Content-Disposition: attachment, nosniff, their real type), and linked from the dispute, statement,
change-request and account pages."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.models import Role
from statements.models import AgreementChangeRequest, Confirmation, Dispute
from tests.factories import make_user
from tests.fixtures.signing import sign_redirect

pytestmark = pytest.mark.django_db

DURING = dt.datetime(2026, 10, 12, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
PDF = b"%PDF-1.7\n<html><script>alert(1)</script>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def disputed_b(client, published, customer_b, client_b):
    """Customer B disagreed with its statement in the browser, attaching a PDF of its books."""
    statement = published[customer_b.pk]
    client.force_login(client_b)
    with time_machine.travel(DURING, tick=False):
        response = client.post(
            reverse("portal:statement-disagree", args=[statement.pk]),
            {"book_balance": "80,000.00", "reason": "少记一笔", "attachment": SimpleUploadedFile("对账明细.pdf", PDF)},
        )
        response = sign_redirect(client, response)
    assert response.status_code == 302, response.content[:500]
    client.logout()
    return Confirmation.objects.get(statement=statement)


@pytest.fixture
def change_b(client, account_b, agreement_b, client_b, published):
    client.force_login(client_b)
    client.post(
        reverse("portal:account-detail", args=[account_b.pk]),
        {
            "contact_name": "李强",
            "mobile": "13901234567",
            "address": "北京市海淀区",
            "channel": "paper",
            "written_request": SimpleUploadedFile("申请书.png", PNG),
        },
    )
    client.logout()
    return AgreementChangeRequest.objects.get(account=account_b)


def _assert_download(response, content: bytes, content_type: str, suffix: str) -> None:
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment;") and suffix in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_the_dispute_attachment_is_served_to_bank_staff_and_the_client_only(
    client, disputed_b, ops, client_a, accountant_a, client_b
):
    url = reverse("portal:answer-attachment", args=[disputed_b.pk])
    client.force_login(ops)
    _assert_download(client.get(url), PDF, "application/pdf", ".pdf")
    client.force_login(client_b)
    _assert_download(client.get(url), PDF, "application/pdf", ".pdf")
    for other in (client_a, accountant_a):
        client.force_login(other)
        assert client.get(url).status_code == 404
    client.logout()
    assert reverse("portal:login") in client.get(url)["Location"]


def test_the_signed_change_request_is_served_to_bank_staff_and_the_client_only(
    client, change_b, ops, client_a, client_b, customer_b
):
    url = reverse("portal:change-request-document", args=[change_b.pk])
    client.force_login(ops)
    _assert_download(client.get(url), PNG, "image/png", ".png")
    accountant_b = make_user("accountant_b", [Role.ACCOUNTANT], customer_b)
    for insider in (client_b, accountant_b):
        client.force_login(insider)
        _assert_download(client.get(url), PNG, "image/png", ".png")
    client.force_login(client_a)
    assert client.get(url).status_code == 404


def test_ops_pages_link_the_documents(client, disputed_b, change_b, ops):
    client.force_login(ops)
    dispute = Dispute.objects.get(confirmation=disputed_b)
    page = client.get(reverse("portal:ops-dispute", args=[dispute.pk])).content.decode()
    assert reverse("portal:answer-attachment", args=[disputed_b.pk]) in page
    page = client.get(reverse("portal:ops-change-requests")).content.decode()
    assert reverse("portal:change-request-document", args=[change_b.pk]) in page
    page = client.get(reverse("portal:statement-detail", args=[disputed_b.statement_id])).content.decode()
    assert reverse("portal:answer-attachment", args=[disputed_b.pk]) in page


def test_the_client_sees_its_own_links(client, disputed_b, change_b, client_b):
    client.force_login(client_b)
    page = client.get(reverse("portal:statement-detail", args=[disputed_b.statement_id])).content.decode()
    assert reverse("portal:answer-attachment", args=[disputed_b.pk]) in page
    page = client.get(reverse("portal:account-detail", args=[change_b.account_id])).content.decode()
    assert reverse("portal:change-request-document", args=[change_b.pk]) in page


def test_an_answer_without_attachment_or_a_missing_file_is_404(client, disputed_b, ops, settings):
    from pathlib import Path

    client.force_login(ops)
    Confirmation.objects.filter(pk=disputed_b.pk).update(attachment="")
    assert client.get(reverse("portal:answer-attachment", args=[disputed_b.pk])).status_code == 404
    Confirmation.objects.filter(pk=disputed_b.pk).update(attachment="../../etc/passwd")
    assert client.get(reverse("portal:answer-attachment", args=[disputed_b.pk])).status_code == 404
    Confirmation.objects.filter(pk=disputed_b.pk).update(attachment="attachments/none/missing.pdf")
    assert client.get(reverse("portal:answer-attachment", args=[disputed_b.pk])).status_code == 404
    assert Path(settings.MEDIA_ROOT).is_dir()
