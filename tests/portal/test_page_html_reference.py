"""The statement page reads its statement into a plain ``PageStatement`` (statements.selectors.page); its HTML is byte
for byte the page rendered from the model instances the ORM reads (the reference reads below), in every state the
page shows: first and repeat view, another version, an answer, a dispute with a note, a prepared answer, the
published detail, for a confirmer and an accountant, in Chinese and in English."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from statements.models import (
    AnswerDraft,
    BalanceStatement,
    Confirmation,
    ConfirmationStatus,
    Decision,
    Dispute,
    DisputeNote,
    StatementStatus,
)
from statements.selectors import page as page_reads
from tests.portal.test_query_counts import _statements

pytestmark = pytest.mark.django_db

# A page's CSRF tokens are masked afresh on every request: the same secret, other bytes.
_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def _reference_reads(user, pk):
    """The page's reads as model instances: the statement (``statement_visible``), its disputes, answers and
    versions as the plain querysets read them, whether it has a prepared answer."""
    statement = page_reads.statement_visible(user, pk)
    if statement is None:
        return None
    versions = [
        statement if v.pk == statement.pk else v
        for v in page_reads.statement_versions(statement)
        if v.pk == statement.pk or user.is_bank_staff or v.dispatched_at is not None
    ]
    return page_reads.StatementPageReads(
        statement=statement,
        disputes=page_reads.statement_disputes(statement),
        answers=page_reads.statement_answers(statement),
        versions=versions,
        has_draft=AnswerDraft.objects.filter(statement=statement).exists(),
    )


def _pages(client, url: str, language: str, monkeypatch) -> tuple[bytes, bytes]:
    """The page as served, and as rendered from the reference reads, from the same database state (a first view's
    write of the reference request is rolled back before the page is served)."""
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    with transaction.atomic():
        with monkeypatch.context() as patched:
            patched.setattr("portal.views.statements.statement_page_reads", _reference_reads)
            reference = client.get(url, **headers)
        transaction.set_rollback(True)
    served = client.get(url, **headers)
    assert served.status_code == reference.status_code == 200
    return tuple(_TOKEN.sub(b"token", page.content) for page in (served, reference))


def _same(client, statement, monkeypatch) -> None:
    url = reverse("portal:statement-detail", args=[statement.pk])
    for language in ("zh-hans", "en"):
        served, reference = _pages(client, url, language, monkeypatch)
        assert served == reference, language


def test_the_page_is_the_model_instances_page_in_every_state(client, client_a, accountant_a, customer_a, monkeypatch):
    client.force_login(client_a)
    _statements(customer_a, 1, 0)
    statement = BalanceStatement.objects.get()
    assert statement.status == StatementStatus.DISPATCHED and statement.viewed_at is None
    _same(client, statement, monkeypatch)  # first view (each language's request is the first: rolled back)
    client.get(reverse("portal:statement-detail", args=[statement.pk]))
    statement.refresh_from_db()
    assert statement.status == StatementStatus.VIEWED
    _same(client, statement, monkeypatch)  # repeat view

    other = BalanceStatement.objects.get(pk=statement.pk)
    other.pk, other.version, other.verification_code, other.previous = None, 2, "CODE-V2", statement
    other.status, other.viewed_at = StatementStatus.DISPATCHED, None
    other.save()
    _same(client, statement, monkeypatch)  # another version
    _same(client, other, monkeypatch)  # version 2, first view

    answer = Confirmation.objects.create(
        statement=statement,
        decision=Decision.DISAGREE,
        book_balance=Decimal("850.00"),
        reason="账上少一百元 <b>",
        status=ConfirmationStatus.FINAL,
        submitted_by=client_a,
        submitted_at=timezone.now(),
    )
    _same(client, statement, monkeypatch)  # answered
    dispute = Dispute.objects.create(
        statement=statement, confirmation=answer, opened_at=timezone.now(), bank_due_date=dt.date(2099, 11, 3)
    )
    DisputeNote.objects.create(dispute=dispute, author=client_a, body="请核对 & 回复", created_at=timezone.now())
    BalanceStatement.objects.filter(pk=statement.pk).update(status=StatementStatus.DISPUTED)
    _same(client, statement, monkeypatch)  # disputed, with a note

    AnswerDraft.objects.create(
        statement=other,
        prepared_by=accountant_a,
        prepared_at=timezone.now(),
        book_balance=Decimal("4321.09"),
        difference=Decimal("12.30"),
    )
    _same(client, other, monkeypatch)  # a prepared answer, shown to the confirmer
    client.force_login(accountant_a)
    _same(client, other, monkeypatch)  # ... and to the accountant, who may prepare one

    client.force_login(client_a)
    BalanceStatement.objects.filter(pk=other.pk).update(
        status=StatementStatus.CONFIRMED, detail_lines=3, opening_balance=Decimal("-12.50")
    )
    Confirmation.objects.create(
        statement=other,
        decision=Decision.AGREE_ADJUSTED,
        book_balance=Decimal("87.70"),
        status=ConfirmationStatus.FINAL,
        submitted_by=client_a,
        submitted_at=timezone.now(),
    )
    _same(client, other, monkeypatch)  # confirmed after adjustment, with the published detail
