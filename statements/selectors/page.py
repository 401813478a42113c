"""The statement page's (and the statement API's) reads, compiled to SQL once per process (``core.prepared``; why in its docstring).

Each returns what the plain queryset beside it in the docstring would return; ``tests/statements/
test_page_reads.py`` holds them to that for every persona, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Window

from core.prepared import PreparedQuery
from reconcile.selectors import Scope
from statements.models import AnswerDraft, BalanceStatement, Confirmation, ConfirmationStatus, Decision, Dispute
from statements.selectors import statements_in

_VISIBLE: PreparedQuery[BalanceStatement] = PreparedQuery(
    lambda shape, pk, user_id, customer_id: (
        statements_in(shape.bind(user_id=user_id, customer_id=customer_id)).select_related("agreement").filter(pk=pk)
    ),
    pk=int,
    user_id=int,
    customer_id=int,
)
# The statement page's first read: the statement as ``_VISIBLE`` reads it (tenancy in its WHERE clause) and, in the
# same query, whether it has disputes, answers, other versions or a prepared answer. Most statements have none of
# them, so the page's other reads run only where there is something to show (one query instead of four or five;
# each read is a round trip and a plan that cost more than the index probe of an EXISTS). The row is read as a tuple
# of the columns the page shows (``PAGE_COLUMNS``) into a ``PageStatement``: building the model instances of the
# statement, its account, customer and agreement cost more Python than the query itself.
PAGE_COLUMNS = (
    "pk",
    "number",
    "version",
    "period",
    "period_end",
    "currency",
    "balance",
    "status",
    "due_date",
    "detail_lines",
    "opening_balance",
    "published_at",
    "previous_id",
    "account_id",
    "account__number",
    "account__branch",
    "account__customer_id",
    "account__customer__legal_name",
)
_PAGE_FLAGS = ("page_has_disputes", "page_has_answers", "page_has_versions", "page_has_draft")
_PAGE: PreparedQuery[tuple] = PreparedQuery(
    lambda shape, pk, user_id, customer_id: (
        statements_in(shape.bind(user_id=user_id, customer_id=customer_id))
        .filter(pk=pk)
        .annotate(
            page_has_disputes=Exists(Dispute.objects.filter(statement_id=OuterRef("pk"))),
            page_has_answers=Exists(Confirmation.objects.filter(statement_id=OuterRef("pk"))),
            page_has_versions=Exists(
                BalanceStatement.objects.filter(account_id=OuterRef("account_id"), period=OuterRef("period")).exclude(
                    pk=OuterRef("pk")
                )
            ),
            page_has_draft=Exists(AnswerDraft.objects.filter(statement_id=OuterRef("pk"))),
        )
        .values_list(*PAGE_COLUMNS, *_PAGE_FLAGS)
    ),
    pk=int,
    user_id=int,
    customer_id=int,
)


@dataclass(frozen=True, slots=True)
class PageCustomer:
    pk: int
    legal_name: str


@dataclass(frozen=True, slots=True)
class PageAccount:
    """The statement's account as the page uses it (``may_answer`` and the role checks read ``customer_id``)."""

    pk: int
    number: str
    branch: str
    customer_id: int | None
    customer: PageCustomer | None


@dataclass(slots=True)
class PageStatement:
    """A statement as the statement page reads and shows it: the same names and values as the ``BalanceStatement``
    columns in ``PAGE_COLUMNS`` (``account`` with its number, branch and customer), and ``get_status_display``.
    ``status`` is re-read after the page marks the statement viewed."""

    pk: int
    number: str
    version: int
    period: str
    period_end: dt.date
    currency: str
    balance: Decimal
    status: str
    due_date: dt.date | None
    detail_lines: int | None
    opening_balance: Decimal | None
    published_at: dt.datetime | None
    previous_id: int | None
    account_id: int
    account: PageAccount

    @property
    def id(self) -> int:
        return self.pk

    def get_status_display(self) -> str:
        """``BalanceStatement.get_status_display()``: the status's label in the active language."""
        return str(_STATUS_LABELS.get(self.status, self.status))

    @classmethod
    def from_row(cls, row: tuple) -> PageStatement:
        (pk, number, version, period, period_end, currency, balance, status, due_date, detail_lines, opening) = row[:11]
        published_at, previous_id, account_id, account_number, branch, customer_id, legal_name = row[11:18]
        customer = PageCustomer(customer_id, legal_name) if customer_id is not None else None
        account = PageAccount(account_id, account_number, branch, customer_id, customer)
        return cls(
            pk,
            number,
            version,
            period,
            period_end,
            currency,
            balance,
            status,
            due_date,
            detail_lines,
            opening,
            published_at,
            previous_id,
            account_id,
            account,
        )


_STATUS_LABELS = dict(BalanceStatement._meta.get_field("status").flatchoices)


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
        .select_related("submitted_by__customer", "signature_key", "group_grant__subsidiary")
        .prefetch_related("items")
        .order_by("submitted_at", "pk")
    ),
    statement_id=int,
)
_VERSIONS: PreparedQuery[BalanceStatement] = PreparedQuery(
    lambda account_id, period: (
        BalanceStatement.objects.filter(account_id=account_id, period=period)
        .only("pk", "version", "currency", "balance", "status", "dispatched_at")
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
    "agreed_after_adjustment",
    "account__customer__legal_name",  # shown where the list holds several companies' statements
)


def with_outcome(statements):
    """The statements with ``agreed_after_adjustment``: confirmed by a final 调节后相符 answer, which the list shows
    as such (the status alone, ``confirmed``, reads as a plain 相符)."""
    return statements.annotate(
        agreed_after_adjustment=Exists(
            Confirmation.objects.filter(
                statement=OuterRef("pk"), status=ConfirmationStatus.FINAL, decision=Decision.AGREE_ADJUSTED
            )
        )
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


# Each row also carries how many rows the whole listing has (COUNT(*) OVER (), computed before the LIMIT): the
# pager's count comes with the page's rows instead of from a query of its own.
_LIST_ROWS: PreparedQuery[tuple] = PreparedQuery(
    lambda shape, user_id, customer_id, period: (
        with_outcome(_listed(shape, user_id, customer_id, period))
        .annotate(listing_total=Window(Count("*")))
        .order_by("-period_end", "account__number", "-version")
        .values_list(*STATEMENT_ROW_FIELDS, "listing_total")
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


class _Counted(Paginator):
    """A paginator told its count (read with the page's rows) instead of asking the object list for it."""

    def __init__(self, object_list: Any, per_page: int, count: int) -> None:
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached_property: this is its cached value


class StatementListing:
    """``statements_for(user)`` (of one period, where given), newest period first, as ``STATEMENT_ROW_FIELDS``
    tuples: what Django's Paginator pages (``count()`` and slices), each page one compiled query; ``page()`` is
    ``Paginator.get_page`` in that one query (the count comes with the rows)."""

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
        return self._rows(max(0, stop - start), start)[0]

    def _rows(self, limit: int, offset: int) -> tuple[list[tuple], int | None]:
        """The rows of this window and the listing's count (None where the window is empty: no row carries it)."""
        rows = _LIST_ROWS.tuples(shape=self._shape, limit=limit, offset=offset, **self._values)
        return [row[:-1] for row in rows], (rows[0][-1] if rows else None)

    def page(self, number: Any, per_page: int) -> Page:
        """``Paginator(self, per_page).get_page(number)``: the same page (a number that is no integer reads the
        first, one out of range the last), in one query where the page has rows; an empty or out-of-range page
        (rare: an old link) costs the count and the last page's rows as Paginator reads them."""
        try:
            wanted = int(number) if number is not None else 1
        except (TypeError, ValueError):
            wanted = 1
        # An offset past any listing (?page=99999999999999999999) reads no rows (core.prepared does not bind a window
        # the database's 64-bit OFFSET cannot hold): Paginator then answers it with the last page.
        if wanted >= 1:
            rows, total = self._rows(per_page, (wanted - 1) * per_page)
            if total is not None:
                return Page(rows, wanted, _Counted(self, per_page, total))
        # Paginator reads only count() and slices of it (no index or iteration, which its type also names)
        return Paginator(cast(Any, self), per_page).get_page(number)


def statement_visible(user, pk: int) -> BalanceStatement | None:
    """``statements_for(user).select_related("agreement").filter(pk=pk).first()``: the statement with its account,
    customer and agreement, or None where the user may not see it (another customer's is the same as none)."""
    shape, ids = _scope_of(user)
    return _VISIBLE.first(shape=shape, pk=pk, **ids)


@dataclass(frozen=True)
class StatementPageReads:
    """What the statement page shows of a statement: the statement (as ``statement_visible``), its disputes and
    answers (as ``statement_disputes``/``statement_answers``), every version of its account and period the user may
    see (``statement_versions`` less those not dispatched yet for a company user, or the statement alone where it has
    no other) and whether an answer was prepared for it (``statements.selectors.answers.answer_draft_latest`` finds
    one)."""

    statement: PageStatement
    disputes: list[Dispute]
    answers: list[Confirmation]
    versions: list[BalanceStatement | PageStatement]
    has_draft: bool


def statement_page_reads(user, pk: int) -> StatementPageReads | None:
    """The statement page's reads, or None where the user may not see the statement (the tenancy check is the
    first query's WHERE clause, as in ``statement_visible``). One query for a statement without disputes, answers
    or other versions; one more for each of those it has."""
    shape, ids = _scope_of(user)
    rows = _PAGE.tuples(shape=shape, pk=pk, **ids)
    if not rows:
        return None
    row = rows[0]
    statement = PageStatement.from_row(row)
    has_disputes, has_answers, has_versions, has_draft = row[len(PAGE_COLUMNS) :]
    return StatementPageReads(
        statement=statement,
        disputes=_DISPUTES.fetch(statement_id=statement.pk) if has_disputes else [],
        answers=_ANSWERS.fetch(statement_id=statement.pk) if has_answers else [],
        # the statement itself stands for its own version: a first view marks it viewed after these reads, and the
        # list then shows that status too
        versions=[
            statement if v.pk == statement.pk else v
            for v in _VERSIONS.fetch(account_id=statement.account_id, period=statement.period)
            # a company sees no version the bank has not dispatched (statements_in): nor its balance in this list
            if v.pk == statement.pk or shape.unrestricted or v.dispatched_at is not None
        ]
        if has_versions
        else [statement],
        has_draft=bool(has_draft),
    )


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
