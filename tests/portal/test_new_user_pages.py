"""What new users met on the pages: a text file named .xlsx answered "no header row", a PDF uploaded as a journal
advised downloading it from online banking, import refusals written as clauses (a lowercase start, no stop), and a
dispute resolved without being taken first showing no officer."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.errors import ServiceError
from portal.forms import DisagreeForm, ResolveForm
from portal.templatetags.portal_tags import person
from reconcile.models import Import, ImportStatus
from statements.amount_words import amount_in_english_words
from statements.models import Decision, Dispute
from statements.services.confirmations import confirmation_submit
from statements.services.disputes import dispute_resolve

pytestmark = pytest.mark.django_db
CST = dt.timezone(dt.timedelta(hours=8))


def _refusal(client, account, kind, name, data, capture) -> str:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with capture(execute=True):
        client.post(
            reverse("portal:import-upload"),
            {"kind": kind, "file": SimpleUploadedFile(name, data), "account": account.number},
        )
    record = Import.objects.get()
    assert record.status == ImportStatus.REFUSED
    return client.get(reverse("portal:import-detail", args=[record.pk])).content.decode()


@pytest.mark.parametrize("kind", ["bank", "journal"])
def test_a_text_file_named_xlsx_is_said_to_be_no_excel_file(
    client, account_a, accountant_a, django_capture_on_commit_callbacks, kind
):
    client.force_login(accountant_a)
    body = _refusal(
        client, account_a, kind, "statement.xlsx", b"Hello,\nthis is a note\n", django_capture_on_commit_callbacks
    )
    assert "statement.xlsx is not an Excel file: it is plain text (it begins “Hello,”)" in body
    assert "header row" not in body
    if kind == "journal":
        assert "Kingdee" in body and "online banking" not in body
    else:
        assert "online banking" in body


def test_a_csv_named_xlsx_is_still_read(client, account_a, accountant_a, django_capture_on_commit_callbacks):
    data = "交易日期,摘要,借方发生额,贷方发生额,余额\n2026-10-08,货款,,30000.00,1130000.00\n".encode()
    client.force_login(accountant_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("portal:import-upload"),
            {"kind": "bank", "file": SimpleUploadedFile("one.xlsx", data), "account": account_a.number},
        )
    assert Import.objects.get().status == ImportStatus.DONE


@pytest.mark.parametrize("kind", ["bank", "journal"])
def test_a_pdf_gets_the_advice_of_its_kind_as_a_sentence(
    client, account_a, accountant_a, django_capture_on_commit_callbacks, kind
):
    client.force_login(accountant_a)
    body = _refusal(client, account_a, kind, "oct.pdf", b"%PDF-1.4\n%...", django_capture_on_commit_callbacks)
    if kind == "journal":
        assert "<dd>The file is a PDF: a journal printed to PDF cannot be imported; export the bank journal" in body
        assert "(Kingdee, Yonyou) as Excel (.xlsx, .xls) or CSV and upload that.</dd>" in body
        assert "online banking" not in body
    else:
        assert "<dd>The file is a PDF: a statement printed to PDF cannot be imported; download" in body
        assert "CSV, MT940 or camt.053 and upload that.</dd>" in body


def test_a_dispute_resolved_without_being_taken_names_its_resolver_as_officer(
    client, published, customer_a, client_a, ops
):
    statement = published[customer_a.pk]
    with time_machine.travel(dt.datetime(2026, 10, 12, 10, tzinfo=CST), tick=False):
        confirmation_submit(
            actor=client_a, statement_id=statement.pk, decision=Decision.DISAGREE, book_balance="1200000", reason="x"
        )
        dispute = statement.disputes.get()
        assert dispute.assigned_to_id is None  # nobody took it
        dispute_resolve(actor=ops, dispute_id=dispute.pk, finding="timing", resolution="在途支票")
    dispute.refresh_from_db()
    assert dispute.assigned_to_id == ops.pk
    client.force_login(ops)
    row = client.get(reverse("portal:ops-disputes"), {"status": "all"}).content.decode()
    assert f"<td>{dispute.get_status_display()}</td><td>{person(ops)}</td>" in row
    Dispute.objects.filter(pk=dispute.pk).update(assigned_to=None)  # one resolved so before: its resolver is shown
    detail = client.get(reverse("portal:ops-dispute", args=[dispute.pk])).content.decode()
    assert f"<dd>{person(ops)}</dd>" in detail


def _example(text) -> str:
    found = re.findall(r"e\.g\. (\d[\d,]*\.\d\d)", str(text))
    assert len(found) == 1, text
    return found[0]


def test_a_balance_field_and_its_errors_give_one_example_amount(published, customer_a, client_a, ops, english):
    """The help text said 1,200,000.00 and the error 1234567.89."""
    statement = published[customer_a.pk]
    shown = _example(DisagreeForm()["book_balance"].help_text)
    with time_machine.travel(dt.datetime(2026, 10, 12, 10, tzinfo=CST), tick=False):
        with pytest.raises(ServiceError) as book:
            confirmation_submit(
                actor=client_a, statement_id=statement.pk, decision=Decision.DISAGREE, book_balance="1.2m", reason="x"
            )
        confirmation_submit(
            actor=client_a, statement_id=statement.pk, decision=Decision.DISAGREE, book_balance="1200000", reason="x"
        )
        dispute = statement.disputes.get()
        errors = []
        for typed in ("", "1.2m"):
            with pytest.raises(ServiceError) as corrected:
                dispute_resolve(
                    actor=ops, dispute_id=dispute.pk, finding="bank_error", resolution="x", corrected_balance=typed
                )
            errors.append(corrected.value.message)
    assert _example(book.value.message) == shown
    assert _example(ResolveForm()["corrected_balance"].help_text) == shown
    assert [_example(e) for e in errors] == [shown, shown]


def test_an_english_statement_page_writes_the_amount_in_english_words(client, published, customer_a, client_a):
    """The English page wrote the balance in Chinese capitals too (壹佰贰拾伍万元整): one language per page."""
    statement = published[customer_a.pk]
    url = reverse("portal:statement-detail", args=[statement.pk])
    client.force_login(client_a)
    chinese = client.get(url).content.decode()
    assert "<span>壹佰贰拾伍万元整</span>" in chinese
    english = client.get(url, headers={"accept-language": "en"}).content.decode()
    assert "<span>One million two hundred fifty thousand yuan only</span>" in english
    assert "壹" not in english and "万元" not in english


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("1250000.00", "One million two hundred fifty thousand yuan only"),
        ("100001000.00", "One hundred million one thousand yuan only"),
        ("88000.50", "Eighty-eight thousand yuan and fifty fen"),
        ("10.05", "Ten yuan and five fen"),
        ("0.99", "Ninety-nine fen"),
        ("0", "Zero yuan"),
        ("-5", "Minus five yuan only"),
        ("9999999999999999.99", None),
    ],
)
def test_amounts_in_english_words(amount, words):
    text = amount_in_english_words(Decimal(amount))
    if words is None:
        assert text.startswith("Nine thousand nine hundred ninety-nine trillion") and text.endswith("ninety-nine fen")
    else:
        assert text == words


def test_an_ops_table_refused_by_the_reader_is_said_in_a_sentence(english):
    from reconcile.sheet_reader import SheetReader

    with pytest.raises(ServiceError) as refused:
        SheetReader().rows(b"\x00\x01\x02binary\x00" * 4, "agreements.csv")
    assert refused.value.message == (
        "agreements.csv: Unknown file format (binary content that is not Excel, CSV, MT940, camt, BAI2 or OFX)."
    )
