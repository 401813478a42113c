"""Publishing a period: one statement per due account, dispatched by channel, with its notice (SMS, WeChat ...).

`statement_run_start` checks everything that could make the run fail halfway (period, calendar,
balances) before it writes anything, then splits the due accounts into chunks; each chunk is a task
(`statement_chunk_publish`) that creates its statements idempotently (unique account/period/version)
and marks itself done once. Re-running the command resumes a crashed run and never duplicates.

A period has one run. Accounts that became due after it was published (onboarded in a later wave, or their balance
imported late) are published by publishing the period again: the same checks, then new chunks on the same run, which
publishes again and is done again; their statements are dated, and their answer windows counted, from that day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.actors import Actor, user_row
from core.bulk_copy import copy_create
from core.errors import ServiceError
from core.services.audit import audit_record
from core.text import sentences
from reconcile.models import AccountStatus
from reconcile.queue import enqueue
from statements.calendar import (
    beijing_day,
    dispatch_deadline,
    next_period_start,
    response_due_date,
    sms_notice_deadline,
)
from statements.channels.registry import channel
from statements.models import (
    Agreement,
    AgreementQuerySet,
    BalanceStatement,
    Cycle,
    RunChunk,
    RunStatus,
    StatementRun,
    StatementStatus,
)
from statements.notify.registry import REGISTRY as NOTIFY_CHANNELS
from statements.periods import Period, PeriodError, parse_period
from statements.selectors import workday_calendar
from statements.selectors.runs import publish_notice_counts
from statements.services.outbox import STATEMENT_NOTICE, notice_items, notify_enqueue
from statements.services.publish_checks import check_balances, check_details, period_balances
from statements.services.statement_detail import detail_summaries
from statements.services.statement_docs import content_hash, statement_number, verification_code


@dataclass(frozen=True)
class RunOutcome:
    run: StatementRun
    created: bool
    message: str


def due_agreements(period: Period) -> AgreementQuerySet:
    """Agreements valid at the period end of active accounts whose cycle ends with this period."""
    cycles = [Cycle.MONTHLY, Cycle.QUARTERLY] if period.is_quarter_end else [Cycle.MONTHLY]
    return Agreement.objects.valid_on(period.end).filter(cycle__in=cycles, account__status=AccountStatus.ACTIVE)


def _today() -> dt.date:
    return beijing_day(timezone.now())


@dataclass(frozen=True)
class RunPlan:
    """What publishing a period would do, checked exactly as starting it checks, nothing stored: what the ops page
    asks to confirm before anything goes out (the statements and their notices cannot be taken back)."""

    spec: Period
    as_of: dt.date
    account_ids: list[int]
    dispatch_by: dt.date
    sms_by: dt.date
    # The notices publishing sends at once, per notification channel (registry name, count), in the registry's order:
    # the contacts of the statements dispatched on publishing, each on the channel it is told on.
    notices: tuple[tuple[str, int], ...] = ()
    # Set when the period was already published and these accounts became due since: the run they are added to.
    run: StatementRun | None = None
    today: dt.date | None = None
    answer_by: dt.date | None = None  # the answer due date of the online statements published today

    @property
    def dispatch_passed(self) -> bool:
        """Published after the dispatch deadline: the statements go out late (the page says so, not the date alone)."""
        return self.today is not None and self.today > self.dispatch_by

    @property
    def sms_passed(self) -> bool:
        return self.today is not None and self.today > self.sms_by

    @property
    def notice_counts(self) -> list[tuple[str, int]]:
        """(the channel's label, how many notices), for the page."""
        return [(str(NOTIFY_CHANNELS[name].label), n) for name, n in self.notices]


def _plan(period: str, as_of: dt.date | None, today: dt.date) -> RunPlan | StatementRun:
    """The period's checked plan; for a period already published, the checked plan of the accounts due since, or the
    run itself when none is (publishing then resumes it, or says what it did)."""
    try:
        spec = parse_period(period)
    except PeriodError as exc:
        raise ServiceError(str(exc), code="bad_period") from exc
    if spec.end >= today:
        raise ServiceError(
            _("The period %(p)s has not ended yet (it ends on %(end)s).") % {"p": period, "end": spec.end},
            code="future_period",
        )
    existing = StatementRun.objects.filter(period=spec.key).first()
    if existing is not None:
        return _plan_since(existing, spec, as_of, today)
    as_of = as_of or spec.end
    calendar = workday_calendar()
    new_start = next_period_start(spec.end)
    # Each raises YearNotLoaded (a ServiceError naming what to load) for a year without the official schedule;
    # the answer window is worked out here only to refuse such a run before anything is stored.
    dispatch_by = dispatch_deadline(calendar, new_start)
    sms_by = sms_notice_deadline(calendar, new_start)
    answer_by = response_due_date(calendar, max(today, new_start))
    agreements = due_agreements(spec)
    check_balances(agreements, as_of)
    account_ids = list(agreements.order_by("account_id").values_list("account_id", flat=True))
    check_details(agreements, spec, as_of)
    if not account_ids:
        raise ServiceError(
            _(
                "No account is due for %(p)s: no active account has an agreement valid on %(end)s "
                "with a cycle ending then. Check the agreements' start dates (valid_from) and cycles; "
                "nothing was published."
            )
            % {"p": spec.key, "end": spec.end},
            code="nothing_due",
        )
    return RunPlan(
        spec,
        as_of,
        account_ids,
        dispatch_by,
        sms_by,
        publish_notice_counts(agreements),
        today=today,
        answer_by=answer_by,
    )


def due_since_published(run: StatementRun, spec: Period) -> AgreementQuerySet:
    """The period's due agreements whose account has no statement for it and is in none of the run's open chunks:
    accounts onboarded, or given their balance, after the period was published."""
    stated = BalanceStatement.objects.filter(period_end=spec.end).values("account_id")
    unstated = due_agreements(spec).exclude(account_id__in=stated)
    queued = {i for ids in run.chunks.filter(done_at__isnull=True).values_list("account_ids", flat=True) for i in ids}
    if not queued:
        return unstated  # a run done: one query, no list of ids
    # A run still publishing: its open chunks' accounts (up to the whole period) are set aside here, in Python, and
    # only the few left are named to the database.
    late = set(unstated.values_list("account_id", flat=True)) - queued
    return unstated.filter(account_id__in=sorted(late))


def _plan_since(run: StatementRun, spec: Period, as_of: dt.date | None, today: dt.date) -> RunPlan | StatementRun:
    """The run already started for the period, or, where accounts became due since, the checked plan adding them."""
    agreements = due_since_published(run, spec)
    if not agreements.exists():
        return run
    if as_of is not None and as_of != run.as_of:
        raise ServiceError(
            _(
                "%(p)s was published with the balances as of %(run)s: the accounts due since are published with "
                "the same date. Leave the date empty or give %(run)s; nothing was published."
            )
            % {"p": spec.key, "run": run.as_of},
            code="as_of_mismatch",
        )
    answer_by = response_due_date(workday_calendar(), today)  # YearNotLoaded: refused before anything is stored
    check_balances(agreements, run.as_of)
    check_details(agreements, spec, run.as_of)
    account_ids = list(agreements.order_by("account_id").values_list("account_id", flat=True))
    return RunPlan(
        spec,
        run.as_of,
        account_ids,
        run.dispatch_deadline,
        run.sms_deadline,
        publish_notice_counts(agreements),
        run=run,
        today=today,
        answer_by=answer_by,
    )


def statement_run_preview(
    *, period: str, as_of: dt.date | None = None, today: dt.date | None = None
) -> RunPlan | StatementRun:
    """Refuses what ``statement_run_start`` would refuse, and otherwise says what it would publish (for a period
    already published, the accounts due since, ``plan.run`` set; or the run itself when none is); stores and sends
    nothing."""
    return _plan(period, as_of, today or _today())


def statement_run_start(
    *, actor: Actor | None, period: str, as_of: dt.date | None = None, today: dt.date | None = None
) -> RunOutcome:
    today = today or _today()
    plan = _plan(period, as_of, today)
    if isinstance(plan, StatementRun):
        return _existing_run(plan, period)
    account_ids = plan.account_ids
    size = settings.PUBLISH_CHUNK_SIZE
    chunks = [account_ids[i : i + size] for i in range(0, len(account_ids), size)]
    if plan.run is not None:
        if not _extend_run(actor, plan, chunks):
            # Another publishing added chunks since this one looked: look again (it may have added these accounts).
            return statement_run_start(actor=actor, period=period, as_of=as_of, today=today)
        return RunOutcome(plan.run, True, _extended_message(plan))
    try:
        with transaction.atomic():
            run = _create_run(actor, plan, chunks)
    except IntegrityError:
        # Someone started the same period a moment earlier (the unique period settles it): say what they did.
        return _existing_run(StatementRun.objects.get(period=plan.spec.key), period)
    return RunOutcome(run, True, started_message(plan.spec.key, len(account_ids), len(chunks)))


def started_message(period: str, accounts: int, chunks: int) -> str:
    """What a new publishing run says: its period, the accounts due and the chunks they go out in."""
    return _("Publishing %(p)s: %(accounts)s due in %(chunks)s.") % {
        "p": period,
        "accounts": ngettext("%(n)s account", "%(n)s accounts", accounts) % {"n": accounts},
        "chunks": ngettext("%(n)s chunk", "%(n)s chunks", chunks) % {"n": chunks},
    }


def _extended_message(plan: RunPlan) -> str:
    n = len(plan.account_ids)
    text = ngettext(
        "Period %(p)s: %(n)s account due since it was published; publishing it.",
        "Period %(p)s: %(n)s accounts due since it was published; publishing them.",
        n,
    ) % {"p": plan.spec.key, "n": n}
    if plan.dispatch_passed:
        # The run's deadline is not met for these: say so, and the answer date they actually get.
        late = _(
            "They go out after the dispatch deadline (%(deadline)s) and count as dispatched late; online "
            "statements published today are answered by %(due)s."
        ) % {"deadline": plan.dispatch_by, "due": plan.answer_by}
        text = sentences(text, late)
    return text


def _existing_run(existing: StatementRun, asked: str = "") -> RunOutcome:
    """Says what was asked and what exists: a quarter (2026-Q3) is published by the run of its last month (2026-09),
    which publishes the monthly and the quarterly statements of that month end at once."""
    asked = (asked or "").strip().upper() or existing.period
    unfinished = existing.chunks_total - existing.chunks_done
    if asked == existing.period:
        done = _("Period %(p)s was already published: %(n)s statements; nothing new was created.")
        running = ngettext(
            "Period %(p)s was being published; resuming the %(n)s unfinished chunk.",
            "Period %(p)s was being published; resuming the %(n)s unfinished chunks.",
            unfinished,
        )
    else:
        done = _(
            "%(asked)s ends with %(p)s, which was already published (one publishing per month end covers the "
            "monthly and the quarterly statements): %(n)s statements; nothing new was created."
        )
        running = ngettext(
            "%(asked)s ends with %(p)s, which was being published (one publishing per month end covers the "
            "monthly and the quarterly statements); resuming the %(n)s unfinished chunk.",
            "%(asked)s ends with %(p)s, which was being published (one publishing per month end covers the "
            "monthly and the quarterly statements); resuming the %(n)s unfinished chunks.",
            unfinished,
        )
    if existing.status == RunStatus.DONE:
        return RunOutcome(
            existing, False, done % {"asked": asked, "p": existing.period, "n": existing.statements_created}
        )
    if existing.given_up_at is not None:  # a person resumes it: the watchdog may resume it again too
        StatementRun.objects.filter(pk=existing.pk).update(given_up_at=None, resumes=0)
    enqueue_open_chunks(existing)
    return RunOutcome(
        existing,
        False,
        running % {"asked": asked, "p": existing.period, "n": unfinished},
    )


def _extend_run(actor: Actor | None, plan: RunPlan, chunks: list[list[int]]) -> bool:
    """Add the chunks of the accounts due since to the run; False if another publishing added chunks since the plan
    read the run (chunks_total only grows, so the conditional update lets exactly one of them add theirs)."""
    run = plan.run
    assert run is not None
    with transaction.atomic():
        grown = StatementRun.objects.filter(pk=run.pk, chunks_total=run.chunks_total).update(
            chunks_total=F("chunks_total") + len(chunks),
            accounts_due=F("accounts_due") + len(plan.account_ids),
            status=RunStatus.RUNNING,
            finished_at=None,
            progress_at=timezone.now(),
        )
        if grown != 1:
            return False
        RunChunk.objects.bulk_create(
            [RunChunk(run=run, index=run.chunks_total + i, account_ids=ids) for i, ids in enumerate(chunks)]
        )
        audit_record(
            actor=actor,
            action="statement_run.extended",
            target=run,
            after={"period": run.period, "accounts": len(plan.account_ids), "chunks": len(chunks)},
        )
        transaction.on_commit(lambda: enqueue_open_chunks(run))
    return True


def _create_run(actor: Actor | None, plan: RunPlan, chunks: list[list[int]]) -> StatementRun:
    spec = plan.spec
    run = StatementRun.objects.create(
        period=spec.key,
        period_start=spec.start_for(Cycle.MONTHLY),
        period_end=spec.end,
        as_of=plan.as_of,
        accounts_due=len(plan.account_ids),
        chunks_total=len(chunks),
        dispatch_deadline=plan.dispatch_by,
        sms_deadline=plan.sms_by,
        started_by=user_row(actor),
        status=RunStatus.RUNNING if chunks else RunStatus.DONE,
        finished_at=None if chunks else timezone.now(),
    )
    RunChunk.objects.bulk_create([RunChunk(run=run, index=i, account_ids=ids) for i, ids in enumerate(chunks)])
    audit_record(
        actor=actor,
        action="statement_run.started",
        target=run,
        after={"period": spec.key, "as_of": plan.as_of, "accounts_due": len(plan.account_ids)},
    )
    transaction.on_commit(lambda: enqueue_open_chunks(run))
    return run


def enqueue_open_chunks(run: StatementRun) -> None:
    # Tasks by name (reconcile.queue): statements.tasks imports this module.
    for chunk_id in RunChunk.objects.filter(run=run, done_at__isnull=True).values_list("pk", flat=True):
        if not enqueue("statements.chunk_publish", chunk_id):
            break  # the broker is down: the watchdog resumes the run's open chunks (statements.services.jobs)


def statement_chunk_publish(*, chunk_id: int, actor: Actor | None = None) -> int:
    """Create, dispatch and notify one chunk's statements. Running it twice changes nothing."""
    calendar = workday_calendar()
    with transaction.atomic():
        chunk = RunChunk.objects.select_for_update(of=("self",)).select_related("run").get(pk=chunk_id)
        if chunk.done_at is not None:
            return 0
        run = chunk.run
        spec = parse_period(run.period)
        agreements = list(
            due_agreements(spec).filter(account_id__in=chunk.account_ids).select_related("account", "account__customer")
        )
        already = set(
            BalanceStatement.objects.filter(account_id__in=chunk.account_ids, run=run).values_list(
                "account_id", flat=True
            )
        )
        agreements = [a for a in agreements if a.account_id not in already]
        balances = period_balances(run.as_of, agreements)
        details = detail_summaries(agreements=agreements, spec=spec, closings={k: v[0] for k, v in balances.items()})
        now = timezone.now()
        due = response_due_date(calendar, beijing_day(now))
        fresh = []
        for agreement in agreements:
            account = agreement.account
            label = spec.label_for(agreement.cycle)
            number = statement_number(label, account.pk)
            balance, source = balances[account.pk]
            detail = details.get(account.pk)
            online = channel(agreement.channel).dispatched_on_publish
            fresh.append(
                BalanceStatement(
                    account=account,
                    agreement=agreement,
                    run=run,
                    period=label,
                    period_end=spec.end,
                    number=number,
                    version=1,
                    currency=account.currency,
                    balance=balance,
                    balance_source=source,
                    channel=agreement.channel,
                    verification_code=verification_code(),
                    content_hash=content_hash(
                        number=number,
                        version=1,
                        account_number=account.number,
                        currency=account.currency,
                        period=label,
                        balance=balance,
                    ),
                    status=StatementStatus.DISPATCHED if online else StatementStatus.PUBLISHED,
                    dispatched_at=now if online else None,
                    due_date=due if online else None,
                    opening_balance=detail.opening if detail else None,
                    detail_lines=detail.lines if detail else None,
                )
            )
        created = _insert_statements(run, fresh)
        notify_enqueue(
            template=STATEMENT_NOTICE,
            items=notice_items([st for st in created if st.status == StatementStatus.DISPATCHED]),
        )
        chunk.done_at = now
        chunk.save(update_fields=["done_at"])
        StatementRun.objects.filter(pk=run.pk).update(
            chunks_done=F("chunks_done") + 1, progress_at=now, statements_created=F("statements_created") + len(created)
        )
        StatementRun.objects.filter(pk=run.pk, chunks_done=F("chunks_total"), status=RunStatus.RUNNING).update(
            status=RunStatus.DONE, finished_at=now
        )
        audit_record(
            actor=actor,
            action="statements.published",
            target=run,
            after={
                "chunk": chunk.index,
                "statement_ids": [st.pk for st in created],
                "dispatched": sum(st.status == StatementStatus.DISPATCHED for st in created),
            },
        )
        ids = [st.pk for st in created]
        transaction.on_commit(lambda: _after_publish(ids))
    return len(created)


def _insert_statements(run: StatementRun, fresh: list[BalanceStatement]) -> list[BalanceStatement]:
    """The chunk's statements, saved with their ids: COPY on PostgreSQL, bulk_create elsewhere.

    On PostgreSQL, Django's per-field SQL building for a 1,000-row INSERT was the largest part of a chunk's time
    (bench/README.md, publishing across workers); COPY sends the same values, checked by the same constraints.
    """
    connection = transaction.get_connection()
    if connection.vendor == "postgresql":
        copy_create(connection, fresh)
        return fresh
    created = BalanceStatement.objects.bulk_create(fresh, batch_size=1000)
    if created and created[0].pk is None:  # backends that do not return ids
        created = list(BalanceStatement.objects.filter(run=run, account_id__in=[s.account_id for s in fresh]))
    return created


def _after_publish(statement_ids: list[int]) -> None:
    if statement_ids:
        # Lost, these cost nothing lasting: a missing PDF is drawn when first downloaded, and the SMS outbox is
        # sent by beat every minute anyway.
        enqueue("statements.render_pdfs", statement_ids)
        enqueue("statements.sms_send_due")
