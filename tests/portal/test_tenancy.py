"""A user of customer A never loads anything of customer B: every customer-scoped view, as the other customer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from portal.models import Role
from reconcile.models import BankLine, JournalEntry, MatchRun, Suggestion
from reconcile.services.imports import import_file
from reconcile.services.matching import match_manual
from reconcile.services.review import close_review_submit
from reconcile.services.rules import match_rule_create
from tests.factories import api_key, make_user

pytestmark = pytest.mark.django_db

# Every URL that loads a customer's object by id, with how to build it from customer B's data.
# The coverage test below fails when a new URL with an id appears without a row here.
SCOPED_PAGES = {
    "portal:account-detail": lambda data: {"pk": data["account_b"].pk},
    "portal:import-detail": lambda data: {"pk": data["import_b"].pk},
    "portal:import-withdraw": lambda data: {"pk": data["import_b"].pk},
    "portal:import-choose-account": lambda data: {"pk": data["import_b"].pk},
    "portal:statement-detail": lambda data: {"pk": data["statement_b"].pk},
    "portal:statement-pdf": lambda data: {"pk": data["statement_b"].pk},
    "portal:statement-agree": lambda data: {"pk": data["statement_b"].pk},
    "portal:statement-disagree": lambda data: {"pk": data["statement_b"].pk},
    "portal:statement-review": lambda data: {"pk": data["statement_b"].pk},
    "portal:statement-note": lambda data: {"pk": data["statement_b"].pk},
    "portal:statement-receipt": lambda data: {"pk": data["statement_b"].pk},
    "portal:statement-adjusted": lambda data: {"pk": data["statement_b"].pk},
    "portal:statement-lines": lambda data: {"pk": data["statement_b"].pk},
    "portal:statement-lines-file": lambda data: {"pk": data["statement_b"].pk, "fmt": "csv"},
    "portal:statement-prepare-answer": lambda data: {"pk": data["statement_b"].pk},
    "portal:workbench": lambda data: {"pk": data["account_b"].pk},
    "portal:workbench-action": lambda data: {"pk": data["account_b"].pk},
    "portal:workbench-run": lambda data: {"pk": data["account_b"].pk},
    "portal:workbench-match": lambda data: {"pk": data["account_b"].pk},
    "portal:workbench-accept": lambda data: {"pk": data["account_b"].pk},
    "portal:workbench-reject": lambda data: {"pk": data["account_b"].pk},
    "portal:workbench-accept-above": lambda data: {"pk": data["account_b"].pk},
    "portal:workbench-undo": lambda data: {"pk": data["account_b"].pk},
    "portal:workbench-opening": lambda data: {"pk": data["account_b"].pk},
    "portal:workbench-opening-remove": lambda data: {"pk": data["account_b"].pk},
    "portal:workbench-close": lambda data: {"pk": data["account_b"].pk},
    "portal:workbench-submit": lambda data: {"pk": data["account_b"].pk},
    "portal:workbench-approve": lambda data: {"pk": data["account_b"].pk},
    "portal:workbench-return": lambda data: {"pk": data["account_b"].pk},
    "portal:workbench-reopen": lambda data: {"pk": data["account_b"].pk},
    "portal:adjustment-xlsx": lambda data: {"pk": data["account_b"].pk},
    "portal:adjustment-pdf": lambda data: {"pk": data["account_b"].pk},
    "portal:adjustment-vouchers": lambda data: {"pk": data["account_b"].pk},
    "portal:reconcile-run": lambda data: {"pk": data["run_b"].pk},
    "portal:match-rule-edit": lambda data: {"pk": data["rule_b"].pk},
    "portal:match-rule-action": lambda data: {"pk": data["rule_b"].pk},
    "portal:match-rule-preview": lambda data: {"pk": data["rule_b"].pk},
    "portal:answer-attachment": lambda data: {"pk": data["answer_b"].pk},
    "portal:change-request-document": lambda data: {"pk": data["change_b"].pk},
}
SCOPED_API = {
    "api:account-detail": lambda data: {"pk": data["account_b"].pk},
    "api:import-detail": lambda data: {"pk": data["import_b"].pk},
    "api:import-withdraw": lambda data: {"pk": data["import_b"].pk},
    "api:statement-detail": lambda data: {"pk": data["statement_b"].pk},
    "api:statement-pdf": lambda data: {"pk": data["statement_b"].pk},
    "api:statement-lines": lambda data: {"pk": data["statement_b"].pk},
    "api:statement-confirm": lambda data: {"pk": data["statement_b"].pk},
    "api:statement-dispute": lambda data: {"pk": data["statement_b"].pk},
    # the ERP month end (docs/erp_month_end.py): the accountant's, as in the workbench
    "api:account-adjustment": lambda data: {"pk": data["account_b"].pk},
    "api:account-match-runs": lambda data: {"pk": data["account_b"].pk},
    "api:account-suggestions": lambda data: {"pk": data["account_b"].pk},
    "api:account-matches": lambda data: {"pk": data["account_b"].pk},
    "api:account-unmatched": lambda data: {"pk": data["account_b"].pk},
    "api:account-vouchers": lambda data: {"pk": data["account_b"].pk},
    "api:match-run-detail": lambda data: {"pk": data["run_b"].pk},
    "api:suggestion-accept": lambda data: {"pk": data["suggestion_b"].pk},
    "api:suggestion-reject": lambda data: {"pk": data["suggestion_b"].pk},
    "api:match-undo": lambda data: {"pk": data["match_b"].pk},
    "api:account-close-review": lambda data: {"pk": data["account_b"].pk},
    "api:close-review-approve": lambda data: {"pk": data["review_b"].pk},
    "api:close-review-return": lambda data: {"pk": data["review_b"].pk},
    # the accountant's matching rules (issue 19)
    "api:match-rule-detail": lambda data: {"pk": data["rule_b"].pk},
    "api:match-rule-accept": lambda data: {"pk": data["rule_b"].pk},
    "api:match-rule-dismiss": lambda data: {"pk": data["rule_b"].pk},
    "api:match-rule-preview": lambda data: {"pk": data["rule_b"].pk},
}
# API endpoints of the accountant's workbench: their insider is B's accountant, and bank staff are refused (403).
RECONCILE_API = {
    "api:account-adjustment",
    "api:account-match-runs",
    "api:account-suggestions",
    "api:account-matches",
    "api:account-unmatched",
    "api:match-run-detail",
    "api:suggestion-accept",
    "api:suggestion-reject",
    "api:match-undo",
    "api:account-vouchers",
    "api:account-close-review",
    "api:close-review-approve",
    "api:close-review-return",
    "api:match-rule-detail",
    "api:match-rule-accept",
    "api:match-rule-dismiss",
    "api:match-rule-preview",
}
API_QUERY = {
    "api:account-adjustment": {"date": "2026-10-31"},
    "api:account-suggestions": {"date": "2026-10-31"},
    "api:account-unmatched": {"date": "2026-10-31", "side": "bank"},
    "api:account-vouchers": {"date": "2026-10-31"},
    "api:account-close-review": {"date": "2026-10-31"},
}
# Pages for bank staff only: every company user gets 403, whatever the id.
BANK_ONLY = {
    "portal:ops-run": lambda data: {"pk": 1},
    "portal:ops-dispute": lambda data: {"pk": 1},
    "portal:ops-paper-file": lambda data: {"pk": 1, "kind": "pdf"},
    "portal:ops-account-reassign": lambda data: {"pk": data["account_b"].pk},
    "portal:ops-correction-reissue": lambda data: {"pk": 1},
}
# Public on purpose: the statement verification page (it shows no balance and a masked account), and the operations
# endpoints a load balancer and Prometheus call without a login (/metrics has its own address list or token; nothing
# secret in any of them: tests/system/).
PUBLIC = {"portal:verify", "system:healthz", "system:readyz", "system:readyz_web", "system:metrics"}
# The user's own things (API tokens): another user gets a 404, whoever they are (tests/portal/test_api_tokens.py).
# The code page of an answer waiting for its signature is its signer's alone (tests/statements/test_signed_answers.py).
OWN_ONLY = {"api:token-detail", "portal:api-token-revoke", "portal:answer-sign"}
SCOPED_LISTS = {  # lists that must never show B's rows to A
    "portal:accounts": "account_b_number",
    "portal:home": "account_b_number",
}


@pytest.fixture
def accountant_b(customer_b):
    return make_user("accountant_b", [Role.ACCOUNTANT], customer_b)


def _documents_of(statement, client, settings) -> dict:
    """A disagreement with an attachment and a change request with its signed letter, as customer B uploaded them."""
    from pathlib import Path

    from django.utils import timezone

    from statements.models import AgreementChangeRequest, Confirmation

    for relative in ("attachments/b/answer.pdf", "change-requests/b/letter.pdf"):
        path = Path(settings.MEDIA_ROOT) / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"%PDF-1.7 customer B")
    answer = Confirmation.objects.create(
        statement=statement,
        decision="disagree",
        book_balance="1.00",
        reason="x",
        attachment="attachments/b/answer.pdf",
        status="final",
        submitted_by=client,
        submitted_at=timezone.now(),
    )
    change = AgreementChangeRequest.objects.create(
        account=statement.account,
        contact_name="李强",
        mobile="+8613901234567",
        channel="paper",
        address="北京",
        written_request="change-requests/b/letter.pdf",
        requested_by=client,
    )
    return {"answer_b": answer, "change_b": change}


@pytest.fixture
def data(account_a, account_b, accountant_b, published, customer_b, client_b, settings):
    csv = "交易日期,摘要,借方发生额,贷方发生额,余额\n2026-10-09,手续费,15.00,,985.00\n".encode()
    import_b = import_file(
        actor=accountant_b,
        kind="bank",
        data=csv,
        filename="b.csv",
        account_number=account_b.number,
        customer=account_b.customer,
    )
    journal = "日期,凭证字号,摘要,借方金额,贷方金额,余额\n2026-10-09,记-1,手续费,,15.00,985.00\n2026-10-10,记-2,手续费,,5.00,980.00\n"
    import_file(
        actor=accountant_b,
        kind="journal",
        data=journal.encode(),
        filename="b-journal.csv",
        account_number=account_b.number,
        customer=account_b.customer,
    )
    fee, entry = BankLine.objects.get(account=account_b), JournalEntry.objects.get(account=account_b, serial="记-1")
    other = JournalEntry.objects.get(account=account_b, serial="记-2")
    make_user("reviewer_b", [Role.REVIEWER], customer_b)  # B's periods close through review
    return {
        "account_a": account_a,
        "account_b": account_b,
        "account_b_number": account_b.number,
        "import_b": import_b,
        "statement_b": published[customer_b.pk],
        "run_b": MatchRun.objects.create(account=account_b, period_end=dt.date(2026, 10, 31)),
        "match_b": match_manual(
            actor=accountant_b, account_id=account_b.pk, bank_line_ids=[fee.pk], journal_entry_ids=[entry.pk]
        ),
        "rule_b": match_rule_create(
            actor=accountant_b, fields={"kind": "never", "pattern": "支付宝", "account_id": account_b.pk}
        ),
        "suggestion_b": Suggestion.objects.create(
            account=account_b, bank_line_ids=[fee.pk], journal_entry_ids=[other.pk], rule="amount_date", score=0.3
        ),
        "review_b": close_review_submit(actor=accountant_b, account_id=account_b.pk, period_end=dt.date(2026, 10, 31)),
        **_documents_of(published[customer_b.pk], client_b, settings),
    }


def _names(resolver: URLResolver, prefix: str = "") -> list[tuple[str, URLPattern]]:
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            found.extend(_names(entry, ns))
        elif entry.name and entry.pattern.converters:
            found.append((f"{prefix}{entry.name}", entry))
    return found


@pytest.mark.parametrize("name", sorted(n for n in PUBLIC if n.startswith("system:")))
def test_public_operations_endpoints_answer_without_a_login_and_show_no_customer(client, data, name):
    response = client.get(reverse(name))
    assert response.status_code in (200, 503)  # /readyz: 503 while a check fails; never the login page
    body = response.content.decode()
    for secret in (data["account_b_number"], "上海恒瑞", "北京中科"):
        assert secret not in body


def test_every_url_with_an_id_has_a_tenancy_rule():
    ignored_namespaces = ("admin:",)  # admin is staff-only and checked by Django's own permissions
    with_ids = {name for name, _ in _names(get_resolver()) if not name.startswith(ignored_namespaces)}
    missing = with_ids - set(SCOPED_PAGES) - set(SCOPED_API) - set(BANK_ONLY) - PUBLIC - OWN_ONLY
    assert not missing, f"URLs that take an id but have no tenancy rule in this test: {sorted(missing)}"


@pytest.mark.parametrize("name", sorted(SCOPED_PAGES))
def test_page_of_customer_b_is_404_for_customer_a(
    client, data, client_a, accountant_a, accountant_b, client_b, ops, name
):
    url = reverse(name, kwargs=SCOPED_PAGES[name](data))
    client.force_login(accountant_a)
    assert client.get(url).status_code == 404
    client.force_login(client_a)
    assert client.get(url).status_code in (403, 404)  # 403 where the page needs a role A's client lacks
    accountant_pages = (
        "portal:import",
        "portal:workbench",
        "portal:adjustment",
        "portal:reconcile",
        "portal:match-rule",
    )
    client.force_login(accountant_b if name.startswith(accountant_pages) else client_b)
    assert client.get(url).status_code in (200, 302)  # 302: POST-only actions send a GET back to the page
    client.force_login(ops)
    assert client.get(url).status_code in (200, 302, 403)  # 403: the accountant's workbench is not the bank's
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and reverse("portal:login") in response["Location"]


@pytest.mark.parametrize("name", sorted(SCOPED_LISTS))
def test_lists_hide_customer_b_from_customer_a(client, data, client_a, client_b, name):
    needle = data[SCOPED_LISTS[name]]
    client.force_login(client_a)
    assert needle not in client.get(reverse(name)).content.decode()
    client.force_login(client_b)
    assert needle in client.get(reverse(name)).content.decode()


POST_ONLY_API = {
    "api:statement-confirm",
    "api:statement-dispute",
    "api:import-withdraw",
    "api:account-match-runs",
    "api:account-matches",
    "api:suggestion-accept",
    "api:suggestion-reject",
    "api:match-undo",
    "api:close-review-approve",
    "api:close-review-return",
    "api:match-rule-accept",
    "api:match-rule-dismiss",
}


@pytest.mark.parametrize("name", sorted(SCOPED_API))
def test_api_object_of_customer_b_is_404_for_customer_a(
    data, accountant_a, client_a, accountant_b, client_b, ops, name
):
    url = reverse(name, kwargs=SCOPED_API[name](data))
    api = APIClient()
    post = name in POST_ONLY_API
    query = API_QUERY.get(name, {})

    def call(url):
        return api.post(url) if post else api.get(url, query)

    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(accountant_a)}")
    assert call(url).status_code == 404
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(client_a)}")
    assert call(url).status_code in (403, 404)
    api.credentials()
    assert call(url).status_code == 401
    if name in RECONCILE_API:  # the workbench's rule: bank staff are refused, whatever the id
        api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(ops)}")
        assert call(url).status_code == 403
    if post:
        return  # the insider's POST is a real answer or match, covered in test_statement_pages and test_api_reconcile
    insider = accountant_b if name.startswith("api:import") or name in RECONCILE_API else client_b
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(insider)}")
    assert call(url).status_code == 200
    if name not in RECONCILE_API:
        api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(ops)}")
        assert call(url).status_code == 200


def test_api_list_is_scoped(data, client_a, ops):
    api = APIClient()
    api.force_authenticate(client_a)
    numbers = [row["number"] for row in api.get(reverse("api:account-list")).json()["results"]]
    assert numbers == [data["account_a"].number]
    api.force_authenticate(ops)
    numbers = {row["number"] for row in api.get(reverse("api:account-list")).json()["results"]}
    assert numbers == {data["account_a"].number, data["account_b"].number}


def test_user_without_customer_or_role_sees_nothing(client, data):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="nobody"))
    assert client.get(reverse("portal:account-detail", kwargs={"pk": data["account_a"].pk})).status_code == 404


def test_token_endpoint_returns_a_token(client_a):
    api = APIClient()
    response = api.post(reverse("api:token"), {"username": "client_a", "password": "Test@2026!"}, format="json")
    assert response.status_code == 200 and response.json()["token"].startswith("rp_")
    response = api.post(reverse("api:token"), {"username": "client_a", "password": "wrong"}, format="json")
    assert response.status_code == 400


@pytest.mark.parametrize("name", sorted(BANK_ONLY))
def test_bank_only_pages_refuse_company_users(client, data, client_a, accountant_a, name):
    url = reverse(name, kwargs=BANK_ONLY[name](data))
    for user in (client_a, accountant_a):
        client.force_login(user)
        assert client.get(url).status_code == 403


def test_bank_only_lists_refuse_company_users(client, client_a):
    client.force_login(client_a)
    for name in (
        "portal:ops",
        "portal:ops-publish",
        "portal:ops-onboarding",
        "portal:ops-disputes",
        "portal:ops-paper",
        "portal:ops-sms",
        "portal:ops-inquiries",
        "portal:ops-rates-export",
        "portal:ops-accounts",
        "portal:ops-job-retry",
    ):
        assert client.get(reverse(name)).status_code == 403, name


def test_statement_list_hides_customer_b(client, data, client_a):
    client.force_login(client_a)
    assert data["statement_b"].number not in client.get(reverse("portal:statements")).content.decode()


# A group user of A (集团) granted subsidiary B sees B's statements and nothing else of B; once the grant is withdrawn,
# nothing of B at all. Statement pages and endpoints are the ones a grant opens.
GRANTED_PAGES = {name for name in SCOPED_PAGES if name.startswith("portal:statement-")} | {"portal:answer-attachment"}
GRANTED_API = {"api:statement-detail", "api:statement-pdf", "api:statement-lines"}


@pytest.fixture
def group_user(data, customer_a, customer_b):
    from reconcile.services.groups import customer_parent_set, group_grant

    customer_parent_set(actor=None, credit_code=customer_b.credit_code, parent_credit_code=customer_a.credit_code)
    user = make_user("group_a", [Role.CLIENT_VIEWER, Role.CLIENT_CONFIRMER, Role.ACCOUNTANT, Role.REVIEWER], customer_a)
    group_grant(actor=None, user=user, subsidiary_credit_code=customer_b.credit_code, authorisation="授权书 2026-10")
    return user


def _fresh(user):
    from portal.models import User

    return User.objects.get(pk=user.pk)  # as every request loads it: no grant cached from an earlier call


def test_a_group_user_opens_only_the_granted_subsidiarys_statements_and_nothing_once_withdrawn(
    client, data, group_user, customer_b
):
    from reconcile.services.groups import group_grant_withdraw

    def pages(expect_granted: bool) -> dict[str, int]:
        client.force_login(_fresh(group_user))
        seen = {}
        for name, kwargs in SCOPED_PAGES.items():
            seen[name] = client.get(reverse(name, kwargs=kwargs(data))).status_code
        wrong = {
            name: code
            for name, code in seen.items()
            if (code in (200, 302)) != (expect_granted and name in GRANTED_PAGES)
        }
        return wrong

    def api_calls(expect_granted: bool) -> dict[str, int]:
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(_fresh(group_user))}")
        wrong = {}
        for name, kwargs in SCOPED_API.items():
            if name in POST_ONLY_API:
                continue
            code = api.get(reverse(name, kwargs=kwargs(data)), API_QUERY.get(name, {})).status_code
            if (code == 200) != (expect_granted and name in GRANTED_API):
                wrong[name] = code
        return wrong

    assert pages(True) == {} and api_calls(True) == {}
    group_grant_withdraw(actor=None, user=group_user, subsidiary_credit_code=customer_b.credit_code)
    assert pages(False) == {} and api_calls(False) == {}
