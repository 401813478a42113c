"""The account and credit-code validators under the path migration 0001 names them by (they live in core.validators).

Migrations are history: 0001_initial imports this module, so it stays; code imports core.validators.
"""

from core.validators import validate_account_number, validate_credit_code

__all__ = ["validate_account_number", "validate_credit_code"]
