"""The statement's detail as files, on the web page and over the API: each download imports back into the product as
the same lines, the camt.053 is valid against ISO 20022's schema, the MT940 parses with the mt-940 library; refusals,
tenancy and hostile input."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import mt940
import pytest
import time_machine
from django.urls import reverse
from lxml import etree
from rest_framework.test import APIClient

from reconcile.models import BankLine, Import
from reconcile.parsers import parse_file
from reconcile.services.imports import import_file
from statements.render import detail_formats
from statements.render.detail import DetailFormatError
from statements.render.detail_formats import DETAIL_FORMATS, detail_filename
from statements.selectors.detail import detail_document
from tests.factories import api_key
from tests.statements.test_reconciled_answer import (  # noqa: F401 (fixtures)
    DURING,
    FED_AT,
    _api,
    fed,
    statement,
)

pytestmark = pytest.mark.django_db

XSD = Path(__file__).resolve().parents[1] / "fixtures" / "iso20022" / "camt.053.001.08.xsd"
FORMATS = sorted(DETAIL_FORMATS)
# The four lines of tests.statements.test_reconciled_answer.FED_CSV, as the bank fed them.
FED = [
    (dt.date(2026, 9, 3), "in", Decimal("200000.00"), "SEP0001"),
    (dt.date(2026, 9, 10), "out", Decimal("120000.00"), "SEP0002"),
    (dt.date(2026, 9, 28), "out", Decimal("150.00"), "SEP0003"),
    (dt.date(2026, 9, 30), "in", Decimal("1650.00"), "SEP0004"),
]


def _download(user, statement_, fmt: str):
    return _api(user).get(f"/api/v1/statements/{statement_.pk}/lines?format={fmt}")


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_download_imports_back_as_the_same_lines(fmt, statement, client_a, accountant_a, account_a):
    response = _download(client_a, statement, fmt)
    assert response.status_code == 200, response.content[:300]
    spec = DETAIL_FORMATS[fmt]
    assert response["Content-Type"] == spec.content_type
    name = f"detail-{statement.number}-v1.{spec.extension}"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    data = response.content
    # What the importer reads from the file: the same lines, amounts, days, directions and serials, and the balances.
    [parsed] = parse_file(data, name)
    assert parsed.ok, [e.message for e in parsed.errors]
    assert parsed.account_number == account_a.number
    assert [(ln.booking_date, ln.direction, ln.amount, ln.serial) for ln in parsed.lines] == FED
    assert (parsed.opening_balance, parsed.closing_balance) == (Decimal("1168500.00"), Decimal("1250000.00"))
    # Imported by the company (a company copy of the bank's own lines): every line is known, none stored twice.
    with time_machine.travel(DURING, tick=False):
        copy = import_file(actor=accountant_a, kind="bank", data=data, filename=name)
    assert copy.status == "done", copy.errors
    assert (copy.lines_stored, copy.lines_known) == (0, 4)
    assert BankLine.objects.filter(account=account_a, removed_at__isnull=True).count() == 4


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_web_page_serves_the_same_files(fmt, statement, client, client_a):
    client.force_login(client_a)
    page = client.get(reverse("portal:statement-lines", args=[statement.pk])).content.decode()
    url = reverse("portal:statement-lines-file", args=[statement.pk, fmt])
    assert f'href="{url}"' in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == DETAIL_FORMATS[fmt].content_type
    assert response.content == _download(client_a, statement, fmt).content  # the same bytes whenever downloaded


def test_the_camt053_validates_against_the_iso_schema(statement, client_a):
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    document = etree.fromstring(_download(client_a, statement, "camt053").content)
    assert schema.validate(document), schema.error_log


def test_the_camt053_names_the_bank_by_its_bic_when_set(statement, client_a, settings):
    settings.PORTAL_BANK_BIC = "SPDBCNSH"
    text = _download(client_a, statement, "camt053").content.decode()
    assert "<BICFI>SPDBCNSH</BICFI>" in text
    settings.PORTAL_BANK_BIC = ""
    text = _download(client_a, statement, "camt053").content.decode()
    assert "<BICFI>" not in text and settings.PORTAL_BANK_NAME in text


def test_the_mt940_parses_with_the_mt940_library(statement, client_a, account_a):
    transactions = mt940.models.Transactions(options=mt940.Options(unbounded_details=True))
    transactions.parse(_download(client_a, statement, "mt940").content.decode("ascii"))
    assert transactions.data["account_identification"] == account_a.number
    assert transactions.data["final_closing_balance"].amount.amount == Decimal("1250000.00")
    assert [(tx.data["entry_date"], tx.data["amount"].amount) for tx in transactions] == [
        (day, amount if direction == "in" else -amount) for day, direction, amount, _serial in FED
    ]


def test_json_stays_the_default(statement, client_a):
    response = _api(client_a).get(f"/api/v1/statements/{statement.pk}/lines")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert [line["bank_serial"] for line in response.json()["results"]] == [s for *_, s in FED]
    assert _api(client_a).get(f"/api/v1/statements/{statement.pk}/lines?format=json").status_code == 200


def test_an_accept_header_picks_the_file_too(statement, client_a):
    response = _api(client_a).get(f"/api/v1/statements/{statement.pk}/lines", HTTP_ACCEPT="text/csv")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"


@pytest.mark.parametrize("value", ["pdf", "=1+1", "x" * 300, "CSV "])
def test_an_unknown_format_is_a_400_naming_the_allowed_ones(value, statement, client_a, client, english):
    response = _api(client_a).get(f"/api/v1/statements/{statement.pk}/lines", {"format": value})
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == "invalid" and body["message"].startswith("format: ")
    assert "json, xlsx, csv, mt940, camt053" in body["message"]
    client.force_login(client_a)
    web = client.get(f"/statements/{statement.pk}/lines/{value.strip()}/")
    assert web.status_code == 400 and "xlsx, csv, mt940, camt053" in web.content.decode()
    assert "<" not in web.content.decode() and web["Content-Type"].startswith("text/plain")


def test_a_nul_in_the_format_is_refused_before_the_view(statement, client_a):
    response = _api(client_a).get(f"/api/v1/statements/{statement.pk}/lines?format=%00")
    assert response.status_code == 400 and response.json()["code"] == "unreadable_input"


def test_the_other_customer_gets_a_404(statement, client_b, client):
    for fmt in FORMATS:
        response = _download(client_b, statement, fmt)
        assert response.status_code == 404 and response["Content-Type"] == "application/json", fmt
    client.force_login(client_b)
    assert client.get(reverse("portal:statement-lines-file", args=[statement.pk, "csv"])).status_code == 404


def test_a_password_only_bank_officer_is_sent_to_the_second_factor(statement, client, ops, settings):
    settings.BANK_STAFF_REQUIRE_2FA = True
    client.force_login(ops)
    response = client.get(reverse("portal:statement-lines-file", args=[statement.pk, "csv"]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("portal:second-factor"))


def test_bank_operations_download_any_statements_detail(statement, client, ops):
    client.force_login(ops)
    assert client.get(reverse("portal:statement-lines-file", args=[statement.pk, "xlsx"])).status_code == 200


def test_a_bare_balance_has_no_file(statement, client_b, client, customer_b, english):
    bare = customer_b.accounts.get().statements.get()
    response = _download(client_b, bare, "csv")
    assert response.status_code == 404 and response.json()["code"] == "no_detail"
    assert bare.number in response.json()["message"]
    client.force_login(client_b)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the messages as asserted below
    web = client.get(reverse("portal:statement-lines-file", args=[bare.pk, "csv"]))
    assert web.status_code == 302 and web["Location"] == reverse("portal:statement-lines", args=[bare.pk])
    page = client.get(reverse("portal:statement-lines", args=[bare.pk])).content.decode()
    assert "no transaction detail" in page and "/lines/csv/" not in page


def test_a_line_the_format_cannot_hold_is_a_409_naming_it(statement, client_a, client, monkeypatch, english):
    def refuse(_detail):
        raise DetailFormatError("MT940", 2, "amount", "MT940 amounts are below 10^12")

    monkeypatch.setitem(
        detail_formats.DETAIL_FORMATS, "mt940", dataclasses.replace(DETAIL_FORMATS["mt940"], write=refuse)
    )
    response = _download(client_a, statement, "mt940")
    assert response.status_code == 409 and response.json()["code"] == "format_cannot_hold"
    assert "line 2" in response.json()["message"] and "xlsx or csv" in response.json()["message"]
    client.force_login(client_a)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the message as asserted below
    web = client.get(reverse("portal:statement-lines-file", args=[statement.pk, "mt940"]), follow=True)
    assert "line 2" in web.content.decode()


def test_file_names_are_ascii_whatever_the_statement_number(statement):
    document = dataclasses.replace(detail_document(statement), statement_number='20260"; =1+1\x00/..\\中文')
    for spec in DETAIL_FORMATS.values():
        name = detail_filename(document, spec)
        assert re.fullmatch(r"detail-[A-Za-z0-9-]+-v1\.[a-z]+", name), name


def test_a_company_upload_of_the_detail_is_not_bank_fed(statement, client_a, accountant_a, account_a):
    data = _download(client_a, statement, "camt053").content
    with time_machine.travel(FED_AT + dt.timedelta(days=5), tick=False):
        copy = import_file(actor=accountant_a, kind="bank", data=data, filename="detail.xml")
    assert Import.objects.get(pk=copy.pk).lines_known == 4
    assert not BankLine.objects.filter(source_import=copy).exists()


def test_a_password_only_bank_officers_token_gets_no_file(statement, ops, settings):
    """A token of bank staff issued without the second factor (before it was required) opens no file either."""
    key = api_key(ops, second_factor="")  # allowed while the second factor is not required
    settings.BANK_STAFF_REQUIRE_2FA = True
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    for fmt in FORMATS:
        response = api.get(f"/api/v1/statements/{statement.pk}/lines?format={fmt}")
        assert response.status_code in (401, 403) and response.json()["code"] == "second_factor_required", fmt
    settings.BANK_STAFF_REQUIRE_2FA = False
    assert api.get(f"/api/v1/statements/{statement.pk}/lines?format=csv").status_code == 200


def test_the_json_lines_are_paginated_with_the_documented_fields(statement, client_a, settings):
    """Issue 17 §1: id, date, direction, amount, balance after, counterparty, summary, bank serial; one page at a
    time, oldest first."""
    api = _api(client_a)
    first = api.get(f"/api/v1/statements/{statement.pk}/lines", {"page": 1}).json()
    assert {"count", "next", "previous", "results"} <= set(first) and first["count"] == len(FED)
    line = first["results"][0]
    assert {"id", "date", "direction", "amount", "balance_after", "counterparty", "summary", "bank_serial"} <= set(line)
    assert (line["date"], line["direction"], line["amount"], line["balance_after"], line["bank_serial"]) == (
        "2026-09-03",
        "in",
        "200000.00",
        "1368500.00",
        "SEP0001",
    )
    assert line["counterparty"] == "上海恒瑞贸易有限公司" and line["summary"] == "收恒瑞货款"
    assert api.get(f"/api/v1/statements/{statement.pk}/lines", {"page": 2}).status_code == 404


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_generation_time_is_beijing_time(fmt, statement, client_a):
    """The files' 生成时间 is the publication time as the statement page shows it (Beijing time), not UTC: a statement
    published at 00:36 on the 8th in Beijing said 16:36 on the 7th."""
    published = statement.published_at
    assert published is not None
    shown = dt.datetime.fromtimestamp(published.timestamp(), dt.timezone(dt.timedelta(hours=8)))
    response = _download(client_a, statement, fmt)
    assert response.status_code == 200
    if fmt == "csv":
        text = response.content.decode("utf-8-sig")
        assert f'"生成时间","{shown:%Y-%m-%d %H:%M:%S}"' in text, text[:600]
    else:
        import io

        import openpyxl

        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        values = [cell for row in sheet.iter_rows(max_row=20, values_only=True) for cell in row if cell is not None]
        assert values[values.index("生成时间") + 1] == f"{shown:%Y-%m-%d %H:%M:%S}", values
