"""A refused rule on the rules page names the field as the page labels it (金额不低于), never the API's key
(min_amount), and says what was typed."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from reconcile.models import MatchRule
from tests.portal.test_rules_pages import FEE

pytestmark = pytest.mark.django_db
KEYS = ("max_amount", "min_amount", "priority", "days", "pattern", "target")


def _refusal(client, accountant, lang: str, **changes) -> str:
    client.force_login(accountant)
    response = client.post(reverse("portal:match-rules"), {**FEE, **changes}, HTTP_ACCEPT_LANGUAGE=lang, follow=True)
    assert not MatchRule.objects.exists()
    body = html.unescape(response.content.decode())
    start = body.index('class="messages"')
    return body[start : body.index("</ul>", start)]


@pytest.mark.parametrize(
    ("changes", "english", "chinese"),
    [
        ({"max_amount": "5O.00"}, "Amount at most must be an amount", ""),
        ({"min_amount": "5O.00"}, "Amount at least must be an amount", "金额不低于"),
        ({"min_amount": "60", "max_amount": "50"}, "“Amount at least” 60.00 is above “Amount at most” 50.00", ""),
        ({"days": "-3"}, "days apart must be a whole number from 0 to 31; got '-3'", "相隔天数"),
        ({"priority": "x"}, "priority must be a whole number from 0 to 10000; got 'x'", "优先级"),
        ({"pattern": "*"}, "pattern is required: the text", "文本"),
        ({"kind": "alias", "target": ""}, "An alias needs same party as", "视同名称"),
    ],
)
def test_a_refused_rule_names_the_field_in_words(client, accountant_a, changes, english, chinese):
    message = _refusal(client, accountant_a, "en", **changes)
    assert english in message and not any(key in message for key in KEYS if "_" in key), message
    message = _refusal(client, accountant_a, "zh-hans", **changes)
    assert chinese in message and not any(key in message for key in KEYS), message
