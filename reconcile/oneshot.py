"""`reconcile_files`: one bank file + one journal file -> matches, suggestions and the adjustment table.

Pure (no database): parse both files, match, and build the 余额调节表 from what stays unmatched. Running it
twice on the same files gives the same output, and trying the product on one's own files leaves nothing
behind in the books.

Opening outstanding items (初始未达账, what was still outstanding when the files start: a cheque written last month
that the bank pays this month) may come in two more files, read like the statement and the journal
(``--opening-bank``, ``--opening-journal``, as ``import_file --opening`` reads them). Their lines are matched like
any line and listed while unmatched, but never move a balance, and must be dated before both files start.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import multiprocessing
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.sheets import csv_text
from core.validators import normalize_account_number
from reconcile.engine import Line, MatchGroup, match
from reconcile.engine.fields import reference_in_text
from reconcile.parsers.api import parse_file
from reconcile.parsers.errors import ParseError
from reconcile.parsers.types import ParsedFile, ParsedLine, ParseOptions
from reconcile.render.adjustment import AdjustmentItem, AdjustmentTable
from reconcile.render.adjustment_pdf import render_adjustment_pdf
from reconcile.render.adjustment_words import DEFAULT_LANGUAGE
from reconcile.render.adjustment_xlsx import render_adjustment_xlsx

COLUMNS = ["group", "side", "row", "ref", "date", "direction", "amount", "rule", "score"]
# ``side`` in matches.csv / suggestions.csv names the input a line comes from, so ``row`` can be found in it:
# "bank" (--bank), "journal" (--journal), "opening-bank" (--opening-bank), "opening-journal" (--opening-journal).
# Engine ids carry the same prefixes, short: b0, j0, ob0, oj0 (the line's index in its file).
SIDES = {"b": "bank", "j": "journal", "ob": "opening-bank", "oj": "opening-journal"}


class OneShotError(Exception):
    """Bad input: the message names the file, row and problem."""


@dataclass(frozen=True)
class OneShotResult:
    groups: list[MatchGroup]
    suggestions: list[MatchGroup]
    table: AdjustmentTable
    bank_lines: int
    journal_lines: int
    opening_bank: ParsedFile | None = None
    opening_journal: ParsedFile | None = None

    @property
    def opening_lines(self) -> int:
        return sum(len(pf.lines) for pf in (self.opening_bank, self.opening_journal) if pf is not None)


def _parse(path: Path, kind: str, account: str | None = None) -> ParsedFile:
    """``account``: the bank statement's, which picks its section of a journal of several accounts' sections."""
    try:
        parsed = parse_file(path.read_bytes(), path.name, kind, options=ParseOptions(account=account))
    except ParseError as exc:
        raise OneShotError(f"{path.name}: {exc.message}") from exc
    problems = [e for pf in parsed for e in pf.errors]
    if problems:
        total = sum(max(pf.error_count, len(pf.errors)) for pf in parsed)
        listed = "\n".join(f"  {e.message}" for e in problems[:50])
        raise OneShotError(
            ngettext(
                "%(file)s: %(n)s problem, nothing was reconciled:",
                "%(file)s: %(n)s problems, nothing was reconciled:",
                total,
            )
            % {"file": path.name, "n": total}
            + f"\n{listed}"
        )
    statements = [pf for pf in parsed if pf.lines]
    if len({(pf.account_number, pf.currency) for pf in statements}) > 1:
        raise OneShotError(
            _("%(file)s: the file holds several accounts; reconcile one account at a time.") % {"file": path.name}
        )
    if not statements:
        # A statement of a month without movements states both balances and its period (the parsers refuse one
        # that does not): the table is then the bank's balance and the journal's items, as the import reads it.
        quiet = [pf for pf in parsed if pf.closing_balance is not None and pf.period_end is not None]
        if kind == "bank" and len(quiet) == 1:
            return quiet[0]
        raise OneShotError(_("%(file)s: no transactions found.") % {"file": path.name})
    merged = statements[0]
    for extra in statements[1:]:
        merged.lines.extend(extra.lines)
        merged.closing_balance = extra.closing_balance
    return merged


def _closing(pf: ParsedFile, label: str) -> Decimal:
    if pf.closing_balance is not None:
        # Lines listed after the closing balance and not in it (an MT942's interim lines) still moved the account.
        later = pf.lines[pf.closing_lines :] if pf.closing_lines is not None else []
        return pf.closing_balance + sum((ln.signed_amount for ln in later), Decimal("0.00"))
    balances = [ln.balance for ln in pf.lines if ln.balance is not None]
    if balances:
        return balances[0] if pf.newest_first else balances[-1]
    if pf.opening_balance is not None:
        return pf.opening_balance + pf.total_in - pf.total_out
    raise OneShotError(
        _(
            "%(file)s: the file states no balance (no closing balance, no balance column, no opening "
            "balance); a balance adjustment table needs one."
        )
        % {"file": label}
    )


def _engine_lines(pf: ParsedFile, prefix: str) -> list[Line]:
    lines = []
    for i, ln in enumerate(pf.lines):
        text = " ".join(t for t in (ln.summary, ln.purpose) if t)
        # As in reconcile.services.matching: a cheque number in the 摘要 before the bank's own serial.
        lines.append(
            Line(
                id=f"{prefix}{i}",
                date=ln.booking_date,
                amount=ln.amount,
                direction=ln.direction,
                reference=ln.voucher_no or reference_in_text(text) or ln.serial,
                counterparty=ln.counterparty_name,
                text=text,
            )
        )
    return lines


def _item(line: ParsedLine) -> AdjustmentItem:
    return AdjustmentItem(
        date=line.booking_date,
        reference=line.voucher_no or line.serial,
        summary=" ".join(t for t in (line.summary, line.counterparty_name) if t),
        amount=line.amount,
    )


Files = dict[str, ParsedFile]  # by engine id prefix (SIDES)


def _files(
    bank: ParsedFile, journal: ParsedFile, opening_bank: ParsedFile | None, opening_journal: ParsedFile | None
) -> Files:
    given = {"b": bank, "j": journal, "ob": opening_bank, "oj": opening_journal}
    return {prefix: pf for prefix, pf in given.items() if pf is not None}


def _prefix(line_id: str) -> str:
    return line_id[:2] if line_id[0] == "o" else line_id[0]


def _line_of(files: Files, line_id: str) -> ParsedLine:
    prefix = _prefix(line_id)
    return files[prefix].lines[int(line_id[len(prefix) :])]


def _free(pf: ParsedFile | None, prefix: str, matched: set[str]) -> list[ParsedLine]:
    if pf is None:
        return []
    return [ln for i, ln in enumerate(pf.lines) if f"{prefix}{i}" not in matched]


def _first_day(pf: ParsedFile) -> dt.date:
    # The first line's day, not the period the file states: MT940 dates :60F: with the previous day at many banks.
    return min((ln.booking_date for ln in pf.lines), default=pf.period_start or dt.date.max)


def _check_opening(
    pf: ParsedFile, path: Path, option: str, same_side: ParsedFile, same_side_path: Path, start: dt.date
) -> None:
    """Opening items are what was outstanding when the statement and the journal start, so they are dated before
    both (the rule the stored books keep, reconcile/services/imports/opening.py); the same currency and, when both files say
    it, the same account as the statement (or journal) of their side."""
    if pf.currency and same_side.currency and pf.currency != same_side.currency:
        raise OneShotError(
            _("%(file)s (%(option)s): the opening items are in %(currency)s but %(other)s is in %(other_currency)s.")
            % {
                "file": path.name,
                "option": option,
                "currency": pf.currency,
                "other": same_side_path.name,
                "other_currency": same_side.currency,
            }
        )
    own, theirs = (normalize_account_number(n or "") for n in (pf.account_number, same_side.account_number))
    if own and theirs and own != theirs:
        raise OneShotError(
            _(
                "%(file)s (%(option)s): the opening items are for account %(own)s but %(other)s is for "
                "%(theirs)s; give the opening items of the same account."
            )
            % {"file": path.name, "option": option, "own": own, "other": same_side_path.name, "theirs": theirs}
        )
    late = sorted((ln for ln in pf.lines if ln.booking_date >= start), key=lambda ln: (ln.booking_date, ln.row or 0))
    if late:
        listed = "\n".join(
            "  "
            + _("row %(row)s: dated %(date)s, %(amount)s")
            % {"row": ln.row or "-", "date": ln.booking_date, "amount": f"{ln.amount:,.2f}"}
            for ln in late[:50]
        )
        raise OneShotError(
            ngettext(
                "%(file)s (%(option)s): %(n)s opening item dated on or after %(start)s, the day the bank file "
                "and the journal start; opening items are what was outstanding before that. Put such a line in "
                "the bank file or the journal instead, or leave it out:",
                "%(file)s (%(option)s): %(n)s opening items dated on or after %(start)s, the day the bank file "
                "and the journal start; opening items are what was outstanding before that. Put such a line in "
                "the bank file or the journal instead, or leave it out:",
                len(late),
            )
            % {"file": path.name, "option": option, "n": len(late), "start": start}
            + f"\n{listed}"
        )


def _account_number(bank: ParsedFile, journal: ParsedFile, bank_path: Path, given: str) -> str:
    """The account the table is for: the one the statement (or else the journal) states, or ``--account`` when they
    state none; a ``--account`` the statement contradicts is refused rather than printed over the file's."""
    stated = normalize_account_number(bank.account_number or "") or (journal.account_number or "").strip()
    wanted = normalize_account_number(given or "")
    if wanted and normalize_account_number(bank.account_number or "") not in ("", wanted):
        raise OneShotError(
            _(
                "--account %(wanted)s: %(file)s is the statement of account %(stated)s; leave --account out or "
                "give that account's files."
            )
            % {"wanted": wanted, "file": bank_path.name, "stated": normalize_account_number(bank.account_number or "")}
        )
    return wanted or stated


def reconcile_paths(
    bank_path: Path,
    journal_path: Path,
    *,
    window_days: int = 3,
    calendar: Any = None,
    opening_bank: Path | None = None,
    opening_journal: Path | None = None,
    company: str = "",
    account: str = "",
) -> tuple[OneShotResult, ParsedFile, ParsedFile]:
    """``company``: the name printed as 单位 (default: the account holder the statement names, 户名 or the camt
    owner); ``account``: the account number when neither file states one."""
    bank = _parse(bank_path, "bank")
    journal = _parse(journal_path, "journal", bank.account_number or account or None)
    if bank.currency and journal.currency and bank.currency != journal.currency:
        raise OneShotError(
            _("The bank file is in %(bank)s but the journal in %(journal)s.")
            % {"bank": bank.currency, "journal": journal.currency}
        )
    # Opening items are read by the same parsers; an empty file is refused like any (no transactions found).
    start = min(_first_day(bank), _first_day(journal))
    open_bank = open_journal = None
    if opening_bank is not None:
        open_bank = _parse(opening_bank, "bank")
        _check_opening(open_bank, opening_bank, "--opening-bank", bank, bank_path, start)
    if opening_journal is not None:
        open_journal = _parse(opening_journal, "journal", bank.account_number or account or None)
        _check_opening(open_journal, opening_journal, "--opening-journal", journal, journal_path, start)
    bank_in = _engine_lines(bank, "b") + (_engine_lines(open_bank, "ob") if open_bank else [])
    journal_in = _engine_lines(journal, "j") + (_engine_lines(open_journal, "oj") if open_journal else [])
    try:
        result = match(bank=bank_in, journal=journal_in, window_days=window_days, calendar=calendar)
    except LookupError as exc:  # a date in a year the working-day calendar has not loaded: count calendar days
        if isinstance(exc, (KeyError, IndexError)):  # the engine's own bug, not a year the calendar lacks
            raise
        result = match(bank=bank_in, journal=journal_in, window_days=window_days)
    matched = {i for g in result.groups for i in (*g.bank_ids, *g.journal_ids)}
    # Unmatched opening items are listed like any unmatched line (first: they are the oldest); the balances come
    # from the statement and the journal only, so opening items never move one.
    free_bank = _free(open_bank, "ob", matched) + _free(bank, "b", matched)
    free_journal = _free(open_journal, "oj", matched) + _free(journal, "j", matched)
    quiet_end = [bank.period_end] if not bank.lines and bank.period_end else []  # a month without movements
    period_end = max([ln.booking_date for ln in bank.lines + journal.lines] + quiet_end)
    table = AdjustmentTable(
        account_number=_account_number(bank, journal, bank_path, account),
        account_name=bank.account_name or "",
        company_name=(company or "").strip() or bank.account_name or "",
        period_end=period_end,
        bank_balance=_closing(bank, bank_path.name),
        book_balance=_closing(journal, journal_path.name),
        journal_in_not_bank=tuple(_item(ln) for ln in free_journal if ln.direction == "in"),
        journal_out_not_bank=tuple(_item(ln) for ln in free_journal if ln.direction == "out"),
        bank_in_not_journal=tuple(_item(ln) for ln in free_bank if ln.direction == "in"),
        bank_out_not_journal=tuple(_item(ln) for ln in free_bank if ln.direction == "out"),
        currency=bank.currency or journal.currency or "CNY",
    )
    return (
        OneShotResult(
            result.groups, result.suggestions, table, len(bank.lines), len(journal.lines), open_bank, open_journal
        ),
        bank,
        journal,
    )


def _rows(
    groups: list[MatchGroup],
    bank: ParsedFile,
    journal: ParsedFile,
    opening_bank: ParsedFile | None = None,
    opening_journal: ParsedFile | None = None,
) -> list[list[str]]:
    files = _files(bank, journal, opening_bank, opening_journal)
    rows = []
    for number, group in enumerate(groups, start=1):
        for line_id in (*group.bank_ids, *group.journal_ids):
            line = _line_of(files, line_id)
            # ref comes from the files (a payer can choose it): made safe for spreadsheets; the rest is ours.
            rows.append(
                [
                    str(number),
                    SIDES[_prefix(line_id)],
                    str(line.row),
                    csv_text(line.voucher_no or line.serial),
                    line.booking_date.isoformat(),
                    line.direction,
                    f"{line.amount:.2f}",
                    group.rule,
                    f"{group.score:.3f}",
                ]
            )
    return rows


def _csv(rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def write_outputs(
    out: Path,
    result: OneShotResult,
    bank: ParsedFile,
    journal: ParsedFile,
    *,
    parallel: bool = True,
    language: str = DEFAULT_LANGUAGE,
) -> None:
    """Write the five files, the 余额调节表 (XLSX and PDF) in ``language`` (Chinese, the form's own words, unless
    English is asked for by name; the CSVs and the JSON are the same in either).  With ``parallel`` (and where
    ``fork`` is safe) the PDF is rendered in a forked child while this process writes the rest: on 2 cores that
    hides the longer of the two renders (a 33k-item table: ~3 s each).  Each file is still made by one
    deterministic function, so the output is the same."""
    out.mkdir(parents=True, exist_ok=True)
    t = result.table
    with _pdf_in_background(out / "adjustment.pdf", t, parallel, language):
        openings = (result.opening_bank, result.opening_journal)
        (out / "matches.csv").write_bytes(_csv(_rows(result.groups, bank, journal, *openings)))
        (out / "suggestions.csv").write_bytes(_csv(_rows(result.suggestions, bank, journal, *openings)))
        summary = {
            "bank_balance": str(t.bank_balance),
            "book_balance": str(t.book_balance),
            "journal_in_not_bank": str(sum((i.amount for i in t.journal_in_not_bank), Decimal("0.00"))),
            "journal_out_not_bank": str(sum((i.amount for i in t.journal_out_not_bank), Decimal("0.00"))),
            "bank_in_not_journal": str(sum((i.amount for i in t.bank_in_not_journal), Decimal("0.00"))),
            "bank_out_not_journal": str(sum((i.amount for i in t.bank_out_not_journal), Decimal("0.00"))),
            "adjusted_bank_balance": str(t.adjusted_bank_balance),
            "adjusted_book_balance": str(t.adjusted_book_balance),
            "difference": str(t.difference),
            "agreed": t.agreed,
        }
        (out / "adjustment.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        (out / "adjustment.xlsx").write_bytes(render_adjustment_xlsx(t, language=language))


def _write_pdf(path: Path, table: AdjustmentTable, language: str) -> None:
    path.write_bytes(render_adjustment_pdf(table, language=language))


@contextmanager
def _pdf_in_background(path: Path, table: AdjustmentTable, parallel: bool, language: str) -> Iterator[None]:
    """Render the PDF in a forked child during the ``with`` block (or after it, in this process, when forking
    is not available or not safe: other threads could hold locks the child would inherit)."""
    if not (parallel and "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1):
        yield
        _write_pdf(path, table, language)
        return
    # fork: the child gets the table without pickling it; nothing it does touches the parent's state.
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
        job = pool.submit(_write_pdf, path, table, language)
        yield
        job.result()  # re-raises the child's error, if any
