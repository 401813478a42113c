"""The HTTP API under generated requests: no 500, whatever the client sends.

1. Schemathesis reads the project's own OpenAPI schema (/api/v1/schema/, drf-spectacular) from the
   Django WSGI app in-process and fires generated requests at every operation, authenticated with a
   token of a user who holds every role, with published statements in the database.
2. Targeted hypothesis tests for the bodies schemathesis cannot guess (free-form push lines, dispute
   balances, upload files), through DRF's test client.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from portal.models import Role
from reconcile.models import Import, ImportStatus
from tests.factories import api_key, make_user
from tests.fixtures.signing import post_signed, register_key
from tests.fuzz import fuzzkit as kit

ALL_ROLES = [Role.ACCOUNTANT, Role.CLIENT_VIEWER, Role.CLIENT_CONFIRMER, Role.BANK_OPS]
API_SETTINGS = settings(
    max_examples=25, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)


@pytest.fixture
def _keep_test_connection():
    """A raw WSGI request fires request_started/finished, whose close_old_connections would close the
    test's transaction-wrapped connection; Django's own test client disconnects it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_user(customer_a, published):
    user = make_user("fuzz_all_roles", ALL_ROLES, customer_a)
    return user


@pytest.fixture
def api_token(api_user) -> str:
    return api_key(api_user)


@pytest.fixture
def month_end_ids(api_user, account_a) -> set[int]:
    """Account A's October (DESIGN §4) imported and matched, with a suggestion and an undone match: the ids of the
    ERP month end's account, runs, matches and suggestion, for {id} in the generated requests."""
    from reconcile.models import Match, Suggestion
    from reconcile.services.matching import match_run_execute, match_run_start, match_undo
    from tests.fixtures.books import import_both

    import_both(account_a, api_user)
    run = match_run_execute(
        run_id=match_run_start(actor=api_user, account_id=account_a.pk, period_end=dt.date(2026, 10, 31)).pk
    )
    undone = Match.objects.filter(account=account_a).first()
    match_undo(actor=api_user, match_id=undone.pk, reason="fuzz")
    suggestion = Suggestion.objects.create(
        account=account_a,
        bank_line_ids=list(undone.links.exclude(bank_line=None).values_list("bank_line_id", flat=True)),
        journal_entry_ids=list(undone.links.exclude(journal_entry=None).values_list("journal_entry_id", flat=True)),
        rule="amount_date",
        score=0.5,
    )
    return {account_a.pk, run.pk, suggestion.pk, *Match.objects.values_list("pk", flat=True)}


def _load_schema():
    # The schema view needs no login and no database: safe at collection time.
    return schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", WSGIHandler())


SCHEMA = _load_schema()
OPERATIONS = {f"{op.method.upper()} {op.path}": op for op in (r.ok() for r in SCHEMA.get_all_operations())}


def test_schema_lists_the_operations_under_attack() -> None:
    assert set(OPERATIONS) >= {
        "GET /api/v1/statements/",
        "GET /api/v1/statements/{id}/",
        "POST /api/v1/imports/push/",
        "GET /api/v1/profiles/",
        "POST /api/v1/profiles/",
        "POST /api/v1/token/",
        "POST /api/v1/imports/upload/",
        "POST /api/v1/statements/{id}/dispute",
        "GET /api/v1/imports/",
        "GET /api/v1/accounts/{id}/adjustment",
        "POST /api/v1/accounts/{id}/match-runs",
        "GET /api/v1/match-runs/{id}",
        "GET /api/v1/accounts/{id}/suggestions",
        "POST /api/v1/suggestions/{id}/accept",
        "POST /api/v1/suggestions/{id}/reject",
        "POST /api/v1/accounts/{id}/matches",
        "POST /api/v1/matches/{id}/undo",
        "GET /api/v1/accounts/{id}/unmatched",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_generated_requests_never_get_a_server_error(
    label, api_token, api_user, published, month_end_ids, _keep_test_connection, settings, tmp_path
) -> None:
    """Positive and negative cases from the schema; {id} is sometimes a real statement, account, run, match or
    suggestion id."""
    settings.MEDIA_ROOT = tmp_path
    operation = OPERATIONS[label]
    strategies = [operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE)]
    if "{id}" in operation.path:
        real_ids = sorted({st_.pk for st_ in published.values()} | {api_user.pk} | month_end_ids)
        strategies.append(
            st.sampled_from(real_ids).flatmap(
                lambda pk: operation.as_strategy(GenerationMode.POSITIVE, path_parameters={"id": pk})
            )
        )
    headers = {"Authorization": f"Token {api_token}"}
    seen: list[int] = []

    @API_SETTINGS
    @given(case=st.one_of(strategies))
    def attack(case) -> None:
        response = case.call(headers=headers)
        seen.append(response.status_code)
        case.validate_response(response, checks=[not_a_server_error], headers=headers)

    attack()
    assert seen, "no request was sent"


# -- targeted bodies -------------------------------------------------------------------------------


@pytest.fixture
def api(api_user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key(api_user)}")
    return client


def _no_500(response) -> None:
    assert response.status_code < 500, (response.status_code, getattr(response, "content", b"")[:300])


push_value = st.one_of(
    st.sampled_from(
        [
            "2026-10-08",
            "2026-02-30",
            "0001-01-01",
            "1.00",
            "-1.00",
            "1e30",
            "NaN",
            "¥",
            "元",
            "１,２３４.５６",
            "借",
            "贷",
            "in",
            "out",
            "CNY",
            "JPY",
            "",
            "1" * 40,
            10**30,
            1e30,
            0,
            45_000,
            None,
            True,
            [],
            {},
            ["CNY"],
            5,
        ]
    ),
    st.text(max_size=12),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
)
push_line = st.dictionaries(
    st.sampled_from(
        [
            "date",
            "booking_date",
            "amount",
            "direction",
            "debit",
            "credit",
            "balance",
            "currency",
            "summary",
            "value_date",
        ]
    ),
    push_value,
    max_size=6,
)


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate],
)  # shrinking through HTTP is slow; the 500 is logged anyway
@example(lines=[{"date": "2026-10-08", "amount": "1.00", "currency": 5}], kind="bank", currency=None, opening=None)
@example(lines=[{"date": "2026-10-08", "amount": "¥"}], kind="bank", currency=None, opening=None)
@given(
    lines=st.lists(push_line, min_size=1, max_size=4),
    kind=st.sampled_from(["bank", "journal"]),
    currency=st.sampled_from([None, "CNY", "JPY", "", "¥"]),
    opening=st.sampled_from([None, "100.00", "1e40", "NaN", "¥"]),
)
def test_push_with_generated_lines(api, account_a, lines, kind, currency, opening) -> None:
    last = Import.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    body = {"kind": kind, "account_number": account_a.number, "lines": lines}
    if currency is not None:
        body["currency"] = currency
    if opening is not None:
        body["opening_balance"] = opening
    response = api.post("/api/v1/imports/push/", body, format="json")
    _no_500(response)
    assert response.status_code in (201, 400, 409, 422), response.status_code
    assert not Import.objects.filter(status=ImportStatus.PENDING, pk__gt=last).exists(), (
        "the push left its import pending"
    )


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate],
)
@example(balance="1e40", reason="余额不符")
@given(
    balance=st.one_of(
        st.sampled_from(
            [
                "1e40",
                "1E+27",
                "-1e16",
                "NaN",
                "sNaN",
                "Infinity",
                "1,234.56",
                "１２.３４",
                "0.001",
                "99999999999999999999999999.999",
                "",
                " ",
            ]
        ),
        st.text(max_size=40),
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
    ),
    reason=st.sampled_from(["余额不符", "", "x" * 2000]),
)
def test_dispute_with_generated_book_balances(api, published, customer_a, balance, reason) -> None:
    statement = published[customer_a.pk]
    key = register_key(customer_a)  # signed, so the body reaches the answer's checks
    response = post_signed(
        api,
        f"/api/v1/statements/{statement.pk}/dispute",
        statement.pk,
        key,
        {"book_balance": balance[:40], "reason": reason},
    )
    _no_500(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        {"kind": "bank", "name": "no columns"},
        {"kind": "bank", "name": "n", "columns": 5},
        {"kind": "bank", "name": "n", "columns": ["date"]},
        {"kind": "bank", "name": "n", "columns": {}, "flag_values": 7},
        {
            "kind": "journal",
            "name": "n",
            "columns": {"date": "日期", "amount": "金额"},
            "header_row": -1,
            "year": 99999,
        },
    ],
    ids=str,
)
def test_profile_post_bodies(api, body) -> None:
    response = api.post("/api/v1/profiles/", body, format="json")
    _no_500(response)
    assert response.status_code in (201, 400)


@pytest.mark.django_db
@pytest.mark.parametrize("statement_param", ["1", "²", "١", "x", "99999999999999999999999", "-1", ""])
def test_sms_outbox_filter(api, statement_param) -> None:
    _no_500(api.get("/api/v1/sms/", {"statement": statement_param}))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"period": "x" * 100},
        {"status": "\x00"},
        {"page": "-1"},
        {"page": "1e9"},
        {"period": "2026-09", "status": "confirmed"},
    ],
)
def test_statement_list_filters(api, params) -> None:
    _no_500(api.get("/api/v1/statements/", params))


UPLOADS = {
    "currency_sign_only.csv": lambda: kit.csv_bytes([kit.BANK_HEADER[:4], ["2026-10-08", "货款", "", "¥"]]),
    "huge_amount.csv": lambda: kit.csv_bytes([kit.BANK_HEADER[:4], ["2026-10-08", "货款", "", "1" + "0" * 30]]),
    "bom_then_gbk.csv": lambda: b"\xef\xbb\xbf" + "交易日期,摘要,借方发生额,贷方发生额\n".encode("gbk"),
    "account_with_slash.sta": lambda: kit.fixture_bytes("mt940/cmxl_generic.sta"),
    "bad_month.csv": lambda: kit.csv_bytes(
        [["年", "月", "日", "摘要", "借方", "贷方"], ["2026", "inf", "1", "x", "1.00", ""]]
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("filename", sorted(UPLOADS))
def test_upload_then_process_never_leaves_a_500_or_a_pending_import(
    api, filename, settings, tmp_path, django_capture_on_commit_callbacks
) -> None:
    settings.MEDIA_ROOT = tmp_path
    upload = io.BytesIO(UPLOADS[filename]())
    upload.name = filename
    kind = "journal" if filename == "bad_month.csv" else "bank"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = api.post("/api/v1/imports/upload/", {"kind": kind, "file": upload}, format="multipart")
    _no_500(response)
    problems = []
    for callback in callbacks:  # the import task (eager in tests), as the worker would run it
        try:
            callback()
        except Exception as exc:  # noqa: BLE001
            problems.append(f"{type(exc).__name__}: {str(exc)[:200]}")
    pending = list(Import.objects.filter(status=ImportStatus.PENDING).values_list("filename", flat=True))
    assert not problems and not pending, f"import task crashed: {problems}; left pending: {pending}"
    detail = api.get(f"/api/v1/imports/{response.json()['id']}/")
    _no_500(detail)
    assert detail.json()["status"] in ("done", "refused")
