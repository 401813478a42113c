"""The OpenAPI schema (GET /api/v1/schema/) documents what the API answers: the refusals every call can give (401,
403, and 404 for an id or a page) and each operation's own status codes and shapes, as a client checking its
answers against the schema (schemathesis' status-code and response-schema checks) meets them."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(db) -> dict:
    response = Client().get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def _responses(schema: dict, path: str, method: str) -> dict:
    return schema["paths"][path][method]["responses"]


def test_every_authenticated_operation_documents_the_common_refusals(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if {} in operation.get("security", []):
                continue
            responses = operation["responses"]
            assert {"400", "401", "403"} <= set(responses), (method, path)  # 400: unreadable_input anywhere
            if "requestBody" in operation:
                assert {"413", "415"} <= set(responses), (method, path)
            pages = any(p["name"] == "page" for p in operation.get("parameters", []))
            if "{" in path or pages:
                assert "404" in responses, (method, path)
            for code in ("401", "403"):
                body = responses[code]["content"]["application/json"]["schema"]
                assert body == {"$ref": "#/components/schemas/ApiError"}, (method, path, code)
    assert set(schema["components"]["schemas"]["ApiError"]["required"]) >= {"code", "message"}


def test_every_operation_documents_the_406_of_an_accept_it_cannot_answer(schema):
    """README "API": `Accept: text/html` alone is `406` `not_acceptable` on every call, the token's included."""
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            body = operation["responses"]["406"]["content"]["application/json"]["schema"]
            assert body == {"$ref": "#/components/schemas/ApiError"}, (method, path)


def test_the_token_endpoint_documents_its_refusals(schema):
    assert {"200", "400", "403", "429"} <= set(_responses(schema, "/api/v1/token/", "post"))


def test_the_profile_list_is_documented_as_a_list_and_a_save_as_201(schema):
    listed = _responses(schema, "/api/v1/profiles/", "get")["200"]["content"]["application/json"]["schema"]
    assert listed["type"] == "array"
    assert "201" in _responses(schema, "/api/v1/profiles/", "post")


def test_an_upload_is_documented_as_the_202_it_answers_with_the_import(schema):
    responses = _responses(schema, "/api/v1/imports/upload/", "post")
    assert "200" not in responses
    assert responses["202"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Import"}


@pytest.mark.parametrize(
    ("path", "method", "code"),
    [
        ("/api/v1/imports/push/", "post", "400"),
        ("/api/v1/match-rules/", "post", "409"),
        ("/api/v1/match-rules/{id}/", "patch", "409"),  # a change that repeats an alias: duplicate
    ],
)
def test_refusals_the_operations_give_are_documented(schema, path, method, code):
    assert code in _responses(schema, path, method)


def test_a_rule_past_the_companys_cap_is_documented_as_409(schema):
    assert "too_many_rules" in _responses(schema, "/api/v1/match-rules/", "post")["409"]["description"]


def test_the_profile_list_answers_a_list_and_a_save_201(accountant_a):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(accountant_a)
    assert isinstance(api.get("/api/v1/profiles/").json(), list)
    saved = api.post(
        "/api/v1/profiles/",
        {"name": "mine", "kind": "bank", "columns": {"date": "入账日", "amount": "金额(元)"}},
        format="json",
    )
    assert saved.status_code == 201, saved.content
    assert saved.json()["name"] == "mine"


def test_an_answers_outstanding_items_are_documented_with_their_fields(schema):
    """GET /api/v1/statements/{id}/ answers answer.outstanding items with kind ... bank_line_id; the schema had an
    untyped object."""
    items = schema["components"]["schemas"]["Answer"]["properties"]["outstanding"]["items"]
    fields = schema["components"]["schemas"][items["$ref"].rsplit("/", 1)[1]]["properties"]
    assert set(fields) == {"kind", "date", "amount", "summary", "reference", "bank_line_id"}
    assert fields["bank_line_id"]["nullable"] is True


@pytest.mark.parametrize(
    ("component", "field"),
    [("Statement", "previous_id"), ("StatementDetail", "previous_id"), ("Import", "account_number")],
)
def test_fields_that_answer_null_are_documented_nullable(schema, component, field):
    """A first version's previous_id and a refused import's account_number are null in the answers."""
    assert schema["components"]["schemas"][component]["properties"][field].get("nullable") is True


def test_the_detail_documents_the_media_type_mt940_is_served_as(schema):
    content = _responses(schema, "/api/v1/statements/{id}/lines", "get")["200"]["content"]
    assert {"application/x-mt940", "text/plain"} <= set(content)


def test_a_withdrawal_documents_its_refusals(schema):
    assert {"200", "400", "403", "404", "409"} <= set(_responses(schema, "/api/v1/imports/{id}/withdraw/", "post"))


def test_an_answer_by_a_user_who_is_no_confirmer_is_the_documented_403(schema, published, customer_a, accountant_a):
    """README "The month end over the API": answering needs the confirmer role as well as the accountant's, else
    `403` `forbidden`; the schema named only bad_signature for the answers' 403."""
    from django.urls import reverse
    from rest_framework.test import APIClient

    from tests.fixtures.signing import post_signed, register_key

    statement = published[customer_a.pk]
    api = APIClient()
    api.force_authenticate(accountant_a)
    url = reverse("api:statement-confirm", args=[statement.pk])
    response = post_signed(api, url, statement.pk, register_key(customer_a), {"request_id": "erp-1"})
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    for path in ("/api/v1/statements/{id}/confirm", "/api/v1/statements/{id}/dispute"):
        described = _responses(schema, path, "post")["403"]["description"]
        assert "`forbidden`" in described and "`bad_signature`" in described, path


def test_an_upload_refused_before_it_is_kept_answers_a_code_its_schema_names(schema, accountant_a, client_a):
    """The upload's and the push's 400 and 403 were documented without a word; a client met `unknown_profile` and
    a 403 code that the schema did not name (one code for a refused role, `forbidden`, since)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(accountant_a)
    upload = SimpleUploadedFile("bank.csv", "交易日期,金额\n2026-10-08,1.00\n".encode())
    refused = api.post("/api/v1/imports/upload/", {"kind": "bank", "file": upload, "profile": "nosuch"})
    api.force_authenticate(client_a)
    barred = api.post("/api/v1/imports/push/", {"kind": "bank", "lines": [{}]}, format="json")
    assert (refused.status_code, refused.json()["code"]) == (400, "unknown_profile")
    assert (barred.status_code, barred.json()["code"]) == (403, "forbidden")
    for path in ("/api/v1/imports/upload/", "/api/v1/imports/push/"):
        responses = _responses(schema, path, "post")
        assert "`unknown_profile`" in responses["400"]["description"], path
        assert "`forbidden`" in responses["403"]["description"], path
        assert "`duplicate_file`" in responses["409"]["description"], path


def test_a_match_run_documents_the_location_it_answers_and_only_its_own_conflicts(schema, accountant_a, account_a):
    """README: `202` the run, `Location: /api/v1/match-runs/{id}`; `409` `closed`. The schema declared no header
    (a client checking headers had nothing to follow) and the 409 named refusals only a match gives."""
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(accountant_a)
    started = api.post(f"/api/v1/accounts/{account_a.pk}/match-runs", {"date": "2026-10-31"}, format="json")
    assert started.status_code == 202 and started["Location"] == f"/api/v1/match-runs/{started.json()['id']}"
    responses = _responses(schema, "/api/v1/accounts/{id}/match-runs", "post")
    assert responses["202"]["headers"]["Location"]["schema"] == {"type": "string"}
    assert "`closed`" in responses["409"]["description"]
    assert "already_matched" not in responses["409"]["description"]


def test_a_profile_name_with_a_hidden_character_is_refused_naming_it(accountant_a):
    from rest_framework.test import APIClient

    from reconcile.models import MappingProfile

    api = APIClient()
    api.force_authenticate(accountant_a)
    refused = api.post(
        "/api/v1/profiles/",
        {"name": "招行\u202e出导", "kind": "bank", "columns": {"date": "入账日", "amount": "金额(元)"}},
        format="json",
        headers={"accept-language": "en"},
    )
    assert refused.status_code == 400, refused.content
    assert (
        refused.json()["code"] == "invalid" and "U+202E RIGHT-TO-LEFT OVERRIDE" in refused.json()["errors"]["name"][0]
    )
    assert not MappingProfile.objects.exists()


def test_every_operation_documents_the_414_the_web_server_answers_for_a_long_address(schema):
    """A query string of some kilobytes (schemathesis sent 4,669 bytes to GET /api/v1/sms/) is refused 414 by
    gunicorn before the portal sees it, in HTML: the schema did not document the status, so a client checking its
    answers against the schema met an undocumented 414. It is documented on every operation, without a JSON shape
    (README "API")."""
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            documented = operation["responses"]["414"]
            assert "4,094 bytes" in documented["description"], (method, path)
            assert "content" not in documented, (method, path)
            too_large = operation["responses"]["431"]  # a header over gunicorn's field limit (a 100 kB signature)
            assert "8,190 bytes" in too_large["description"], (method, path)
            assert "content" not in too_large, (method, path)


def test_the_414_and_431_limits_documented_are_gunicorns():
    from gunicorn.config import Config

    assert (Config().limit_request_line, Config().limit_request_field_size) == (4094, 8190)
    conf = (Path(__file__).parents[2] / "deploy" / "gunicorn.conf.py").read_text("utf-8")
    assert "limit_request" not in conf  # the deployment keeps gunicorn's defaults, the figures documented
