"""The statement page's (and the statement API's) reads, compiled to SQL once per process (``core.prepared``; why in its docstring).

Each returns what the plain queryset beside it in the docstring would return; ``tests/statements/
test_page_reads.py`` holds them to that for every persona, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from typing import Any

from core.prepared import PreparedQuery
from reconcile.selectors import Scope
from statements.models import BalanceStatement, Confirmation, Dispute
from statements.selectors import statements_in

_VISIBLE: PreparedQuery[BalanceStatement] = PreparedQuery(
    lambda shape, pk, user_id, customer_id: (
        statements_in(shape.bind(user_id=user_id, customer_id=customer_id)).select_related("agreement").filter(pk=pk)
    ),
    pk=int,
    user_id=int,
    customer_id=int,
)
_VISIBLE_ID: PreparedQuery[int] = PreparedQuery(
    lambda shape, pk, user_id, customer_id: (
        statements_in(shape.bind(user_id=user_id, customer_id=customer_id))
        .filter(pk=pk)
        .values_list("pk", flat=True)[:1]
    ),
    pk=int,
    user_id=int,
    customer_id=int,
)
_DISPUTES: PreparedQuery[Dispute] = PreparedQuery(
    lambda statement_id: Dispute.objects.filter(statement_id=statement_id).order_by("opened_at"), statement_id=int
)
_ANSWERS: PreparedQuery[Confirmation] = PreparedQuery(
    lambda statement_id: (
        Confirmation.objects.filter(statement_id=statement_id)
        .select_related("submitted_by", "signature_key")
        .prefetch_related("items")
        .order_by("submitted_at", "pk")
    ),
    statement_id=int,
)
_VERSIONS: PreparedQuery[BalanceStatement] = PreparedQuery(
    lambda account_id, period: (
        BalanceStatement.objects.filter(account_id=account_id, period=period)
        .only("pk", "version", "currency", "balance", "status")
        .order_by("version")
    ),
    account_id=int,
    period=str,
)


# The columns of the client's statement list (portal.rows formats them).
STATEMENT_ROW_FIELDS = (
    "pk",
    "number",
    "version",
    "account__number",
    "period",
    "currency",
    "balance",
    "status",
    "due_date",
)


def _scope_of(user) -> tuple[Scope, dict[str, Any]]:
    """The user's scope as the compiled reads take it: the shape (which SQL) and the ids (its values; 0 stands for
    an id the shape does not use)."""
    scope = Scope.of(user)
    return scope.shape(), {"user_id": scope.user_id or 0, "customer_id": scope.customer_id or 0}


def _listed(shape: tuple[Scope, bool], user_id: int, customer_id: int, period: str):
    scope, one_period = shape
    statements = statements_in(scope.bind(user_id=user_id, customer_id=customer_id))
    return statements.filter(period=period) if one_period else statements


_LIST_ROWS: PreparedQuery[tuple] = PreparedQuery(
    lambda shape, user_id, customer_id, period: (
        _listed(shape, user_id, customer_id, period)
        .order_by("-period_end", "account__number", "-version")
        .values_list(*STATEMENT_ROW_FIELDS)
    ),
    user_id=int,
    customer_id=int,
    period=str,
)
_LIST_COUNT: PreparedQuery[int] = PreparedQuery(
    lambda shape, user_id, customer_id, period: (
        _listed(shape, user_id, customer_id, period).order_by().values_list("pk", flat=True)
    ),
    user_id=int,
    customer_id=int,
    period=str,
)


class StatementListing:
    """``statements_for(user)`` (of one period, where given), newest period first, as ``STATEMENT_ROW_FIELDS``
    tuples: what Django's Paginator pages (``count()`` and slices), each page one compiled query."""

    def __init__(self, user, period: str = "") -> None:
        shape, ids = _scope_of(user)
        self._shape = (shape, bool(period))
        self._values: dict[str, Any] = {**ids, "period": period}

    def count(self) -> int:
        return _LIST_COUNT.count(shape=self._shape, **self._values)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[tuple]:
        start, stop = window.start or 0, window.stop
        if window.step not in (None, 1) or stop is None:
            raise TypeError("a statement listing is read in pages: [start:stop]")
        return _LIST_ROWS.fetch(shape=self._shape, limit=max(0, stop - start), offset=start, **self._values)


def statement_visible(user, pk: int) -> BalanceStatement | None:
    """``statements_for(user).select_related("agreement").filter(pk=pk).first()``: the statement with its account,
    customer and agreement, or None where the user may not see it (another customer's is the same as none)."""
    shape, ids = _scope_of(user)
    return _VISIBLE.first(shape=shape, pk=pk, **ids)


def statement_visible_id(user, pk: int) -> int | None:
    """``statement_visible`` without loading the row: the id where the user may see the statement, else None (the
    API checks this before reading a signed body)."""
    shape, ids = _scope_of(user)
    return _VISIBLE_ID.first(shape=shape, pk=pk, **ids)


def statement_disputes(statement: BalanceStatement) -> list[Dispute]:
    """``statement.disputes.order_by("opened_at")``."""
    return _DISPUTES.fetch(statement_id=statement.pk)


def statement_answers(statement: BalanceStatement) -> list[Confirmation]:
    """Every answer of the statement, oldest first, with who submitted it, the key that signed it and its items."""
    return _ANSWERS.fetch(statement_id=statement.pk)


def statement_versions(statement: BalanceStatement) -> list[BalanceStatement]:
    """Every version of the statement's account and period (the columns the page shows), oldest first."""
    return _VERSIONS.fetch(account_id=statement.account_id, period=statement.period)
