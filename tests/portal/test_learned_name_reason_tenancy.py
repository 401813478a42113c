"""A learned-name reason names who put the rule in force, from the rule's audit events: only for a rule of the
company whose match it is. A manual match's note is kept among its reasons, so a note written as a learned-name
phrase naming another company's rule must not show who there accepted it (a name and a day of another customer)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from core.roles import Role
from reconcile.models import BankLine, JournalEntry
from reconcile.people import person_name
from reconcile.reasons import reasons_text
from reconcile.services.matching import match_manual
from reconcile.services.rules import match_rule_create
from tests.factories import make_user
from tests.fixtures.rule_books import import_rows

pytestmark = pytest.mark.django_db


def test_a_note_naming_another_companys_rule_does_not_show_who_set_it_up(client, account_a, accountant_a, account_b):
    accountant_b = make_user("accountant_b", [Role.ACCOUNTANT], account_b.customer)
    theirs = match_rule_create(
        actor=accountant_b,
        fields={"kind": "alias", "account_id": account_b.pk, "pattern": "ACME GMBH", "target": "Acme Trading GmbH"},
    )
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
    note = f"已学名称 #{theirs.pk} 视为同一对方 learned name #{theirs.pk}: “A” = “B”"
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
        assert f"(rule #{theirs.pk})" in page  # the note is on the page, read as the phrase it imitates
        assert person_name(accountant_b) not in page
        # The company's own rule is named with who set it up, on the same page.
        assert page.count("set up by") == 1
        assert f"(set up by {person_name(accountant_a)} on {timezone.localdate().isoformat()})" in page
        # Their own company's pages still name who set the rule up.
        assert reasons_text([note], customer_id=account_b.customer_id)[0].endswith(
            f"(set up by {person_name(accountant_b)} on {timezone.localdate().isoformat()})"
        )
