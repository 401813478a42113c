"""The SMS outbox on PostgreSQL: a failing or slow gateway in-process, and the real worker sending once.

A fake gateway set with `set_backend_for_tests` only exists in this process, so the failure modes are
driven here (threads for parallel outbox runs); the worker tests use the console backend it really has.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections import Counter

import pytest
import time_machine
from django.utils import timezone

from config.observability import mask
from statements.models import SmsMessage, SmsStatus
from statements.services.sms import MAX_ATTEMPTS, sms_due_ids, sms_send_one, sms_settle_stale
from statements.sms.backends import SmsGatewayError, set_backend_for_tests
from statements.tasks import sms_send_due_task
from tests.integration.support import InThread, wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("english")]

CST = dt.timezone(dt.timedelta(hours=8))
T0 = dt.datetime(2026, 10, 9, 10, 0, tzinfo=CST)  # a Friday morning, outside the quiet hours


class Gateway:
    """A gateway speaking the backend interface, thread-safe; outcomes scripted per message key.

    "accepted_then_timeout": the provider takes the message but our call times out;
    "timeout": the call times out before the provider took it; an SmsGatewayError is raised as is;
    a threading.Event: the call hangs until it is set, then the provider takes the message.
    """

    name = "fake"

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.script: dict[str, list] = {}
        self.calls: Counter[str] = Counter()
        self.accepted: dict[str, str] = {}

    def _accept(self, out_id: str) -> str:
        with self._lock:
            self.accepted.setdefault(out_id, f"fake-{len(self.accepted) + 1}")
            return self.accepted[out_id]

    def send(self, *, phone, template, params, out_id):
        with self._lock:
            self.calls[out_id] += 1
            steps = self.script.get(out_id)
            step = steps.pop(0) if steps else "ok"
        if isinstance(step, threading.Event):
            assert step.wait(30), "the test never let the gateway answer"
        if step == "accepted_then_timeout":
            self._accept(out_id)
            raise SmsGatewayError("no answer within 10 s", code="timeout", retryable=True)
        if step == "timeout":
            raise SmsGatewayError("no answer within 10 s", code="timeout", retryable=True)
        if isinstance(step, SmsGatewayError):
            raise step
        return self._accept(out_id)

    def lookup(self, out_id):
        with self._lock:
            return self.accepted.get(out_id)


@pytest.fixture
def gateway(settings):
    fake = Gateway()
    settings.SMS_BACKEND = "fake"
    set_backend_for_tests("fake", fake)
    yield fake
    set_backend_for_tests("fake", None)


def queue_notices(n: int, *, not_before: dt.datetime) -> list[SmsMessage]:
    SmsMessage.objects.bulk_create(
        [
            SmsMessage(
                key=f"statement_notice:it{i}:v1",
                template="statement_notice",
                phone=f"1390000{i:04d}",
                params={"period": "2026年9月", "number": f"202609-{i:08d}"},
                not_before=not_before,
            )
            for i in range(n)
        ]
    )
    return list(SmsMessage.objects.order_by("pk"))


def throttled() -> SmsGatewayError:
    return SmsGatewayError("too many requests", code="Throttling", retryable=True)


def test_a_timeout_leaves_the_row_sending_until_the_provider_is_asked(gateway):
    with time_machine.travel(T0, tick=False) as clock:
        taken, lost = queue_notices(2, not_before=T0)
        gateway.script = {taken.key: ["accepted_then_timeout"], lost.key: ["timeout"]}
        assert [sms_send_one(message_id=m.pk) for m in (taken, lost)] == ["uncertain", "uncertain"]
        for message in (taken, lost):
            message.refresh_from_db()
            assert (message.status, message.attempts) == (SmsStatus.SENDING, 1)
            assert message.last_error.startswith("timeout:")
        # Never retried blindly: not due, and a redelivered send task skips it.
        assert sms_due_ids() == []
        assert [sms_send_one(message_id=m.pk) for m in (taken, lost)] == ["skipped", "skipped"]

        clock.move_to(T0 + dt.timedelta(minutes=9))
        assert sms_settle_stale() == 0  # maybe still in flight
        clock.move_to(T0 + dt.timedelta(minutes=11))
        assert sms_settle_stale() == 2

    taken.refresh_from_db()
    lost.refresh_from_db()
    assert (taken.status, taken.provider_id, taken.provider) == (SmsStatus.SENT, gateway.accepted[taken.key], "fake")
    assert lost.status == SmsStatus.FAILED and "cannot confirm" in lost.last_error
    assert gateway.calls == Counter({taken.key: 1, lost.key: 1})  # one call each, ever
    assert lost.key not in gateway.accepted


def test_retryable_errors_back_off_then_fail_and_permanent_ones_fail_at_once(gateway):
    with time_machine.travel(T0, tick=False) as clock:
        hopeless, recovers, bad_number = queue_notices(3, not_before=T0)
        gateway.script = {
            hopeless.key: [throttled() for _ in range(MAX_ATTEMPTS)],
            recovers.key: [throttled(), throttled()],
            bad_number.key: [SmsGatewayError("invalid mobile", code="isv.MOBILE_NUMBER_ILLEGAL")],
        }
        schedule = []  # when the outbox found `hopeless` due
        for _ in range(MAX_ATTEMPTS + 2):  # the beat's outbox task, run whenever something is due
            if hopeless.pk in sms_due_ids():
                schedule.append(timezone.now())
            sms_send_due_task()
            waiting = SmsMessage.objects.filter(status=SmsStatus.QUEUED).order_by("not_before").first()
            if waiting is None:
                break
            clock.move_to(waiting.not_before)

    rows = {m.pk: m for m in SmsMessage.objects.all()}
    assert (rows[hopeless.pk].status, rows[hopeless.pk].attempts) == (SmsStatus.FAILED, MAX_ATTEMPTS)
    assert rows[hopeless.pk].last_error.startswith("Throttling:")
    assert [int((b - a).total_seconds() // 60) for a, b in zip(schedule, schedule[1:])] == [2, 4, 8, 16]
    assert (rows[recovers.pk].status, rows[recovers.pk].attempts) == (SmsStatus.SENT, 3)
    assert rows[recovers.pk].provider_id == gateway.accepted[recovers.key]
    assert (rows[bad_number.pk].status, rows[bad_number.pk].attempts) == (SmsStatus.FAILED, 1)
    assert gateway.calls == Counter({hopeless.key: 5, recovers.key: 3, bad_number.key: 1})
    assert set(gateway.accepted) == {recovers.key}


def test_parallel_outbox_runs_send_each_message_once(gateway):
    with time_machine.travel(T0, tick=True):
        messages = queue_notices(60, not_before=T0)
        barrier = threading.Barrier(4)

        def outbox_run():
            barrier.wait(timeout=30)
            return sms_send_due_task()

        runs = [InThread(outbox_run).start() for _ in range(4)]
        outcomes = [r.join() for r in runs]
    assert [o.error for o in outcomes] == [None] * 4
    assert gateway.calls == Counter({m.key: 1 for m in messages})
    rows = list(SmsMessage.objects.all())
    assert {(m.status, m.attempts) for m in rows} == {(SmsStatus.SENT, 1)}
    assert {m.key: m.provider_id for m in rows} == gateway.accepted


def test_a_send_in_flight_is_not_settled_as_abandoned_by_a_parallel_run(gateway):
    """A notice queued before the quiet hours goes out the next morning; the gateway is slow to answer."""
    with time_machine.travel(T0 - dt.timedelta(hours=12), tick=False):
        [message] = queue_notices(1, not_before=T0)
    answer = threading.Event()
    gateway.script = {message.key: [answer]}
    with time_machine.travel(T0, tick=True):
        sender = InThread(lambda: sms_send_one(message_id=message.pk)).start()
        wait_until(lambda: gateway.calls[message.key] == 1, timeout=10, what="the send to reach the gateway")
        settled = sms_settle_stale()  # the next outbox run starts meanwhile (beat: every minute)
        answer.set()
        outcome = sender.join()
    assert outcome.error is None and outcome.result == "sent"  # the provider took it: the client got the SMS
    message.refresh_from_db()
    assert gateway.calls[message.key] == 1
    assert (settled, message.status, message.provider_id) == (0, SmsStatus.SENT, gateway.accepted[message.key])


def _sending_hours_offset() -> float:
    """Seconds to move the worker's application clock so that it is not in the quiet hours (21:00-08:00).

    Backwards to 12:00 of the last day that had one, never forwards: the app clock only, see worker_main.
    """
    now = timezone.now()
    local = now.astimezone(CST)
    if dt.time(8, 0) <= local.time() < dt.time(20, 50):
        return 0.0
    day = local.date() if local.time() >= dt.time(20, 50) else local.date() - dt.timedelta(days=1)
    return (dt.datetime.combine(day, dt.time(12, 0), tzinfo=CST) - now).total_seconds()


def test_two_workers_running_the_outbox_send_each_notice_once(celery_workers):
    """The outbox task enqueued twice, taken by two worker processes at once, console gateway."""
    offset = _sending_hours_offset()
    worker_now = timezone.now() + dt.timedelta(seconds=offset)
    queue = celery_workers.queue()
    workers = [celery_workers.start(queue, clock_offset=offset, wait=False) for _ in range(2)]
    messages = queue_notices(40, not_before=worker_now - dt.timedelta(hours=1))
    for worker in workers:
        worker.wait_ready()

    results = [sms_send_due_task.delay(), sms_send_due_task.delay()]
    assert all(isinstance(r.get(timeout=60), int) for r in results)

    rows = list(SmsMessage.objects.order_by("pk"))
    assert {(m.status, m.provider, m.attempts) for m in rows} == {(SmsStatus.SENT, "console", 1)}
    assert all(re.fullmatch(r"console-\d+", m.provider_id) and m.sent_at for m in rows)
    # The console gateway logs every message it is handed: one line per phone across both workers (the log masks
    # the middle of each number, 139****0001).
    logged = Counter(re.findall(r"SMS to ([\d*]+):", "".join(w.log_text() for w in workers)))
    assert logged == Counter({mask(m.phone): 1 for m in messages})
    assert all("****" in phone for phone in logged)
