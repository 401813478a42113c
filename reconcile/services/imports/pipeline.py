"""The import of a bank statement or an ERP journal, as its steps in order: all-or-nothing, idempotent, audited.

    1 receive      receive.py      the bytes kept, a pending Import row             (the request: ``import_start``)
    2 parse        parse.py        the file read into statements, or its refusal    (the task: ``import_process``)
    3 account      accounts.py     each statement's account, and whether it may go there
    4 dedupe       dedupe.py       fingerprints: the lines new to the account, known, brought back, dropped
    5 store        store.py        those lines written, unless a closed period forbids it
    6 checkpoints  checkpoints.py  the balances the statements state, as checkpoints
    7 notices      notices.py      what the import tells beyond its counts

The web upload and the API upload run step 1 in the request and queue the rest as a task (``import_start``); the
command, the ERP push and the opening items entered in the workbench run all of it at once (``import_file``,
``import_push``). Steps 3 to 7 run in one transaction, statement after statement (a file may hold several accounts'
statements, and a later one's duplicates are counted against the earlier ones' stored lines). Any step may refuse the
file; nothing from a refused file is stored except the refusal itself (``refusal.refuse``).
"""

from __future__ import annotations

import json
import logging
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.actors import Actor
from core.errors import FactError, ServiceError
from core.services.audit import audit_record
from core.validators import normalize_account_number
from reconcile import import_messages  # noqa: F401  (registers the import's message keys this module states)
from reconcile.models import BankAccount, Customer, Import, ImportKind, ImportStatus
from reconcile.parsers.messages import Msg, msg
from reconcile.parsers.types import ParsedFile
from reconcile.queue import enqueue_on_commit
from reconcile.services.imports.accounts import Placed, account_numbers, by_company, place
from reconcile.services.imports.checkpoints import Checkpoints, collect_checkpoints, save_checkpoints
from reconcile.services.imports.dedupe import dedupe
from reconcile.services.imports.notices import notices
from reconcile.services.imports.parse import parse
from reconcile.services.imports.receive import import_receive, read_kept
from reconcile.services.imports.refusal import (
    DuplicateFile,
    OwnerScope,
    Refusal,
    already_imported,
    duplicate_reason,
    refusal_of,
    refuse,
)
from reconcile.services.imports.sources import BATCH_SOURCES, OPENING, PUSH, PUSH_FILENAME
from reconcile.services.imports.store import Stored, store

# Steps 2-7 as a task, named: reconcile.tasks imports this package, so importing the task back would be a circle.
PROCESS_TASK = "reconcile.import_process"

logger = logging.getLogger(__name__)


def import_start(
    *,
    actor: Actor | None,
    kind: str,
    data: bytes,
    filename: str,
    account_number: str = "",
    profile_name: str = "",
    customer: Customer | None = None,
    source: str = "upload",
) -> Import:
    """Step 1 now, steps 2-7 as the background task once the caller's transaction commits (the web and the API
    upload). A broker that cannot take the task does not fail the request: the pending import is the record of the
    work, and the job watchdog (``reconcile.services.jobs``) sends it again."""
    record = import_receive(
        actor=actor,
        kind=kind,
        data=data,
        filename=filename,
        account_number=account_number,
        profile_name=profile_name,
        customer=customer,
        source=source,
    )
    enqueue_on_commit(PROCESS_TASK, record.pk)
    return record


def import_process(*, import_id: int, actor: Actor | None = None) -> Import:
    """Steps 2-7 of a pending import (the task's body). Running it again on a finished import changes nothing."""
    record = Import.objects.get(pk=import_id)
    if record.status != ImportStatus.PENDING:
        return record
    parsed = parse(record=record, data=read_kept(record=record))  # 2
    if isinstance(parsed, Refusal):
        return refuse(record=record, actor=actor, refusal=parsed)
    # Kept whether the file goes in or is refused later (one that does not name its account is offered the account
    # chosen last time for its layout).
    layout = next((pf.layout for pf in parsed.statements if pf.layout), "")[:64]
    Import.objects.filter(pk=record.pk, status=ImportStatus.PENDING).update(layout=layout)
    try:
        with transaction.atomic():
            locked = Import.objects.select_for_update().get(pk=record.pk)
            if locked.status != ImportStatus.PENDING:
                return locked
            if locked.customer_id is not None:  # the company's own copy, refused before any work
                _refuse_second_copy(locked)
            locked.profile_name = parsed.profile_name  # the profile detection fell back to, if any
            store_statements(record=locked, statements=parsed.statements, actor=actor)  # 3-7
            # An import of bank staff or the server belongs to the company of the account the file names, known only
            # now: a copy that company already has is refused here (the work above rolls back with it).
            _refuse_second_copy(locked)
            locked.status = ImportStatus.DONE
            locked.finished_at = timezone.now()
            locked.save()
            audit_record(
                actor=actor,
                action="import.completed",
                target=locked,
                after={
                    "format": locked.format,
                    "account_id": locked.account_id,
                    "stored": locked.lines_stored,
                    "known": locked.lines_known,
                    "removed": locked.lines_removed,
                    "total_in": locked.total_in,
                    "total_out": locked.total_out,
                    "closing_balance": locked.closing_balance,
                    "accounts_registered": locked.accounts_registered,
                },
            )
    except (DuplicateFile, IntegrityError) as exc:
        # Looked for in the scope of the company the import came to belong to (its work rolled back): a copy of
        # another company is no reason, and its number and time are none of the uploader's business.
        scopes = [exc.owner] if isinstance(exc, _SecondCopy) else _owners(record, parsed.statements)
        previous = next(
            (found for scope in scopes if (found := already_imported(record.sha256, record.kind, customer_id=scope))),
            None,
        )
        if previous is not None:
            reason = duplicate_reason(previous, uploader=record.uploaded_by)
            return refuse(record=record, actor=actor, refusal=Refusal(reason, [], 0))
        if isinstance(exc, IntegrityError) and not _raced(exc):
            # A constraint no other import can trip at the same moment: uploading again would fail the same way.
            logger.error("import %s: the database refused its lines: %s", record.pk, exc)
            return refuse(record=record, actor=actor, refusal=Refusal(msg("import.not_stored", id=record.pk), [], 0))
        # Not a second copy of a finished import: another import stored the same lines at the same moment.
        return refuse(record=record, actor=actor, refusal=Refusal(msg("import.concurrent"), [], 0))
    except (ServiceError, ValidationError) as exc:  # a step's refusal (FactError), or another module's message
        return refuse(record=record, actor=actor, refusal=refusal_of(exc))
    return locked


class _SecondCopy(DuplicateFile):
    """A second copy found once the import's company is known (``owner``): the refusal looks in that scope."""

    def __init__(self, fact: Msg, *, owner: int | None) -> None:
        super().__init__(fact)
        self.owner = owner


def _refuse_second_copy(record: Import) -> None:
    """Raise if ``record``'s company (or the bank's own scope, None) already imported the same file."""
    previous = already_imported(record.sha256, record.kind, customer_id=record.customer_id)
    if previous is not None:
        reason = duplicate_reason(previous, uploader=record.uploaded_by)
        raise _SecondCopy(reason, owner=record.customer_id)


def _owners(record: Import, statements: list[ParsedFile]) -> list[OwnerScope]:
    """The scopes a rolled-back import's earlier copy is looked for in: its company's; for the bank's side (no
    company yet), the companies of the accounts its statements name (the bank's own scope for an account of none, or
    one registered by the rolled-back work). A number that could not be resolved leaves the import's own scope."""
    if record.customer_id is not None:
        return [record.customer_id]
    try:
        numbers = account_numbers(
            statements=statements,
            chosen=normalize_account_number(record.requested_account),
            bank=record.kind == ImportKind.BANK,
        )
    except FactError:
        return [None]
    held = dict(BankAccount.objects.filter(number__in=numbers).values_list("number", "customer_id"))
    return list(dict.fromkeys(held.get(number) for number in numbers))


# The constraints two imports of one account trip when they store at the same moment: the same line (fingerprint) or
# the same file finished twice. Named as PostgreSQL names them, and by the columns SQLite names instead.
_RACE_CONSTRAINTS = (
    "bankline_unique_fingerprint",
    "journalentry_unique_fingerprint",
    "import_unique_company_file",
    "import_unique_bank_file",
)
_RACE_COLUMNS = ("_bankline.fingerprint", "_journalentry.fingerprint", "_import.sha256")


def _raced(exc: IntegrityError) -> bool:
    """Whether the database refused the import for a constraint another import tripped meanwhile."""
    name = getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None)
    if name:
        return name in _RACE_CONSTRAINTS
    text = str(exc)
    return any(c in text for c in _RACE_CONSTRAINTS + _RACE_COLUMNS)


def store_statements(*, record: Import, statements: list[ParsedFile], actor: Actor | None) -> None:
    """Steps 3-7 inside the import's transaction, each statement in turn; the import's counts and notes on
    ``record`` (saved by the caller)."""
    numbers = account_numbers(
        statements=statements,
        chosen=normalize_account_number(record.requested_account),
        bank=record.kind == ImportKind.BANK,
    )
    # Who imported decides whether an unknown account may be registered: the uploader, not the task's actor (a
    # queued import is processed by a worker with no actor).
    company_upload = by_company(uploader=record.uploaded_by)
    placed: list[Placed] = []
    counts: list[Stored] = []
    found: Checkpoints = {}
    for statement, number in zip(statements, numbers, strict=True):
        one = place(  # 3
            record=record, statement=statement, number=number, actor=actor, company_upload=company_upload
        )
        _one_company(record=record, placed=[*placed, one])
        batch = dedupe(record=record, placed=one)  # 4
        counts.append(store(record=record, placed=one, batch=batch))  # 5
        collect_checkpoints(record=record, placed=one, found=found)  # 6
        placed.append(one)
    save_checkpoints(found=found)
    if record.customer_id is None:  # the bank's side: the company of its accounts (one, or none: ``_one_company``)
        record.customer = placed[0].account.customer if placed else None
    _summarise(record=record, placed=placed, counts=counts)
    record.notes = notices(  # 7
        placed=placed, bank=record.kind == ImportKind.BANK, opening=record.source == OPENING
    )


def _one_company(*, record: Import, placed: list[Placed]) -> None:
    """An import belongs to one owner (it is listed, withdrawn and checked for a second copy in its scope): a file of
    the bank's side whose statements are for accounts of several companies is refused, naming one account of each;
    so is one holding a company's account beside one of no company (the bank's own, new, or a customer's not
    onboarded yet): its import would be the company's, and its row (lines, totals, accounts registered) would tell
    the company's users of the other account, whoever it is assigned to later. A company user's statements were
    each checked to be the company's own when placed."""
    first_of: dict[int | None, str] = {}  # one account of each owner: a group's hundreds would say nothing more
    for p in placed:
        first_of.setdefault(p.account.customer_id, p.account.number)
    loose = first_of.pop(None, None)
    if len(first_of) > 1:
        raise FactError(msg("import.several_companies", accounts=list(first_of.values())), code="several_companies")
    if first_of and loose is not None:
        (account,) = first_of.values()
        raise FactError(msg("import.company_and_no_company", loose=loose, account=account), code="several_companies")


def _summarise(*, record: Import, placed: list[Placed], counts: list[Stored]) -> None:
    """What the import did, on its row: the format, the account (one, or None for several), counts and totals, the
    balances and the period the file covers, the accounts it registered."""
    statements = [p.statement for p in placed]
    accounts = [p.account for p in placed]
    first, last = statements[0], statements[-1]
    record.format = first.format
    record.account = accounts[0] if len({a.pk for a in accounts}) == 1 else None
    record.lines_in_file = sum(len(pf.lines) for pf in statements)
    record.lines_stored = sum(c.stored for c in counts)
    record.lines_known = sum(c.known for c in counts)
    record.lines_removed = sum(c.removed for c in counts)
    record.total_in = sum((pf.total_in for pf in statements), Decimal("0.00"))
    record.total_out = sum((pf.total_out for pf in statements), Decimal("0.00"))
    record.opening_balance = first.opening_balance
    record.closing_balance = last.closing_balance
    # A statement without movements covers the days it states (the parsers refuse one that states none).
    starts = [pf.period_start or min((ln.booking_date for ln in pf.lines), default=pf.period_end) for pf in statements]
    ends = [pf.period_end or max((ln.booking_date for ln in pf.lines), default=pf.period_start) for pf in statements]
    record.period_start = min(day for day in starts if day is not None)
    record.period_end = max(day for day in ends if day is not None)
    record.accounts_registered = [p.account.number for p in placed if p.registered]


def import_file(
    *,
    actor: Actor | None,
    kind: str,
    data: bytes,
    filename: str,
    account_number: str = "",
    profile_name: str = "",
    customer: Customer | None = None,
    source: str = "command",
) -> Import:
    """Steps 1-7 in one go (the command, the API push and tests)."""
    record = import_receive(
        actor=actor,
        kind=kind,
        data=data,
        filename=filename,
        account_number=account_number,
        profile_name=profile_name,
        customer=customer,
        source=source,
    )
    return import_process(import_id=record.pk, actor=actor)


def import_push(
    *,
    actor: Actor | None,
    kind: str,
    payload: Any,
    account_number: str = "",
    customer: Customer | None = None,
    source: str = PUSH,
) -> Import:
    """One batch of journal entries or bank lines pushed as JSON by an ERP (银企直联), steps 1-7 in one go.

    The canonical JSON is kept as the import's file, so a batch pushed twice is recognised like a file. ``source`` is
    PUSH (the ERP direct link) or OPENING_ENTRY (an opening item entered in the workbench, see ``opening``).
    """
    if source not in BATCH_SOURCES:
        raise ValueError(f"import_push takes a batch source {BATCH_SOURCES}, not {source!r}")
    data = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    record = import_receive(
        actor=actor,
        kind=kind,
        data=data,
        filename=PUSH_FILENAME,
        account_number=account_number,
        customer=customer,
        source=source,
    )
    return import_process(import_id=record.pk, actor=actor)
