"""集团 in a real browser: a group user of the parent agrees with three subsidiaries' statements at once, signed with one
SMS code read from the outbox; each statement gets its own answer and receipt."""

from __future__ import annotations

import re

from django.utils import translation
from django.utils.translation import ngettext

from portal.models import Role
from reconcile.services.groups import customer_parent_set, group_grant
from statements.models import BalanceStatement, Confirmation, SmsMessage, SmsTemplate, StatementStatus
from tests.browser.support import expect, log_in, publish_last_month, sign_answer, submit, tr
from tests.factories import BankAccountFactory, CustomerFactory, make_user


def test_a_group_user_agrees_with_three_subsidiaries_with_one_code(page, shot, customer_a):
    subsidiaries = [CustomerFactory(legal_name=f"恒瑞子公司{n}有限公司") for n in (1, 2, 3)]
    user = make_user("group_hengrui", [Role.CLIENT_VIEWER, Role.CLIENT_CONFIRMER], customer_a)
    for subsidiary in subsidiaries:
        customer_parent_set(actor=None, credit_code=subsidiary.credit_code, parent_credit_code=customer_a.credit_code)
        group_grant(
            actor=None, user=user, subsidiary_credit_code=subsidiary.credit_code, authorisation="集团授权书 2026-001"
        )
    accounts = {BankAccountFactory(customer=s): f"{100000 * (n + 1)}.00" for n, s in enumerate(subsidiaries)}
    statements = publish_last_month(accounts)

    log_in(page, "group_hengrui")
    page.goto("/statements/")
    page.get_by_role("link", name=tr("Agree with several statements")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(tr("Agree with several statements"))
    for statement in statements.values():
        expect(page.locator("table")).to_contain_text(statement.account.customer.legal_name)
        page.get_by_role("checkbox", name=statement.number).check()
    shot(page, "batch-selected")
    submit(page, page.get_by_role("button", name=tr("Agree with the selected statements")))

    # One code for the three: the page lists what it signs.
    page.wait_for_url(re.compile(r"/answers/sign/\d+/$"))
    batch = page.locator("table.batch")
    for statement in statements.values():
        expect(batch).to_contain_text(statement.number)
    assert SmsMessage.objects.filter(template=SmsTemplate.ANSWER_CODE).count() == 1
    shot(page, "batch-code")
    sign_answer(page, several=True)
    page.wait_for_url(re.compile(r"/statements/$"))
    with translation.override("zh-hans"):  # the plural form as the Chinese UI shows it
        done = ngettext(
            "You agreed with %(n)d statement; each has its own receipt.",
            "You agreed with %(n)d statements; each has its own receipt.",
            3,
        ) % {"n": 3}
    expect(page.locator(".messages")).to_contain_text(done)
    shot(page, "batch-signed")

    answers = Confirmation.objects.filter(statement__in=statements.values())
    assert answers.count() == 3 and len({a.statement_id for a in answers}) == 3
    assert {a.signed_with for a in answers} == {"sms"} and len({a.challenge_id for a in answers}) == 1
    assert set(
        BalanceStatement.objects.filter(pk__in=[s.pk for s in statements.values()]).values_list("status", flat=True)
    ) == {StatementStatus.CONFIRMED}
