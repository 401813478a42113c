"""portal.api.serializers.FieldsBuiltOnce: the statement serializers build their fields once per class and give each
instance its own copy, with the same output as DRF's per-instance introspection."""

from __future__ import annotations

import pytest
from rest_framework import serializers

from portal.api.statements import StatementDetailSerializer, StatementSerializer
from statements.models import BalanceStatement

pytestmark = pytest.mark.django_db


class _Plain(serializers.ModelSerializer):
    account_number = serializers.CharField(source="account.number", read_only=True)
    customer_name = serializers.CharField(source="account.customer.legal_name", default=None, read_only=True)
    previous_id = serializers.IntegerField(read_only=True)

    class Meta:
        model = BalanceStatement
        fields = StatementSerializer.Meta.fields
        read_only_fields = fields


def test_each_instance_has_its_own_fields_and_the_output_is_drfs(published):
    statement = BalanceStatement.objects.select_related("account__customer").first()
    first, second = StatementSerializer(statement), StatementSerializer(statement)
    assert first.fields.keys() == second.fields.keys() == _Plain(statement).fields.keys()
    assert all(first.fields[name] is not second.fields[name] for name in first.fields)
    assert first.fields["id"].parent is first and second.fields["id"].parent is second
    assert first.data == second.data == _Plain(statement).data
    # the detail serializer (a subclass) keeps its own fields, its answer method included
    detail = StatementDetailSerializer(statement).data
    assert {"answer", "opening_balance", "detail_lines"} <= detail.keys() and "answer" not in first.data
