"""A checked row applied: its customer, its account (created, assigned, classified, its status set) and its agreement
(created, changed, its start corrected, or ended), each change counted in the ``OnboardingResult``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, ngettext_lazy

from core.actors import Actor
from core.errors import ServiceError
from core.services.audit import audit_record, snapshot
from core.tabular import Problems
from reconcile.models import AccountStatus, BankAccount, Customer
from reconcile.selectors.accounts import company_registrations
from reconcile.services.books import (
    bank_account_classify,
    bank_account_create,
    bank_account_set_status,
    customer_create,
    customer_update,
)
from statements.models import Agreement, Cycle
from statements.periods import Period
from statements.services.agreements import AGREEMENT_FIELDS, agreement_replace, agreement_start_correct
from statements.services.onboarding.columns import currency_problem
from statements.services.onboarding.rows import AgreementRow


@dataclass
class OnboardingResult:
    rows: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def bump(self, key: str) -> None:
        self.counts[key] = self.counts.get(key, 0) + 1

    def summary(self) -> str:
        parts = [
            SUMMARY_LABELS[key] % {"count": n} if key in SUMMARY_LABELS else f"{n} {key}"
            for key, n in sorted(self.counts.items())
        ]
        # Translators: the separator between the counts of an onboarding summary.
        changes = _(", ").join(parts) if parts else _("nothing to change")
        return ngettext("%(rows)s row: %(changes)s", "%(rows)s rows: %(changes)s", self.rows) % {
            "rows": self.rows,
            "changes": changes,
        }


SUMMARY_LABELS = {
    "customers created": ngettext_lazy("%(count)s customer created", "%(count)s customers created", "count"),
    "customers renamed": ngettext_lazy("%(count)s customer renamed", "%(count)s customers renamed", "count"),
    "accounts created": ngettext_lazy("%(count)s account created", "%(count)s accounts created", "count"),
    "accounts assigned": ngettext_lazy(
        "%(count)s account assigned to its customer", "%(count)s accounts assigned to their customers", "count"
    ),
    "accounts reactivated": ngettext_lazy("%(count)s account reactivated", "%(count)s accounts reactivated", "count"),
    "accounts dormant": ngettext_lazy("%(count)s account made dormant", "%(count)s accounts made dormant", "count"),
    "accounts classified": ngettext_lazy(
        "%(count)s account's risk tier or type set", "%(count)s accounts' risk tiers or types set", "count"
    ),
    "accounts closed": ngettext_lazy("%(count)s account closed", "%(count)s accounts closed", "count"),
    "agreements created": ngettext_lazy("%(count)s agreement created", "%(count)s agreements created", "count"),
    "agreements changed": ngettext_lazy("%(count)s agreement changed", "%(count)s agreements changed", "count"),
    "agreements ended": ngettext_lazy("%(count)s agreement ended", "%(count)s agreements ended", "count"),
    "agreements start corrected": ngettext_lazy(
        "%(count)s agreement's start date corrected", "%(count)s agreements' start dates corrected", "count"
    ),
}


def _agreement_terms(row: AgreementRow) -> dict[str, Any]:
    terms: dict[str, Any] = {
        "cycle": row.cycle,
        "channel": row.channel,
        "contact_name": row.contact_name,
        "mobile": row.mobile,
        "address": row.address,
    }
    # A file without the postcode, phone or notification columns (every file made before they existed) leaves them as
    # they are.
    for name in ("postcode", "phone", "detail_in_pdf", "notify_channel", "wechat_openid"):
        value = getattr(row, name)
        if value is not None:
            terms[name] = value
    return terms


def migration_start(cycle: str, today: dt.date) -> dt.date:
    """Where an agreement onboarded without a start date starts: the first day of the last period of its cycle that
    ended before today (monthly: last month; quarterly: last quarter). A bank migrating its agreements from another
    system expects them in force for the period that just ended, which it publishes next."""
    last_end = today.replace(day=1) - dt.timedelta(days=1)
    if cycle == Cycle.QUARTERLY:
        while last_end.month % 3:
            last_end = last_end.replace(day=1) - dt.timedelta(days=1)
    return Period(last_end.year, last_end.month).start_for(cycle)


def _apply_agreement(
    row: AgreementRow,
    account: BankAccount,
    actor: Actor | None,
    today: dt.date,
    result: OnboardingResult,
    problems: Problems,
) -> None:
    # A new agreement starts on valid_from, or (first onboarding, no date) with the period that just ended; a change
    # to an existing one applies from today, so statements already issued keep the terms they were issued on. A
    # valid_from other than the account's first start corrects that start while no statement was issued.
    current = Agreement.objects.select_for_update().current().filter(account=account).first()
    terms = _agreement_terms(row)
    if current is None:
        onboarded_before = Agreement.objects.filter(account=account).exists()
        start = row.valid_from or (today if onboarded_before else migration_start(row.cycle, today))
        agreement_replace(actor=actor, account=account, terms=terms, today=start)
        result.bump("agreements created")
        return
    first_start = (
        Agreement.objects.filter(account=account).order_by("valid_from").values_list("valid_from", flat=True).first()
    )
    if row.valid_from is not None and row.valid_from != first_start:
        try:
            agreement_start_correct(
                actor=actor, agreement_id=current.pk, valid_from=row.valid_from, terms=terms, today=timezone.localdate()
            )
        except ServiceError as exc:
            problems.cell(row.line, "valid_from", row.valid_from, exc.message)
            return
        result.bump("agreements start corrected")
        return
    outcome = agreement_replace(actor=actor, account=account, terms=terms, today=today)
    if outcome:
        result.bump(f"agreements {outcome}")


def _end_agreement(account: BankAccount, actor: Actor | None, today: dt.date, result: OnboardingResult) -> None:
    current = Agreement.objects.select_for_update().current().filter(account=account).first()
    if current is not None:
        before = snapshot(current, AGREEMENT_FIELDS)
        current.valid_to = today
        current.save(update_fields=["valid_to"])
        audit_record(
            actor=actor,
            action="agreement.ended",
            target=current,
            before=before,
            after=snapshot(current, AGREEMENT_FIELDS),
        )
        result.bump("agreements ended")


def _held_elsewhere(row: AgreementRow, account: BankAccount, problems: Problems) -> None:
    """The row's account is held by another customer: say by whom and how, and what bank operations do about it."""
    registration = company_registrations([account.pk]).get(account.pk)
    if registration is None:  # onboarded by the bank for that customer: the file is probably wrong
        problems.cell(
            row.line,
            "account_number",
            row.account_number,
            _("the account belongs to another customer; correct the credit code or the account number"),
        )
        return
    problems.cell(
        row.line,
        "account_number",
        row.account_number,
        _(
            "the account is held by %(company)s only because %(user)s of that company registered it by uploading a file "
            "on %(date)s; the bank never onboarded it. If it belongs to this row's customer, reassign it at %(url)s "
            "(that company's uploads on it are withdrawn, audited) and import this file again; otherwise correct the "
            "credit code or the account number"
        )
        % {
            "company": registration.company,
            "user": registration.username,
            "date": timezone.localtime(registration.at).date().isoformat(),
            # Named by its URL name: the page is the site's (portal), this rule is the onboarding's.
            "url": reverse("portal:ops-account-reassign", args=[account.pk]),
        },
    )


def apply_row(
    row: AgreementRow, actor: Actor | None, today: dt.date, result: OnboardingResult, problems: Problems
) -> None:
    customer = Customer.objects.filter(credit_code=row.credit_code).first()
    if customer is None:
        customer = customer_create(actor=actor, legal_name=row.customer_name, credit_code=row.credit_code)
        result.bump("customers created")
    elif customer.legal_name != row.customer_name:
        customer_update(actor=actor, customer_id=customer.pk, legal_name=row.customer_name)
        result.bump("customers renamed")
    account = BankAccount.objects.filter(number=row.account_number).first()
    if account is None:
        account = bank_account_create(
            actor=actor,
            customer=customer,
            number=row.account_number,
            branch=row.branch,
            currency=row.currency,
            status=AccountStatus.ACTIVE,
        )
        result.bump("accounts created")
    elif account.customer_id not in (None, customer.pk):
        _held_elsewhere(row, account, problems)
        return
    elif account.currency != row.currency:
        currency_problem(problems, row.line, row.currency, row.account_number, account.currency)
        return
    elif account.customer_id is None:
        BankAccount.objects.filter(pk=account.pk).update(customer=customer)
        audit_record(actor=actor, action="bank_account.assigned", target=account, after={"customer_id": customer.pk})
        result.bump("accounts assigned")
    if row.risk_tier is not None or row.account_type is not None:
        before = (account.risk_tier, account.account_type)
        account = bank_account_classify(
            actor=actor, account_id=account.pk, risk_tier=row.risk_tier, account_type=row.account_type
        )
        if (account.risk_tier, account.account_type) != before:
            result.bump("accounts classified")
    dated = row.status_since is not None and row.status_since != account.status_since
    if row.status == AccountStatus.ACTIVE:
        if account.status != AccountStatus.ACTIVE or dated:
            if account.status != AccountStatus.ACTIVE:
                result.bump("accounts reactivated")
            bank_account_set_status(
                actor=actor, account_id=account.pk, status=AccountStatus.ACTIVE, since=row.status_since
            )
        _apply_agreement(row, account, actor, today, result, problems)
    else:
        if account.status != row.status or dated:
            if account.status != row.status:
                result.bump(f"accounts {row.status}")
            bank_account_set_status(actor=actor, account_id=account.pk, status=row.status, since=row.status_since)
        _end_agreement(account, actor, today, result)
