"""README "Commands": `create_user --mobile` takes a mainland mobile "optionally +86 first", and the answer page says
where the code went, 138****5678. A mobile registered as +8613912345678 was shown as "+86****5678": the first three
characters were the country code, so the user could not tell which phone to look at."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command

from statements.models import AnswerChallenge
from statements.services.answer_codes import answer_challenge_start, mask_phone

pytestmark = pytest.mark.django_db
DURING = dt.datetime(2026, 10, 12, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.mark.parametrize(
    "phone",
    ["13912345678", "+8613912345678", "+86 139 1234 5678", "008613912345678", "8613912345678", "139-1234-5678"],
)
def test_a_mainland_mobile_is_masked_as_its_eleven_digits(phone):
    assert mask_phone(phone) == "139****5678"


@pytest.mark.parametrize(("phone", "masked"), [("+4915112345678", "+49****5678"), ("123", "****"), ("", "****")])
def test_other_numbers_keep_the_old_mask(phone, masked):
    assert mask_phone(phone) == masked


def test_the_code_page_names_a_plus_86_mobile_by_its_own_digits(published, customer_a):
    call_command(
        "create_user",
        "wang.plus86",
        "--role",
        "client_confirmer",
        "--role",
        "client_viewer",
        "--customer",
        customer_a.credit_code,
        "--password",
        "Xy!23456789abc",
        "--mobile",
        "+8613912345678",
    )
    user = get_user_model().objects.get(username="wang.plus86")
    with time_machine.travel(DURING, tick=False):
        challenge, how = answer_challenge_start(actor=user, statement_id=published[customer_a.pk].pk, decision="agree")
    assert how == "sent"
    assert AnswerChallenge.objects.get(pk=challenge.pk).phone_masked == "139****5678"
