"""A page refused for a role names the roles it needs with the page language's list separator: "Accountant,
Reviewer" in English, "会计，复核人" in Chinese (not an English comma inside a Chinese sentence)."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_roles_of_a_refused_page_are_listed_in_english(client, client_a):
    client.force_login(client_a)
    body = client.get(reverse("portal:reconcile"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "This page needs one of these roles: Accountant, Reviewer." in body


def test_the_roles_of_a_refused_page_are_listed_with_a_chinese_comma(client, client_a):
    client.force_login(client_a)
    body = client.get(reverse("portal:reconcile")).content.decode()
    assert "此页面需要以下角色之一：会计，复核人。" in body
    assert "会计, 复核人" not in body
