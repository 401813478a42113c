"""The loop with the clock frozen: agree, disagree, deadlines across holidays and make-up days, disputes, re-issue."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import translation

from core.errors import ConflictError, ServiceError
from core.selectors.audit import audit_chain_verify
from portal.models import Role
from statements.models import (
    BalanceStatement,
    Confirmation,
    ConfirmationStatus,
    Dispute,
    DisputeStatus,
    SmsMessage,
    StatementStatus,
)
from statements.services.confirmations import (
    LateAnswer,
    confirmation_review,
    confirmation_submit,
    deadlines_sweep,
    statement_mark_viewed,
)
from statements.services.disputes import dispute_note_add, dispute_resolve, dispute_take
from tests.factories import make_user
from tests.fixtures.signing import sign_redirect

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
CST = dt.timezone(dt.timedelta(hours=8))


def at(y, m, d, hh=10, mm=0, ss=0):
    return dt.datetime(y, m, d, hh, mm, ss, tzinfo=CST)


def test_client_views_then_agrees(published, customer_a, client_a):
    statement = published[customer_a.pk]
    with time_machine.travel(at(2026, 10, 12), tick=False):
        assert statement_mark_viewed(actor=client_a, statement_id=statement.pk)
    with time_machine.travel(at(2026, 10, 23), tick=False):  # past the window nobody marks it viewed
        assert not statement_mark_viewed(actor=client_a, statement_id=statement.pk)
    statement = confirmation_submit(actor=client_a, statement_id=statement.pk, decision="agree", now=at(2026, 10, 12))
    assert statement.status == StatementStatus.CONFIRMED
    assert Confirmation.objects.get().status == ConfirmationStatus.FINAL
    assert audit_chain_verify().ok


def test_answer_counts_until_2359_on_the_due_date_beijing_time(published, customer_a, client_a):
    statement = published[customer_a.pk]  # due 2026-10-22
    confirmation_submit(actor=client_a, statement_id=statement.pk, decision="agree", now=at(2026, 10, 22, 23, 59, 59))
    assert BalanceStatement.objects.get(pk=statement.pk).status == StatementStatus.CONFIRMED


def test_a_late_answer_is_refused_with_the_reason(published, customer_a, client_a):
    statement = published[customer_a.pk]
    with pytest.raises(LateAnswer, match="ended on 2026-10-22"):
        confirmation_submit(actor=client_a, statement_id=statement.pk, decision="agree", now=at(2026, 10, 23, 0, 0, 1))
    assert BalanceStatement.objects.get(pk=statement.pk).status == StatementStatus.DISPATCHED


def test_disagree_needs_a_balance_and_a_reason(published, customer_a, client_a):
    statement = published[customer_a.pk]
    with pytest.raises(ServiceError, match="book balance"):
        confirmation_submit(
            actor=client_a,
            statement_id=statement.pk,
            decision="disagree",
            book_balance="abc",
            reason="x",
            now=at(2026, 10, 12),
        )
    with pytest.raises(ServiceError, match="Say why"):
        confirmation_submit(
            actor=client_a,
            statement_id=statement.pk,
            decision="disagree",
            book_balance="1.00",
            reason=" ",
            now=at(2026, 10, 12),
        )
    assert Confirmation.objects.count() == 0


def test_viewer_and_other_customer_cannot_answer(published, customer_a, client_b, customer_a_viewer=None):
    statement = published[customer_a.pk]
    viewer = make_user("viewer_a", [Role.CLIENT_VIEWER], customer_a)
    for outsider in (client_b, viewer):
        with pytest.raises(ServiceError, match="Only a confirmer"):
            confirmation_submit(actor=outsider, statement_id=statement.pk, decision="agree", now=at(2026, 10, 12))


def test_second_answer_loses_with_a_clear_message(published, customer_a, client_a):
    statement = published[customer_a.pk]
    confirmation_submit(actor=client_a, statement_id=statement.pk, decision="agree", now=at(2026, 10, 12))
    with pytest.raises(ConflictError, match="can no longer be answered: it is Confirmed"):
        confirmation_submit(
            actor=client_a,
            statement_id=statement.pk,
            decision="disagree",
            book_balance="1",
            reason="r",
            now=at(2026, 10, 12),
        )


def test_the_refusal_of_a_second_answer_reads_as_chinese_sentences(published, customer_a, client_a):
    # The two sentences were joined by a space, as English joins them: "…（相符）”。 该对账单已有结果…".
    statement = published[customer_a.pk]
    confirmation_submit(actor=client_a, statement_id=statement.pk, decision="agree", now=at(2026, 10, 12))
    with translation.override("zh-hans"), pytest.raises(ConflictError) as refused:
        confirmation_submit(actor=client_a, statement_id=statement.pk, decision="agree", now=at(2026, 10, 12))
    assert "。该对账单已有结果" in refused.value.message and "。 " not in refused.value.message
    with translation.override("en"), pytest.raises(ConflictError) as refused:
        confirmation_submit(actor=client_a, statement_id=statement.pk, decision="agree", now=at(2026, 10, 12))
    assert "(agreed). It already has its answer" in refused.value.message


def test_sweep_deems_after_the_due_date_only_and_is_idempotent(published, customer_a, customer_b, client_b):
    a, b = published[customer_a.pk], published[customer_b.pk]
    confirmation_submit(actor=client_b, statement_id=b.pk, decision="agree", now=at(2026, 10, 12))
    assert deadlines_sweep(as_of=dt.date(2026, 10, 22)) == 0  # due today: still open
    assert deadlines_sweep(as_of=dt.date(2026, 10, 23)) == 1
    assert deadlines_sweep(as_of=dt.date(2026, 10, 23)) == 0
    assert BalanceStatement.objects.get(pk=a.pk).status == StatementStatus.DEEMED_CONFIRMED
    assert BalanceStatement.objects.get(pk=b.pk).status == StatementStatus.CONFIRMED  # an answer is not deemed


def test_maker_checker(published, customer_a, client_a):
    customer_a.requires_approval = True
    customer_a.save()
    checker = make_user("checker_a", [Role.CLIENT_CONFIRMER], customer_a)
    statement = published[customer_a.pk]
    confirmation_submit(actor=client_a, statement_id=statement.pk, decision="agree", now=at(2026, 10, 12))
    assert BalanceStatement.objects.get(pk=statement.pk).status == StatementStatus.DISPATCHED
    pending = Confirmation.objects.get()
    with pytest.raises(ServiceError, match="another person"):
        confirmation_review(actor=client_a, confirmation_id=pending.pk, approve=True, now=at(2026, 10, 12))
    confirmation_review(actor=checker, confirmation_id=pending.pk, approve=True, now=at(2026, 10, 13))
    assert BalanceStatement.objects.get(pk=statement.pk).status == StatementStatus.CONFIRMED


def test_dispute_bank_error_reissues_version_2_with_a_new_window(published, customer_a, client_a, ops, settings):
    statement = published[customer_a.pk]
    with time_machine.travel(at(2026, 10, 12), tick=False):
        confirmation_submit(
            actor=client_a,
            statement_id=statement.pk,
            decision="disagree",
            book_balance="1,200,000.00",
            reason="少记一笔转账 50,000.00",
        )
    dispute = Dispute.objects.get()
    assert dispute.bank_due_date == dt.date(2026, 10, 19)  # 5 working days after Monday 10-12
    dispute_take(actor=ops, dispute_id=dispute.pk)
    dispute_note_add(actor=ops, dispute_id=dispute.pk, body="核心系统冲正未入账，属银行差错")
    dispute_note_add(actor=client_a, dispute_id=dispute.pk, body="请尽快处理")
    with time_machine.travel(at(2026, 10, 14), tick=False):
        dispute_resolve(
            actor=ops,
            dispute_id=dispute.pk,
            finding="bank_error",
            resolution="冲正已补记",
            corrected_balance="1200000.00",
        )
    old = BalanceStatement.objects.get(pk=statement.pk)
    new = BalanceStatement.objects.get(previous=old)
    assert old.status == StatementStatus.SUPERSEDED
    assert (new.version, new.balance, new.status, new.number) == (2, Decimal("1200000.00"), "dispatched", old.number)
    assert new.due_date == dt.date(2026, 10, 28)  # 10 working days after 10-14
    assert SmsMessage.objects.filter(statement=new, template="statement_notice").count() == 1
    assert audit_chain_verify().ok


def test_client_error_goes_back_to_the_client(published, customer_a, client_a, ops):
    statement = published[customer_a.pk]
    confirmation_submit(
        actor=client_a,
        statement_id=statement.pk,
        decision="disagree",
        book_balance="1",
        reason="r",
        now=at(2026, 10, 12),
    )
    dispute = Dispute.objects.get()
    with time_machine.travel(at(2026, 10, 13), tick=False):
        dispute_resolve(actor=ops, dispute_id=dispute.pk, finding="timing", resolution="在途款项，10-02 已入账")
    statement.refresh_from_db()
    assert statement.status == StatementStatus.RESOLVED and statement.due_date == dt.date(2026, 10, 27)
    confirmation_submit(actor=client_a, statement_id=statement.pk, decision="agree", now=at(2026, 10, 14))
    assert BalanceStatement.objects.get(pk=statement.pk).status == StatementStatus.CONFIRMED
    assert Dispute.objects.get().status == DisputeStatus.RESOLVED


def test_second_officer_resolving_gets_told_who_did(published, customer_a, client_a, ops):
    other = make_user("ops2", [Role.BANK_OPS])
    statement = published[customer_a.pk]
    confirmation_submit(
        actor=client_a,
        statement_id=statement.pk,
        decision="disagree",
        book_balance="1",
        reason="r",
        now=at(2026, 10, 12),
    )
    dispute = Dispute.objects.get()
    dispute_resolve(actor=ops, dispute_id=dispute.pk, finding="client_error", resolution="贵司漏记")
    with pytest.raises(ConflictError, match="ops_user already resolved"):
        dispute_resolve(actor=other, dispute_id=dispute.pk, finding="bank_error", resolution="x", corrected_balance="2")
    assert BalanceStatement.objects.count() == 2  # no re-issue from the loser


def test_clients_cannot_resolve(published, customer_a, client_a):
    statement = published[customer_a.pk]
    confirmation_submit(
        actor=client_a,
        statement_id=statement.pk,
        decision="disagree",
        book_balance="1",
        reason="r",
        now=at(2026, 10, 12),
    )
    with pytest.raises(ServiceError, match="Only bank operations"):
        dispute_resolve(actor=client_a, dispute_id=Dispute.objects.get().pk, finding="timing", resolution="x")


def test_mark_viewed_changes_only_the_own_companys_dispatched_statement_once(
    published, customer_a, customer_b, client_a, client_b, ops
):
    from core.models import AuditEvent

    statement = published[customer_a.pk]
    with time_machine.travel(at(2026, 10, 12), tick=False):
        assert not statement_mark_viewed(actor=client_b, statement_id=statement.pk)  # another company's user
        assert not statement_mark_viewed(actor=ops, statement_id=statement.pk)  # bank staff looking
        assert BalanceStatement.objects.get(pk=statement.pk).status == StatementStatus.DISPATCHED
        assert statement_mark_viewed(actor=client_a, statement_id=statement.pk)
        assert not statement_mark_viewed(actor=client_a, statement_id=statement.pk)  # a repeat view writes nothing
    row = BalanceStatement.objects.get(pk=statement.pk)
    assert row.status == StatementStatus.VIEWED and row.viewed_at == at(2026, 10, 12)
    events = AuditEvent.objects.filter(action="statement.viewed")
    assert [(e.target_id, e.actor_id) for e in events] == [(str(statement.pk), client_a.pk)]
    assert audit_chain_verify().ok


def test_an_answer_appends_its_events_in_order_under_one_chain_link(published, customer_b, client_b):
    from core.models import AuditEvent

    statement = published[customer_b.pk]
    before = AuditEvent.objects.order_by("-seq").first().seq
    confirmation_submit(
        actor=client_b,
        statement_id=statement.pk,
        decision="disagree",
        book_balance="1.00",
        reason="利息未入账",
        now=at(2026, 10, 12),
    )
    events = list(AuditEvent.objects.filter(seq__gt=before).order_by("seq"))
    assert [e.action for e in events] == ["confirmation.submitted", "dispute.opened", "statement.answered"]
    assert [e.seq for e in events] == [before + 1, before + 2, before + 3]
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    assert audit_chain_verify().ok


def test_disagreeing_with_the_banks_own_balance_is_refused_and_so_is_a_bank_error_that_changes_nothing(
    published, customer_a, client_a, ops
):
    from decimal import Decimal

    from core.errors import ServiceError
    from statements.models import Dispute
    from statements.services.confirmations import confirmation_submit
    from statements.services.disputes import dispute_resolve

    statement = published[customer_a.pk]
    same = f"{statement.balance:,.2f}"
    with time_machine.travel(dt.datetime(2026, 10, 12, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False):
        with translation.override("en"), pytest.raises(ServiceError, match="same as the bank's"):
            confirmation_submit(
                actor=client_a, statement_id=statement.pk, decision="disagree", book_balance=same, reason="核对"
            )
        confirmation_submit(
            actor=client_a,
            statement_id=statement.pk,
            decision="disagree",
            book_balance=statement.balance - Decimal("50000.00"),
            reason="少记一笔",
        )
    dispute = Dispute.objects.get(statement=statement)
    with translation.override("en"), pytest.raises(ServiceError, match="already on the statement"):
        dispute_resolve(
            actor=ops, dispute_id=dispute.pk, finding="bank_error", resolution="重新核对", corrected_balance=same
        )
    dispute.refresh_from_db()
    assert dispute.status != "resolved"


def test_an_answer_awaiting_approval_says_so_and_expires_unapproved(client, published, customer_a, client_a):
    from django.contrib.messages import get_messages
    from django.urls import reverse

    customer_a.requires_approval = True
    customer_a.save()
    statement = published[customer_a.pk]
    client.force_login(client_a)
    with time_machine.travel(at(2026, 10, 12), tick=False):
        response = sign_redirect(
            client,
            client.post(reverse("portal:statement-agree", args=[statement.pk])),
            headers={"accept-language": "en"},
        )
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "second confirmer" in message and "2026-10-22" in message and "Thank you" not in message
    assert BalanceStatement.objects.get(pk=statement.pk).status != StatementStatus.CONFIRMED
    assert deadlines_sweep(as_of=dt.date(2026, 10, 23)) == 2  # customer B's statement too
    assert BalanceStatement.objects.get(pk=statement.pk).status == StatementStatus.DEEMED_CONFIRMED
    assert Confirmation.objects.get().status == ConfirmationStatus.EXPIRED  # not "rejected by the approver"


@pytest.fixture
def disputed(published, customer_a, client_a) -> tuple[BalanceStatement, Dispute]:
    """Customer A's September statement, disagreed with on Monday 2026-10-12: (statement, its dispute)."""
    statement = published[customer_a.pk]
    with time_machine.travel(at(2026, 10, 12), tick=False):
        confirmation_submit(
            actor=client_a,
            statement_id=statement.pk,
            decision="disagree",
            book_balance="1,200,000.00",
            reason="少记一笔",
        )
    return statement, Dispute.objects.get(statement=statement)


@pytest.mark.parametrize("typed", ["12345678901234567890", "1200000.005", "NaN", "Infinity", "-1e20", "abc"])
def test_a_corrected_balance_out_of_bounds_is_refused_not_rounded(disputed, ops, typed):
    statement, dispute = disputed
    with time_machine.travel(at(2026, 10, 14), tick=False), pytest.raises(ServiceError) as info:
        dispute_resolve(
            actor=ops, dispute_id=dispute.pk, finding="bank_error", resolution="补记", corrected_balance=typed
        )
    assert info.value.code == "corrected_balance"
    assert not BalanceStatement.objects.filter(previous=statement).exists()


def test_the_notice_of_a_reissued_statement_goes_out_when_the_resolution_commits(
    disputed, ops, django_capture_on_commit_callbacks
):
    from statements.models import SmsMessage, SmsStatus

    statement, dispute = disputed
    with time_machine.travel(at(2026, 10, 14), tick=False), django_capture_on_commit_callbacks(execute=True):
        dispute_resolve(
            actor=ops, dispute_id=dispute.pk, finding="bank_error", resolution="补记", corrected_balance="1200000.00"
        )
    new = BalanceStatement.objects.get(previous=statement)
    notice = SmsMessage.objects.get(statement=new, template="statement_notice")
    assert notice.status == SmsStatus.SENT and notice.params["period"] == "2026年9月"


def test_the_reissued_version_says_why_and_late_or_closed_answers_say_what_next(client, disputed, client_a, ops):
    from django.urls import reverse

    statement, dispute = disputed
    with time_machine.travel(at(2026, 10, 14), tick=False):
        dispute_resolve(
            actor=ops,
            dispute_id=dispute.pk,
            finding="bank_error",
            resolution="冲正已补记，请核对第 2 版",
            corrected_balance="1200000.00",
        )
        new = BalanceStatement.objects.get(previous=statement)
        client.force_login(client_a)
        page = client.get(reverse("portal:statement-detail", args=[new.pk]), headers={"accept-language": "en"})
        body = page.content.decode()
        assert "This version replaces version 1" in body and "冲正已补记，请核对第 2 版" in body
        with translation.override("en"), pytest.raises(ConflictError, match="answer the newest version"):
            confirmation_submit(actor=client_a, statement_id=statement.pk, decision="agree")
