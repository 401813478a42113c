"""/favicon.ico answers (browsers ask for it whatever the pages link): a redirect to the portal's SVG icon, which is
served, to anyone, without a login."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_favicon_ico_leads_to_the_svg_icon_the_pages_link(client):
    answer = client.get("/favicon.ico")
    assert answer.status_code == 302 and answer["Location"].endswith("portal/favicon.svg")
    assert "max-age=86400" in answer["Cache-Control"]
    icon = client.get(answer["Location"])
    assert icon.status_code == 200 and icon["Content-Type"].startswith("image/svg+xml")
    assert b"<svg" in b"".join(icon.streaming_content) if icon.streaming else b"<svg" in icon.content
    # The same icon the pages link.
    login = client.get("/login/").content.decode()
    assert f'href="{answer["Location"]}"' in login
    assert client.head("/favicon.ico").status_code == 302
    assert client.post("/favicon.ico").status_code == 405
