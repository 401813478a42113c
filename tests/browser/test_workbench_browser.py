"""The workbench and the upload form in a real browser (issue 22 items 8, 10, 11 and 25)."""

from __future__ import annotations

import re
import threading
from decimal import Decimal

import pytest

import reconcile.queue
from reconcile.models import Import, JournalEntry, Match, MatchRun, PeriodClose
from reconcile.services.imports import import_file
from tests.browser.support import expect, log_in, submit, tr
from tests.fixtures.books import import_both
from tests.fixtures.many_lines import bank_csv, journal_csv

PERIOD = "2026-10-31"


def _import(account, actor, kind: str, text: str) -> None:
    record = import_file(
        actor=actor,
        kind=kind,
        data=text.encode("gb18030" if kind == "journal" else "utf-8"),
        filename=f"{kind}.csv",
        account_number=account.number,
        customer=account.customer,
    )
    assert record.status == "done", record.errors


@pytest.fixture
def many(account_a, accountant_a):
    _import(account_a, accountant_a, "bank", bank_csv(250, tagged=120))
    _import(account_a, accountant_a, "journal", journal_csv([("2026-10-31", "收代收款", Decimal("1200.00"))]))
    return account_a


def _bar_top(page) -> float:
    return page.locator("p.sticky").bounding_box()["y"]


def test_tabbing_through_the_lines_never_hides_the_focused_box_under_the_bar(page, shot, accountant_a, many):
    """WCAG 2.2 2.4.11: each bank line's box reached by Tab lies above the sticky "match selected" bar."""
    log_in(page, "accountant_a")
    page.goto(f"/reconcile/{many.pk}/?period={PERIOD}")
    page.locator("#b_amount").focus()
    reached = 0
    for _press in range(80):
        page.keyboard.press("Tab")
        name = page.evaluate("document.activeElement.name")
        if name != "bank":
            continue
        box = page.evaluate(
            "(() => { const r = document.activeElement.getBoundingClientRect();"
            " return {top: r.top, bottom: r.bottom}; })()"
        )
        bar = _bar_top(page)
        assert 0 <= box["top"] and box["bottom"] <= bar, f"focused box {box} under the bar at {bar}"
        reached += 1
        if reached == 12:
            break
    assert reached == 12, "Tab never reached the bank lines"
    shot(page, "focused-box-above-the-bar")


def test_pages_keep_the_selection_and_select_all_matches_every_page(page, shot, accountant_a, many):
    log_in(page, "accountant_a")
    page.goto(f"/reconcile/{many.pk}/?period={PERIOD}")
    difference = page.locator("#difference")
    bank = page.locator("input[type=checkbox][name=bank]")
    expect(bank).to_have_count(100)
    bank.first.check()
    expect(difference).to_have_text(re.compile(r"^1 / 0 · "))
    page.get_by_role("navigation", name=tr("Pages of bank lines")).get_by_role("link", name=tr("Next page")).click()
    page.wait_for_url(re.compile(r"b_page=2"))
    expect(difference).to_have_text(re.compile(r"^1 / 0 · "))  # the tick on page 1 is kept
    page.locator("input[type=checkbox][name=bank]").first.check()
    expect(difference).to_have_text(re.compile(r"^2 / 0 · .*: 20\.00$"))
    shot(page, "selection-kept-across-pages")

    # Filter to the 120 代收 lines (two pages) and match them all with the one journal entry.
    page.goto(f"/reconcile/{many.pk}/?period={PERIOD}&b_q=代收&j_q=代收")
    page.get_by_role("checkbox", name=re.compile(r"\b120\b.*filter|筛选.*\b120\b")).check()
    page.locator("input[type=checkbox][name=journal]").first.check()
    expect(difference).to_have_text(re.compile(r"^120 / 1 · .*: 0\.00$"))
    expect(difference).to_have_class("ok-text")
    submit(page, page.get_by_role("button", name=tr("Match selected (Alt+M)")))
    assert page.url.endswith("#lines")
    group = Match.objects.get(account=many, undone_at__isnull=True)
    assert group.links.filter(bank_line__isnull=False).count() == 120
    expect(page.locator("#difference")).to_contain_text(str(group.pk))  # the result, announced by the live region
    assert page.evaluate("document.activeElement.id") == "lines"  # focus stays at the lists
    shot(page, "all-matching-matched")


def test_auto_match_shows_its_progress_from_the_start(page, shot, accountant_a, account_a, settings, monkeypatch):
    import_both(account_a, accountant_a)
    settings.EAGER_MATCH_RUNS_IN_THREAD = True
    release = threading.Event()
    real = reconcile.queue._run_in_thread

    def held(task, *args):
        release.wait(timeout=60)
        real(task, *args)

    monkeypatch.setattr(reconcile.queue, "_run_in_thread", held)
    log_in(page, "accountant_a")
    page.goto(f"/reconcile/{account_a.pk}/?period={PERIOD}")
    submit(page, page.get_by_role("button", name=tr("Match automatically")))
    page.wait_for_url(re.compile(r"/reconcile/runs/\d+/$"))
    expect(page.get_by_role("status").locator("progress")).to_have_attribute("value", "0")
    shot(page, "run-queued")
    run_url = page.url
    page.goto("about:blank")  # no refresh reading while the run writes (SQLite in tests)
    release.set()
    for thread in threading.enumerate():
        if thread.name == "eager-reconcile.match_run":
            thread.join(timeout=60)
    assert MatchRun.objects.get(account=account_a).state == "done"
    page.goto(run_url)
    expect(page.get_by_role("status").locator("progress")).to_have_attribute("value", "100")
    shot(page, "run-done")


def test_closing_asks_first_and_a_closed_period_is_read_only(page, shot, accountant_a, books):
    import datetime as dt

    from reconcile.services.matching import match_run_execute, match_run_start

    match_run_execute(
        run_id=match_run_start(actor=accountant_a, account_id=books.pk, period_end=dt.date(2026, 10, 31)).pk
    )
    log_in(page, "accountant_a")
    page.goto(f"/reconcile/{books.pk}/?period={PERIOD}")
    close = page.get_by_role("button", name=tr("Sign off (close) this period"))
    close.click()  # the confirmation box is required: the browser does not send the form
    assert page.evaluate("document.getElementById('close-confirm').matches(':invalid')")
    assert not PeriodClose.objects.filter(account=books).exists()
    page.get_by_role("checkbox", name=re.compile(r"(I have checked the table|我已核对调节表).*2026-10-31")).check()
    submit(page, close)
    assert PeriodClose.objects.filter(account=books, reopened_at__isnull=True).exists()
    expect(page.get_by_role("button", name=tr("Undo"), exact=True)).to_have_count(0)
    expect(page.get_by_role("button", name=tr("Match selected (Alt+M)"))).to_have_count(0)  # no match bar at all
    expect(page.get_by_role("button", name=tr("Match automatically"))).to_be_disabled()
    expect(page.get_by_role("button", name=tr("Reopen"))).to_be_visible()
    shot(page, "closed-read-only")


def test_the_upload_offers_the_accounts_and_remembers_the_one_for_this_layout(page, shot, accountant_a, account_a):
    from tests.factories import BankAccountFactory
    from tests.fixtures.worked_example import BANK_CSV

    second = BankAccountFactory(customer=account_a.customer)
    log_in(page, "accountant_a")
    page.goto("/imports/upload/")
    account = page.get_by_label(tr("Account"), exact=True)
    expect(account.locator("option")).to_have_count(3)  # "the file names it" and the company's two accounts
    page.get_by_label("文件类型", exact=True).select_option("bank")
    page.get_by_label("文件", exact=True).set_input_files(
        {"name": "工行-10月.csv", "mimeType": "text/csv", "buffer": BANK_CSV.encode()}
    )
    account.select_option(second.number)
    shot(page, "account-chosen")
    submit(page, page.get_by_role("button", name="上传并导入"))
    assert Import.objects.get().account_id == second.pk

    # Next month's statement of the same layout, uploaded without choosing: the file names no account, so its page
    # asks for one, offering the account chosen last for this layout (the kept file goes in without a new upload).
    page.goto("/imports/upload/")
    page.get_by_label("文件类型", exact=True).select_option("bank")
    november = (
        BANK_CSV.replace("2026-10-31", "2026-11-30").replace("2026-10-", "2026-11-").replace("SN202610", "SN202611")
    )
    page.get_by_label("文件", exact=True).set_input_files(
        {"name": "工行-11月.csv", "mimeType": "text/csv", "buffer": november.encode()}
    )
    submit(page, page.get_by_role("button", name="上传并导入"))
    page.wait_for_url(re.compile(r"/imports/\d+/$"))
    expect(page.get_by_role("heading", name=tr("Which account is this file for?"))).to_be_visible()
    expect(page.get_by_label(tr("Account"), exact=True)).to_have_value(second.number)  # remembered for this layout
    shot(page, "account-remembered")
    assert JournalEntry.objects.count() == 0


def test_a_matched_workbench_does_not_scroll_sideways_on_a_phone(new_context, chromium, shot, accountant_a, books):
    # Each matched group carries an undo form whose reason label is visually hidden (absolutely placed): it must stay
    # inside the box that scrolls, not widen the page.
    if chromium is None:
        return  # no browser, yet required: the conftest fails the test
    import datetime as dt

    from django.conf import settings

    from reconcile.services.matching import match_run_execute, match_run_start

    match_run_execute(
        run_id=match_run_start(actor=accountant_a, account_id=books.pk, period_end=dt.date(2026, 10, 31)).pk
    )
    context = new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    log_in(page, "accountant_a")
    # In English: its longer words make the groups' table wider than the window, so it has to scroll in its box.
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": page.url}])
    page.goto(f"/reconcile/{books.pk}/?period={PERIOD}")
    expect(page.get_by_role("button", name="Undo", exact=True).first).to_be_attached()
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    shot(page, "workbench-phone")
    assert widths[0] <= widths[1], f"the workbench scrolls sideways: {widths[0]} px in a {widths[1]} px window"


def test_a_refused_match_comes_back_with_the_same_lines_ticked_and_a_match_that_went_in_clears_them(
    page, shot, accountant_a, books
):
    log_in(page, "accountant_a")
    page.goto(f"/reconcile/{books.pk}/?period={PERIOD}")
    bank = page.locator("input[type=checkbox][name=bank]")
    journal = page.locator("input[type=checkbox][name=journal]")
    # 200,000.00 received at the bank against 50,000.00 paid in the books: the difference is not 0.00.
    page.locator("table.lines tr", has_text="SN20261008001").locator("input[type=checkbox]").check()
    page.locator("table.lines tr", has_text="记-18").locator("input[type=checkbox]").check()
    submit(page, page.get_by_role("button", name=tr("Match selected (Alt+M)")))
    expect(page.locator(".messages li.error")).to_have_count(1)
    shot(page, "refused-still-ticked")
    ticked = page.locator("input[type=checkbox][name=bank]:checked, input[type=checkbox][name=journal]:checked")
    expect(ticked).to_have_count(2)
    # Correct the journal side only, and the match goes in; then nothing is ticked any more.
    page.locator("table.lines tr", has_text="记-18").locator("input[type=checkbox]").uncheck()
    page.locator("table.lines tr", has_text="记-12").locator("input[type=checkbox]").check()
    submit(page, page.get_by_role("button", name=tr("Match selected (Alt+M)")))
    expect(page.locator(".messages li.success")).to_have_count(1)
    expect(ticked).to_have_count(0)
    assert Match.objects.filter(account=books).count() == 1
    assert bank.count() and journal.count()
    page.reload()
    expect(ticked).to_have_count(0)
    shot(page, "matched-nothing-ticked")


def test_the_zip_form_stands_apart_from_the_accounts_table(page, shot, accountant_a, account_a):
    """On /reconcile/ the all-accounts ZIP form touched the accounts table's last row."""
    log_in(page, "accountant_a")
    page.goto("/reconcile/")
    table = page.locator("main table.grid").first.bounding_box()
    form = page.locator("form.filters:has(#zip-period)").bounding_box()
    shot(page, "reconcile-home")
    assert table and form and form["y"] - (table["y"] + table["height"]) >= 8, (table, form)
