"""The stored PDFs of statements: rendered after publishing, drawn again when missing or when the statement changed."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.utils import timezone

from reconcile.queue import enqueue
from statements.models import BalanceStatement


def statement_pdfs_render(*, statement_ids: list[int]) -> int:
    """Render missing PDFs (idempotent: a statement with a PDF is skipped)."""
    from statements.services.statement_docs import statement_pdf_write

    done = 0
    todo = BalanceStatement.objects.filter(pk__in=statement_ids, pdf_path="").select_related(
        "account", "account__customer", "agreement"
    )
    for statement in todo:
        path = statement_pdf_write(statement)
        done += BalanceStatement.objects.filter(pk=statement.pk, pdf_path="").update(
            pdf_path=path, pdf_rendered_at=timezone.now()
        )
    return done


def statement_pdf_path(statement: BalanceStatement) -> str:
    """The stored PDF of a statement, rendering it first if the background task has not yet (a service, not a
    selector: it may write the file and the row)."""
    if not statement.pdf_path or not (Path(settings.MEDIA_ROOT) / statement.pdf_path).exists():
        BalanceStatement.objects.filter(pk=statement.pk).update(pdf_path="")
        statement_pdfs_render(statement_ids=[statement.pk])
        statement.refresh_from_db(fields=["pdf_path"])
    return str(Path(settings.MEDIA_ROOT) / statement.pdf_path)


def statement_pdfs_refresh(*, statement_ids: list[int]) -> int:
    """Render the stored PDFs again from the statements as they are now (their due date became known or changed).

    Idempotent: the PDF is rendered from the current row, so running it twice writes the same bytes.
    """
    from statements.services.statement_docs import statement_pdf_write

    done = 0
    todo = BalanceStatement.objects.filter(pk__in=statement_ids).select_related(
        "account", "account__customer", "agreement"
    )
    for statement in todo:
        path = statement_pdf_write(statement)
        # Rendered from the row as it is now: no longer older than its posting, nor given up.
        BalanceStatement.objects.filter(pk=statement.pk).update(
            pdf_path=path, pdf_rendered_at=timezone.now(), pdf_given_up_at=None
        )
        done += 1
    return done


def statement_pdfs_refresh_later(statement_ids: list[int]) -> None:
    """Queue the re-rendering (call it from transaction.on_commit); a broker that is down never fails the caller
    (reconcile.queue): the job watchdog queues it again while the PDF is older than the posting
    (statements.services.jobs.stale_pdfs_requeue)."""
    if statement_ids:
        enqueue("statements.refresh_pdfs", statement_ids)
