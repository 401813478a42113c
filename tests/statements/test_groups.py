"""集团: a group user of the parent sees and answers exactly the subsidiaries it is granted, nothing after the grant
is withdrawn; one code (or one signed request) agrees with many statements, each with its own answer and event."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from core.errors import ServiceError
from core.models import AuditEvent
from reconcile.models import Customer, GroupGrant
from reconcile.services.groups import customer_parent_set, group_grant, group_grant_withdraw
from statements.models import (
    AnswerChallenge,
    BalanceStatement,
    Confirmation,
    SmsMessage,
    SmsTemplate,
    StatementStatus,
)
from tests.factories import CustomerFactory
from tests.fixtures.groups import CST, DURING
from tests.fixtures.groups import visible as _visible
from tests.fixtures.signing import code_sent, register_key

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_a_group_user_sees_exactly_the_granted_subsidiaries_and_nothing_after_withdrawal(
    client, group, group_user, customer_a
):
    parent, (one, two, three), outsider = group["parent"], group["subs"], group["outsider"]
    client.force_login(group_user)
    with time_machine.travel(DURING, tick=False):
        assert _visible(client) == {parent.pk, one.pk, two.pk}
        for statement, status in ((one, 200), (two, 200), (three, 404), (outsider, 404)):
            assert client.get(reverse("portal:statement-detail", args=[statement.pk])).status_code == status
            assert client.get(reverse("portal:statement-pdf", args=[statement.pk])).status_code == status
        assert BalanceStatement.objects.get(pk=one.pk).status == StatementStatus.VIEWED  # the group user opened it
        assert BalanceStatement.objects.get(pk=three.pk).status == StatementStatus.DISPATCHED
        api = APIClient()
        api.force_authenticate(group_user)
        listed = {row["id"] for row in api.get(reverse("api:statement-list")).json()["results"]}
        assert listed == {parent.pk, one.pk, two.pk}
        group_grant_withdraw(actor=None, user=group_user, subsidiary_credit_code=one.account.customer.credit_code)
        assert _visible(client) == {parent.pk, two.pk}
        assert client.get(reverse("portal:statement-detail", args=[one.pk])).status_code == 404
        assert api.get(reverse("api:statement-detail", args=[one.pk])).status_code == 404
        # A subsidiary that leaves the group takes the grant with it.
        customer_parent_set(actor=None, credit_code=two.account.customer.credit_code, parent_credit_code=None)
        assert _visible(client) == {parent.pk}
    assert AuditEvent.objects.filter(action="group.granted").count() == 2
    # One withdrawn by ops, one ended by its subsidiary leaving the group.
    assert AuditEvent.objects.filter(action="group.withdrawn").count() == 2
    assert AuditEvent.objects.filter(action="customer.parent_set").count() == 4


def test_other_users_of_the_group_see_no_subsidiary(client, group, customer_a, client_a, client_b, group_user):
    for user, own in ((client_a, group["parent"]), (client_b, group["outsider"])):
        client.force_login(user)
        with time_machine.travel(DURING, tick=False):
            assert _visible(client) == {own.pk}  # a grant is per user, not per company


def test_a_grant_needs_a_user_of_the_parent_and_a_written_authorisation(group, client_b, client_a, customer_a):
    sub = group["subs"][2].account.customer
    with pytest.raises(ServiceError, match="not a user of the parent"):
        group_grant(actor=None, user=client_b, subsidiary_credit_code=sub.credit_code, authorisation="x")
    with pytest.raises(ServiceError, match="written authorisation"):
        group_grant(actor=None, user=client_a, subsidiary_credit_code=sub.credit_code, authorisation=" \x00 ")
    with pytest.raises(CommandError):
        call_command(
            "group_grant", "nobody", "--subsidiary", sub.credit_code, "--authorisation", "x", stdout=io.StringIO()
        )
    bad = io.BytesIO()
    with pytest.raises(ServiceError, match="two levels"):
        customer_parent_set(actor=None, credit_code=customer_a.credit_code, parent_credit_code=sub.credit_code)
    assert not GroupGrant.objects.exists() and bad.getvalue() == b""
    assert Customer.objects.get(pk=customer_a.pk).parent_id is None


def test_one_code_agrees_with_statements_of_several_subsidiaries(client, group, group_user):
    parent, (one, two, three), _outsider = group["parent"], group["subs"], group["outsider"]
    client.force_login(group_user)
    with time_machine.travel(DURING, tick=False):
        page = client.get(reverse("portal:statements-batch")).content.decode()
        assert all(s.number in page for s in (parent, one, two)) and three.number not in page
        asked = client.post(reverse("portal:statements-batch"), {"statement": [parent.pk, one.pk, two.pk]})
        assert asked.status_code == 302 and "/answers/sign/" in asked["Location"]
        assert SmsMessage.objects.filter(template=SmsTemplate.ANSWER_CODE).count() == 1
        challenge = AnswerChallenge.objects.get()
        done = client.post(asked["Location"], {"code": code_sent(challenge)})
    assert done.status_code == 302
    answers = Confirmation.objects.filter(statement__in=[parent, one, two])
    assert answers.count() == 3 and {a.signed_with for a in answers} == {"sms"}
    assert {a.challenge_id for a in answers} == {challenge.pk} and {a.answer_digest for a in answers} == {
        challenge.digest
    }
    assert set(
        BalanceStatement.objects.filter(pk__in=[parent.pk, one.pk, two.pk]).values_list("status", flat=True)
    ) == {StatementStatus.CONFIRMED}
    assert AuditEvent.objects.filter(action="confirmation.submitted").count() == 3
    for statement in (parent, one, two):
        assert client.get(reverse("portal:statement-receipt", args=[statement.pk])).content.startswith(b"%PDF")
    out = io.StringIO()
    with translation.override("en"):  # the report speaks the active language
        call_command("audit_verify", stdout=out)
    assert "signed answers: intact" in out.getvalue()


def test_a_batch_with_a_statement_not_granted_is_refused_whole(client, group, group_user):
    parent, three, outsider = group["parent"], group["subs"][2], group["outsider"]
    client.force_login(group_user)
    with time_machine.travel(DURING, tick=False):
        for foreign in (three, outsider):
            client.post(reverse("portal:statements-batch"), {"statement": [parent.pk, foreign.pk]})
    assert not AnswerChallenge.objects.exists() and not Confirmation.objects.exists()


NO_SUCH = "没有该对账单：%(id)s。"  # "No such statement: %(id)s." (tests run in Chinese)


def test_a_batch_naming_a_statement_the_user_may_not_see_says_no_such_statement_and_names_nothing_of_it(
    client, group, group_user, client_b, customer_b
):
    """The batch form refused another company's statement with its number and company ("202609-… (Company B): Only a
    confirmer of Company B may answer"): any company user could read other customers' statement numbers and names by
    guessing ids. A statement the user may not see is no statement, as on the statement page."""
    parent, three, outsider = group["parent"], group["subs"][2], group["outsider"]
    for user, foreign in ((group_user, three), (group_user, outsider), (client_b, parent)):
        client.force_login(user)
        with time_machine.travel(DURING, tick=False):
            page = client.post(reverse("portal:statements-batch"), {"statement": [foreign.pk]}, follow=True)
        text = page.content.decode()
        assert foreign.number not in text and foreign.account.customer.legal_name not in text
        assert [str(m) for m in page.context["messages"]] == [NO_SUCH % {"id": foreign.pk}]
    assert not AnswerChallenge.objects.exists()


def test_a_batch_waiting_for_its_code_is_gone_once_a_grant_of_it_is_withdrawn(client, group, group_user):
    """The code page kept showing a subsidiary's statement (number, company, balance) after the grant was withdrawn,
    which the statement page itself no longer shows: it is no answer of the user's any more."""
    parent, one = group["parent"], group["subs"][0]
    client.force_login(group_user)
    with time_machine.travel(DURING, tick=False):
        client.post(reverse("portal:statements-batch"), {"statement": [parent.pk, one.pk]})
        challenge = AnswerChallenge.objects.get()
        assert one.number in client.get(reverse("portal:answer-sign", args=[challenge.pk])).content.decode()
        group_grant_withdraw(actor=None, user=group_user, subsidiary_credit_code=one.account.customer.credit_code)
        page = client.get(reverse("portal:answer-sign", args=[challenge.pk]))
        assert page.status_code == 404 and one.number not in page.content.decode()
        assert client.get(reverse("portal:statement-detail", args=[one.pk])).status_code == 404


def test_a_batch_code_signs_only_its_batch(client, group, group_user):
    from statements.services.answer_batch import BatchCodeProof
    from statements.services.answer_codes import answer_challenge_verify
    from statements.services.answer_signing import BadSignature
    from statements.services.confirmations import confirmation_submit

    parent, one, two = group["parent"], *group["subs"][:2]
    client.force_login(group_user)
    with time_machine.travel(DURING, tick=False):
        client.post(reverse("portal:statements-batch"), {"statement": [parent.pk, one.pk]})
        challenge = answer_challenge_verify(
            actor=group_user,
            challenge_id=AnswerChallenge.objects.get().pk,
            code=code_sent(AnswerChallenge.objects.get()),
        )
        with pytest.raises(BadSignature):
            confirmation_submit(
                actor=group_user, statement_id=two.pk, decision="agree", proof=BatchCodeProof(challenge.pk)
            )
    assert not Confirmation.objects.exists()


def test_the_api_confirms_a_batch_across_subsidiaries_signed_once(group, group_user, customer_a, customer_b):
    parent, one, two = group["parent"], *group["subs"][:2]
    key = register_key(customer_a)
    api = APIClient()
    api.force_authenticate(group_user)
    url = reverse("api:statement-confirm-batch")
    body = b'{"statement_ids": [%d, %d, %d], "request_id": "G-1"}' % (parent.pk, one.pk, two.pk)
    with time_machine.travel(DURING, tick=False):
        unsigned = api.generic("POST", url, body, content_type="application/json")
        assert unsigned.status_code == 401 and unsigned.json()["code"] == "signature_required"
        tampered = api.generic(
            "POST",
            url,
            body.replace(b"G-1", b"G-2"),
            content_type="application/json",
            HTTP_X_ANSWER_SIGNATURE=key.sign(body),
        )
        assert tampered.status_code == 403 and tampered.json()["code"] == "bad_signature"
        other_key = register_key(customer_b)
        foreign = api.generic(
            "POST", url, body, content_type="application/json", HTTP_X_ANSWER_SIGNATURE=other_key.sign(body)
        )
        assert foreign.status_code == 403
        three = group["subs"][2]
        not_granted = b'{"statement_ids": [%d, %d]}' % (parent.pk, three.pk)
        refused = api.generic(
            "POST", url, not_granted, content_type="application/json", HTTP_X_ANSWER_SIGNATURE=key.sign(not_granted)
        )
        assert refused.status_code == 404 and not Confirmation.objects.exists()
        done = api.generic("POST", url, body, content_type="application/json", HTTP_X_ANSWER_SIGNATURE=key.sign(body))
        assert done.status_code == 200, done.json()
        assert [s["status"] for s in done.json()["statements"]] == ["confirmed"] * 3
        replay = api.generic("POST", url, body, content_type="application/json", HTTP_X_ANSWER_SIGNATURE=key.sign(body))
        assert replay.status_code == 409
    answers = Confirmation.objects.all()
    assert answers.count() == 3 and {a.signature_key.key_id for a in answers} == {key.key_id}
    out = io.StringIO()
    with translation.override("en"):  # the report speaks the active language
        call_command("audit_verify", stdout=out)
    assert "signed answers: intact" in out.getvalue()


@pytest.mark.parametrize("ids", [["=1+1"], ["1\x00"], [str(n) for n in range(5000)], [], ["-1"], ["99999999999"]])
def test_hostile_batch_selections_are_refused_cleanly(client, group, group_user, ids):
    client.force_login(group_user)
    with time_machine.travel(DURING, tick=False):
        response = client.post(reverse("portal:statements-batch"), {"statement": ids})
    assert response.status_code in (302, 400) and not AnswerChallenge.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        b'{"statement_ids": "=1+1"}',
        b'{"statement_ids": []}',
        b"[]",
        b"\x00",
        b'{"statement_ids": [%s]}' % b",".join(b"1" for _ in range(500)),
    ],
)
def test_hostile_batch_bodies_over_the_api_are_refused_cleanly(group, group_user, customer_a, body):
    key = register_key(customer_a)
    api = APIClient()
    api.force_authenticate(group_user)
    with time_machine.travel(DURING, tick=False):
        response = api.generic(
            "POST",
            reverse("api:statement-confirm-batch"),
            body,
            content_type="application/json",
            HTTP_X_ANSWER_SIGNATURE=key.sign(body),
        )
    assert response.status_code == 400 and not Confirmation.objects.exists()


def test_a_password_only_bank_user_cannot_batch(client, group, ops, customer_a):
    client.force_login(ops)
    parent = group["parent"]
    with time_machine.travel(DURING, tick=False):
        client.post(reverse("portal:statements-batch"), {"statement": [parent.pk]})
        api = APIClient()
        api.force_authenticate(ops)
        body = b'{"statement_ids": [%d]}' % parent.pk
        assert (
            api.generic(
                "POST", reverse("api:statement-confirm-batch"), body, content_type="application/json"
            ).status_code
            == 403  # no confirmer's role: forbidden before the signature is asked for
        )
    assert not AnswerChallenge.objects.exists() and not Confirmation.objects.exists()


def test_the_admin_sets_a_parent_through_the_audited_service(client, group, customer_b, customer_a):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", "root@example.com", "Test@2026!")
    client.force_login(admin)
    url = reverse("admin:reconcile_customer_change", args=[customer_b.pk])
    form = {"legal_name": customer_b.legal_name, "parent": customer_a.pk, "require_signed_answers": "on"}
    response = client.post(url, form)
    assert response.status_code == 302, response.content[:2000]
    assert Customer.objects.get(pk=customer_b.pk).parent_id == customer_a.pk
    assert AuditEvent.objects.filter(action="customer.parent_set", target_id=str(customer_b.pk)).exists()


def test_a_groups_file_is_refused_whole_naming_every_bad_row(tmp_path, customer_a, customer_b):
    # Read and refused as every uploaded table is (core.tabular): all bad rows at once, nothing changed.
    sub = CustomerFactory(legal_name="恒瑞子公司9有限公司")
    path = tmp_path / "groups.csv"
    path.write_text(
        "subsidiary_credit_code,parent_credit_code\n"
        f"{sub.credit_code},{customer_a.credit_code}\n"  # fine alone
        f"{customer_b.credit_code},{customer_b.credit_code}\n"  # its own parent
        "91310000MA1FL0XX0X,\n"  # no such customer
    )
    with pytest.raises(CommandError) as info:
        call_command("import_groups", str(path), stdout=io.StringIO())
    message = str(info.value)
    assert message.startswith("2 problems; nothing was imported.")
    assert f"row 3: {customer_b} cannot be its own parent." in message
    assert "row 4: No customer has the credit code 91310000MA1FL0XX0X." in message
    sub.refresh_from_db()
    assert sub.parent_id is None and not AuditEvent.objects.filter(action="customer.parent_set").exists()


def test_a_groups_file_with_chinese_column_names_is_read(tmp_path, customer_a):
    sub = CustomerFactory(legal_name="恒瑞中文表头子公司有限公司")
    path = tmp_path / "groups.csv"
    path.write_bytes(
        f"子公司统一社会信用代码,母公司统一社会信用代码\n{sub.credit_code},{customer_a.credit_code}\n".encode()
    )
    call_command("import_groups", str(path), stdout=io.StringIO())
    sub.refresh_from_db()
    assert sub.parent_id == customer_a.pk


def _statement_queries(ctx) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if '"statements_balancestatement"' in q["sql"]]


def test_without_a_grant_the_list_is_scoped_by_the_company_alone(client, group, group_user, client_a):
    """The grants' subquery is an OR PostgreSQL can only answer by scanning every statement; a user without any grant
    (nearly everyone) gets the plain company filter, known from the query that loads the signed-in user."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import api_key

    for user, grants in ((client_a, False), (group_user, True)):
        client.force_login(user)
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(user)}")
        with time_machine.travel(DURING, tick=False):
            for call in (
                lambda: client.get(reverse("portal:statements")),
                lambda: api.get(reverse("api:statement-list")),
            ):
                with CaptureQueriesContext(connection) as ctx:
                    assert call().status_code == 200
                scoped = _statement_queries(ctx)
                assert scoped and all(("reconcile_groupgrant" in sql) is grants for sql in scoped), (user, scoped)
        if grants:  # and the grants still show through a real token (not force_authenticate)
            listed = {row["id"] for row in api.get(reverse("api:statement-list")).json()["results"]}
            assert listed == {group["parent"].pk, group["subs"][0].pk, group["subs"][1].pk}


@pytest.mark.parametrize("wrong", [1.9, True, "1.0", "١", None, {"id": 1}])
def test_a_batch_id_that_is_not_a_whole_number_is_refused(group, group_user, wrong):
    from statements.services.answer_batch import answer_batch_start

    with pytest.raises(ServiceError) as refused:
        answer_batch_start(actor=group_user, statement_ids=[group["parent"].pk, wrong])
    assert refused.value.code == "bad_batch"


def test_a_group_batch_counts_until_2359_beijing_on_the_due_date_and_not_a_second_later(group, group_user, customer_a):
    parent, one, two = group["parent"], *group["subs"][:2]
    assert {s.due_date for s in (parent, one, two)} == {dt.date(2026, 10, 22)}  # published 10-09, make-up 10-10
    key = register_key(customer_a)
    api = APIClient()
    api.force_authenticate(group_user)
    url = reverse("api:statement-confirm-batch")
    late = b'{"statement_ids": [%d, %d], "request_id": "G-late"}' % (parent.pk, one.pk)
    with time_machine.travel(dt.datetime(2026, 10, 23, 0, 0, 0, tzinfo=CST), tick=False):
        refused = api.generic(
            "POST", url, late, content_type="application/json", HTTP_X_ANSWER_SIGNATURE=key.sign(late)
        )
    assert refused.status_code in (400, 409) and "2026-10-22" in refused.json()["message"]
    assert not Confirmation.objects.exists()  # all or nothing
    body = b'{"statement_ids": [%d, %d, %d], "request_id": "G-in-time"}' % (parent.pk, one.pk, two.pk)
    with time_machine.travel(dt.datetime(2026, 10, 22, 23, 59, 59, tzinfo=CST), tick=False):
        done = api.generic("POST", url, body, content_type="application/json", HTTP_X_ANSWER_SIGNATURE=key.sign(body))
    assert done.status_code == 200 and [s["status"] for s in done.json()["statements"]] == ["confirmed"] * 3


def test_the_batch_signing_page_says_the_code_signs_every_statement_listed(client, group, group_user):
    """It said "signs exactly this answer" above a list of several statements."""
    parent, (one, two, _three) = group["parent"], group["subs"]
    client.force_login(group_user)
    with time_machine.travel(DURING, tick=False):
        asked = client.post(reverse("portal:statements-batch"), {"statement": [parent.pk, one.pk, two.pk]})
        page = client.get(asked["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "this answer" not in page
    assert "signs exactly the answers for the 3 statements listed above, each as its own answer." in page
    assert "<h1>Sign your answers</h1>" in page and "Sign and send the answers</button>" in page
