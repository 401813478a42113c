"""The code page of an answer on a desktop window: its facts box is a narrow card, and a long label (贵公司账面余额)
left the statement's 20-digit account number too little room; it ran past the box and the card's right edge."""

from __future__ import annotations

from tests.browser.support import expect, log_in, publish_last_month, submit, tr

# Each fact of the box whose right edge lies past the box's own.
PAST_THE_BOX = """
(() => {
  const box = document.querySelector("main dl.facts").getBoundingClientRect();
  return [...document.querySelectorAll("main dl.facts dd")].filter((dd) => {
    const range = document.createRange();
    range.selectNodeContents(dd);
    return range.getBoundingClientRect().right > box.right + 0.5;
  }).map((dd) => dd.textContent.trim());
})()
"""


def test_the_facts_of_the_code_page_stay_inside_their_box(new_context, chromium, shot, client_a, account_a):
    if chromium is None:
        return  # no browser, yet required: the conftest fails the test
    statement = publish_last_month({account_a: "1250000.00"})[account_a.pk]
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(page, "client_a")
    page.goto(f"/statements/{statement.pk}/disagree/")
    page.get_by_label("贵公司账面余额", exact=True).fill("1,249,500.00")
    page.get_by_label("不符原因", exact=True).fill("我方已记一笔 500.00 元手续费，贵行对账单未扣。")
    submit(page, page.get_by_role("button", name="提交不符回复"))
    expect(page.get_by_role("heading", level=1)).to_have_text(tr("Sign your answer"))
    shot(page, "code-page")
    assert page.evaluate(PAST_THE_BOX) == []
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
