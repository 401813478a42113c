"""The authenticator enrolment page on a desktop window: the otpauth:// link (about 200 characters without a space)
ran past its card and the window, and the whole page scrolled sideways."""

from __future__ import annotations

from tests.browser.support import PASSWORD, expect, submit

PAGE_WIDER_THAN_WINDOW = "document.documentElement.scrollWidth > window.innerWidth"


def test_the_enrolment_link_wraps_inside_its_card(new_context, chromium, shot, ops, settings):
    if chromium is None:
        return  # no browser, yet required: the conftest fails the test
    settings.BANK_STAFF_REQUIRE_2FA = True
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto("/login/")
    page.get_by_label("用户名", exact=True).fill("ops_user")
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    submit(page, page.get_by_role("button", name="登录", exact=True))
    expect(page.get_by_role("heading", name="确认登录")).to_be_visible()
    link = page.locator("main a[href^='otpauth:']")
    expect(link).to_be_visible()
    shot(page, "enrol")
    card = page.locator("main section.card").bounding_box()
    box = link.bounding_box()
    assert box["x"] + box["width"] <= card["x"] + card["width"] + 0.5
    assert not page.evaluate(PAGE_WIDER_THAN_WINDOW)
