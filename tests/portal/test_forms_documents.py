"""Documents clients upload (disagreement evidence, the signed channel-change request) share one check."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.forms import ChangeRequestForm, DisagreeForm

CHANGE = {"contact_name": "张伟", "mobile": "13900001111", "address": "上海市", "channel": "paper"}
DISAGREE = {"book_balance": "1,200,000.00", "reason": "未达账项"}


@pytest.mark.parametrize(
    "form_class,data,field", [(ChangeRequestForm, CHANGE, "written_request"), (DisagreeForm, DISAGREE, "attachment")]
)
def test_documents_are_checked_for_type_and_size(form_class, data, field, settings, english) -> None:
    exe = form_class(data, {field: SimpleUploadedFile("request.exe", b"MZ")})
    assert not exe.is_valid() and "Attach a PDF" in exe.errors[field][0]
    big = form_class(data, {field: SimpleUploadedFile("request.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024))})
    assert not big.is_valid() and "larger than 10 MB" in big.errors[field][0]
    good = form_class(data, {field: SimpleUploadedFile("Request.PDF", b"%PDF-1.7")})
    assert good.is_valid(), good.errors


def test_a_stored_document_keeps_only_a_random_name_and_the_suffix(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    form = ChangeRequestForm(CHANGE, {"written_request": SimpleUploadedFile("../../etc/申请书.PDF", b"%PDF-1.7")})
    assert form.is_valid(), form.errors

    class Account:
        pk = 7

    with form.kept_written_request(Account()) as relative:
        assert relative.startswith("change-requests/7/") and relative.endswith(".pdf") and ".." not in relative
    assert (tmp_path / relative).read_bytes() == b"%PDF-1.7"


def test_a_stored_document_is_removed_when_the_service_call_fails(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    form = DisagreeForm(DISAGREE, {"attachment": SimpleUploadedFile("evidence.png", b"\x89PNG")})
    assert form.is_valid(), form.errors

    class Statement:
        pk = 3

    with pytest.raises(RuntimeError), form.kept_attachment(Statement()) as relative:
        assert (tmp_path / relative).is_file()
        raise RuntimeError("refused")
    assert not (tmp_path / relative).exists()
    without = DisagreeForm(DISAGREE, {})
    assert without.is_valid()
    with without.kept_attachment(Statement()) as nothing:
        assert nothing == ""


@pytest.mark.django_db
def test_a_refused_change_request_leaves_no_document_behind(
    client, client_a, account_a, agreement_a, settings, tmp_path, english
) -> None:
    from django.urls import reverse

    from statements.models import AgreementChangeRequest

    settings.MEDIA_ROOT = tmp_path
    client.force_login(client_a)
    url = reverse("portal:account-detail", args=[account_a.pk])
    refused = client.post(
        url, {**CHANGE, "mobile": "123", "written_request": SimpleUploadedFile("申请书.pdf", b"%PDF-1.7")}
    )
    assert refused.status_code == 200 and AgreementChangeRequest.objects.count() == 0
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
    client.post(url, {**CHANGE, "written_request": SimpleUploadedFile("申请书.pdf", b"%PDF-1.7")})
    request = AgreementChangeRequest.objects.get()
    assert [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()] == [request.written_request]


@pytest.mark.parametrize(
    "name,content",
    [
        ("evidence.pdf", b"MZ\x90\x00"),
        ("photo.jpg", b"%PDF-1.7"),
        ("book.xlsx", b"\xd0\xcf\x11\xe0"),
        ("scan.png", b"GIF89a"),
    ],
)
def test_a_renamed_file_is_refused(name, content, english) -> None:
    form = DisagreeForm(DISAGREE, {"attachment": SimpleUploadedFile(name, content)})
    assert not form.is_valid() and "is not really a" in form.errors["attachment"][0]


@pytest.mark.parametrize(
    "name,content",
    [
        ("evidence.PDF", b"%PDF-1.4\n"),
        ("photo.jpeg", b"\xff\xd8\xff\xe0"),
        ("book.xlsx", b"PK\x03\x04rest"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1"),
        ("scan.png", b"\x89PNG\r\n\x1a\n"),
    ],
)
def test_real_documents_pass(name, content) -> None:
    assert DisagreeForm(DISAGREE, {"attachment": SimpleUploadedFile(name, content)}).is_valid()
