"""Onboarding in bulk: `import_agreements` (customers, accounts, agreements) - all-or-nothing, idempotent.

The file's columns and the words its cells may hold are ``columns``; each row checked is ``rows``; a checked row
applied (customer, account, agreement) is ``apply``. The modules of the package import each other by their own names,
never this package.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.actors import Actor
from core.tabular import read_table
from statements.services.onboarding.apply import OnboardingResult, apply_row, migration_start
from statements.services.onboarding.columns import ALIASES, REQUIRED, currency_problem, import_problems
from statements.services.onboarding.rows import check_row

__all__ = ["OnboardingResult", "agreements_import", "currency_problem", "import_problems", "migration_start"]


def agreements_import(
    *, actor: Actor | None, data: bytes, filename: str, today: dt.date | None = None
) -> OnboardingResult:
    today = today or timezone.localdate()
    rows = read_table(data, filename, ALIASES, REQUIRED)
    problems = import_problems()
    checked = [r for r in (check_row(row, problems) for row in rows) if r is not None]
    seen: dict[str, int] = {}
    for row in checked:
        if row.account_number in seen:
            problems.cell(
                row.line,
                "account_number",
                row.account_number,
                _("already on row %(first)s; list each account once") % {"first": seen[row.account_number]},
            )
        seen.setdefault(row.account_number, row.line)
    problems.raise_if_any()
    result = OnboardingResult(rows=len(checked))
    with transaction.atomic():
        for row in checked:
            try:
                with transaction.atomic():
                    apply_row(row, actor, today, result, problems)
            except ValidationError as exc:
                problems.row(row.line, " ".join(exc.messages))
        if problems:
            transaction.set_rollback(True)
            problems.raise_if_any()
    return result
