"""The 调节后相符 answer page on a desktop window: its outstanding-items table (a kind list naming the longest kind,
a date, an amount, a summary and a reference per row) was wider than its card and scrolled sideways at 1280px."""

from __future__ import annotations

from django.conf import settings as django_settings
from django.urls import reverse

from tests.browser.support import expect, log_in, publish_last_month

TABLE_SCROLLS = "(el) => el.scrollWidth > el.clientWidth + 1"
PAGE_WIDER_THAN_WINDOW = "document.documentElement.scrollWidth > window.innerWidth"


def test_the_outstanding_items_fit_their_card_at_1280px(new_context, chromium, shot, client_a, account_a):
    if chromium is None:
        return  # no browser, yet required: the conftest fails the test
    statement = publish_last_month({account_a: "1250000.00"})[account_a.pk]
    context = new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, "client_a")
    for language in ("zh-Hans", "en"):
        if language == "en":  # English labels ("received by the company, not yet by the bank") are the longer
            context.add_cookies([{"name": django_settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": page.url}])
        page.goto(reverse("portal:statement-adjusted", args=[statement.pk]))
        expect(page.locator("html")).to_have_attribute("lang", language.lower())
        table = page.locator("main table.stack")
        expect(table).to_be_visible()
        shot(page, f"adjusted-{language}")
        card = page.locator("main section.card").bounding_box()
        box = table.bounding_box()
        assert box["x"] + box["width"] <= card["x"] + card["width"] + 0.5, (language, box, card)
        assert not page.locator("main .scroll").evaluate(TABLE_SCROLLS), language
        assert not page.evaluate(PAGE_WIDER_THAN_WINDOW), language
        for control in page.locator("main table.stack td select, main table.stack td input").all():
            control_box = control.bounding_box()
            assert control_box["x"] + control_box["width"] <= card["x"] + card["width"], language
