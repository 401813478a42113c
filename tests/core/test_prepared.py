"""core.prepared: a queryset compiled once runs with new values and returns what the plain queryset returns."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models.expressions import RawSQL
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext

from core.models import AuditChainHead
from core.prepared import PreparedQuery
from reconcile.models import BankAccount, Customer
from tests.factories import BankAccountFactory, CustomerFactory

pytestmark = pytest.mark.django_db


def _accounts_of(customer_id):
    return BankAccount.objects.filter(customer_id=customer_id).select_related("customer").order_by("pk")


def test_rows_are_the_plain_querysets_rows_for_each_value():
    accounts = {
        c.pk: [BankAccountFactory(customer=c) for _ in range(n)]
        for n, c in enumerate([CustomerFactory(), CustomerFactory(), CustomerFactory()], start=1)
    }
    prepared = PreparedQuery(_accounts_of, customer_id=int)
    for customer_id, expected in accounts.items():
        rows = prepared.fetch(customer_id=customer_id)
        assert rows == list(_accounts_of(customer_id)) == expected
        # select_related came along: the customer is on the row, no query to read it
        with CaptureQueriesContext(connection) as ctx:
            assert {row.customer.pk for row in rows} == {customer_id}
        assert not ctx.captured_queries
    assert prepared.fetch(customer_id=10**12) == []


def test_the_sql_is_compiled_once_per_shape(monkeypatch):
    customer = CustomerFactory()
    BankAccountFactory(customer=customer)
    prepared = PreparedQuery(_accounts_of, customer_id=int)
    prepared.fetch(customer_id=customer.pk)
    compiled = []
    real = SQLCompiler.as_sql
    monkeypatch.setattr(SQLCompiler, "as_sql", lambda self, *a, **k: compiled.append(1) or real(self, *a, **k))
    with CaptureQueriesContext(connection) as ctx:
        for _ in range(3):
            assert len(prepared.fetch(customer_id=customer.pk)) == 1
    assert compiled == []  # the bound SQL ran three times, Django compiled nothing
    assert len(ctx.captured_queries) == 3  # and each run is a real query the usual tools see


def test_a_shape_key_selects_the_build_and_strings_bind_too():
    a, b = CustomerFactory(legal_name="恒瑞贸易有限公司"), CustomerFactory(legal_name="=1+1 O'Brien & Co")

    def build(shape, name):
        queryset = Customer.objects.filter(legal_name=name)
        return queryset.only("pk") if shape == "ids" else queryset

    prepared = PreparedQuery(build, name=str)
    assert prepared.fetch(shape="full", name=b.legal_name) == [b]
    assert prepared.fetch(shape="ids", name=a.legal_name) == [a]
    assert prepared.first(shape="full", name="nobody") is None


def test_a_value_written_into_the_sql_text_is_refused():
    # A value pasted into raw SQL (as Django itself does with a slice's LIMIT) would be compiled in for good, so
    # it cannot be a parameter: refused at the first call.
    prepared = PreparedQuery(lambda n: Customer.objects.filter(pk__gt=RawSQL(f"{n}", [])), n=int)
    with pytest.raises(ValueError, match="written into the SQL text"):
        prepared.fetch(n=3)


def test_wrong_or_missing_values_are_refused_and_ids_out_of_range_find_nothing_without_a_query():
    prepared = PreparedQuery(_accounts_of, customer_id=int)
    with pytest.raises(TypeError):
        prepared.fetch(customer=1)
    with CaptureQueriesContext(connection) as ctx:
        assert prepared.fetch(customer_id=2**63) == []
        assert prepared.fetch(customer_id=-(2**64)) == []
    assert not ctx.captured_queries
    with pytest.raises(TypeError):
        PreparedQuery(_accounts_of, customer_id=float).fetch(customer_id=1.0)


def test_a_shape_that_matches_nothing_runs_no_query():
    prepared = PreparedQuery(lambda pk: Customer.objects.none().filter(pk=pk), pk=int)
    with CaptureQueriesContext(connection) as ctx:
        assert prepared.fetch(pk=1) == []
    assert not ctx.captured_queries


def test_pages_and_counts_bind_as_parameters():
    customer = CustomerFactory()
    accounts = [BankAccountFactory(customer=customer) for _ in range(5)]
    rows = PreparedQuery(_accounts_of, customer_id=int)
    unordered = PreparedQuery(lambda customer_id: _accounts_of(customer_id).order_by(), customer_id=int)
    assert unordered.count(customer_id=customer.pk) == 5 and unordered.count(customer_id=10**12) == 0
    assert rows.fetch(customer_id=customer.pk, limit=2, offset=0) == accounts[:2]
    assert rows.fetch(customer_id=customer.pk, limit=2, offset=4) == accounts[4:]
    assert rows.fetch(customer_id=customer.pk, limit=0, offset=0) == []
    sliced = PreparedQuery(lambda customer_id: _accounts_of(customer_id)[:3], customer_id=int)
    assert sliced.fetch(customer_id=customer.pk) == accounts[:3]
    with pytest.raises(ValueError, match="sliced already"):
        sliced.fetch(customer_id=customer.pk, limit=1)


def test_a_small_integer_column_binds_too_and_derived_values_are_refused():
    # The audit chain's heads have small-integer ids: a stand-in out of that range would have compiled to "matches
    # nothing" for good (found by the confirm's query count: the head was read twice).
    from core.models import AuditChainHead

    head = AuditChainHead.objects.create(pk=7)
    prepared = PreparedQuery(lambda pk: AuditChainHead.objects.filter(pk=pk), pk=int)
    assert prepared.fetch(pk=7) == [head] and prepared.fetch(pk=8) == []
    # icontains binds "%value%", a value derived from the parameter: refused rather than bound wrongly.
    wrapped = PreparedQuery(lambda name: Customer.objects.filter(legal_name__icontains=name), name=str)
    with pytest.raises(ValueError, match="derived"):
        wrapped.fetch(name="恒瑞")


@pytest.mark.parametrize(
    ("build", "plain"),
    [
        # The heads' ids are small integers: with a stand-in beyond their range Django would have left the condition
        # out ("> n": every row for every value; "<> n" the same) or the whole query ("= n": nothing, ever).
        (lambda n: AuditChainHead.objects.filter(pk__gt=n), lambda n: AuditChainHead.objects.filter(pk__gt=n)),
        (lambda n: AuditChainHead.objects.exclude(pk=n), lambda n: AuditChainHead.objects.exclude(pk=n)),
        (lambda n: AuditChainHead.objects.filter(pk=n), lambda n: AuditChainHead.objects.filter(pk=n)),
    ],
    ids=["gt", "exclude", "exact"],
)
def test_conditions_on_a_small_integer_column_keep_their_meaning(build, plain):
    for pk in (3, 5, 9):
        AuditChainHead.objects.create(pk=pk)
    prepared = PreparedQuery(lambda n: build(n).order_by("pk"), n=int)
    for n in (1, 5, 9, 12):
        assert prepared.fetch(n=n) == list(plain(n).order_by("pk")), n


def test_a_value_django_rewrites_is_refused_not_searched_as_the_stand_in():
    CustomerFactory(legal_name="恒瑞贸易有限公司")
    prepared = PreparedQuery(lambda name: Customer.objects.filter(legal_name__contains=name), name=str)
    with pytest.raises(ValueError, match="derived"):
        prepared.fetch(name="恒瑞")  # the plain queryset finds the company; a compiled LIKE '%<stand-in>%' never would


def test_a_value_of_another_type_is_refused_not_bound_as_given():
    prepared = PreparedQuery(_accounts_of, customer_id=int)
    for wrong in ("5", True, 5.0):
        with pytest.raises(TypeError, match="customer_id must be int"):
            prepared.fetch(customer_id=wrong)


def test_tuples_are_the_values_list_rows_converted_as_django_converts_them():
    from django.db.models import Exists, OuterRef

    customer = CustomerFactory()
    BankAccountFactory(customer=customer, number="62220000000000000001")
    BankAccountFactory(customer=customer, number="62220000000000000002")

    def build(customer_id):
        return (
            BankAccount.objects.filter(customer_id=customer_id)
            .annotate(has_other=Exists(BankAccount.objects.filter(customer_id=customer_id).exclude(pk=OuterRef("pk"))))
            .order_by("number")
            .values_list("pk", "number", "has_other", "customer__legal_name", "customer__created_at")
        )

    prepared = PreparedQuery(build, customer_id=int)
    rows = prepared.tuples(customer_id=customer.pk)
    assert rows == prepared.fetch(customer_id=customer.pk) == list(build(customer.pk))
    assert [type(v) for v in rows[0]] == [type(v) for v in list(build(customer.pk))[0]]
    assert rows[0][2] is True  # SQLite's 1 converted to a bool, as Django converts it
    assert prepared.tuples(customer_id=customer.pk, limit=1, offset=1) == list(build(customer.pk))[1:2]
    assert prepared.tuples(customer_id=10**12) == [] and prepared.tuples(customer_id=10**20) == []
    with CaptureQueriesContext(connection) as ctx:
        prepared.tuples(customer_id=customer.pk)
    assert len(ctx.captured_queries) == 1  # counted as any query is
    with pytest.raises(TypeError):
        PreparedQuery(_accounts_of, customer_id=int).tuples(customer_id=customer.pk)  # model rows: fetch()
