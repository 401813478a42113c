"""The same file twice at the same moment on PostgreSQL, now that a second copy is refused per company (migration
0027's conditional constraints): the first of two imports of one company's file holds its finished row and lines
uncommitted at the audit chain head; the second runs into it and must be refused as the second copy, with nothing
of it stored, whether it meets the first at a line (new lines) or only at the finished Import row (every line of
the file known already), and whether it is the company's own upload or bank staff's copy of the company's file."""

from __future__ import annotations

import pytest

from core.selectors.audit import audit_chain_verify
from portal.models import Role
from reconcile.import_messages import import_message
from reconcile.models import BankLine, Import, ImportStatus
from reconcile.services.imports import import_file, import_process, import_receive
from tests.factories import BankAccountFactory, make_user
from tests.integration.support import InThread, audit_head_lock, wait_for_lock_waiters

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("english")]

ROWS = "".join(f"2026-10-{d:02d},货款,,{100 + d}.00,,客户{d}有限公司,SN{d:05d}\n" for d in range(1, 21))
FILE = ("交易日期,摘要,借方发生额,贷方发生额,余额,对方户名,交易流水号\n" + ROWS).encode()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _race(first: Import, second: Import, first_actor, second_actor) -> tuple[Import, Import]:
    with audit_head_lock() as release:
        a = InThread(lambda: import_process(import_id=first.pk, actor=first_actor)).start()
        wait_for_lock_waiters(1, timeout=60, query_like="reconcile_auditchainhead")
        b = InThread(lambda: import_process(import_id=second.pk, actor=second_actor)).start()
        wait_for_lock_waiters(2, timeout=60)  # the second waits on the first's uncommitted line or finished row
        release()
    assert a.join().error is None and b.join().error is None, (a.outcome.error, b.outcome.error)
    return a.outcome.result, b.outcome.result


def _assert_second_refused(done: Import, refused: Import) -> None:
    assert done.status == ImportStatus.DONE, done.message_facts
    assert refused.status == ImportStatus.REFUSED and f"(import #{done.pk})" in import_message(refused)
    assert not BankLine.objects.filter(source_import=refused).exists()
    assert Import.objects.filter(sha256=done.sha256, status=ImportStatus.DONE).count() == 1
    assert audit_chain_verify().ok


def test_two_uploads_of_the_companys_file_at_once(account_a, accountant_a):
    first, second = (
        import_receive(actor=accountant_a, kind="bank", data=FILE, filename=n, account_number=account_a.number)
        for n in ("a.csv", "b.csv")
    )
    done, refused = _race(first, second, accountant_a, accountant_a)
    _assert_second_refused(done, refused)
    assert BankLine.objects.filter(account=account_a).count() == 20


def test_two_uploads_whose_lines_are_all_known_meet_at_the_finished_row(account_a, accountant_a):
    """Every line is stored already (an earlier export of the month): neither import writes a line, and only the
    constraint on the company's finished imports stands between them."""
    earlier = import_file(
        actor=accountant_a, kind="bank", data=FILE, filename="month.csv", account_number=account_a.number
    )
    assert earlier.status == ImportStatus.DONE
    again = FILE + b"\n"  # the same lines, other bytes
    first, second = (
        import_receive(actor=accountant_a, kind="bank", data=again, filename=n, account_number=account_a.number)
        for n in ("a.csv", "b.csv")
    )
    done, refused = _race(first, second, accountant_a, accountant_a)
    _assert_second_refused(done, refused)
    assert (done.lines_stored, done.lines_known) == (0, 20)
    assert BankLine.objects.filter(account=account_a).count() == 20


@pytest.mark.parametrize("bank_first", [True, False])
def test_bank_staffs_copy_racing_the_companys_own_upload(account_a, accountant_a, bank_first):
    ops = make_user("ops_race", [Role.BANK_OPS])
    company = import_receive(
        actor=accountant_a, kind="bank", data=FILE, filename="a.csv", account_number=account_a.number
    )
    bank = import_receive(actor=ops, kind="bank", data=FILE, filename="b.csv", account_number=account_a.number)
    assert bank.customer_id is None  # known only once the file is read
    if bank_first:
        done, refused = _race(bank, company, ops, accountant_a)
    else:
        done, refused = _race(company, bank, accountant_a, ops)
    _assert_second_refused(done, refused)
    assert done.customer_id == account_a.customer_id
    assert BankLine.objects.filter(account=account_a).count() == 20


def test_bank_staffs_copies_for_two_accounts_of_one_company_racing_name_the_companys_import(account_a, account_b):
    """B imported the same bytes before (into its own account). Bank staff send the file, which names no account,
    for two accounts of A at once: they meet only at A's finished import (other accounts, other lines), and the loser
    is refused naming A's import, the one it raced, never B's (the lookup was of every company's imports)."""
    theirs = import_file(
        actor=None, kind="bank", data=FILE, filename="b.csv", account_number=account_b.number,
        customer=account_b.customer,
    )  # fmt: skip
    assert theirs.status == ImportStatus.DONE
    other = BankAccountFactory(customer=account_a.customer, number="31050161373600005678")
    ops = make_user("ops_race", [Role.BANK_OPS])
    first = import_receive(actor=ops, kind="bank", data=FILE, filename="a.csv", account_number=account_a.number)
    second = import_receive(actor=ops, kind="bank", data=FILE, filename="c.csv", account_number=other.number)
    done, refused = _race(first, second, ops, ops)
    assert done.status == ImportStatus.DONE and refused.status == ImportStatus.REFUSED, refused.message_facts
    text = import_message(refused)
    assert f"(import #{done.pk})" in text and f"#{theirs.pk}" not in text, text
    assert not BankLine.objects.filter(source_import=refused).exists()
    assert BankLine.objects.filter(account__customer=account_a.customer).count() == 20
    assert audit_chain_verify().ok
