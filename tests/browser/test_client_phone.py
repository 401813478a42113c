"""Client pages on a phone (issue 18 §4): at 390x844 no page scrolls sideways and every control is touch-sized.

Clients arrive from an SMS link, on a phone. Each client page is checked for horizontal overflow (the document no wider
than the window) and for controls smaller than 44x44 CSS px (WCAG 2.5.5's target size; text links inside a sentence
are exempt, as that criterion says). Checkboxes and radio buttons count with their label, which takes the tap too.
"""

from __future__ import annotations

from django.utils import timezone

from statements.models import InquiryStatus, NonReceiptInquiry
from tests.browser.support import expect, log_in, publish_last_month, submit, tr
from tests.factories import BankAccountFactory

PHONE = {"width": 390, "height": 844}
MIN_TARGET = 44

# Controls too small to tap: (description, width, height) of each visible control below MIN_TARGET.
SMALL_TARGETS = (
    """
(() => {
  const min = %d;
  const small = [];
  const inSentence = (el) => el.tagName === "A" && !el.closest("nav, .toolbar, .actions, td, th, li.action")
      && el.parentElement && el.parentElement.tagName === "P" && el.parentElement.textContent.trim().length
      > el.textContent.trim().length + 20;
  document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary").forEach((el) => {
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || style.display === "none" || el.closest("[hidden]")) return;
    let box = el.getBoundingClientRect();
    if (!box.width && !box.height) return;  // not rendered (the skip link off-screen is 0x0 or far left)
    if (box.right < 0) return;
    if (inSentence(el)) return;
    if (el.type === "checkbox" || el.type === "radio") {
      const label = el.labels && el.labels[0];
      if (label) {
        const l = label.getBoundingClientRect();
        box = {width: Math.max(box.right, l.right) - Math.min(box.left, l.left),
               height: Math.max(box.bottom, l.bottom) - Math.min(box.top, l.top)};
      }
    }
    if (box.width < min - 0.5 || box.height < min - 0.5) {
      small.push(`${el.tagName.toLowerCase()}${el.name ? "[name=" + el.name + "]" : ""} "${(el.textContent || el.value
        || el.getAttribute("aria-label") || "").trim().slice(0, 30)}" ${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  });
  return small;
})()
"""
    % MIN_TARGET
)


# The innermost elements reaching past the window's right edge (to name the culprit when a page scrolls sideways).
WIDE_ELEMENTS = """
[...document.querySelectorAll("body *")].filter((el) => el.getBoundingClientRect().left + el.scrollWidth
  > document.documentElement.clientWidth + 0.5).slice(-5).map((el) => el.tagName.toLowerCase() + "."
  + el.className + "#" + el.id + " " + Math.round(el.getBoundingClientRect().left + el.scrollWidth))
"""


def _check(page, shot, step: str) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    wide = page.evaluate(WIDE_ELEMENTS) if widths[0] > widths[1] else []
    assert widths[0] <= widths[1], (
        f"{step}: the page scrolls sideways ({widths[0]} px in a {widths[1]} px window): {wide}"
    )
    small = page.evaluate(SMALL_TARGETS)
    assert small == [], f"{step}: controls smaller than {MIN_TARGET}x{MIN_TARGET}: {small}"
    shot(page, step)


def test_client_pages_fit_a_phone(new_context, chromium, shot, client_a, customer_a, account_a):
    if chromium is None:
        return  # no browser, yet required: the conftest fails the test
    second = BankAccountFactory(customer=customer_a, number="31050161373600005678")
    statements = publish_last_month({account_a: "1250000.00", second: "88000.50"})
    first = statements[account_a.pk]
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2).new_page()

    page.goto("/login/")
    _check(page, shot, "login")
    log_in(page, "client_a")
    _check(page, shot, "home")
    page.goto("/statements/")
    _check(page, shot, "statement-list")
    page.goto(f"/statements/{first.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(first.number)
    _check(page, shot, "statement-detail")
    page.goto(f"/statements/{first.pk}/agree/")
    _check(page, shot, "agree")
    page.goto(f"/statements/{first.pk}/disagree/")
    _check(page, shot, "disagree")
    # An answered inquiry: its row, a long answer included, fits the phone as a card.
    NonReceiptInquiry.objects.create(
        account=second,
        period=first.period_end.strftime("%Y-%m"),
        raised_by=client_a,
        raised_at=timezone.now(),
        in_time=True,
        answer_due=timezone.localdate(),
        status=InquiryStatus.ANSWERED,
        answer="对账单已通过网上银行发出，请在“余额对账单”中查看；如仍未看到，请联系开户行客户经理。" * 3,
    )
    page.goto("/statements/inquiry/")
    expect(page.locator("td.inquiry-answer")).to_contain_text("网上银行")
    _check(page, shot, "inquiry")
    page.goto("/accounts/")
    _check(page, shot, "accounts")
    page.goto(f"/accounts/{account_a.pk}/")
    _check(page, shot, "account-detail")

    # Answering works on the phone: agree with the confirmation step, then the receipt page.
    page.goto(f"/statements/{first.pk}/agree/")
    submit(page, page.get_by_role("button", name=tr("Yes, the balances match")))
    _check(page, shot, "after-agreeing")


def test_the_adjusted_answer_the_detail_and_the_code_page_fit_a_phone(
    new_context, chromium, shot, client_a, customer_a, account_a, ops
):
    """The answer pages that came later (调节后相符 with its items table, the statement's detail with its downloads,
    signing) fit too."""
    if chromium is None:
        return  # no browser, yet required: the conftest fails the test
    from reconcile.services.imports import import_file
    from tests.browser.support import last_finished_month
    from tests.browser.test_reconciled_answer_journey import _bank_csv

    fed = import_file(
        actor=ops,
        kind="bank",
        data=_bank_csv(last_finished_month()).encode(),
        filename="feed.csv",
        account_number=account_a.number,
    )
    assert fed.status == "done", fed.errors
    first = publish_last_month({account_a: "1250000.00"})[account_a.pk]
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2).new_page()
    log_in(page, "client_a")
    page.goto(f"/statements/{first.pk}/adjusted/")
    _check(page, shot, "adjusted")
    page.goto(f"/statements/{first.pk}/lines/")
    _check(page, shot, "detail")
    # the counterparty and the summary are readable columns (the table scrolls in place), not one character a line
    for text in ("上海恒瑞贸易有限公司", "收恒瑞货款"):
        box = page.locator("td", has_text=text).first.bounding_box()
        assert box and box["width"] > 60, f"{text!r} is squeezed into {box}"
    # the four download links are a row of buttons, not words in a sentence: each must be tappable
    heights = page.locator("p.downloads a").evaluate_all("els => els.map(e => e.getBoundingClientRect().height)")
    assert len(heights) == 4 and min(heights) >= MIN_TARGET - 0.5, heights
    page.goto(f"/statements/{first.pk}/agree/")
    submit(page, page.get_by_role("button", name=tr("Yes, the balances match")))
    _check(page, shot, "sign")


def test_the_group_batch_page_and_its_code_page_fit_a_phone(new_context, chromium, shot, customer_a):
    """A group user answers several companies' statements from a phone: one block per statement, the company name
    readable (it was squeezed to one character a line), the tick box touch-sized."""
    if chromium is None:
        return  # no browser, yet required: the conftest fails the test
    from portal.models import Role
    from reconcile.services.groups import customer_parent_set, group_grant
    from tests.factories import CustomerFactory, make_user

    subsidiaries = [CustomerFactory(legal_name=f"恒瑞精密制造子公司{n}有限公司") for n in (1, 2)]
    user = make_user("group_phone", [Role.CLIENT_VIEWER, Role.CLIENT_CONFIRMER], customer_a)
    for subsidiary in subsidiaries:
        customer_parent_set(actor=None, credit_code=subsidiary.credit_code, parent_credit_code=customer_a.credit_code)
        group_grant(actor=None, user=user, subsidiary_credit_code=subsidiary.credit_code, authorisation="授权书 1")
    statements = publish_last_month({BankAccountFactory(customer=s): "100000.00" for s in subsidiaries})
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2).new_page()
    log_in(page, "group_phone")
    page.goto("/statements/batch/")
    _check(page, shot, "batch")
    name = page.get_by_text(subsidiaries[0].legal_name, exact=True)
    box = name.bounding_box()
    assert box and box["width"] > 150, f"the company name is squeezed into {box}"
    # The statement list names each row's company too: a readable column, not one character a line.
    page.goto("/statements/")
    _check(page, shot, "statement-list")
    cell = page.locator("td.company", has_text=subsidiaries[0].legal_name).first.bounding_box()
    assert cell and cell["width"] > 100, f"the company column is squeezed into {cell}"
    # and so does the home page's list of statements to answer
    page.goto("/")
    _check(page, shot, "home")
    cell = page.locator("td", has_text=subsidiaries[0].legal_name).first.bounding_box()
    assert cell and cell["width"] > 100, f"the home page's company column is squeezed into {cell}"
    page.goto("/statements/batch/")
    for statement in statements.values():
        page.get_by_role("checkbox", name=statement.number).check()
    submit(page, page.get_by_role("button", name=tr("Agree with the selected statements")))
    _check(page, shot, "batch-code")


def test_an_answer_with_its_items_reads_on_a_phone(new_context, chromium, shot, client_a, customer_a, account_a):
    """The answer history lists the outstanding items of an answer: on a phone each item is a block whose amount and
    date stay on one line (they wrapped a digit or two a line: "30 / ,0 / 00 / .0 / 0")."""
    if chromium is None:
        return  # no browser, yet required: the conftest fails the test
    from statements.services.confirmations import confirmation_submit

    first = publish_last_month({account_a: "1250000.00"})[account_a.pk]
    end = first.period_end.isoformat()
    confirmation_submit(
        actor=client_a,
        statement_id=first.pk,
        decision="disagree",
        book_balance="1198500.00",
        reason="差额待查",
        outstanding=[
            {"kind": "journal_in_not_bank", "date": end, "amount": "30000.00", "summary": "收恒瑞贸易转账支票"},
            {"kind": "journal_out_not_bank", "date": end, "amount": "1080000.00", "summary": "付中科信达设备款"},
        ],
    )
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2).new_page()
    log_in(page, "client_a")
    page.goto(f"/statements/{first.pk}/")
    _check(page, shot, "answer-items")
    for text in ("30,000.00", "1,080,000.00", end):
        cell = page.locator("td", has_text=text).first
        box = cell.bounding_box()
        assert box and box["height"] < 2.2 * 22, f"{text} wraps: {box}"


def test_the_accounts_list_reads_on_a_phone(new_context, chromium, shot, client_a, customer_a, account_a):
    """The accounts list names each account's company and branch: on a phone each is a readable column (the table
    scrolls in place), not one character a line (上/海/恒/瑞 ... one under the other, the status column cut off)."""
    if chromium is None:
        return  # no browser, yet required: the conftest fails the test
    BankAccountFactory(customer=customer_a, number="31050161373600005678", currency="USD")
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2).new_page()
    log_in(page, "client_a")
    page.goto("/accounts/")
    _check(page, shot, "accounts")
    for text in (customer_a.legal_name, account_a.branch):
        box = page.locator("td", has_text=text).first.bounding_box()
        assert box and box["width"] > 100, f"{text!r} is squeezed into {box}"
