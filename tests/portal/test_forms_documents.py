"""Documents clients upload (disagreement evidence, the signed channel-change request) share one check."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.forms import ChangeRequestForm, DisagreeForm

CHANGE = {"contact_name": "张伟", "mobile": "13900001111", "address": "上海市", "channel": "paper"}
DISAGREE = {"book_balance": "1,200,000.00", "reason": "未达账项"}


@pytest.mark.parametrize("form_class,data,field", [(ChangeRequestForm, CHANGE, "written_request"),
                                                   (DisagreeForm, DISAGREE, "attachment")])
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

    relative = form.save_written_request(Account())
    assert relative.startswith("change-requests/7/") and relative.endswith(".pdf") and ".." not in relative
    assert (tmp_path / relative).read_bytes() == b"%PDF-1.7"
