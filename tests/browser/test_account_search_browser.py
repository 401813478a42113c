"""Choosing the account of a file by searching, in a real browser on a phone (issue 22 item 8): a user who may use
more accounts than a list shows types part of a number, picks the account with the keyboard and uploads; another
company's account is never listed."""

from __future__ import annotations

import re

import portal.account_fields
from reconcile.models import Import, ImportStatus
from tests.browser.support import expect, log_in, submit, tr
from tests.browser.test_client_phone import PHONE, WIDE_ELEMENTS
from tests.factories import BankAccountFactory
from tests.fixtures.worked_example import BANK_CSV


def _fits(page, step: str) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    wide = page.evaluate(WIDE_ELEMENTS) if widths[0] > widths[1] else []
    assert widths[0] <= widths[1], f"{step}: the page scrolls sideways ({widths[0]} px in {widths[1]} px): {wide}"


def test_an_accountant_searches_picks_and_uploads_on_a_phone(
    new_context, chromium, shot, monkeypatch, accountant_a, customer_a, account_a, account_b
):
    if chromium is None:
        return  # no browser, yet required: the conftest fails the test
    monkeypatch.setattr(portal.account_fields, "ACCOUNT_CHOICES_LIMIT", 2)  # the live server runs in this process
    for n in range(3):
        BankAccountFactory(customer=customer_a, number=f"3105016137360000{n}777")
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2).new_page()
    log_in(page, "accountant_a")
    page.goto("/imports/upload/")
    box = page.get_by_role("combobox", name=tr("Account"))
    expect(box).to_be_visible()
    status = page.locator(".account-status")

    # Another company's account is not found, whatever part of it is typed.
    box.press_sequentially(account_b.number[:10])
    expect(status).to_have_text(tr("No account of yours matches."))
    expect(page.get_by_role("listbox")).to_be_hidden()

    # Part of the number, then the arrow keys and Enter: the only match goes into the box.
    box.fill("")
    box.press_sequentially("01234")
    options = page.get_by_role("listbox").get_by_role("option")
    expect(options).to_have_count(1)
    expect(options.first).to_contain_text(account_a.number)
    expect(status).to_have_text(tr("1 account matches; use the arrow keys or tap it to choose it."))
    _fits(page, "results")
    shot(page, "results")
    box.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", options.first.get_attribute("id"))
    box.press("Enter")  # chooses; does not submit the form
    expect(box).to_have_value(account_a.number)
    expect(page.get_by_role("listbox")).to_be_hidden()
    expect(status).to_contain_text(account_a.number)
    assert page.url.endswith("/imports/upload/")

    page.get_by_label("文件类型", exact=True).select_option("bank")
    page.get_by_label("文件", exact=True).set_input_files(
        {"name": "工行对账单-2026-10.csv", "mimeType": "text/csv", "buffer": BANK_CSV.encode()}
    )
    shot(page, "chosen")
    submit(page, page.get_by_role("button", name="上传并导入"))
    page.wait_for_url(re.compile(r"/imports/\d+/$"))
    expect(page.locator("dl.facts strong").first).to_have_text("已导入")
    record = Import.objects.get()
    assert (record.status, record.account_id) == (ImportStatus.DONE, account_a.pk), record.errors
    _fits(page, "imported")
    shot(page, "imported")


def test_a_file_without_its_account_is_given_one_on_its_page_by_tapping_a_match(
    new_context, chromium, shot, monkeypatch, accountant_a, customer_a, account_a
):
    if chromium is None:
        return  # no browser, yet required: the conftest fails the test
    monkeypatch.setattr(portal.account_fields, "ACCOUNT_CHOICES_LIMIT", 1)
    BankAccountFactory(customer=customer_a, number="31050161373600009999", branch="北京分行")
    account_a.branch = "上海浦东分行"
    account_a.save()
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2).new_page()
    log_in(page, "accountant_a")
    page.goto("/imports/upload/")
    page.get_by_label("文件类型", exact=True).select_option("bank")
    page.get_by_label("文件", exact=True).set_input_files(
        {"name": "oct.csv", "mimeType": "text/csv", "buffer": BANK_CSV.encode()}
    )
    submit(page, page.get_by_role("button", name="上传并导入"))  # no account chosen: the file does not name one
    page.wait_for_url(re.compile(r"/imports/\d+/$"))
    expect(page.get_by_role("heading", name=tr("Which account is this file for?"))).to_be_visible()
    box = page.get_by_role("combobox", name=tr("Account"))
    box.press_sequentially("浦东")
    option = page.get_by_role("listbox").get_by_role("option")
    expect(option).to_have_count(1)
    option.first.tap()
    expect(box).to_have_value(account_a.number)
    _fits(page, "chosen-on-the-page")
    shot(page, "chosen-on-the-page")
    submit(page, page.get_by_role("button", name=tr("Import into this account")))
    expect(page.locator("dl.facts strong").first).to_have_text("已导入")
    record = Import.objects.get(status=ImportStatus.DONE)
    assert record.account_id == account_a.pk and Import.objects.count() == 2
