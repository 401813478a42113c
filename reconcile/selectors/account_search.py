"""The accounts a user may upload for that match what they typed: by a fragment of the number, the company's name or
the branch (the upload form's account search, for users who may use more accounts than a list can show)."""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet

from core.actors import ActorOrAnonymous
from reconcile.models import BankAccount
from reconcile.selectors import scope_to_user

# A query is at most this long (a company name, a whole account number with its spaces); a longer one is refused.
QUERY_MAX = 100
# Fewer characters match too many accounts to be worth a list.
QUERY_MIN = 2
RESULTS_MAX = 20
_SEPARATORS = re.compile(r"[\s\-]+")


def accounts_usable_by(user: ActorOrAnonymous | None) -> QuerySet[BankAccount]:
    """The accounts a user may upload files for: their customer's, or every account for bank staff. A group user's
    grants are not among them: a grant opens a subsidiary's statements, while its files and books stay the
    subsidiary's own (``account_of_company`` refuses the same accounts this leaves out)."""
    return scope_to_user(BankAccount.objects.all(), user)


def accounts_matching(*, user: ActorOrAnonymous | None, query: str, limit: int = RESULTS_MAX) -> list[BankAccount]:
    """Up to ``limit`` of the user's accounts whose number contains the query's digits and letters (spaces and
    dashes as typed ignored), or whose company name or branch contains the query; by company, then number. A query
    shorter than QUERY_MIN matches nothing (the caller refuses one longer than QUERY_MAX)."""
    text = " ".join(query.split())
    if len(text) < QUERY_MIN:
        return []
    compact = _SEPARATORS.sub("", text)
    found = Q(customer__legal_name__icontains=text) | Q(branch__icontains=text)
    if compact:
        found |= Q(number__icontains=compact)
    rows = accounts_usable_by(user).filter(found).select_related("customer")
    return list(rows.order_by("customer__legal_name", "number")[:limit])
