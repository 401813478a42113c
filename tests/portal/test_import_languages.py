"""Import refusals and summaries are stored as facts and shown in the reader's language only: the Chinese page in
Chinese, the English page in English, the API in the request's language; imports stored before facts existed still
show their text as written."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from reconcile.models import Import, ImportStatus

pytestmark = pytest.mark.django_db

BAD = "交易日期,摘要,借方发生额,贷方发生额,余额\n2026-10-08,货款,,30000.00,130000.00\n2026-10-09,付款,12a.00,,\n"
# Latin letters in an English sentence, CJK in a Chinese one: a page in one language has none of the other's words
# (the file's own texts, such as column names, aside).
_ENGLISH_WORDS = re.compile(r"\b(?:unreadable|amount|refused|problem|imported|row)\b", re.IGNORECASE)
_CHINESE_WORDS = re.compile(r"无法识别|拒绝|导入|金额为")


def _upload_bad(client, account, callbacks) -> Import:
    with callbacks(execute=True):
        client.post(
            reverse("portal:import-upload"),
            {"kind": "bank", "file": SimpleUploadedFile("bad.csv", BAD.encode()), "account": account.number},
        )
    return Import.objects.get()


def _problems(page: str) -> str:
    """The rows-to-fix table and the summary of an import page."""
    summary = re.search(r"<dt>[^<]*</dt><dd>([^<]*)</dd>\s*<dt>SHA-256", page)
    table = re.search(r"<table class=\"grid\">.*?</table>", page, re.S)
    return (summary.group(1) if summary else "") + (table.group(0) if table else "")


def test_the_refusal_is_shown_in_the_pages_language_only(
    client, accountant_a, account_a, django_capture_on_commit_callbacks
):
    client.force_login(accountant_a)
    record = _upload_bad(client, account_a, django_capture_on_commit_callbacks)
    assert record.status == ImportStatus.REFUSED
    url = reverse("portal:import-detail", args=[record.pk])
    chinese = _problems(client.get(url).content.decode())
    assert "无法识别的金额" in chinese and "文件被拒绝" in chinese
    assert not _ENGLISH_WORDS.search(chinese), chinese
    english = _problems(client.get(url, headers={"accept-language": "en"}).content.decode())
    assert "<td>Unreadable amount.</td>" in english and "The file was refused" in english
    assert not _CHINESE_WORDS.search(english), english


def test_the_api_answers_in_the_requests_language(accountant_a, account_a, django_capture_on_commit_callbacks):
    api = APIClient()
    api.force_authenticate(accountant_a)
    with django_capture_on_commit_callbacks(execute=True):
        api.post(
            "/api/v1/imports/upload/",
            {"kind": "bank", "account": account_a.number, "file": SimpleUploadedFile("bad.csv", BAD.encode())},
            format="multipart",
        )
    record = Import.objects.get()
    zh = api.get(f"/api/v1/imports/{record.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    en = api.get(f"/api/v1/imports/{record.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert zh["errors"][0]["message"] == "第3行 “借方发生额” 列：无法识别的金额 “12a.00”。"
    assert en["errors"][0]["message"] == "Row 3, column “借方发生额”: unreadable amount “12a.00”."
    assert zh["message"].startswith("文件被拒绝") and not _ENGLISH_WORDS.search(zh["message"])
    assert en["message"].startswith("The file was refused") and not _CHINESE_WORDS.search(en["message"])
    assert (en["errors"][0]["row"], en["errors"][0]["code"]) == (3, "bad_amount")


def test_stored_facts_are_keys_and_parameters_not_sentences(
    accountant_a, account_a, django_capture_on_commit_callbacks, client
):
    client.force_login(accountant_a)
    record = _upload_bad(client, account_a, django_capture_on_commit_callbacks)
    [error] = record.errors
    assert error["reason"] == {"key": "amount.unreadable", "params": {}}
    assert (error["row"], error["column"], error["value"]) == (3, "借方发生额", "12a.00")
    assert record.message_facts == {"key": "import.refused_rows", "params": {"count": 1}}
    assert record.message == ""


def test_a_finished_imports_notes_follow_the_reader(
    client, accountant_a, account_a, django_capture_on_commit_callbacks
):
    client.force_login(accountant_a)
    quiet_fee = (
        "交易日期,摘要,借方发生额,贷方发生额,余额\n2026-10-08,货款,,30000.00,130000.00\n"
        "2026-10-09,冲正,0.00,,130000.00\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("portal:import-upload"),
            {"kind": "bank", "file": SimpleUploadedFile("oct.csv", quiet_fee.encode()), "account": account_a.number},
        )
    record = Import.objects.get()
    assert record.status == ImportStatus.DONE and record.lines_stored == 1
    url = reverse("portal:import-detail", args=[record.pk])
    assert "有 1 笔金额为 0.00 的记录不影响余额，未存储（第 3 行）" in client.get(url).content.decode()
    english = client.get(url, headers={"accept-language": "en"}).content.decode()
    assert "1 booking of 0.00 moves no money and was not stored (row 3)" in english


def test_imports_stored_before_facts_still_show_their_text(client, accountant_a, account_a):
    """Rows written by the earlier version keep a sentence (both languages at once, as it was then): shown as is."""
    legacy = Import.objects.create(
        kind="bank",
        filename="old.csv",
        sha256="0" * 64,
        status=ImportStatus.REFUSED,
        customer=account_a.customer,
        message="文件被拒绝：发现 1 处问题",
        error_count=1,
        errors=[
            {
                "row": 3,
                "column": "借方发生额",
                "value": "12a.00",
                "code": "bad_amount",
                "message": "第3行 “借方发生额” 列：无法识别的金额 / unreadable amount “12a.00”",
            }
        ],
    )
    client.force_login(accountant_a)
    page = client.get(reverse("portal:import-detail", args=[legacy.pk])).content.decode()
    assert "文件被拒绝：发现 1 处问题" in page and "无法识别的金额 / unreadable amount" in page
    api = APIClient()
    api.force_authenticate(accountant_a)
    body = api.get(f"/api/v1/imports/{legacy.pk}/").json()
    assert body["message"] == "文件被拒绝：发现 1 处问题"
    assert body["errors"][0]["message"].startswith("第3行")


def test_hostile_names_in_a_refusal_are_shown_as_text(
    client, accountant_a, account_a, django_capture_on_commit_callbacks
):
    import io
    import zipfile

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("<script>alert(1)</script>.pdf", b"%PDF-1.4")
    client.force_login(accountant_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("portal:import-upload"),
            {"kind": "bank", "file": SimpleUploadedFile("x.zip", archive.getvalue()), "account": account_a.number},
        )
    record = Import.objects.get()
    assert record.status == ImportStatus.REFUSED
    page = client.get(reverse("portal:import-detail", args=[record.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;.pdf" in page and "<script>alert(1)" not in page
