"""Every path, pages and API alike, requested with what an attacker has: customer A's users (client,
accountant, reviewer, and a group user of A with and without a grant to subsidiary B) and a bank officer with the
password alone. Paths with an id are covered one by one in test_tenancy; here every path, with B's ids put in
every query parameter the views read, must answer without a 500 and show nothing of B that its grant does not open;
and the half-signed-in officer reaches nothing but the second-factor page, through the session as through a token."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from portal.models import Role
from reconcile.services.groups import customer_parent_set, group_grant
from reconcile.services.imports import import_file
from reconcile.services.rules import match_rule_create
from tests.factories import api_key, make_user
from tests.portal.test_tenancy import BANK_ONLY, SCOPED_API, SCOPED_PAGES, accountant_b, data  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db
# The API's schema and docs carry example texts (a company name among them), never data.
DOCS = {"api:schema", "api:docs"}
RULE_SECRET, JOURNAL_SECRET = "ZQXB规则", "ZQXB凭证摘要"


def _routes(resolver: URLResolver, prefix: str = "") -> list[tuple[str, URLPattern]]:
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            found += _routes(entry, f"{prefix}{entry.namespace}:" if entry.namespace else prefix)
        elif entry.name:
            found.append((f"{prefix}{entry.name}", entry))
    return found


def _urls(data: dict) -> list[tuple[str, str]]:
    """Every named route but the admin's and the operations endpoints (tests/system), with B's ids where it takes
    one (as test_tenancy builds them) or a made-up one."""
    urls = []
    for name, route in _routes(get_resolver()):
        if name.startswith(("admin:", "system:")):
            continue
        kwargs = {}
        if route.pattern.converters:
            build = SCOPED_PAGES.get(name) or SCOPED_API.get(name) or BANK_ONLY.get(name)
            defaults = {"fmt": "csv", "kind": "pdf", "code": "NOSUCHCODE"}
            kwargs = build(data) if build else {k: defaults.get(k, 1) for k in route.pattern.converters}
        urls.append((name, reverse(name, kwargs=kwargs)))
    return urls


def _text(response) -> str:
    body = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    if body[:2] == b"PK":  # xlsx and zip: the texts inside
        try:
            archive = zipfile.ZipFile(io.BytesIO(body))
            return "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
        except zipfile.BadZipFile:
            pass
    return body.decode("utf-8", "replace")


@pytest.fixture
def secrets_of_b(data, accountant_b, customer_b):
    match_rule_create(actor=accountant_b, fields={"kind": "never", "pattern": RULE_SECRET})
    journal = f"日期,凭证字号,摘要,借方金额,贷方金额,余额\n2026-10-11,记-9,{JOURNAL_SECRET},,7.00,973.00\n"
    import_file(
        actor=accountant_b,
        kind="journal",
        data=journal.encode(),
        filename="b-journal-2.csv",
        account_number=data["account_b"].number,
        customer=customer_b,
    )
    # What no user of A may read, whatever the path: B's account, company and statement, its rules and its books.
    everything = [data["account_b"].number, "北京中科", data["statement_b"].number, RULE_SECRET, JOURNAL_SECRET]
    return {"all": everything, "books": [RULE_SECRET, JOURNAL_SECRET]}


def _b_ids(data: dict, customer_b) -> dict:
    """B's ids in every parameter name the views read."""
    account, statement = data["account_b"].pk, data["statement_b"].pk
    day = "2026-10-31"
    return {"account": account, "account_id": account, "statement": statement, "customer": customer_b.pk} | {
        "period": day,
        "date": day,
        "rates": day,
    }


def _probe(urls, user, secrets, client, query: dict) -> list[str]:
    found = []
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(user)}")
    client.force_login(user)
    for name, url in urls:
        is_api = name.startswith("api:")
        for verb in ("get", "post"):
            for params in ({}, query):
                if is_api:
                    response = api.get(url, params) if verb == "get" else api.post(url, params, format="json")
                else:
                    response = getattr(client, verb)(url, params)
                if response.status_code >= 500:
                    found.append(f"{verb} {url} {params and 'with B ids'}: {response.status_code}")
                    continue
                if response.status_code < 400 and name not in DOCS:
                    leaked = [s for s in secrets if s in _text(response)]
                    if leaked:
                        found.append(f"{verb} {url} {params and 'with B ids'} as {user.username}: shows {leaked}")
    return found


@pytest.fixture
def group_users(data, customer_a, customer_b):
    customer_parent_set(actor=None, credit_code=customer_b.credit_code, parent_credit_code=customer_a.credit_code)
    roles = [Role.CLIENT_VIEWER, Role.CLIENT_CONFIRMER, Role.ACCOUNTANT, Role.REVIEWER]
    granted = make_user("group_granted", roles, customer_a)
    group_grant(actor=None, user=granted, subsidiary_credit_code=customer_b.credit_code, authorisation="授权书 2026-10")
    return {"granted": granted, "not_granted": make_user("group_not_granted", roles, customer_a)}


def test_no_path_shows_customer_b_to_customer_as_users_or_fails(
    client, data, secrets_of_b, group_users, client_a, accountant_a, customer_a, customer_b
):
    urls, query = _urls(data), _b_ids(data, customer_b)
    assert len(urls) >= 100
    reviewer_a = make_user("reviewer_a", [Role.REVIEWER], customer_a)
    found = []
    for user in (client_a, accountant_a, reviewer_a, group_users["not_granted"]):
        found += _probe(urls, user, secrets_of_b["all"], client, query)
    # A grant opens B's statements, never B's books (workbench, rules, imports, vouchers, match rates).
    found += _probe(urls, group_users["granted"], secrets_of_b["books"], client, query)
    assert found == []


def test_a_password_only_bank_officer_reaches_only_the_second_factor_on_every_path(client, data, ops, settings):
    settings.BANK_STAFF_REQUIRE_2FA = True
    # The second-factor page itself, logout, the language switch and the token endpoint (it checks its own
    # credentials: tests/portal/test_api_tokens.py) are the only ones it may use.
    open_to_it = {"portal:second-factor", "portal:logout", "set_language", "api:token"}
    wrong = []
    for name, url in _urls(data):
        if name in open_to_it:
            continue
        for verb in ("get", "post"):
            client.force_login(ops)
            response = getattr(client, verb)(url)
            if name.startswith("api:"):
                refused = response.status_code == 403 and response.json()["code"] == "second_factor_required"
            else:
                location = response.get("Location", "")
                refused = response.status_code == 302 and location.startswith(reverse("portal:second-factor"))
            if not refused:
                wrong.append(f"{verb} {url}: {response.status_code}")
            elif data["account_b"].number in _text(response):
                wrong.append(f"{verb} {url}: the refusal shows an account")
    assert wrong == []
