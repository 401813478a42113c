"""The workbench as people use it (issue 22): one language, no emoji, pages of lines, a confirmed and read-only close."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from reconcile.models import BankLine, Match, MatchRun, PeriodClose
from reconcile.reasons import reason_text, rule_label
from reconcile.services.imports import import_file
from reconcile.services.matching import match_run_execute, match_run_start
from tests.fixtures.language import language_restored  # noqa: F401,E402 (autouse fixture)
from tests.fixtures.many_lines import bank_csv, journal_csv

pytestmark = pytest.mark.django_db
PERIOD = "2026-10-31"
CJK = re.compile(r"[\u4e00-\u9fff]")


def _page(client, account, lang: str = "en", **params) -> str:
    response = client.get(
        reverse("portal:workbench", args=[account.pk]), {"period": PERIOD, **params}, headers={"accept-language": lang}
    )
    assert response.status_code == 200
    return response.content.decode()


def _run(account, actor) -> MatchRun:
    run = match_run_start(actor=actor, account_id=account.pk, period_end=__import__("datetime").date(2026, 10, 31))
    return match_run_execute(run_id=run.pk)


def _post(client, account, action: str, **data):
    """POST to one workbench action's own URL (portal:workbench-<action>)."""
    return client.post(reverse(f"portal:workbench-{action}", args=[account.pk]), {"period": PERIOD, **data})


def _import(account, actor, kind: str, text: str):
    record = import_file(
        actor=actor,
        kind=kind,
        data=text.encode("gb18030" if kind == "journal" else "utf-8"),
        filename=f"{kind}.csv",
        account_number=account.number,
        customer=account.customer,
    )
    assert record.status == "done", record.errors
    return record


# -- item 6: one language at a time, rules in words ------------------------------------------------------------------


def _cell_texts(body: str, heading: str) -> str:
    section = body.split(heading, 1)[1].split("</section>", 1)[0]
    return re.sub(r"<[^>]+>", " ", section)


def test_reasons_and_rules_show_in_english_only(client, accountant_a, books):
    run = _run(books, accountant_a)
    assert run.matched >= 1
    client.force_login(accountant_a)
    body = _page(client, books)
    matched = _cell_texts(body, "Matched groups")
    assert "amount_date" not in matched and "reference" not in matched.split("Why", 1)[1].lower().replace(
        "same reference", ""
    )  # rule codes are shown as words
    assert "Same amount, close dates" in matched
    assert re.search(r"dates \d+ (?:working )?days? apart", matched)
    # The engine's phrases are stored bilingual; none of their Chinese halves shows in the English page.
    for chinese in ("日期相差", "对方户名", "摘要同类", "相同参考号", "同额", "金额方向唯一"):
        assert chinese not in body
    assert "date distance" not in body and "差额 / difference" not in body
    assert 'data-label="difference"' in body  # the running difference's label, in the page's language


def test_every_reason_the_engine_gives_on_the_example_is_known(accountant_a, books):
    _run(books, accountant_a)
    stored = [r for m in Match.objects.filter(account=books) for r in m.reasons]
    assert stored
    for reason in stored:
        assert reason_text(reason) != reason, f"not rendered: {reason!r}"


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ("日期相差 2 天 / date distance 2 working days", "dates 2 working days apart"),
        ("日期相差 2 个工作日 / date distance 2 working days", "dates 2 working days apart"),
        ("最大日期差 max date distance 2 working days", "the dates lie at most 2 working days apart"),
        ("日期相差 1 天 / date distance 1 day", "dates 1 day apart"),
        ("日期相差 3 天 / date distance 3", "dates 3 days apart"),
        (
            "对方户名 counterparty 上海恒瑞贸易有限公司 ~ 恒瑞贸易 0.95",
            "counterparty 上海恒瑞贸易有限公司 ~ 恒瑞贸易 (similarity 0.95)",
        ),
        ("摘要同类 summary both payroll", "both summaries are about payroll"),
        ("摘要不同类 summary fee vs goods", "the summaries differ: fees vs goods"),
        ("相同参考号 same reference 10234567", "same reference 10234567"),
        ("金额方向唯一 unique amount+direction in window", "the only line of this amount and direction in the window"),
        ("3 笔合计等于金额 sum of 3 lines equals the amount", "3 lines add up to the amount"),
        (
            "金额相差 5.00（可能为手续费）amount differs by 5.00, possibly a bank fee",
            "the amounts differ by 5.00, possibly a bank fee",
        ),
        (
            "同额候选 2x2 same-amount candidates, optimal with margin 0.10",
            "same-amount candidates (2x2), the best assignment by a margin of 0.10",
        ),
        ("同日同源 same day, shared counterparty 恒瑞", "same day, same counterparty 恒瑞"),
        ("a note typed by a person", "a note typed by a person"),
    ],
)
def test_reason_phrases_render_in_the_active_language(stored, expected, english):
    assert reason_text(stored) == expected


def test_rule_codes_read_as_words(english):
    assert rule_label("amount_date") == "Same amount, close dates"
    assert rule_label("manual") == "Matched by hand"
    assert rule_label("something_new") == "something_new"


def test_the_api_keeps_the_stored_rule_and_reasons(client, accountant_a, books):
    """The API's documented fields are unchanged: rule codes and the reasons as stored."""
    _run(books, accountant_a)
    group = Match.objects.filter(account=books).first()
    assert group.rule in (
        "reference",
        "amount_date",
        "amount_date_scored",
        "batch",
        "subset_sum",
        "amount_outside_window",
        "near_amount",
    )
    assert any("/" in r or CJK.search(r) for r in group.reasons)


# -- item 7: no emoji icons ------------------------------------------------------------------------------------------


def test_matched_groups_name_their_sides_in_text(client, accountant_a, books):
    _run(books, accountant_a)
    client.force_login(accountant_a)
    body = _page(client, books)
    assert "🏦" not in body and "📒" not in body
    assert re.search(r'<span class="side-tag">Bank</span> 10-08', body)
    assert re.search(r'<span class="side-tag">Journal</span> 10-08', body)


# -- item 10: pages of lines, select all matching the filter ---------------------------------------------------------


@pytest.fixture
def many(account_a, accountant_a):
    _import(account_a, accountant_a, "bank", bank_csv(250, tagged=120))
    _import(account_a, accountant_a, "journal", journal_csv([("2026-10-31", "收代收款", Decimal("1200.00"))]))
    return account_a


def test_the_lists_are_paged(client, accountant_a, many):
    client.force_login(accountant_a)
    body = _page(client, many)
    assert len(re.findall(r'name="bank" value="\d+"', body)) == 100
    assert "Bank lines not matched (250)" in body
    assert "Page 1 of 3 (lines 1–100 of 250)" in body and "b_page=2#lines" in body
    last = _page(client, many, b_page="3")
    assert len(re.findall(r'name="bank" value="\d+"', last)) == 50
    assert "Page 3 of 3 (lines 201–250 of 250)" in last
    # Paging one side keeps the other side's page and the filter.
    filtered = _page(client, many, b_q="代收", j_q="代收")
    assert "Bank lines not matched (120)" in filtered
    assert re.search(r'href="\?[^"]*b_q=%E4%BB%A3%E6%94%B6[^"]*b_page=2#lines"', filtered)


def test_select_all_matching_the_filter_matches_lines_on_every_page(client, accountant_a, many):
    client.force_login(accountant_a)
    body = _page(client, many, b_q="代收", j_q="代收")
    assert 'name="bank_all" value="1" id="bank-all" data-signed="1200.00" data-count="120"' in body
    assert "Select all 120 lines matching the filter" in body
    # The filter travels with the match form, so "all matching" means the same lines on the server.
    assert '<input type="hidden" name="b_q" value="代收">' in body
    from reconcile.models import JournalEntry

    entry = JournalEntry.objects.get(account=many)
    response = _post(client, many, "match", bank_all="1", b_q="代收", j_q="代收", journal=[entry.pk])
    assert response.status_code == 302
    assert response["Location"].endswith("#lines") and "b_q=%E4%BB%A3%E6%94%B6" in response["Location"]
    group = Match.objects.get(account=many, undone_at__isnull=True)
    assert group.links.filter(active=True, bank_line__isnull=False).count() == 120
    assert set(BankLine.objects.filter(links__match=group).values_list("summary", flat=True)) == {"代收"}
    assert "Bank lines not matched (130)" in _page(client, many)


def test_the_filter_finds_lines_by_their_counterparty_on_either_side(client, accountant_a, books):
    # Both sides keep the party in the same field (counterparty_name): one filter reads it on either side.
    from reconcile.models import JournalEntry

    JournalEntry.objects.filter(account=books, serial="记-18").update(
        counterparty_name="北京中科信达科技有限公司财务部"
    )
    client.force_login(accountant_a)
    body = _page(client, books, b_q="科技有限公司", j_q="科技有限公司")
    shown_bank = re.findall(r'name="bank" value="(\d+)"', body)
    shown_journal = re.findall(r'name="journal" value="(\d+)"', body)
    assert shown_bank == [str(BankLine.objects.get(account=books, serial="SN20261015001").pk)]
    assert shown_journal == [str(JournalEntry.objects.get(account=books, serial="记-18").pk)]
    assert "记-18" in body and "财务部" in body  # the entry's row shows its voucher and its party


def test_select_all_for_another_customers_account_is_refused(client, accountant_a, account_b, many):
    client.force_login(accountant_a)
    response = _post(client, account_b, "match", bank_all="1")
    assert response.status_code == 404


def test_a_hostile_filter_in_select_all_matches_nothing(client, accountant_a, many):
    from reconcile.models import JournalEntry

    client.force_login(accountant_a)
    entry = JournalEntry.objects.get(account=many)
    response = _post(client, many, "match", bank_all="1", b_q="=1+1", b_amount="abc", journal=[entry.pk])
    assert response.status_code == 302  # no line's summary holds "=1+1": nothing to match, said on the page
    assert not Match.objects.filter(account=many).exists()
    refused = _post(client, many, "match", bank_all="1", b_q="代收\x00", journal=[entry.pk])
    assert refused.status_code == 400  # NUL: the unreadable-input guard, before the view
    assert not Match.objects.filter(account=many).exists()


# -- item 11: closing asks for confirmation; a closed period is read-only --------------------------------------------


def test_closing_needs_the_confirmation(client, accountant_a, books):
    _run(books, accountant_a)
    client.force_login(accountant_a)
    body = _page(client, books)
    assert 'name="confirm" value="yes" required' in body
    client.post(
        reverse("portal:workbench-close", args=[books.pk]),
        {"period": PERIOD},
        headers={"accept-language": "en"},
    )  # the refusal is flashed in the language of the request
    assert not PeriodClose.objects.filter(account=books).exists()
    follow = client.get(
        reverse("portal:workbench", args=[books.pk]), {"period": PERIOD}, headers={"accept-language": "en"}
    )
    assert "The period was not closed" in follow.content.decode()
    _post(client, books, "close", confirm="yes")
    assert PeriodClose.objects.filter(account=books, reopened_at__isnull=True).exists()


def test_a_closed_period_shows_no_undo_accept_or_match(client, accountant_a, books):
    _run(books, accountant_a)
    assert Match.objects.filter(account=books, undone_at__isnull=True).exists()
    client.force_login(accountant_a)
    url = {
        name: reverse(f"portal:workbench-{name}", args=[books.pk])
        for name in ("undo", "accept", "reject", "accept-above")
    }
    url |= {name: reverse(f"portal:workbench-{name}", args=[books.pk]) for name in ("match", "run", "reopen")}
    before = _page(client, books)
    assert f'action="{url["undo"]}"' in before
    _post(client, books, "close", confirm="yes")
    body = _page(client, books)
    assert "This period is closed and read-only." in body
    assert not any(f'action="{url[name]}"' in body for name in ("undo", "accept", "reject", "accept-above"))
    assert 'accesskey="m"' not in body and 'id="difference"' not in body  # no "Select lines on both sides" bar
    assert re.search(rf'action="{url["run"]}">.*?<button type="submit" class="primary" disabled', body, re.S)
    assert 'name="confirm"' not in body  # no second close
    assert all(" disabled" in box for box in re.findall(r'<input type="checkbox" name="(?:bank|journal)"[^>]*>', body))
    assert f'action="{url["reopen"]}"' in body


# -- item 26: hints and errors carry the ids aria-describedby names -------------------------------------------------


def _described_ids_exist(body: str) -> list[str]:
    ids = set(re.findall(r'\bid="([^"]+)"', body))
    wanted = [i for value in re.findall(r'aria-describedby="([^"]+)"', body) for i in value.split()]
    assert wanted, "no aria-describedby on the page"
    return [i for i in wanted if i not in ids]


@pytest.mark.parametrize("url_name", ["portal:import-upload", "portal:profiles"])
def test_accountant_forms_render_the_described_hints(client, accountant_a, url_name):
    client.force_login(accountant_a)
    body = client.get(reverse(url_name)).content.decode()
    assert _described_ids_exist(body) == []


def test_ops_publish_form_renders_the_described_hint(client, ops):
    client.force_login(ops)
    body = client.get(reverse("portal:ops-publish")).content.decode()
    assert 'aria-describedby="id_period_helptext"' in body and 'id="id_period_helptext"' in body


def test_client_inquiry_form_renders_the_described_hint(client, client_a, account_a):
    client.force_login(client_a)
    body = client.get(reverse("portal:inquiry-new")).content.decode()
    assert _described_ids_exist(body) == []


def test_an_invalid_field_is_marked_and_its_error_is_beside_it(client, accountant_a):
    client.force_login(accountant_a)
    body = client.post(reverse("portal:import-upload"), {"kind": "bank"}).content.decode()
    field = re.search(r'<input type="file" name="file"[^>]*>', body).group(0)
    assert 'aria-invalid="true"' in field and "id_file_error" in field
    assert 'id="id_file_error"' in body
    assert _described_ids_exist(body) == []


def test_chinese_headings_and_labels_use_chinese_punctuation(client, accountant_a, many):
    # "未勾对的银行对账单明细 (250)" and "您的角色: 会计": the colon and brackets sat outside the translated words.
    client.force_login(accountant_a)
    body = _page(client, many, lang="zh-hans")
    assert "未勾对的银行对账单明细（250）" in body and "明细 (250)" not in body
    home = client.get(reverse("portal:home"), headers={"accept-language": "zh-hans"}).content.decode()
    assert "您的角色：" in home and "您的角色:" not in home


def test_accepting_above_a_score_no_suggestion_reaches_says_so(client, accountant_a, books):
    """ "0 suggestions accepted, 0 skipped ... choose those yourself" read as a failure when simply none scored that
    high: the page says none reached the score and what to do instead."""
    from reconcile.models import Suggestion

    _run(books, accountant_a)
    Suggestion.objects.filter(account=books).delete()
    Suggestion.objects.create(account=books, bank_line_ids=[], journal_entry_ids=[], rule="amount_date", score=0.4)
    client.force_login(accountant_a)
    response = client.post(
        reverse("portal:workbench-accept-above", args=[books.pk]),
        {"period": PERIOD, "threshold": "0.90"},
        headers={"accept-language": "en"},
        follow=True,
    )
    body = response.content.decode()
    assert "No suggestion scores 0.90 or more: accept or reject each one below, or give a lower score." in body
    assert "0 suggestions accepted" not in body


def test_the_score_none_reaches_is_said_as_given_not_rounded_down(client, accountant_a, books):
    """0.955 with a suggestion at 0.953: "no suggestion scores 0.95 or more" was false (0.953 is); and 1e300 filled
    the message with 300 digits."""
    from reconcile.models import Suggestion

    _run(books, accountant_a)
    Suggestion.objects.filter(account=books).delete()
    Suggestion.objects.create(account=books, bank_line_ids=[], journal_entry_ids=[], rule="amount_date", score=0.953)
    client.force_login(accountant_a)
    url = reverse("portal:workbench-accept-above", args=[books.pk])
    for given, said in (("0.955", "0.955"), ("1e300", "1e+300")):
        response = client.post(
            url, {"period": PERIOD, "threshold": given}, headers={"accept-language": "en"}, follow=True
        )
        body = response.content.decode()
        assert f"No suggestion scores {said} or more" in body, given
        assert "No suggestion scores 0.95 or more" not in body and "0" * 50 not in body
