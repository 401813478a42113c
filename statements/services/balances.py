"""Period-end balances from the core banking feed, and their corrections. (The balance derived from imported bank
lines is reconcile's read: reconcile.balances.reads.bank_balance_on.)"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.actors import Actor
from core.services.audit import audit_record, audit_record_many
from core.tabular import read_table
from core.validators import normalize_account_number
from reconcile.models import BankAccount
from reconcile.parsers.amounts import parse_amount_text
from reconcile.parsers.dates import parse_date
from reconcile.parsers.errors import RowProblem
from statements.models import (
    BalanceCorrection,
    BalanceSource,
    BalanceStatement,
    CorrectionStatus,
    PeriodBalance,
    StatementStatus,
)
from statements.services.onboarding.columns import currency_problem, import_problems

ALIASES = {
    "account_number": ("账号", "账户"),
    "currency": ("币种",),
    "as_of": ("日期", "余额日期", "截止日期"),
    "balance": ("余额", "账户余额"),
}


@dataclass(frozen=True)
class BalanceLoad:
    created: int
    updated: int
    unchanged: int
    # Numbers of the published statements whose balance the file contradicts, flagged for re-issue.
    flagged: tuple[str, ...] = ()

    def summary(self) -> str:
        text = _("%(created)s new, %(updated)s corrected, %(unchanged)s unchanged") % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }
        if self.flagged:
            shown = _(", ").join(self.flagged[:10]) + (" …" if len(self.flagged) > 10 else "")
            text += _("; ") + ngettext(
                "%(count)s published statement shows another balance (%(numbers)s): it is flagged for bank "
                "operations to re-issue as a new version (operations dashboard)",
                "%(count)s published statements show another balance (%(numbers)s): they are flagged for bank "
                "operations to re-issue as new versions (operations dashboard)",
                len(self.flagged),
            ) % {"count": len(self.flagged), "numbers": shown}
        return text


def balances_import(*, actor: Actor | None, data: bytes, filename: str, today: dt.date | None = None) -> BalanceLoad:
    today = today or timezone.localdate()
    rows = read_table(data, filename, ALIASES, ("account_number", "as_of", "balance"))
    numbers = {normalize_account_number(r.values.get("account_number", "")) for r in rows}
    accounts = {a.number: a for a in BankAccount.objects.filter(number__in=numbers)}
    problems = import_problems()
    parsed: dict[tuple[int, dt.date], tuple[int, Decimal]] = {}
    for row in rows:
        v = row.values
        number = normalize_account_number(v.get("account_number", ""))
        account = accounts.get(number)
        if account is None:
            problems.cell(
                row.line,
                "account_number",
                number,
                _("unknown account; upload the agreements file with this account first"),
            )
            continue
        currency = (v.get("currency") or account.currency).strip().upper()
        if currency != account.currency:
            currency_problem(problems, row.line, currency, number, account.currency)
        # Each cell on its own, named with its column and value: a row with a bad date and a bad balance names both.
        bad = False
        try:
            as_of = parse_date(v.get("as_of"))
        except RowProblem as problem:
            problems.cell(row.line, "as_of", v.get("as_of", ""), problem.message, code=problem.code)
            bad = True
        try:
            balance = parse_amount_text(v.get("balance", ""), account.currency)
        except RowProblem as problem:
            problems.cell(row.line, "balance", v.get("balance", ""), problem.message, code=problem.code)
            bad = True
        if bad:
            continue
        if as_of is None:
            problems.column(row.line, "as_of", _("a date is required (YYYY-MM-DD)"))
            continue
        if as_of > today:
            problems.cell(row.line, "as_of", as_of, _("the date is in the future; use a date up to today"))
        if balance is None:
            problems.column(row.line, "balance", _("a balance is required"))
            continue
        key = (account.pk, as_of)
        if key in parsed and parsed[key][1] != balance:
            problems.row(
                row.line,
                _("account %(number)s has a different balance for %(date)s on row %(first)s; keep one of them")
                % {"number": number, "date": as_of, "first": parsed[key][0]},
            )
        parsed[key] = (row.line, balance)
    problems.raise_if_any()
    created = updated = unchanged = 0
    with transaction.atomic():
        existing = {
            (b.account_id, b.as_of): b
            for b in PeriodBalance.objects.select_for_update().filter(
                account_id__in={k[0] for k in parsed}, as_of__in={k[1] for k in parsed}
            )
        }
        fresh = []
        for (account_id, as_of), (_line, balance) in parsed.items():
            current = existing.get((account_id, as_of))
            if current is None:
                fresh.append(
                    PeriodBalance(
                        account_id=account_id,
                        as_of=as_of,
                        balance=balance,
                        source=BalanceSource.CORE_FEED,
                        source_ref=filename[:200],
                    )
                )
                created += 1
            elif current.balance != balance or current.source != BalanceSource.CORE_FEED:
                audit_record(
                    actor=actor,
                    action="balance.corrected",
                    target=current,
                    before={"balance": current.balance, "source": current.source},
                    after={"balance": balance, "source": BalanceSource.CORE_FEED},
                )
                PeriodBalance.objects.filter(pk=current.pk).update(
                    balance=balance, source=BalanceSource.CORE_FEED, source_ref=filename[:200]
                )
                updated += 1
            else:
                unchanged += 1
        PeriodBalance.objects.bulk_create(fresh, batch_size=2000)
        changed = {
            key: balance
            for key, (_line, balance) in parsed.items()
            if key not in existing or existing[key].balance != balance
        }
        flagged = flag_published_statements(actor=actor, balances=changed, source_ref=filename[:200])
        audit_record(
            actor=actor,
            action="balances.imported",
            target_type="statements.periodbalance",
            target_id=filename[:64],
            after={"created": created, "updated": updated, "unchanged": unchanged, "statements_flagged": list(flagged)},
        )
    return BalanceLoad(created, updated, unchanged, flagged)


def flag_published_statements(
    *, actor: Actor | None, balances: dict[tuple[int, dt.date], Decimal], source_ref: str
) -> tuple[str, ...]:
    """Flag the live statements of these (account, period end)s whose balance differs from the new one.

    Called inside the import's transaction. A statement already published keeps its figure, and the client's answer
    was given on it: only a new version can change it (statements.services.corrections), so bank operations are
    told. An open flag follows later imports: a newer figure replaces it, the statement's own figure clears it.
    """
    if not balances:
        return ()
    live = (
        BalanceStatement.objects.select_for_update()
        .filter(account_id__in={a for a, _ in balances}, period_end__in={d for _, d in balances})
        .exclude(status=StatementStatus.SUPERSEDED)
        .order_by("number")
    )
    flagged: list[str] = []
    events: list[dict[str, Any]] = []
    now = timezone.now()
    for statement in live:
        balance = balances.get((statement.account_id, statement.period_end))
        if balance is None:
            continue
        open_flag = BalanceCorrection.objects.filter(statement=statement, status=CorrectionStatus.OPEN).first()
        if balance == statement.balance:
            if open_flag is not None:
                open_flag.status, open_flag.resolved_at = CorrectionStatus.OBSOLETE, now
                open_flag.save(update_fields=["status", "resolved_at"])
                events.append(
                    {
                        "action": "statement.balance_correction_cleared",
                        "target": statement,
                        "after": {"balance": balance, "source": source_ref},
                    }
                )
            continue
        if open_flag is None:
            BalanceCorrection.objects.create(
                statement=statement,
                statement_balance=statement.balance,
                corrected_balance=balance,
                source_ref=source_ref,
            )
        else:
            open_flag.corrected_balance, open_flag.source_ref = balance, source_ref
            open_flag.save(update_fields=["corrected_balance", "source_ref"])
        flagged.append(f"{statement.number} v{statement.version}")
        events.append(
            {
                "action": "statement.balance_corrected",
                "target": statement,
                "before": {"balance": statement.balance, "status": statement.status},
                "after": {"corrected_balance": balance, "source": source_ref},
            }
        )
    audit_record_many(actor=actor, entries=events)
    return tuple(flagged)
