"""The statement list's pager on hostile page numbers: the last page (as Django's Paginator serves it), never a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse

from statements.models import BalanceStatement
from tests.portal.test_query_counts import _statements

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page", ["99999999999999999999", str(2**63), "1" + "0" * 400])
def test_a_page_number_beyond_any_offset_shows_the_last_page(client, client_a, customer_a, page):
    client.force_login(client_a)
    _statements(customer_a, 3, 0)
    response = client.get(reverse("portal:statements"), {"page": page})
    assert response.status_code == 200
    assert response.context["page"].number == 1
    assert len(response.context["rows"]) == BalanceStatement.objects.count() == 3
