from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_schema_lists_the_statement_endpoints(client):
    schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json").json()
    for path in ("/api/v1/statements/", "/api/v1/statements/{id}/confirm", "/api/v1/statements/{id}/dispute",
                 "/api/v1/statements/{id}/pdf", "/api/v1/token/", "/api/v1/imports/push/", "/api/v1/sms/"):
        assert path in schema["paths"], path


def test_docs_page_needs_no_cdn(client):
    body = client.get(reverse("api:docs")).content.decode()
    assert "swagger" in body.lower()
    assert "cdn." not in body and "unpkg" not in body and "jsdelivr" not in body
