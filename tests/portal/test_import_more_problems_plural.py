"""An import page lists the first problems of a refused file and counts the rest in their plural: "… and 1 more
problem." / "… and 4 more problems." (blocktranslate count), never "1 more problems"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reconcile.models import Import, ImportStatus

pytestmark = pytest.mark.django_db

ERROR = {
    "row": 3,
    "column": "借方发生额",
    "value": "12a.00",
    "code": "bad_amount",
    "message": "unreadable amount “12a.00”",
}


@pytest.mark.parametrize(
    ("error_count", "says"),
    [(2, "… and 1 more problem."), (5, "… and 4 more problems.")],
)
def test_the_problems_not_listed_are_counted_in_their_plural(client, accountant_a, account_a, error_count, says):
    record = Import.objects.create(
        kind="bank",
        filename="bad.csv",
        sha256="0" * 64,
        status=ImportStatus.REFUSED,
        customer=account_a.customer,
        message="refused",
        error_count=error_count,
        errors=[ERROR],
    )
    client.force_login(accountant_a)
    page = client.get(reverse("portal:import-detail", args=[record.pk]), headers={"accept-language": "en"})
    body = page.content.decode()
    assert says in body, body
    assert "1 more problems" not in body
