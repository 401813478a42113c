"""What an import says, as facts and in words.

The import service stores why a file was refused and what a finished import has to tell as message keys with their
parameters (``reconcile.parsers.messages.Msg`` as JSON, in ``Import.message_facts``, ``Import.errors`` and
``Import.notes``); the functions here render them in the active language: the page's, the API request's
(Accept-Language) or the command's. Imports stored before facts existed keep their text, shown as it was written.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language, gettext

from reconcile.models import Import, ImportStatus
from reconcile.parsers.errors import row_message
from reconcile.parsers.messages import Msg, problem_with_value, register, template_of

# `_` only marks the texts for `make messages`; they are translated when a message is rendered.
from reconcile.parsers.messages import gettext_noop as _  # isort: skip
from reconcile.parsers.messages import plural_noop as ngettext  # isort: skip

register(
    {
        "import.refused_rows": ngettext(
            "The file was refused: %(count)s problem found; nothing was imported. Fix the row "
            "listed and upload it again.",
            "The file was refused: %(count)s problems found; nothing was imported. Fix the rows "
            "listed and upload it again.",
            "count",
        ),
        "import.no_transactions": _("The file contains no transactions; nothing was imported."),
        "import.reader_failed": _(
            "The file %(filename)s could not be read: its layout is one this product does not know yet; nothing "
            "was imported. Export the statement from your bank as Excel, CSV, MT940 or camt.053 and upload that, "
            "or send this file to the bank's support, quoting import #%(id)s."
        ),
        "import.duplicate": _(
            "This file was already imported on %(when)s (import #%(id)s); nothing was imported again."
        ),
        "import.duplicate_elsewhere": _("This file was already imported; nothing was imported again."),
        "import.concurrent": _(
            "Another import stored lines of the same account at the same moment; upload the file again."
        ),
        "import.not_stored": _(
            "The file's lines could not be stored: the database refused them; nothing was imported. Uploading it "
            "again will not help: send the file to the bank's support, quoting import #%(id)s."
        ),
        "import.several_accounts_chosen": _(
            "The file holds statements of %(n)s accounts (%(accounts)s); each is "
            "imported into its own account. Upload it again without choosing an "
            "account."
        ),
        "import.chosen_account_differs": _(
            "The file is the statement of account %(stated)s, not of the account chosen at upload (%(chosen)s); "
            "nothing was imported. Choose account %(stated)s, or no account, and upload it again."
        ),
        "import.chosen_account_tail_differs": _(
            "The file states its account as %(stated)s, and the account chosen at upload (%(chosen)s) does not end "
            "with %(digits)s; nothing was imported. Choose the account whose number ends with %(digits)s and upload "
            "it again."
        ),
        "import.chosen_account_masked_differs": _(
            "The file shows its account only masked, as %(stated)s, and the account chosen at upload (%(chosen)s) is "
            "not that one; nothing was imported. Choose the account whose number begins with %(head)s and ends with "
            "%(tail)s and upload it again."
        ),
        "import.no_account": _(
            "The file does not say which account it is for; choose the account and upload it again."
        ),
        "import.masked_account": _(
            "The file shows its account only masked (%(number)s); choose the account and upload it again."
        ),
        "import.bad_account": _(
            "The file names account %(number)s, which is not an account number (6 to 34 letters "
            "or digits; a bank code and an account number may be joined by “/”). Choose the "
            "account and upload it again."
        ),
        "import.bad_currency": _(
            "The file states the currency %(currency)s, which is not a 3-letter ISO code such as "
            "CNY; correct it in the file."
        ),
        "import.no_currency": _(
            "The file states no currency: an MT940 statement gives it only in its balance lines (:60F: opening and "
            ":62F: closing balance), and this one has none; account %(number)s is not in the portal yet, so its "
            "currency is not known either. Nothing was imported. Export the statement again with its balance lines, "
            "or register account %(number)s with its currency first, then upload the file again."
        ),
        "import.several_companies": _(
            "The file holds statements of accounts of several companies (%(accounts)s); an import belongs to one "
            "company, so nothing was imported. Split the file so that each part holds one company's accounts, and "
            "upload the parts."
        ),
        "import.company_and_no_company": _(
            "The file holds statements of account %(loose)s, which belongs to no company, beside account "
            "%(account)s of a company; an import belongs to one company, so nothing was imported. Register account "
            "%(loose)s for its company first, or split the file, and upload it again."
        ),
        "import.not_your_account": _("Account %(number)s is not one of your company's accounts."),
        "import.account_not_registered": _(
            "The bank has not registered account %(number)s for your company, so the "
            "file was not imported. Ask your branch to register the account for your "
            "company; then upload the same file again."
        ),
        "import.unknown_profile": _("No mapping profile named %(name)s."),
        "import.currency_mismatch": _("The file is in %(file)s but account %(number)s is kept in %(account)s."),
        "import.closed_period": ngettext(
            "This file would change %(count)s line of account %(account)s in the period up to "
            "%(end)s, which is closed (first: %(first)s). Reopen the period in the workbench "
            "first, or leave this line out of the file.",
            "This file would change %(count)s lines of account %(account)s in the period up to "
            "%(end)s, which is closed (first: %(first)s). Reopen the period in the workbench "
            "first, or leave these lines out of the file.",
            "count",
        ),
        "import.review_period": ngettext(
            "This file would change %(count)s line of account %(account)s in the period up to "
            "%(end)s, which is awaiting review (first: %(first)s). The reviewer approves it or "
            "returns it first; or leave this line out of the file.",
            "This file would change %(count)s lines of account %(account)s in the period up to "
            "%(end)s, which is awaiting review (first: %(first)s). The reviewer approves it or "
            "returns it first; or leave these lines out of the file.",
            "count",
        ),
        "import.closed_first_row": _("row %(row)s, dated %(date)s"),
        "import.closed_first_dropped": _("an entry dated %(date)s that the file leaves out"),
        "import.future_date": ngettext(
            "Row %(row)s is booked on %(date)s, after today (%(today)s); a bank statement cannot "
            "hold future transactions (%(count)s such line). Check the date column and its "
            "format, then upload the file again.",
            "Row %(row)s is booked on %(date)s, after today (%(today)s); a bank statement cannot "
            "hold future transactions (%(count)s such lines). Check the date column and its "
            "format, then upload the file again.",
            "count",
        ),
        "import.ancient_date": ngettext(
            "Row %(row)s is dated %(date)s, before 1990-01-01 (%(count)s such line): an empty or mistyped "
            "date. Check the date column and its format, then send the file again.",
            "Row %(row)s is dated %(date)s, before 1990-01-01 (%(count)s such lines): an empty or mistyped "
            "date. Check the date column and its format, then send the file again.",
            "count",
        ),
        "import.matched_entries_dropped": _(
            "The new export leaves out journal entries that are already matched to "
            "bank lines (%(entries)s). Unmatch them in the workbench first, or export "
            "the full period."
        ),
        # opening outstanding items (初始未达账), refused while an import is stored
        "opening.side_bank": _("bank statement"),
        "opening.side_journal": _("journal"),
        "opening.item": _("%(side)s %(date)s %(amount)s %(reference)s"),
        "opening.dated": _("dated %(date)s, %(amount)s"),
        "opening.row_dated": _("row %(row)s, dated %(date)s, %(amount)s"),
        "opening.in_future": ngettext(
            "An opening outstanding item cannot be dated after today (%(today)s): it was outstanding "
            "when the account's first period began (%(count)s such item; first: %(first)s). Check "
            "the date.",
            "An opening outstanding item cannot be dated after today (%(today)s): it was outstanding "
            "when the account's first period began (%(count)s such items; first: %(first)s). Check "
            "the date.",
            "count",
        ),
        "opening.fix_form": _("Correct the date in the workbench's form and add the item again."),
        "opening.fix_file": _(
            "Correct the date in that row of the file and import it again with import_file --opening."
        ),
        "opening.too_early": ngettext(
            "An opening outstanding item cannot be dated before %(earliest)s: %(date)s is a mistyped "
            "or missing date (%(count)s such item; first: %(first)s). An opening item is what was "
            "outstanding when the account's first statement began, usually dated in the weeks before "
            "it. %(fix)s Nothing was stored.",
            "An opening outstanding item cannot be dated before %(earliest)s: %(date)s is a mistyped "
            "or missing date (%(count)s such items; first: %(first)s). An opening item is what was "
            "outstanding when the account's first statement began, usually dated in the weeks before "
            "it. %(fix)s Nothing was stored.",
            "count",
        ),
        "opening.not_before_start": ngettext(
            "Opening outstanding items (初始未达账) are what was outstanding before the first "
            "statement and journal of account %(account)s, so they must be dated before "
            "%(start)s, the first day those cover; %(count)s item is not (first: "
            "%(first)s). Import such an item as a normal line, in the bank statement or journal "
            "file of its period.",
            "Opening outstanding items (初始未达账) are what was outstanding before the first "
            "statement and journal of account %(account)s, so they must be dated before "
            "%(start)s, the first day those cover; %(count)s items are not (first: "
            "%(first)s). Import such an item as a normal line, in the bank statement or journal "
            "file of its period.",
            "count",
        ),
        "opening.before_items": ngettext(
            "Account %(account)s starts from opening outstanding items (初始未达账) dated up to "
            "%(latest)s (latest: %(item)s), which stand for everything outstanding before its "
            "first statement and journal; this file reaches back to %(start)s (%(count)s line "
            "dated up to %(latest)s; first: %(first)s). Export the file from %(next)s on and "
            "upload it again.",
            "Account %(account)s starts from opening outstanding items (初始未达账) dated up to "
            "%(latest)s (latest: %(item)s), which stand for everything outstanding before its "
            "first statement and journal; this file reaches back to %(start)s (%(count)s lines "
            "dated up to %(latest)s; first: %(first)s). Export the file from %(next)s on and "
            "upload it again.",
            "count",
        ),
        "import.note_zero_rows": ngettext(
            "%(count)s booking of 0.00 moves no money and was not stored (row %(rows)s).",
            "%(count)s bookings of 0.00 move no money and were not stored (rows %(rows)s).",
            "count",
        ),
        "import.note_quiet": _(
            "Account %(number)s had no transactions from %(start)s to %(end)s; its balance of %(balance)s was recorded."
        ),
        "import.note_account_unchecked": _(
            "The file states its account only as %(stated)s, too little to check that it is account %(number)s; its "
            "lines were imported into %(number)s. Make sure the file is that account's statement."
        ),
        "import.note_opening": _(
            "The lines were stored as the account's opening outstanding items (初始未达账): they stand for what was "
            "outstanding before its first period and are matched as any other line."
        ),
        "import.note_account_currency": _(
            "The file states no currency (it has no balance lines); its lines were read in the currency of account "
            "%(number)s, %(currency)s."
        ),
        "import.note_credit_card": _(
            "Read as a credit card statement: charges count as money out and repayments as money in."
        ),
        "import.summary_stored": _("%(stored)s lines stored, %(known)s already known"),
        "import.summary_stored_one": _("%(stored)s line stored, %(known)s already known"),
        "import.summary_removed": _("%(n)s entries no longer in the journal removed"),
        "import.summary_totals": _("in %(in)s, out %(out)s"),
        "import.summary_closing": _("closing balance %(b)s"),
        "import.summary_registered": _("new account registered: %(n)s"),
    }
)


def _fact(data: Any) -> Msg | None:
    return Msg.from_json(data) if data else None


def import_summary(record: Import) -> str:
    """A finished import's counts and notes, in the active language."""
    stored = "import.summary_stored_one" if record.lines_stored == 1 else "import.summary_stored"  # not "1 lines"
    parts = [Msg(stored, {"stored": record.lines_stored, "known": record.lines_known}).render()]
    if record.lines_removed:
        parts.append(Msg("import.summary_removed", {"n": record.lines_removed}).render())
    parts.append(
        Msg("import.summary_totals", {"in": f"{record.total_in:,.2f}", "out": f"{record.total_out:,.2f}"}).render()
    )
    if record.closing_balance is not None:
        parts.append(Msg("import.summary_closing", {"b": f"{record.closing_balance:,.2f}"}).render())
    if record.accounts_registered:
        parts.append(Msg("import.summary_registered", {"n": ", ".join(record.accounts_registered)}).render())
    # Chinese joins clauses with a full-width semicolon and sentences with no space: the punctuation is translated too.
    text = gettext("; ").join(parts)
    notes = [note.render() for note in map(_fact, record.notes or []) if note is not None]
    if not notes:
        return _stopped(text)
    return gettext("%(summary)s. %(notes)s") % {"summary": text, "notes": " ".join(notes)}


_STOPS = (".", "。", "!", "！", "?", "？", "…")


def _opening_word(fact: Msg) -> Msg:
    """The message whose words open the rendered text: a wrapper that starts with its reason (``where.value``,
    ``zip.in_member``'s reason is not first) hands over to it."""
    while template_of(fact.key).startswith("%(reason)s") and isinstance(fact.params.get("reason"), Msg):
        fact = fact.params["reason"]
    return fact


def sentence(fact: Msg, text: str | None = None) -> str:
    """A message said on its own (a refusal, a row's problem) as a sentence: the parsers' texts are clauses written to
    be quoted ("the file is a PDF: ..."), so a text the catalogue starts with a lowercase word starts with a capital,
    and every one ends with a full stop (Chinese: 。). A text that starts with a value of the file (a file name) keeps
    it as written."""
    text = (fact.render() if text is None else text).strip()
    if not text:
        return text
    template = template_of(_opening_word(fact).key)
    if template[:1].islower() and text[:1] == template[:1]:
        text = text[0].upper() + text[1:]
    return _stopped(text)


def _stopped(text: str) -> str:
    if text and not text.endswith(_STOPS):
        text += "。" if (get_language() or "").lower().startswith("zh") else "."
    return text


def import_message(record: Import) -> str:
    """The import's summary (finished) or the reason it was refused, in the active language."""
    fact = _fact(record.message_facts)
    if fact is not None:
        return sentence(fact)
    if record.status in (ImportStatus.DONE, ImportStatus.WITHDRAWN):
        return import_summary(record)
    return record.message  # pending, or stored before facts existed: as written


def error_rows(record: Import) -> list[dict[str, Any]]:
    """The stored row problems with ``message`` (the whole sentence) and ``problem`` (what is wrong, for a table that
    shows row, column and value beside it), in the active language."""
    return [error_row(error) for error in record.errors or []]


def error_row(error: dict[str, Any]) -> dict[str, Any]:
    reason = _fact(error.get("reason"))
    row = {key: error.get(key) for key in ("row", "column", "value", "code")}
    if reason is None:  # stored before facts existed
        row["message"] = row["problem"] = error.get("message", "")
    else:
        row["problem"] = sentence(problem_with_value(reason, row["value"]))
        row["message"] = sentence(row_message(row["row"], row["column"], row["value"], reason))
    return row


def entry_problems(record: Import) -> list[str]:
    """What is wrong with a line typed into a form (the workbench's opening item), in the active language: each
    problem with the value it is about, without the file's "row 1, column amount", which names neither a row nor a
    field the person sees."""
    problems = []
    for error in record.errors or []:
        reason = _fact(error.get("reason"))
        if reason is None:  # stored before facts existed
            problems.append(error.get("message", ""))
        else:
            problems.append(sentence(row_message(None, None, error.get("value"), reason)))
    return problems
