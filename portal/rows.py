"""Table rows of the client's long lists, formatted once per page in Python.

Rendering a model instance per row through template filters (``{% url %}``, ``get_status_display``, ``money``,
``date``) cost about half a millisecond per row; these rows read only the columns the table shows (one query,
no model instances). Each row is then written as one escaped ``<tr>`` (as Django's admin writes its change-list
rows, ``admin_list.items_for_result``): placing nine strings per row through the template engine still cost
about 60% of the list's CPU (``bench/web/profile_web.py``), an f-string with ``escape`` a tenth of that.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape  # the standard library's: Django's wraps it for lazy strings, at 5x the cost per call
from typing import Any

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from portal.templatetags.portal_tags import money
from statements.models import StatementStatus

# A statement confirmed by 调节后相符 says so, on its page and in the list (its status, ``confirmed``, reads "agreed").
ADJUSTED_LABEL = _("Confirmed (agreed after adjustment)")

_PK_MARK = 987654321


def _company_cell(company: str) -> str:
    return f'<td class="company">{escape(company)}</td>'


def statement_rows(values: Iterable[tuple[Any, ...]], *, with_company: bool = False) -> list[SafeString]:
    """Rows of ``statements.selectors.page.STATEMENT_ROW_FIELDS`` value tuples -> the ``<tr>`` of each for statement_list.html, every value
    escaped (statement numbers and account numbers come from imports); ``with_company``: a cell naming each row's
    company, after its number (a list of several companies' statements)."""
    detail = reverse("portal:statement-detail", args=[_PK_MARK])  # reversed once, not once per row
    labels = {value: escape(str(label)) for value, label in StatementStatus.choices}  # translated once per page
    labels[f"{StatementStatus.CONFIRMED}+adjusted"] = escape(str(ADJUSTED_LABEL))
    return [
        mark_safe(  # noqa: S308 - every value below is escaped or an integer/ISO date the code formats
            f'<tr><td><a href="{escape(detail.replace(str(_PK_MARK), str(int(pk))))}">{escape(number)}</a>'
            f"{f' v{int(version)}' if version > 1 else ''}</td>"
            f"{_company_cell(company) if with_company else ''}"
            f"<td>{escape(account)}</td><td>{escape(period)}</td>"
            f'<td class="amount">{escape(currency)} {escape(money(balance))}</td>'
            f'<td><span class="status status-{escape(status)}">{(adjusted and labels.get(f"{status}+adjusted")) or labels.get(status) or escape(status)}</span></td>'
            f'<td class="date">{due.isoformat() if due else "—"}</td></tr>'
        )
        for pk, number, version, account, period, currency, balance, status, due, adjusted, company in values
    ]
