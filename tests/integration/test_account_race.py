"""Concurrent first imports of a new account number on PostgreSQL: both imports are stored, the account is registered
once. Before, the second import's INSERT of the account hit the unique number and the import was refused ("account …
is already registered", a 422 for an ERP push) about one time in twelve.

The gated test makes the losing interleaving happen every time: the audit chain head, held from another session,
stops the first import right after it inserted the account (uncommitted); the second reads no account, inserts it and
waits on the first's unique index entry; released, the first commits and the second's insert fails inside its
savepoint, after which it must find the account the first registered. The free test races many pairs with a barrier.
"""

from __future__ import annotations

import threading

import pytest

from core.models import AuditEvent
from core.selectors.audit import audit_chain_verify
from portal.models import Role
from reconcile.models import BankAccount, BankLine, Import, ImportStatus
from reconcile.services.imports import import_process, import_push, import_receive
from tests.factories import make_user
from tests.integration.support import InThread, audit_head_lock, lock_waiters, wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("english")]

NUMBER = "6222021001122334455"


def _batch(day: int, tag: str, number: str = NUMBER) -> dict:
    return {
        "account_number": number,
        "lines": [
            {
                "date": f"2026-09-{day:02d}",
                "amount": f"{100 + i}.00",
                "direction": "in" if i % 2 else "out",
                "serial": f"{tag}-{day}-{i}",
                "summary": f"货款 {tag}",
            }
            for i in range(5)
        ],
    }


@pytest.fixture
def officer(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return make_user("ops_race", [Role.BANK_OPS])


def _received(officer, payload: dict) -> Import:
    import json

    data = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    return import_receive(
        actor=officer, kind="bank", data=data, filename="push.json", account_number=NUMBER, source="push"
    )


def test_two_first_imports_of_a_new_account_meeting_in_the_insert_both_succeed(officer):
    first, second = _received(officer, _batch(1, "A")), _received(officer, _batch(2, "B"))
    threads: list[InThread] = []
    try:
        with audit_head_lock() as release:
            threads.append(InThread(lambda: import_process(import_id=first.pk, actor=officer)).start())
            # The first waits at its audit event with the account inserted, uncommitted ...
            wait_until(
                lambda: threads[0].finished() or len(lock_waiters()) >= 1,
                timeout=30,
                what="the first import to insert the account and wait at the audit head",
            )
            assert not threads[0].finished(), threads[0].outcome.error
            threads.append(InThread(lambda: import_process(import_id=second.pk, actor=officer)).start())
            # ... and the second waits on the first's new account number (its own INSERT of the same number).
            wait_until(
                lambda: threads[1].finished() or any("reconcile_bankaccount" in q for _, q in lock_waiters()),
                timeout=30,
                what="the second import to insert the same account number and wait",
            )
            assert not threads[1].finished(), threads[1].outcome.error
            release()
    finally:
        outcomes = [t.join() for t in threads]
    for outcome in outcomes:
        assert outcome.error is None, outcome.error
    assert [o.result.status for o in outcomes] == [ImportStatus.DONE, ImportStatus.DONE], [
        o.result.message for o in outcomes
    ]
    account = BankAccount.objects.get(number=NUMBER)
    assert BankLine.objects.filter(account=account).count() == 10
    assert [o.result.account_id for o in outcomes] == [account.pk, account.pk]
    assert [o.result.accounts_registered for o in outcomes] == [[NUMBER], []]  # registered once, by the first
    assert AuditEvent.objects.filter(action="bank_account.created").count() == 1
    assert audit_chain_verify().ok


def test_many_pushes_of_new_accounts_racing_freely_all_succeed(officer):
    numbers = [f"62220210011223{n:05d}" for n in range(12)]
    barrier = threading.Barrier(2 * len(numbers))

    def push(number: str, day: int, tag: str):
        def call():
            barrier.wait(timeout=30)
            return import_push(actor=officer, kind="bank", payload=_batch(day, tag, number), account_number=number)

        return call

    threads = [
        InThread(push(number, day, f"{tag}{i}"))
        for i, number in enumerate(numbers)
        for day, tag in ((1, "A"), (2, "B"))
    ]
    for thread in threads:
        thread.start()
    outcomes = [t.join(timeout=120) for t in threads]
    for outcome in outcomes:
        assert outcome.error is None, outcome.error
    refused = [o.result.message for o in outcomes if o.result.status != ImportStatus.DONE]
    assert refused == []
    assert BankAccount.objects.filter(number__in=numbers).count() == len(numbers)
    assert BankLine.objects.filter(account__number__in=numbers).count() == 10 * len(numbers)
    assert AuditEvent.objects.filter(action="bank_account.created").count() == len(numbers)
    assert audit_chain_verify().ok
