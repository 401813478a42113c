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


def _readme_call_rows(section: str) -> list[tuple[str, str, str]]:
    """(method, path, answers) of each row of a README table of calls, one row per path a cell names."""
    import re

    rows = []
    for line in section.splitlines():
        cells = line.split(" | ")
        if not line.startswith("| `") or len(cells) < 3:
            continue
        call = cells[0].removeprefix("| ")
        methods = re.findall(r"\b(GET|POST|PATCH|DELETE)\b", call.split("/api/v1/", 1)[0])
        first = re.search(r"(/api/v1/[^`?\s]+)", call).group(1)
        paths = [first] + [first.rsplit("/", 1)[0] + alt for alt in re.findall(r"`(/[a-z-]+)`", call)]
        rows += [(method.lower(), path, cells[2]) for method in methods for path in paths]
    return rows


def _readme_refusal_codes(answers: str) -> set[str]:
    """The error codes a README answers cell names: the backticked words after its first 4xx status (but the names
    of the parameters a refusal is about)."""
    import re

    refusals = re.split(r"`4\d\d`", answers, maxsplit=1)
    return (
        set(re.findall(r"`([a-z]+(?:_[a-z]+)*)`", refusals[1])) - {"date", "format", "language"}
        if len(refusals) > 1
        else set()
    )


def _documented_refusals(operation: dict) -> set[str]:
    import re

    codes = set()
    for status, response in operation["responses"].items():
        if status.startswith("2"):
            continue
        codes |= set(re.findall(r"`([a-z_]+)`", response.get("description", "")))
        for example in response.get("content", {}).get("application/json", {}).get("examples", {}).values():
            codes.add(example["value"].get("code"))
    return codes


def test_every_refusal_the_readme_names_for_a_month_end_call_is_in_its_schema(client):
    """Each error code README's tables of calls ("The month end over the API", "Matching rules") name for a call is
    documented on that operation in the OpenAPI schema, as an example or in the refusal's description."""
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### The month end over the API", 1)[1].split("\n## ", 1)[0]
    served = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json").json()["paths"]
    rows = _readme_call_rows(section)
    assert len(rows) >= 20 and ("post", "/api/v1/match-rules/{id}/dismiss") in {(m, p) for m, p, _ in rows}
    missing = {
        (method, path): sorted(_readme_refusal_codes(answers) - _documented_refusals(served[path][method]))
        for method, path, answers in rows
    }
    assert not {call: codes for call, codes in missing.items() if codes}


def test_every_operation_has_json_examples_of_what_it_sends_and_answers(client):
    """Not only the month end: every JSON body an operation takes and every JSON success it answers has an example in
    the schema (Swagger UI shows them; drivers copy them)."""
    schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json").json()
    missing = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body is not None and not body.get("examples"):
                missing.append(f"{method} {path}: request")
            for status, response in operation["responses"].items():
                media = response.get("content", {}).get("application/json")
                if status.startswith("2") and media is not None and not media.get("examples"):
                    missing.append(f"{method} {path}: {status}")
    assert not missing, missing


def test_every_api_address_is_in_the_schema(client):
    """Every route under /api/v1/ (but the schema and its viewer) is an operation of the served schema."""
    import re

    from portal.api.urls import urlpatterns

    served = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json").json()["paths"]
    routes = {"/api/v1/" + re.sub(r"<int:pk>", "{id}", str(p.pattern)) for p in urlpatterns}
    assert routes - {"/api/v1/schema/", "/api/v1/docs/"} == set(served)


# The error codes README's "API" section promises (tokens, statements and answers, imports, the refusals before a
# view); a driver looks each up in the schema.
README_API_CODES = (
    "invalid_credentials second_factor_required bad_second_factor locked_out token_expired token_revoked "
    "password_changed invalid_token not_authenticated too_many_tokens invalid forbidden duplicate_file too_large "
    "too_many_fields bad_host csrf_failed unreadable_input parse_error unsupported_media_type not_found server_error "
    "not_acceptable database_unavailable throttled signature_required bad_signature bad_book_balance not_open "
    "late_answer bad_item does_not_reconcile not_in_detail explained same_balance no_detail format_cannot_hold "
    "account_not_registered currency_mismatch"
).split()


def test_every_error_code_of_the_readmes_api_section_is_in_the_schema(client):
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## API\n", 1)[1].split("\n### The month end over the API", 1)[0]
    schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json").content.decode()
    assert [code for code in README_API_CODES if f"`{code}`" not in section] == []
    assert [code for code in README_API_CODES if code not in schema] == []


def test_the_vouchers_answer_declares_the_fields_the_readme_lists(client):
    # It was a free-form object: a client generated from the schema knew none of the fields.
    schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json").json()
    components = schema["components"]["schemas"]

    def fields(ref: dict) -> dict:
        return components[ref["$ref"].rsplit("/", 1)[1]]["properties"]

    answer = schema["paths"]["/api/v1/accounts/{id}/vouchers"]["get"]["responses"]["200"]["content"]
    top = fields(answer["application/json"]["schema"])
    assert set(top) == {"account_id", "period_end", "layout", "vouchers", "unclassified"}
    voucher = fields(top["vouchers"]["items"])
    assert set(voucher) == {
        *("bank_line_id", "date", "kind", "direction", "amount", "summary", "bank_summary", "debit", "credit"),
    }
    assert set(fields(voucher["debit"])) == {"code", "name"}
    assert set(fields(top["unclassified"]["items"])) == {
        *("bank_line_id", "date", "direction", "amount", "summary", "counterparty", "serial"),
    }


def _examples_anywhere(node) -> int:
    if isinstance(node, dict):
        return bool(node.get("examples") or "example" in node) + sum(_examples_anywhere(v) for v in node.values())
    if isinstance(node, list):
        return sum(_examples_anywhere(v) for v in node)
    return 0


def test_every_operation_has_an_example(client):
    """The check above looks at JSON bodies and JSON successes only, so an operation that answers 204 or a file took
    none and passed unseen (DELETE match-rules/{id}, DELETE tokens/{id}, GET statements/{id}/pdf). Every operation
    shows at least one example: of what it sends, what it answers or, where the success has no JSON, a refusal."""
    schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json").json()
    bare = [
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if method != "parameters" and not _examples_anywhere(operation)
    ]
    assert bare == []


@pytest.mark.parametrize(
    "path,message",
    [
        ("/api/v1/match-rules/999999/", "没有该规则。"),
        ("/api/v1/tokens/999999/", "API 令牌不存在。"),
        ("/api/v1/statements/999999/pdf", "对账单不存在。"),
    ],
)
def test_the_refusal_examples_are_what_the_api_answers(client, accountant_a, path, message):
    schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json").json()
    template = path.replace("999999", "{id}")
    method = "get" if path.endswith("pdf") else "delete"
    examples = schema["paths"][template][method]["responses"]["404"]["content"]["application/json"]["examples"]
    assert [e["value"] for e in examples.values()] == [{"code": "not_found", "message": message}]
    client.force_login(accountant_a)
    answer = client.generic(method.upper(), path, HTTP_ACCEPT="application/json")
    assert answer.status_code == 404 and answer.json() == {"code": "not_found", "message": message}
