from __future__ import annotations

import copy
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.fields import get_error_detail
from rest_framework.settings import api_settings

from reconcile.models import BankAccount
from reconcile.services.imports import MAX_ERRORS_SHOWN


def fields_copied(fields: dict[str, Any]) -> dict[str, Any]:
    """One serializer instance's own copy of a class's fields, as DRF's ``copy.deepcopy`` of them gives it, at a
    fraction of its cost: a plain field is copied shallowly (binding it to its serializer sets only its own name,
    parent, label and source; its arguments, validators and error messages are read, never changed), a nested
    serializer deeply (its child is bound to it). DRF's deep copy re-ran every field's constructor with deep-copied
    arguments: about a tenth of a signed confirm's CPU (bench/web/profile_web.py --profile)."""
    return {
        name: copy.deepcopy(field) if isinstance(field, serializers.BaseSerializer) else copy.copy(field)
        for name, field in fields.items()
    }


class DeclaredFieldsCopied:
    """For a plain Serializer: its declared fields copied by ``fields_copied`` instead of deep-copied."""

    def get_fields(self) -> dict[str, Any]:
        return fields_copied(self._declared_fields)  # type: ignore[attr-defined]


class FieldsBuiltOnce:
    """For a read-only ModelSerializer: the fields are worked out from the model once per class, then copied.

    DRF's ModelSerializer introspects the model (field kwargs, validators, choices) for every serializer instance:
    on the statement API's detail and confirm that was about a sixth of the request's CPU
    (bench/web/profile_web.py). The fields of a class never depend on the request here (no context-dependent
    fields), so a copy of the first result (``fields_copied``), as DRF gives each instance its fields, is the same.
    """

    def get_fields(self) -> dict[str, Any]:
        cls = type(self)
        built = cls.__dict__.get("_fields_built_once")
        if built is None:
            built = super().get_fields()  # type: ignore[misc]
            cls._fields_built_once = copy.deepcopy(built)  # type: ignore[attr-defined]
            return built
        return fields_copied(built)


class BoundedListField(serializers.ListField):
    """A ListField whose ``max_length`` is checked before its elements are.

    DRF validates every element first and the length after: a 10 MB body of millions of ids (``[0,0,0,…]``) built an
    error for each and kept a worker busy past gunicorn's timeout (killed, no answer), millions of valid ones took
    seconds before the same "no more than N elements"."""

    def to_internal_value(self, data: Any) -> list[Any]:
        if self.max_length is not None and isinstance(data, list) and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        return super().to_internal_value(data)

    def run_child_validation(self, data: list[Any]) -> list[Any]:
        """Each bad element is named by its index, but only the first MAX_ERRORS_SHOWN, as a refused file's rows are,
        with how many there are in all: DRF named every one, so a push of 200,000 lines that are not objects was
        answered with some 27 MB of refusals."""
        result: list[Any] = []
        errors: dict[Any, Any] = {}  # DRF's own shape: {index: refusals}
        refused = 0
        for index, item in enumerate(data):
            try:
                result.append(self.child.run_validation(item))
            except (ValidationError, DjangoValidationError) as exc:
                refused += 1
                if refused <= MAX_ERRORS_SHOWN:
                    errors[index] = exc.detail if isinstance(exc, ValidationError) else get_error_detail(exc)
        if not refused:
            return result
        if refused > MAX_ERRORS_SHOWN:  # said first, so the message starts with it
            errors = {
                api_settings.NON_FIELD_ERRORS_KEY: [
                    _("%(total)s elements are refused; the first %(shown)s are listed.")
                    % {"total": refused, "shown": MAX_ERRORS_SHOWN}
                ],
                **errors,
            }
        raise ValidationError(errors)


class BankAccountSerializer(serializers.ModelSerializer):
    # An account a bank upload registered before import_agreements assigned it has no customer: both fields are then
    # null. Without allow_null DRF left the two keys out of the object, which the schema marked as always there.
    customer_name = serializers.CharField(
        source="customer.legal_name",
        read_only=True,
        allow_null=True,
        help_text="The account holder; null for an account no customer holds yet (bank staff only see those).",
    )
    customer_credit_code = serializers.CharField(
        source="customer.credit_code", read_only=True, allow_null=True, help_text="null as customer_name."
    )

    class Meta:
        model = BankAccount
        fields = ["id", "number", "currency", "branch", "status", "customer_name", "customer_credit_code"]
        read_only_fields = fields
