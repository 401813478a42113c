"""The ops onboarding page names the agreement file's columns as import_agreements reads them: the required ones
apart, and every optional one (it listed currency, address, postcode, phone and status among the required ones and
left out notify_channel, wechat_openid, risk_tier, account_type and status_since)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from statements.services.onboarding.columns import ALIASES, REQUIRED

pytestmark = pytest.mark.django_db


def test_the_page_names_the_required_and_every_optional_column(client, ops):
    client.force_login(ops)
    page = client.get(reverse("portal:ops-onboarding"), headers={"accept-language": "en"}).content.decode()
    section = page.split('id="agreements"', 1)[1].split("</section>", 1)[0]
    required = re.search(r"Required columns:\s*<code>([^<]*)</code>", section)
    optional = re.search(r"Optional columns:\s*<code>([^<]*)</code>", section)
    assert required and optional, section
    named = [name.strip() for name in required.group(1).split(",")]
    assert named == [name if isinstance(name, str) else name[0] for name in REQUIRED]
    assert "currency" not in named and "status" not in named  # optional: a file without them is imported
    listed = {name.strip() for name in optional.group(1).split(",")}
    assert listed == set(ALIASES) - set(named) - {"contact_phone"}
    assert {"notify_channel", "wechat_openid", "risk_tier", "account_type", "status_since"} <= listed
