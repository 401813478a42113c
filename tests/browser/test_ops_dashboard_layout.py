"""The ops dashboard on a desktop window: every table stays inside its card."""

from __future__ import annotations

from django.conf import settings as django_settings

from tests.browser.support import expect, log_in, publish_last_month
from tests.factories import BankAccountFactory

# Tables wider than the card they sit in (and not in a box that scrolls): how far past its right edge, and the first
# column's heading.
OVERFLOWING_TABLES = """
[...document.querySelectorAll("main table")].filter((table) => {
  const box = table.parentElement.getBoundingClientRect();
  return table.getBoundingClientRect().right > box.right + 0.5
    && getComputedStyle(table.parentElement).overflowX === "visible";
}).map((table) => Math.round(table.getBoundingClientRect().right - table.parentElement.getBoundingClientRect().right)
  + " px: " + table.querySelector("th").innerText)
"""


def test_the_publishing_runs_table_stays_inside_its_card_in_english(new_context, chromium, shot, ops, settings):
    if chromium is None:
        return  # no browser, yet required: the conftest fails the test
    settings.BANK_STAFF_REQUIRE_2FA = False  # the embedded default; the second factor has its own tests
    publish_last_month({BankAccountFactory(): "1250000.00"})
    context = new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, "ops_user")
    # English headings ("Notices sent after the deadline") make the table wider than the Chinese ones.
    context.add_cookies([{"name": django_settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": page.url}])
    page.goto("/ops/")
    expect(page.get_by_role("heading", name="Publishing runs and deadlines")).to_be_visible()
    shot(page, "dashboard-en")
    assert page.evaluate(OVERFLOWING_TABLES) == []


# Cells of the first column (a period, "2026-11") whose text the browser broke over more than one line.
BROKEN_PERIODS = """
[...document.querySelectorAll("main table tbody tr td:first-child")].filter((cell) => {
  const range = document.createRange();
  range.selectNodeContents(cell);
  const tops = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
  return tops.size > 1;
}).map((cell) => cell.innerText)
"""


def test_a_period_is_never_broken_at_its_hyphen_in_english(new_context, chromium, shot, ops, settings):
    if chromium is None:
        return  # no browser, yet required: the conftest fails the test
    settings.BANK_STAFF_REQUIRE_2FA = False
    publish_last_month({BankAccountFactory(): "1250000.00"})
    context = new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, "ops_user")
    context.add_cookies([{"name": django_settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": page.url}])
    page.goto("/ops/")
    expect(page.get_by_role("heading", name="Return rate")).to_be_visible()
    shot(page, "periods-on-one-line")
    assert page.evaluate(BROKEN_PERIODS) == []


def test_a_refused_upload_on_the_onboarding_page_wraps_inside_its_card(
    new_context, chromium, shot, ops, settings, tmp_path
):
    """A file without the required columns is refused with one long line naming every column: it wraps inside the
    card instead of widening the page to several screens (the desktop window scrolled sideways to 4,900 px)."""
    if chromium is None:
        return  # no browser, yet required: the conftest fails the test
    settings.BANK_STAFF_REQUIRE_2FA = False  # the embedded default; the second factor has its own tests
    bad = tmp_path / "bad.csv"
    bad.write_text("交易日期,摘要,收入金额\n2026-11-03,货款,100\n", encoding="utf-8")
    page = new_context(viewport={"width": 1366, "height": 768}).new_page()
    log_in(page, "ops_user")
    page.goto("/ops/onboarding/")
    form = page.locator("form:has(input[name='agreements-file'])")
    form.locator("input[type=file]").set_input_files(str(bad))
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator("pre.error").first).to_contain_text("customer_name")
    shot(page, "onboarding-refused")
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"the page scrolls sideways: {widths}"


def test_a_button_that_cannot_be_used_does_not_look_like_one_that_can(new_context, chromium, shot, ops, settings):
    """With no paper statement waiting, "Make a print batch" is disabled: it looked exactly like the enabled blue
    button, so a click that did nothing looked like a broken page."""
    if chromium is None:
        return  # no browser, yet required: the conftest fails the test
    settings.BANK_STAFF_REQUIRE_2FA = False  # the embedded default; the second factor has its own tests
    page = new_context(viewport={"width": 1366, "height": 768}).new_page()
    log_in(page, "ops_user")
    page.goto("/ops/paper/")
    button = page.locator("main form button.primary").first
    expect(button).to_be_disabled()
    shot(page, "paper-nothing-waiting")
    style = button.evaluate("b => [getComputedStyle(b).opacity, getComputedStyle(b).cursor]")
    assert float(style[0]) < 1 and style[1] == "not-allowed", style
