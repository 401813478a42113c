from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_schema_lists_the_statement_endpoints(client):
    schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json").json()
    for path in (
        "/api/v1/statements/",
        "/api/v1/statements/{id}/confirm",
        "/api/v1/statements/{id}/dispute",
        "/api/v1/statements/{id}/pdf",
        "/api/v1/token/",
        "/api/v1/imports/push/",
        "/api/v1/sms/",
    ):
        assert path in schema["paths"], path


def test_docs_page_needs_no_cdn(client):
    body = client.get(reverse("api:docs")).content.decode()
    assert "swagger" in body.lower()
    assert "cdn." not in body and "unpkg" not in body and "jsdelivr" not in body


# What an ERP calls for a month end (docs/erp_month_end.py): each documented with examples of what it sends and gets.
ERP_MONTH_END = [
    ("post", "/api/v1/token/"),
    ("get", "/api/v1/accounts/"),
    ("get", "/api/v1/accounts/{id}/"),
    ("post", "/api/v1/imports/push/"),
    ("post", "/api/v1/accounts/{id}/match-runs"),
    ("get", "/api/v1/match-runs/{id}"),
    ("get", "/api/v1/accounts/{id}/suggestions"),
    ("post", "/api/v1/suggestions/{id}/accept"),
    ("post", "/api/v1/suggestions/{id}/reject"),
    ("post", "/api/v1/accounts/{id}/matches"),
    ("post", "/api/v1/matches/{id}/undo"),
    ("get", "/api/v1/accounts/{id}/unmatched"),
    ("get", "/api/v1/accounts/{id}/adjustment"),
]


# ... and the statement side of the same month end: fetch the statement and its detail, answer with the table.
ERP_STATEMENT_STEPS = [
    ("get", "/api/v1/statements/"),
    ("get", "/api/v1/statements/{id}/"),
    ("get", "/api/v1/statements/{id}/lines"),
    ("post", "/api/v1/statements/{id}/confirm"),
    ("post", "/api/v1/statements/{id}/dispute"),
    ("post", "/api/v1/statements/confirm-batch"),
]
DOCUMENTED = ERP_MONTH_END + ERP_STATEMENT_STEPS


@pytest.mark.parametrize("method,path", DOCUMENTED, ids=[f"{m} {p}" for m, p in DOCUMENTED])
def test_the_erp_month_end_is_documented_with_examples(client, method, path):
    operation = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json").json()["paths"][path][method]
    body = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if body is not None:
        assert body.get("examples"), f"{method} {path}: no request example"
    answers = [
        (code, media)
        for code, response in operation["responses"].items()
        if code.startswith("2")
        for name, media in response.get("content", {}).items()
        if name == "application/json"
    ]
    assert all(media.get("examples") for _, media in answers) and (answers or set(operation["responses"]) & {"204"}), (
        f"{method} {path}: no response example"
    )
    for _, media in answers:
        if media["schema"].get("$ref", "").startswith("#/components/schemas/Paginated"):
            for example in media["examples"].values():  # one page, whose results are the items themselves
                assert example["value"]["results"] and all(
                    "id" in item and "results" not in item for item in example["value"]["results"]
                ), example


def test_the_schema_is_valid_and_every_operation_is_described(tmp_path):
    from django.core.management import call_command

    # drf-spectacular warns about anything it has to guess (an untyped parameter, a view without a serializer)
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(tmp_path / "schema.yml"))
    assert "/api/v1/accounts/{id}/adjustment" in (tmp_path / "schema.yml").read_text(encoding="utf-8")


def test_the_readme_lists_the_month_end_endpoints_as_served(client):
    """README "The month end over the API" is the contract ERP drivers test against: every call is there, as served."""
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### The month end over the API", 1)[1].split("\n## ", 1)[0]
    served = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json").json()["paths"]
    for method, path in ERP_MONTH_END[4:]:
        assert method in served[path], (method, path)
        assert f"`{method.upper()} {path}" in section, f"README does not list {method.upper()} {path}"


@pytest.mark.parametrize("path", ["/api/v1/statements/{id}/confirm", "/api/v1/statements/{id}/dispute"])
def test_the_answer_signature_header_is_documented_with_an_example(client, path):
    operation = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json").json()["paths"][path]["post"]
    [header] = [p for p in operation["parameters"] if p["in"] == "header" and p["name"] == "X-Answer-Signature"]
    assert "signature_required" in header["description"] and "bad_signature" in header["description"]
    assert header["examples"] and all(":" in example["value"] for example in header["examples"].values())
    body = operation["requestBody"]["content"]["application/json"]
    assert all("statement_id" in example["value"] for example in body["examples"].values())
    assert {"statement_id", "request_id"} <= set(
        client.get(reverse("api:schema"), HTTP_ACCEPT="application/json").json()["components"]["schemas"][
            "ConfirmInput"
        ]["properties"]
    )


@pytest.mark.parametrize(
    "path,codes",
    [
        (
            "/api/v1/statements/{id}/confirm",
            {"does_not_reconcile", "not_in_detail", "late_answer", "signature_required", "bad_signature"},
        ),
        ("/api/v1/statements/{id}/dispute", {"explained", "late_answer", "signature_required", "bad_signature"}),
        ("/api/v1/statements/confirm-batch", {"not_found", "signature_required", "bad_signature"}),
    ],
)
def test_the_answer_refusals_are_documented_with_examples(client, path, codes):
    operation = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json").json()["paths"][path]["post"]
    documented = {
        example["value"]["code"]
        for status, response in operation["responses"].items()
        if not status.startswith("2")
        for example in response.get("content", {}).get("application/json", {}).get("examples", {}).values()
    }
    assert codes <= documented, codes - documented


def test_the_upload_file_is_a_binary_part(client):
    # A FileField is described as a URI by default: Swagger UI then offers a text box, and no file can be sent.
    schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json").json()
    body = schema["paths"]["/api/v1/imports/upload/"]["post"]["requestBody"]["content"]["multipart/form-data"]
    upload = schema["components"]["schemas"][body["schema"]["$ref"].rsplit("/", 1)[1]]
    assert upload["properties"]["file"] == {"type": "string", "format": "binary"}


def test_the_plain_agreement_is_described_as_the_readme_and_the_signature_want_it(client):
    # README: 相符 is a body naming the statement only, {"statement_id": 41}; an empty body fails the signature check.
    operation = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json").json()["paths"][
        "/api/v1/statements/{id}/confirm"
    ]["post"]
    assert "empty body" not in operation["description"]
    assert '{"statement_id": 41}' in operation["description"]
