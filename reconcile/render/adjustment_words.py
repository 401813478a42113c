"""The words of the 余额调节表, in the language active when it is rendered.

The PDF and the XLSX say the same things, so they take their words from here. The table is rendered on request (the
portal's page, the API, ``reconcile_files --language``) and signed as it is rendered, so it follows the reader's
language like every page: Chinese by default, the form Chinese accountants know word for word; English complete for
the others. Every phrase carries the context "adjustment table": short words such as 项目 or 金额 are translated
differently elsewhere in the portal.
"""

from __future__ import annotations

import datetime as dt

from django.utils.functional import Promise
from django.utils.translation import get_language, gettext, override, pgettext_lazy

from core.text import shown_value

from .currency_words import amount_unit, currency_name

CONTEXT = "adjustment table"
# The languages a table is written in: Chinese, the form's own words and the default everywhere (the same bytes
# whatever language the page, the API call or the command speaks), and English when asked for by name.
TABLE_LANGUAGES = ("zh-hans", "en")
DEFAULT_LANGUAGE = "zh-hans"


def table_language(value: str | None) -> str | None:
    """The table language a request names (``language=en``), the default when it names none; None for any other
    value, which the caller refuses, naming it."""
    if value is None or value == "":
        return DEFAULT_LANGUAGE
    value = value.strip().lower().replace("_", "-")
    if value in ("zh", "zh-cn"):
        value = DEFAULT_LANGUAGE
    return value if value in TABLE_LANGUAGES else None


def language_refusal(value: str) -> str:
    """Why a ``language`` the table is not written in is refused, in the reader's language."""
    return gettext(
        "“%(value)s” is not a language of the adjustment table: use zh-hans (Chinese, the default) or en (English)."
    ) % {"value": shown_value(value)}


def in_language(language: str) -> override:
    """Render a table in ``language`` (one of ``TABLE_LANGUAGES``), whatever the caller's language is."""
    if language not in TABLE_LANGUAGES:
        raise ValueError(f"no table language {language!r}")
    return override(language)


def chinese() -> bool:
    return (get_language() or "zh-hans").startswith("zh")


# Each phrase written out in a pgettext_lazy call of its own: makemessages finds only literal calls.
PHRASES: dict[str, Promise] = {
    "Bank reconciliation statement": pgettext_lazy("adjustment table", "Bank reconciliation statement"),
    "Outstanding items": pgettext_lazy("adjustment table", "Outstanding items"),
    "Reconciliation": pgettext_lazy("adjustment table", "Reconciliation"),
    "Category": pgettext_lazy("adjustment table", "Category"),
    "Date": pgettext_lazy("adjustment table", "Date"),
    "Voucher / reference": pgettext_lazy("adjustment table", "Voucher / reference"),
    "Summary / counterparty": pgettext_lazy("adjustment table", "Summary / counterparty"),
    "Amount": pgettext_lazy("adjustment table", "Amount"),
    "bank statement side": pgettext_lazy("adjustment table", "bank statement side"),
    "books side": pgettext_lazy("adjustment table", "books side"),
    "add": pgettext_lazy("adjustment table", "add"),
    "less": pgettext_lazy("adjustment table", "less"),
    "%(label)s (%(side)s, %(op)s)": pgettext_lazy("adjustment table", "%(label)s (%(side)s, %(op)s)"),
    "Add: %(label)s": pgettext_lazy("adjustment table", "Add: %(label)s"),
    "Less: %(label)s": pgettext_lazy("adjustment table", "Less: %(label)s"),
    "(none)": pgettext_lazy("adjustment table", "(none)"),
    "Subtotal": pgettext_lazy("adjustment table", "Subtotal"),
    "Page %(n)s": pgettext_lazy("adjustment table", "Page %(n)s"),
    "Item": pgettext_lazy("adjustment table", "Item"),
    "Adjusted balance": pgettext_lazy("adjustment table", "Adjusted balance"),
    "Bank statement balance": pgettext_lazy("adjustment table", "Bank statement balance"),
    "Bank journal balance (books)": pgettext_lazy("adjustment table", "Bank journal balance (books)"),
    "Conclusion: %(agreed)s (both adjusted balances are %(amount)s)": pgettext_lazy(
        "adjustment table", "Conclusion: %(agreed)s (both adjusted balances are %(amount)s)"
    ),
    "Conclusion: disagreed": pgettext_lazy(
        "adjustment table",
        "Conclusion: %(disagreed)s! Difference %(amount)s (adjusted bank balance - adjusted book balance); "
        "find the cause.",
    ),
    "Company: %(name)s": pgettext_lazy("adjustment table", "Company: %(name)s"),
    "Bank: %(name)s": pgettext_lazy("adjustment table", "Bank: %(name)s"),
    "Account: %(number)s %(name)s": pgettext_lazy("adjustment table", "Account: %(number)s %(name)s"),
    "Period end: %(date)s": pgettext_lazy("adjustment table", "Period end: %(date)s"),
    "Currency: %(currency)s": pgettext_lazy("adjustment table", "Currency: %(currency)s"),
    "Amounts in: %(unit)s": pgettext_lazy("adjustment table", "Amounts in: %(unit)s"),
    "Unit: %(unit)s": pgettext_lazy("adjustment table", "Unit: %(unit)s"),
    "Prepared by: %(name)s": pgettext_lazy("adjustment table", "Prepared by: %(name)s"),
    "Reviewed by: %(name)s": pgettext_lazy("adjustment table", "Reviewed by: %(name)s"),
    "Date: %(date)s": pgettext_lazy("adjustment table", "Date: %(date)s"),
    "Page &P of &N": pgettext_lazy("adjustment table", "Page &P of &N"),
    "Difference (adjusted bank balance - adjusted book balance)": pgettext_lazy(
        "adjustment table", "Difference (adjusted bank balance - adjusted book balance)"
    ),
    "Conclusion": pgettext_lazy("adjustment table", "Conclusion"),
    "%(disagreed)s, difference %(amount)s": pgettext_lazy("adjustment table", "%(disagreed)s, difference %(amount)s"),
}


def word(text: str) -> str:
    """One phrase of the table in the active language (``text`` is its English, a key of ``PHRASES``)."""
    return str(PHRASES[text])


def long_date(day: dt.date) -> str:
    """The period end as the form writes it: 2026年11月30日, or 2026-11-30 in English."""
    return day.strftime("%Y年%m月%d日") if chinese() else day.isoformat()


def currency_words(code: str) -> tuple[str, str]:
    """The currency's name and the amounts' unit: 人民币 / 元 in Chinese; the ISO code for both in English."""
    if chinese():
        return currency_name(code), amount_unit(code)
    return code, code


def title() -> str:
    return word("Bank reconciliation statement")


def detail_title() -> str:
    return word("Outstanding items")


def summary_sheet() -> str:
    """The summary sheet's name (Excel: at most 31 characters, no []:*?/\\)."""
    return word("Reconciliation")


def item_headers() -> tuple[str, str, str, str, str]:
    return (
        word("Category"),
        word("Date"),
        word("Voucher / reference"),
        word("Summary / counterparty"),
        word("Amount"),
    )


def block_heading(label: str, side: str, sign: int) -> str:
    """A block of the detail: its category, the side of the table it adjusts and whether it adds or subtracts."""
    side_text = word("bank statement side") if side == "bank" else word("books side")
    op = word("add") if sign > 0 else word("less")
    return word("%(label)s (%(side)s, %(op)s)") % {"label": label, "side": side_text, "op": op}


def add_row(label: str, sign: int) -> str:
    return (word("Add: %(label)s") if sign > 0 else word("Less: %(label)s")) % {"label": label}


def none_item() -> str:
    return word("(none)")


def subtotal() -> str:
    return word("Subtotal")


def page_of(number: int) -> str:
    return word("Page %(n)s") % {"n": number}
