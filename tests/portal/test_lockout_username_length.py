"""A username longer than any user's (150 characters) reached the lockout's record of the failed attempt (255
characters), which PostgreSQL refused: the token call and the sign-in page answered 500. The token call refuses it as
a bad field; the sign-in page's failure is recorded under its first 150 characters."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.mark.parametrize("length", [151, 300, 10_000])
def test_an_overlong_username_is_a_400_naming_the_field_and_no_attempt_is_recorded(client_a, length):
    response = APIClient(HTTP_ACCEPT_LANGUAGE="en").post(
        reverse("api:token"), {"username": "u" * length, "password": "x"}, format="json"
    )
    assert response.status_code == 400, response.content[:300]
    assert response.json()["code"] == "invalid"
    assert response.json()["errors"]["username"] == ["Ensure this field has no more than 150 characters."]
    assert not AccessAttempt.objects.exists()


def test_a_username_of_150_characters_is_just_wrong_credentials(client_a):
    response = APIClient().post(reverse("api:token"), {"username": "u" * 150, "password": "x"}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "invalid_credentials"


def test_the_sign_in_page_records_an_overlong_username_cut_to_150_characters(client_a):
    response = Client(HTTP_ACCEPT_LANGUAGE="en").post(
        reverse("portal:login"), {"username": "u" * 10_000, "password": "x"}
    )
    assert response.status_code == 200  # the form again, with its error
    assert [len(a.username) for a in AccessAttempt.objects.all()] == [150]


def test_a_failed_sign_in_keeps_the_username_typed_and_not_the_password(client_a):
    """The page emptied the username after a wrong password: the user typed both again."""
    response = Client().post(
        reverse("portal:login"), {"username": "client_a", "password": "wrong"}, headers={"accept-language": "en"}
    )
    body = response.content.decode()
    assert response.status_code == 200 and "Your username and password did not match" in body
    assert 'name="username" id="id_username" value="client_a"' in body
    assert 'aria-invalid="true" aria-describedby="login-error"' in body and 'id="login-error"' in body
    assert "wrong" not in body.split('id="id_password"', 1)[1].split(">", 1)[0]  # the password is never echoed
    assert 'autocomplete="current-password" required autofocus' in body  # the cursor waits in the password box
