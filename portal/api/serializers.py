from __future__ import annotations

import copy
from typing import Any

from rest_framework import serializers

from reconcile.models import BankAccount


class FieldsBuiltOnce:
    """For a read-only ModelSerializer: the fields are worked out from the model once per class, then copied.

    DRF's ModelSerializer introspects the model (field kwargs, validators, choices) for every serializer instance:
    on the statement API's detail and confirm that was about a sixth of the request's CPU
    (bench/web/profile_web.py). The fields of a class never depend on the request here (no context-dependent
    fields), so a deep copy of the first result, DRF's own way of giving each instance its fields, is the same.
    """

    def get_fields(self) -> dict[str, Any]:
        cls = type(self)
        built = cls.__dict__.get("_fields_built_once")
        if built is None:
            built = super().get_fields()  # type: ignore[misc]
            cls._fields_built_once = copy.deepcopy(built)  # type: ignore[attr-defined]
            return built
        return copy.deepcopy(built)


class BankAccountSerializer(serializers.ModelSerializer):
    customer_name = serializers.CharField(source="customer.legal_name", read_only=True)
    customer_credit_code = serializers.CharField(source="customer.credit_code", read_only=True)

    class Meta:
        model = BankAccount
        fields = ["id", "number", "currency", "branch", "status", "customer_name", "customer_credit_code"]
        read_only_fields = fields
