"""Validators for identifiers that users type or files carry."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

from core.accounts import account_normal_form
from core.text import shown_value

# Letters, digits and dashes; a bank code and the account number at that bank may be joined by one slash (German
# BLZ/Kontonummer, TRIODOSBANK/0666666666, as MT940 :25: fields write them; see core.accounts).
_ACCOUNT_NUMBER = re.compile(r"^(?=.{6,34}$)[0-9A-Za-z\-]+(?:/[0-9A-Za-z\-]+)?$")


def normalize_credit_code(value: str) -> str:
    """The 18-character upper-case form of a 统一社会信用代码 (spaces and dashes removed)."""
    return uscc.compact(value or "")


def validate_credit_code(value: str) -> None:
    """Validate a unified social credit code (统一社会信用代码) including its check digit."""
    try:
        uscc.validate(value)
    except InvalidChecksum as exc:
        raise ValidationError(
            _("Unified social credit code %(value)s has a wrong check digit; check the last character."),
            code="credit_code_checksum",
            params={"value": value},
        ) from exc
    except InvalidLength as exc:
        raise ValidationError(
            _("Unified social credit code %(value)s must have 18 characters."),
            code="credit_code_length",
            params={"value": value},
        ) from exc
    except (InvalidFormat, InvalidComponent) as exc:
        raise ValidationError(
            _("%(value)s is not a valid unified social credit code."),
            code="credit_code_format",
            params={"value": value},
        ) from exc


def normalize_account_number(value: str) -> str:
    """The stored form: compact (paper writes groups of four), a German bank code/account number padded as in the
    IBAN (core.accounts), so a typed number and a file's name the same account."""
    return account_normal_form(value)


def is_account_number(value: str) -> bool:
    return bool(_ACCOUNT_NUMBER.match(value))


def validate_account_number(value: str) -> None:
    if not is_account_number(value):
        raise ValidationError(
            _(
                "Account number %(value)s must be 6 to 34 letters or digits (a bank code and the account number may be "
                "joined by “/”)."
            ),
            code="account_number_format",
            params={"value": shown_value(value)},  # a pasted document by its beginning, a direction override harmless
        )
