"""Free text in every PDF the product renders is wrapped, never cut and never drawn past the page edge.

Each test reads the PDF back with pypdf: all of the text must be in it, and no string may end beyond the page width
(measured from the PDF's own text positions and font widths, tests/fixtures/pdf_layout.py). The documents: the
receipt (a client's disagreement reason, up to the 2,000 characters the form takes), the statement and the paper
print batch (customer and branch names up to their 200-character fields, the bank's names from settings) and the
余额调节表 (summaries and names).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from reconcile.models import BankAccount, Customer
from reconcile.render.adjustment import AdjustmentItem
from reconcile.render.adjustment_pdf import render_adjustment_pdf
from statements.render.statement_pdf import render_statement_pdf, render_statements_pdf
from tests.fixtures.pdf_layout import all_text, assert_fits
from tests.fixtures.statements import PUBLISH_AT
from tests.reconcile.render.recon_adjustment_example import worked_example
from tests.statements.render.test_statement_pdf import make

# Chinese prose, a number, an English sentence, a URL and a 300-letter run without a space (pasted data).
REASON = (
    "Our ledger holds an unpresented cheque no. 10234567 of CNY 80,000.00; see "
    "https://erp.example.cn/vouchers/2026/10/ZP-0031?view=full for the voucher. "
    + "X" * 300
    + "我方账面余额与贵行对账单不符：10月31日收到恒瑞贸易转账支票30,000.00元，贵行11月2日才入账；另有手续费150.00元未记账。"
    * 40
)[:2000]
LONG_NAME = ("上海浦东新区张江高科技园区恒瑞国际贸易与供应链管理集团有限公司" * 8)[:200]
LONG_BRANCH = ("中国某某银行股份有限公司上海市分行浦东新区陆家嘴金融贸易区营业部第一对公业务中心" * 5)[:200]


def test_a_long_disagreement_reason_is_wrapped_whole_in_the_receipt(published, customer_a, client_a, client):
    from statements.services.confirmations import confirmation_submit

    statement = published[customer_a.pk]
    assert len(REASON) == 2000  # the most the disagree form and the service take
    client_a.last_name, client_a.first_name = "王", "丽"
    client_a.save()
    with time_machine.travel(dt.datetime(2026, 10, 12, 10, tzinfo=PUBLISH_AT.tzinfo), tick=False):
        confirmation_submit(
            actor=client_a, statement_id=statement.pk, decision="disagree", book_balance="1,200,000.00", reason=REASON
        )
    client.force_login(client_a)
    response = client.get(reverse("portal:statement-receipt", args=[statement.pk]))
    assert response.status_code == 200
    assert_fits(response.content, REASON, statement.content_hash, customer_a.legal_name, "回复人王丽")


def test_a_receipt_with_line_breaks_and_tabs_in_the_reason_shows_every_word(published, customer_a, client_a):
    from statements.services.confirmations import confirmation_submit
    from statements.services.receipts import receipt_pdf

    statement = published[customer_a.pk]
    reason = "第一，少记利息。\r\n第二，\t多记手续费。\r第三，未达账项。"
    with time_machine.travel(dt.datetime(2026, 10, 12, 10, tzinfo=PUBLISH_AT.tzinfo), tick=False):
        confirmation_submit(
            actor=client_a, statement_id=statement.pk, decision="disagree", book_balance="1,200,000.00", reason=reason
        )
    assert_fits(receipt_pdf(statement), "第一，少记利息。", "第二，多记手续费。", "第三，未达账项。")


def test_long_names_wrap_inside_the_statement_and_keep_it_on_one_page():
    statement = make(customer_name=LONG_NAME, branch=LONG_BRANCH)
    pdf = render_statement_pdf(statement)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    assert_fits(pdf, LONG_NAME, LONG_BRANCH, statement.verification_code, statement.verify_url)


def test_long_bank_names_from_settings_wrap_in_the_heading():
    statement = make(bank_name="中国某某银行股份有限公司" * 6, operations_centre="对公运营中心（上海）对账业务部" * 6)
    pdf = render_statement_pdf(statement)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    assert_fits(pdf, statement.bank_name, statement.operations_centre, statement.customer_name)


def test_a_short_statement_is_drawn_as_before():
    """Wrapping moves nothing when nothing is long: a stored statement re-renders to the same bytes."""
    statement = make()
    assert render_statement_pdf(statement) == render_statement_pdf(dataclasses.replace(statement))
    assert "北京恒瑞贸易有限公司" in all_text(render_statement_pdf(statement))


def test_the_paper_batch_wraps_long_names(paper_published, ops, settings):
    from statements.services.paper import paper_batch_create

    Customer.objects.filter(pk=paper_published.account.customer_id).update(legal_name=LONG_NAME)
    BankAccount.objects.filter(pk=paper_published.account_id).update(branch=LONG_BRANCH)
    with time_machine.travel(PUBLISH_AT, tick=False):
        batch = paper_batch_create(actor=ops)
    pdf = (Path(settings.MEDIA_ROOT) / batch.pdf_path).read_bytes()
    assert_fits(pdf, LONG_NAME, LONG_BRANCH, paper_published.number)


def test_the_batch_renderer_gives_each_long_statement_one_page():
    batch = render_statements_pdf(
        [
            make(customer_name=LONG_NAME, branch=LONG_BRANCH),
            make(customer_name=LONG_NAME[::-1], statement_number="DZD-202610-000124"),
        ]
    )
    assert len(PdfReader(io.BytesIO(batch)).pages) == 2
    assert_fits(batch, LONG_NAME, LONG_NAME[::-1])


@pytest.mark.parametrize("length", [200, 5000])
def test_a_long_summary_in_the_adjustment_table_is_never_cut(length):
    """200: the stored field's size; 5000: what reconcile_files may read from a file (taller than a page's row)."""
    summary = (REASON * 3)[:length]
    item = AdjustmentItem(dt.date(2026, 10, 31), "R" * 64, summary, Decimal("10.00"))
    table = worked_example(
        bank_in_not_journal=(item,),
        company_name=LONG_NAME,
        bank_name=LONG_BRANCH,
        prepared_by="张" * 150,
        account_name=LONG_NAME,
    )
    pdf = render_adjustment_pdf(table)
    assert "…" not in all_text(pdf)
    # Drawn between the parts of the summary: the row's amount cell (after the summary's first part, before the
    # page's footer), each page's footer and column header.
    between = (r"10\.00(?=1002\.012026-10-31第)", r"1002\.012026-10-31第\d+页", "类别日期凭证/参考号摘要/对方户名金额")
    assert_fits(pdf, summary, LONG_NAME, LONG_BRANCH, "张" * 150, "R" * 64, between=between)
