"""A learned-name reason names who put the alias rule in force, read from the rule's audit events by the rule id in the
reason: only for a rule of the company whose match it is. A manual match's note is kept among its reasons, so a note
written as a learned-name phrase naming another company's rule must not show who there accepted it (a name and a day
of another customer), and what it says is escaped like any text a person typed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from core.models import AuditEvent
from core.roles import Role
from reconcile.models import BankLine, JournalEntry
from reconcile.people import person_name
from reconcile.reasons import reasons_text
from reconcile.services.matching import match_manual
from reconcile.services.rules import match_rule_create, match_rule_delete
from tests.factories import make_user
from tests.fixtures.rule_books import import_rows

pytestmark = pytest.mark.django_db


def _phrase(rule_id: int) -> str:
    return f"已学名称 #{rule_id} 视为同一对方 learned name #{rule_id}: “ACME” = “Acme Trading”"


@pytest.fixture
def rule_of_b(account_b, customer_b):
    secret = make_user("secret_keeper_b", [Role.ACCOUNTANT], customer_b)
    secret.first_name, secret.last_name = "机密", "乙方"
    secret.save()
    fields = {"kind": "alias", "account_id": account_b.pk, "pattern": "ACME", "target": "Acme Trading"}
    return secret, match_rule_create(actor=secret, fields=fields)


def test_a_note_naming_another_companys_rule_does_not_show_who_set_it_up(
    client, account_a, account_b, accountant_a, rule_of_b
):
    secret, theirs = rule_of_b
    import_rows(
        account_a,
        accountant_a,
        [("2026-10-08", "货款", "", "5000.00", "恒瑞贸易", "SN1"), ("2026-10-09", "货款", "", "700.00", "中科", "SN2")],
        [
            ("2026-10-08", "记-1", "收货款", "5000.00", "", "恒瑞贸易"),
            ("2026-10-09", "记-2", "收货款", "700.00", "", "中科"),
        ],
    )
    ours = match_rule_create(
        actor=accountant_a,
        fields={"kind": "alias", "account_id": account_a.pk, "pattern": "ZK LTD", "target": "中科"},
    )
    match_manual(
        actor=accountant_a,
        account_id=account_a.pk,
        bank_line_ids=[BankLine.objects.get(serial="SN2").pk],
        journal_entry_ids=[JournalEntry.objects.get(serial="记-2").pk],
        note=f"已学名称 #{ours.pk} 视为同一对方 learned name #{ours.pk}: “ZK LTD” = “中科”",
    )
    note = _phrase(theirs.pk)
    match_manual(
        actor=accountant_a,
        account_id=account_a.pk,
        bank_line_ids=[BankLine.objects.get(serial="SN1").pk],
        journal_entry_ids=[JournalEntry.objects.get(serial="记-1").pk],
        note=note,
    )
    client.force_login(accountant_a)
    with translation.override("en"):
        page = client.get(
            reverse("portal:workbench", args=[account_a.pk]), {"period": "2026-10-31"}, HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
        # the note is on the page, read as the phrase it imitates
        assert f"learned name (rule #{theirs.pk})" in page
        assert person_name(secret) not in page
        # The company's own rule is named with who set it up, on the same page, and only it.
        assert page.count("set up by") == 1
        assert f"(set up by {person_name(accountant_a)} on {timezone.localdate().isoformat()})" in page
        # Their own company's pages still name who set the rule up.
        assert reasons_text([note], customer_id=account_b.customer_id)[0].endswith(
            f"(set up by {person_name(secret)} on {timezone.localdate().isoformat()})"
        )


def test_the_reason_names_who_only_for_the_customers_own_rule(account_a, account_b, rule_of_b):
    secret, rule = rule_of_b
    day = dt.date.today().isoformat()
    with translation.override("en"):
        [own] = reasons_text([_phrase(rule.pk)], customer_id=account_b.customer_id)
        [other] = reasons_text([_phrase(rule.pk)], customer_id=account_a.customer_id)
        [nobody] = reasons_text([_phrase(rule.pk)])
        match_rule_delete(actor=secret, rule_id=rule.pk)  # deleted since: still told apart by its audit events
        [own_gone] = reasons_text([_phrase(rule.pk)], customer_id=account_b.customer_id)
        [other_gone] = reasons_text([_phrase(rule.pk)], customer_id=account_a.customer_id)
    assert own.endswith(f"(set up by {person_name(secret)} on {day})") and own_gone == own
    assert other == nobody == other_gone == own.split(" (set up by")[0]


def test_hostile_names_in_a_learned_name_reason_are_escaped_on_the_workbench(client, account_a, accountant_a):
    import_rows(
        account_a,
        accountant_a,
        [("2026-10-08", "货款", "", "5000.00", "ACME", "SN1")],
        [("2026-10-08", "记-1", "收货款", "5000.00", "", "Acme Trading")],
    )
    hostile = '已学名称 #1 视为同一对方 learned name #1: “<script>alert(1)</script>” = “=HYPERLINK("http://x","y")”'
    match_manual(
        actor=accountant_a,
        account_id=account_a.pk,
        bank_line_ids=[BankLine.objects.get(serial="SN1").pk],
        journal_entry_ids=[JournalEntry.objects.get(serial="记-1").pk],
        note=hostile,
    )
    client.force_login(accountant_a)
    page = client.get(
        reverse("portal:workbench", args=[account_a.pk]), {"period": "2026-10-31"}, headers={"accept-language": "en"}
    ).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize("field", ["pattern", "target", "name"])
def test_a_nul_byte_in_an_alias_rule_is_refused_by_the_api_and_the_page(client, account_a, accountant_a, field):
    from rest_framework.test import APIClient

    from reconcile.models import MatchRule
    from tests.factories import api_key

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(accountant_a)}")
    body = {"kind": "alias", "account_id": account_a.pk, "pattern": "ACME", "target": "Acme Trading", "name": "n"}
    answer = api.post("/api/v1/match-rules/", {**body, field: "AC\x00ME"}, format="json")
    assert answer.status_code == 400
    client.force_login(accountant_a)
    page = client.post(reverse("portal:match-rules"), {**body, field: "AC\x00ME"})
    assert page.status_code == 400 and not MatchRule.objects.exists()


def _workbench_with_learned_names(client, account, accountant, n: int) -> tuple[str, list[str]]:
    """The workbench (English) of ``account`` with ``n`` manual matches, each noted with a learned-name reason of
    its own rule of the company; the page and the SQL it ran."""
    day = dt.date(2026, 10, 1)
    rows = [(day + dt.timedelta(days=i % 28), f"{1000 + i}.00", f"SN{i}", f"记-{i}") for i in range(n)]
    import_rows(
        account,
        accountant,
        [(d.isoformat(), "货款", "", amount, f"客户{i}", sn) for i, (d, amount, sn, _v) in enumerate(rows)],
        [(d.isoformat(), v, "收货款", amount, "", f"客户{i}") for i, (d, amount, _s, v) in enumerate(rows)],
    )
    for i, (_d, _amount, sn, voucher) in enumerate(rows):
        fields = {"kind": "alias", "account_id": account.pk, "pattern": f"CLIENT {i}", "target": f"客户{i}"}
        rule = match_rule_create(actor=accountant, fields=fields)
        match_manual(
            actor=accountant,
            account_id=account.pk,
            bank_line_ids=[BankLine.objects.get(serial=sn).pk],
            journal_entry_ids=[JournalEntry.objects.get(serial=voucher).pk],
            note=f"已学名称 #{rule.pk} 视为同一对方 learned name #{rule.pk}: “CLIENT {i}” = “客户{i}”",
        )
    client.force_login(accountant)
    url = reverse("portal:workbench", args=[account.pk])
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url, {"period": "2026-10-31"}, headers={"accept-language": "en"}).content.decode()
    return page, [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize("n", [2, 30])
def test_the_workbench_reads_who_set_up_its_learned_names_in_one_query(client, account_a, accountant_a, n):
    """Each learned-name reason names who set its rule up; the audit events of all the page's rules are read at once,
    not once per reason (a page of 50 matches read the audit table 50 times)."""
    page, sql = _workbench_with_learned_names(client, account_a, accountant_a, n)
    assert page.count(f"(set up by {person_name(accountant_a)} on ") == n
    audit_reads = [q for q in sql if AuditEvent._meta.db_table in q and q.lstrip().upper().startswith("SELECT")]
    assert len(audit_reads) == 1, audit_reads
