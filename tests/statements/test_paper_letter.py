"""The mailed paper statement states the reply deadline the system enforces, and how to answer by post.

Before its posting is recorded a paper letter has no due date: it states the rule (received 5 working days after
the postmark, answered within 10 working days after that). Recording the posting stores the date the rule gives and
renders the stored PDF again, so every copy states that date; the answer window ends on it.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from pypdf import PdfReader

from portal.models import Role
from statements.models import BalanceStatement, Decision, StatementStatus
from statements.selectors import workday_calendar
from statements.services.confirmations import LateAnswer, confirmation_submit
from statements.services.paper import paper_batch_create, paper_batch_mark_posted
from statements.services.statement_pdfs import statement_pdf_path
from tests.factories import make_user

pytestmark = pytest.mark.django_db
CST = dt.timezone(dt.timedelta(hours=8))
RULE = "以信封邮戳日期为寄出日，寄出后第5个工作日视为送达，请于送达后10个工作日内（即寄出后第15个工作日北京时间23:59:59前）回复"


def pdf_text(data: bytes) -> str:
    # pypdf breaks lines between drawString calls: compare without whitespace.
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _print_batch(ops, tmp_path: Path):
    with time_machine.travel(dt.datetime(2026, 10, 9, 10, tzinfo=CST), tick=False):
        batch = paper_batch_create(actor=ops)
    return batch, pdf_text((tmp_path / batch.pdf_path).read_bytes())


def test_the_print_batch_states_the_rule_not_the_publishing_day(paper_published, ops, tmp_path, settings):
    settings.PORTAL_RETURN_ADDRESS = "上海市浦东新区银城中路200号 邮编200120"
    _, text = _print_batch(ops, tmp_path)
    # Published (and printed) on 10-09: that day is no deadline, and no date at all is given as one.
    assert "2026年10月9日23:59:59" not in text
    assert "回复截止时间" not in text
    assert squeeze(RULE) in text
    # A paper client is not sent to online banking only: the slip, where to post it, and the QR code route.
    assert "余额对账单回执" in text and "沿此虚线剪下" in text
    assert squeeze("寄回：上海市浦东新区银城中路200号 邮编200120 示例商业银行运营管理部对账中心 收") in text
    assert "扫描二维码打开本对账单" in text
    assert paper_published.number in text.split("余额对账单回执", 1)[1]  # the slip names the statement it answers


def test_the_stored_pdf_of_an_unposted_paper_statement_states_the_rule(paper_published, ops):
    text = pdf_text(Path(statement_pdf_path(paper_published)).read_bytes())
    assert squeeze(RULE) in text and "回复截止时间" not in text


def test_recording_the_posting_states_the_enforced_date_in_the_stored_pdf(
    paper_published, ops, tmp_path, django_capture_on_commit_callbacks
):
    paper = paper_published
    batch, _ = _print_batch(ops, tmp_path)
    before = pdf_text(Path(statement_pdf_path(paper)).read_bytes())
    assert "回复截止时间" not in before
    with (
        time_machine.travel(dt.datetime(2026, 10, 12, 10, tzinfo=CST), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        paper_batch_mark_posted(actor=ops, batch_id=batch.pk, posted_on=dt.date(2026, 10, 12))
    paper.refresh_from_db()
    # The rule the letter states, worked out: 15 working days after Mon 10-12.
    assert paper.due_date == workday_calendar().add_workdays(dt.date(2026, 10, 12), 15) == dt.date(2026, 11, 2)
    text = pdf_text((tmp_path / paper.pdf_path).read_bytes())
    assert "回复截止时间：2026年11月2日23:59:59（北京时间）" in text
    assert "本对账单于2026年10月12日寄出，寄出后第5个工作日即2026年10月19日视为送达" in text
    assert RULE not in text

    # The system enforces exactly that date: an answer on it counts, the next day it is late.
    confirmer = make_user("paper_confirmer", [Role.CLIENT_VIEWER, Role.CLIENT_CONFIRMER], paper.account.customer)
    with pytest.raises(LateAnswer):
        confirmation_submit(
            actor=confirmer,
            statement_id=paper.pk,
            decision=Decision.AGREE,
            now=dt.datetime(2026, 11, 3, 0, 0, 1, tzinfo=CST),
        )
    confirmation_submit(
        actor=confirmer,
        statement_id=paper.pk,
        decision=Decision.AGREE,
        now=dt.datetime(2026, 11, 2, 23, 59, 59, tzinfo=CST),
    )
    assert BalanceStatement.objects.get(pk=paper.pk).status == StatementStatus.CONFIRMED


def test_a_new_answer_window_after_a_settled_dispute_is_stated_in_the_pdf(
    published, customer_a, client_a, ops, django_capture_on_commit_callbacks
):
    from statements.services.disputes import dispute_resolve

    statement = published[customer_a.pk]
    first = pdf_text(Path(statement_pdf_path(statement)).read_bytes())
    assert f"回复截止时间：{statement.due_date.year}年{statement.due_date.month}月{statement.due_date.day}日" in first
    with time_machine.travel(dt.datetime(2026, 10, 12, 10, tzinfo=CST), tick=False):
        confirmation_submit(
            actor=client_a,
            statement_id=statement.pk,
            decision=Decision.DISAGREE,
            book_balance="1249000.00",
            reason="我方未收到手续费通知",
        )
    with (
        time_machine.travel(dt.datetime(2026, 10, 14, 10, tzinfo=CST), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        dispute_resolve(
            actor=ops,
            dispute_id=statement.disputes.get().pk,
            finding="client_error",
            resolution="手续费已按协议收取，请重新核对。",
        )
    statement.refresh_from_db()
    assert statement.status == StatementStatus.RESOLVED and statement.due_date == dt.date(2026, 10, 28)
    text = pdf_text(Path(statement_pdf_path(statement)).read_bytes())
    assert "回复截止时间：2026年10月28日23:59:59" in text
    assert "贵单位的不符回复已于2026年10月14日处理完毕" in text


def test_a_letter_without_a_date_must_state_the_rule():
    from statements.render.statement_pdf import StatementData

    with pytest.raises(ValueError, match="due_rule"):
        StatementData(
            bank_name="b",
            operations_centre="o",
            branch="br",
            customer_name="c",
            account_number="1",
            currency="CNY",
            period_label="2026年9月",
            period_end=dt.date(2026, 9, 30),
            balance=Decimal("1.00"),
            statement_number="n",
            version=1,
            issue_date=dt.date(2026, 10, 9),
            due_date=None,
            confirmation_instructions="x",
            verification_code="c",
            verify_url="u",
        )


def test_the_qr_code_leads_to_the_statement_and_its_deadline(
    client, paper_published, ops, tmp_path, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    paper = paper_published
    url = reverse("portal:verify", args=[paper.verification_code])
    body = client.get(url).content.decode()
    assert f'href="{reverse("portal:statement-detail", args=[paper.pk])}"' in body
    assert "邮戳" in body  # not posted yet: the rule, no date
    batch, _ = _print_batch(ops, tmp_path)
    with (
        time_machine.travel(dt.datetime(2026, 10, 12, 10, tzinfo=CST), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        paper_batch_mark_posted(actor=ops, batch_id=batch.pk, posted_on=dt.date(2026, 10, 12))
    body = client.get(url).content.decode()
    assert "2026-11-02" in body and "1,250,000" not in body and "88,000" not in body


def test_the_statement_the_qr_code_leads_to_is_only_the_companys(client, published, customer_a, client_b):
    from django.urls import reverse

    statement = published[customer_a.pk]
    body = client.get(reverse("portal:verify", args=[statement.verification_code])).content.decode()
    link = reverse("portal:statement-detail", args=[statement.pk])
    assert f'href="{link}"' in body
    assert client.get(link).status_code == 302  # anonymous: to the login page
    client.force_login(client_b)  # the other customer holding the letter
    assert client.get(link).status_code == 404
