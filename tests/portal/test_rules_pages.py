"""The matching-rules page of the workbench: list, create, edit, deactivate, learned names, preview; access."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.models import AuditEvent
from reconcile.models import BankLine, JournalEntry, MatchRule
from reconcile.services.rules import match_rule_create
from tests.factories import make_user
from tests.fixtures.rule_books import import_rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture(autouse=True)
def _english_pages(client):
    """The pages in English (the middleware picks the language per request; the product defaults to Chinese)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


FEE = {
    "kind": "match",
    "name": "Bank fees",
    "priority": "10",
    "pattern": "手续费",
    "journal_pattern": "",
    "direction": "out",
    "min_amount": "",
    "max_amount": "50.00",
    "days": "3",
    "account_id": "",
    "target": "",
    "active": "on",
}


def test_create_edit_deactivate_and_delete_from_the_page(client, accountant_a):
    client.force_login(accountant_a)
    page = client.get(reverse("portal:match-rules"))
    assert page.status_code == 200 and "No rules yet." in page.content.decode()
    assert '<html lang="en">' in page.content.decode()
    assert client.post(reverse("portal:match-rules"), FEE).status_code == 302
    rule = MatchRule.objects.get()
    assert (rule.kind, rule.max_amount, rule.days, rule.active) == ("match", 50, 3, True)
    assert "Bank fees" in client.get(reverse("portal:match-rules")).content.decode()
    edit = client.get(reverse("portal:match-rule-edit", args=[rule.pk])).content.decode()
    assert f"Edit rule #{rule.pk}" in edit and 'value="手续费"' in edit
    client.post(reverse("portal:match-rule-edit", args=[rule.pk]), {**FEE, "journal_pattern": "银行手续费"})
    assert MatchRule.objects.get().journal_pattern == "银行手续费"
    client.post(reverse("portal:match-rule-action", args=[rule.pk]), {"action": "deactivate"})
    assert MatchRule.objects.get().active is False
    client.post(reverse("portal:match-rule-action", args=[rule.pk]), {"action": "delete", "confirm": "yes"})
    assert not MatchRule.objects.exists()
    assert list(AuditEvent.objects.filter(target_type="reconcile.matchrule").values_list("action", flat=True)) == [
        "match_rule.created",
        "match_rule.updated",
        "match_rule.updated",
        "match_rule.deleted",
    ]


def test_a_bad_field_is_named_and_the_form_keeps_what_was_typed(client, accountant_a):
    client.force_login(accountant_a)
    for field, value, named in (
        ("pattern", "=1+1", "pattern"),
        ("max_amount", "fifty", "max_amount"),
        ("pattern", "x" * 100_000, "pattern"),
        ("days", "400", "days"),
    ):
        response = client.post(reverse("portal:match-rules"), {**FEE, field: value})
        assert response.status_code == 400 and named in response.content.decode()
        if field == "max_amount":  # the form shows what was typed, to correct it
            assert 'value="fifty"' in response.content.decode()
    assert not MatchRule.objects.exists()
    nul = client.post(reverse("portal:match-rules"), {**FEE, "pattern": "a\x00b"})
    assert nul.status_code == 400 and not MatchRule.objects.exists()


def test_a_manual_match_in_the_workbench_proposes_the_learned_name(client, account_a, accountant_a):
    import_rows(
        account_a,
        accountant_a,
        [("2026-10-08", "货款", "", "5000.00", "支付宝（中国）网络技术有限公司", "SN1")],
        [("2026-10-08", "记-1", "收恒瑞贸易货款", "5000.00", "", "恒瑞贸易")],
    )
    client.force_login(accountant_a)
    response = client.post(
        reverse("portal:workbench-match", args=[account_a.pk]),
        {
            "period": "2026-10-31",
            "bank": [BankLine.objects.get(serial="SN1").pk],
            "journal": [JournalEntry.objects.get(serial="记-1").pk],
        },
        follow=True,
    )
    text = response.content.decode()
    assert "支付宝（中国）网络技术有限公司" in text and "Accept the learned name" in text
    assert "1 learned name to confirm" in text
    rules = client.get(reverse("portal:match-rules")).content.decode()
    assert "Learned names to confirm (1)" in rules and "恒瑞贸易" in rules
    proposal = MatchRule.objects.get(proposed=True)
    client.post(reverse("portal:match-rule-action", args=[proposal.pk]), {"action": "accept"})
    proposal.refresh_from_db()
    assert (proposal.active, proposal.proposed) == (True, False)


def test_the_preview_page_says_how_many_lines_and_warns(client, account_a, accountant_a):
    import_rows(
        account_a,
        accountant_a,
        [("2026-10-04", "报销", "20.00", "", "张三", "SN1"), ("2026-10-05", "手续费", "20.00", "", "", "SN2")],
        [
            ("2026-10-04", "记-1", "付张三报销", "", "20.00", "张三"),
            ("2026-10-07", "记-2", "银行手续费", "", "20.00", ""),
        ],
    )
    client.force_login(accountant_a)
    for serial, voucher in (("SN1", "记-1"), ("SN2", "记-2")):
        client.post(
            reverse("portal:workbench-match", args=[account_a.pk]),
            {
                "period": "2026-10-31",
                "bank": [BankLine.objects.get(serial=serial).pk],
                "journal": [JournalEntry.objects.get(serial=voucher).pk],
            },
        )
    rule = match_rule_create(
        actor=accountant_a, fields={"kind": "match", "pattern": "手续费", "max_amount": "50", "days": 3}
    )
    page = client.get(
        reverse("portal:match-rule-preview", args=[rule.pk]),
        {"account": account_a.pk, "date_from": "2026-10-01", "date_to": "2026-10-31"},
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "This rule would have matched 2 lines from 2026-10-01 to 2026-10-31." in text
    assert "already matched" in text and "warnings: check the pairs below" in text
    # The journal entry of the pair, and of the engine's match the rule would hold back: date, amount, party, summary.
    assert "<td>2026-10-04 20.00 张三 付张三报销</td>" in text and "↔ 2026-10-04 张三 付张三报销</li>" in text
    # The pair's reason in the page's language (it was the engine's bilingual phrase, "规则 #… rule #…: …").
    assert f"rule #{rule.pk}: “手续费”, amount 20.00, dates 1 day apart" in text
    assert "日期相差" not in text
    bad = client.get(
        reverse("portal:match-rule-preview", args=[rule.pk]),
        {"account": account_a.pk, "date_from": "2026-12-01", "date_to": "2026-01-01"},
        follow=True,
    )
    assert bad.status_code == 200 and "at most 92 days" in bad.content.decode()


def test_other_customers_rules_are_404_and_others_are_refused(
    client, accountant_a, customer_b, client_a, ops, account_a, settings
):
    rule = match_rule_create(actor=accountant_a, fields={"kind": "never", "pattern": "支付宝"})
    stranger = make_user("accountant_b", ["accountant"], customer_b)
    client.force_login(stranger)
    assert "支付宝" not in client.get(reverse("portal:match-rules")).content.decode()
    for name in ("portal:match-rule-edit", "portal:match-rule-preview"):
        assert client.get(reverse(name, args=[rule.pk])).status_code == 404
    assert client.post(reverse("portal:match-rule-action", args=[rule.pk]), {"action": "delete"}).status_code == 404
    assert (
        client.get(reverse("portal:match-rule-preview", args=[rule.pk]), {"account": account_a.pk}).status_code == 404
    )
    for user in (client_a, ops):
        client.force_login(user)
        assert client.get(reverse("portal:match-rules")).status_code == 403
        assert client.post(reverse("portal:match-rule-action", args=[rule.pk]), {"action": "delete"}).status_code == 403
    assert MatchRule.objects.filter(pk=rule.pk, active=True).exists()


@pytest.mark.parametrize(
    "name", ["portal:match-rules", "portal:match-rule-edit", "portal:match-rule-action", "portal:match-rule-preview"]
)
def test_a_password_only_bank_officer_is_sent_to_the_second_factor(client, ops, settings, name):
    settings.BANK_STAFF_REQUIRE_2FA = True
    client.force_login(ops)
    url = reverse(name, args=[1]) if name != "portal:match-rules" else reverse(name)
    for call in (client.get, client.post):
        response = call(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("portal:second-factor"))
