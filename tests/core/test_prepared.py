"""core.prepared: a queryset compiled once runs with new values and returns what the plain queryset returns."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models.expressions import RawSQL
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext

from core.prepared import PreparedQuery
from reconcile.models import BankAccount, Customer, MatchRule
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


@pytest.mark.parametrize(
    "build",
    [
        # priority is a PositiveSmallIntegerField: against a negative stand-in Django leaves the condition out ("> n"
        # always true: every row for every value; "<> n" the same) or the whole query ("= n": nothing, ever)
        lambda n: MatchRule.objects.filter(priority__gt=n),
        lambda n: MatchRule.objects.exclude(priority=n),
        lambda n: MatchRule.objects.filter(priority=n),
    ],
    ids=["gt", "exclude", "exact"],
)
def test_a_stand_in_beyond_the_fields_range_is_refused_not_compiled_without_its_condition(build):
    prepared = PreparedQuery(build, n=int)
    with pytest.raises(ValueError, match="change the SQL"):
        prepared.fetch(n=5)


def test_a_value_django_rewrites_is_refused_not_searched_as_the_stand_in():
    CustomerFactory(legal_name="恒瑞贸易有限公司")
    prepared = PreparedQuery(lambda name: Customer.objects.filter(legal_name__contains=name), name=str)
    with pytest.raises(ValueError, match="rewritten by Django"):
        prepared.fetch(
            name="恒瑞"
        )  # the plain queryset finds the company; the compiled LIKE '%<stand-in>%' never would
