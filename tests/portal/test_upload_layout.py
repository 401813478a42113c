"""The account a file that does not name its own is for, remembered per file layout (issue 22 item 8): the layout is
what the parsers read the file as (its format and header), not its file type, and the file is kept, so the account is
chosen on the import's page without a second upload."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import AuditEvent
from reconcile.models import Import
from reconcile.parsers.api import parse_file
from reconcile.selectors.profiles import remembered_account
from reconcile.services.imports import import_file
from reconcile.services.imports.choose import import_account_choose
from tests.factories import BankAccountFactory
from tests.fixtures.language import language_restored  # noqa: F401,E402 (autouse fixture)
from tests.fixtures.worked_example import BANK_CSV

pytestmark = pytest.mark.django_db
UPLOAD = reverse("portal:import-upload")
# The same movements as another bank writes them: another header, the same file type.
OTHER_BANK_CSV = BANK_CSV.replace(
    "交易日期,摘要,借方发生额,贷方发生额,余额,对方户名,交易流水号",
    "记账日期,摘要,借方金额,贷方金额,账户余额,对方户名,流水号",
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _upload(client, capture, name: str, text: str, account: str = "") -> Import:
    """Upload a bank file and run its import; the import as it ended."""
    with capture(execute=True):
        client.post(UPLOAD, {"kind": "bank", "file": SimpleUploadedFile(name, text.encode()), "account": account})
    return Import.objects.order_by("-pk").first()


def test_the_parsers_tell_a_tables_layout_by_its_header_not_its_file_type():
    first = parse_file(BANK_CSV.encode(), "oct.csv", "bank")[0].layout
    assert first.startswith("csv:") and first == parse_file(BANK_CSV.encode(), "renamed.txt", "bank")[0].layout
    assert parse_file(OTHER_BANK_CSV.encode(), "oct.csv", "bank")[0].layout not in ("", first)


def test_two_layouts_of_one_file_type_remember_different_accounts(
    client, accountant_a, account_a, customer_a, django_capture_on_commit_callbacks
):
    second = BankAccountFactory(customer=customer_a)
    client.force_login(accountant_a)
    one = _upload(client, django_capture_on_commit_callbacks, "icbc.csv", BANK_CSV, account_a.number)
    two = _upload(client, django_capture_on_commit_callbacks, "ccb.csv", OTHER_BANK_CSV, second.number)
    assert (one.status, two.status) == ("done", "done")
    assert one.layout and two.layout and one.layout != two.layout
    assert remembered_account(user=accountant_a, kind="bank", layout=one.layout) == account_a
    assert remembered_account(user=accountant_a, kind="bank", layout=two.layout) == second
    assert remembered_account(user=accountant_a, kind="journal", layout=one.layout) is None
    assert remembered_account(user=None, kind="bank", layout=one.layout) is None

    # Next month's export of the second bank, uploaded without choosing: its page offers the second account.
    waiting = _upload(client, django_capture_on_commit_callbacks, "ccb-nov.csv", OTHER_BANK_CSV + "\n")
    assert waiting.status == "refused" and waiting.layout == two.layout
    page = client.get(reverse("portal:import-detail", args=[waiting.pk]), headers={"accept-language": "en"})
    body = page.content.decode()
    assert "Which account is this file for?" in body and "chose last time for a file of this layout" in body
    select = re.search(r'<select name="account"[^>]*>(.*?)</select>', body, re.S).group(1)
    assert re.search(rf'<option value="{second.number}"[^>]*selected', select)
    assert not re.search(rf'<option value="{account_a.number}"[^>]*selected', select)


def test_remembered_per_user(client, accountant_a, account_a, customer_a, django_capture_on_commit_callbacks):
    from portal.models import Role
    from tests.factories import make_user

    colleague = make_user("accountant_a2", [Role.ACCOUNTANT], customer_a)
    client.force_login(accountant_a)
    done = _upload(client, django_capture_on_commit_callbacks, "icbc.csv", BANK_CSV, account_a.number)
    assert remembered_account(user=colleague, kind="bank", layout=done.layout) is None


def test_the_account_is_chosen_on_the_imports_page_without_uploading_again(
    client, accountant_a, account_a, django_capture_on_commit_callbacks, english
):
    client.force_login(accountant_a)
    waiting = _upload(client, django_capture_on_commit_callbacks, "oct.csv", BANK_CSV)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:import-choose-account", args=[waiting.pk]), {"account": account_a.number}
        )
    created = Import.objects.order_by("-pk").first()
    assert response.status_code == 302 and response["Location"] == reverse("portal:import-detail", args=[created.pk])
    assert (created.status, created.account_id, created.filename, created.layout) == (
        "done",
        account_a.pk,
        "oct.csv",
        waiting.layout,
    )
    event = AuditEvent.objects.get(action="import.account_chosen")
    assert event.after == {"account": account_a.number, "import_id": created.pk}
    # Once in, the first attempt waits no more; the imported file is not offered a choice either.
    again = client.post(reverse("portal:import-choose-account", args=[waiting.pk]), {"account": account_a.number})
    assert again.status_code == 302 and Import.objects.count() == 2
    assert (
        "Which account is this file for?"
        not in client.get(reverse("portal:import-detail", args=[waiting.pk])).content.decode()
    )
    assert (
        "Which account is this file for?"
        not in client.get(reverse("portal:import-detail", args=[created.pk])).content.decode()
    )


def test_a_file_that_names_its_account_needs_no_choice(
    client, accountant_a, account_a, django_capture_on_commit_callbacks
):
    client.force_login(accountant_a)
    record = _upload(client, django_capture_on_commit_callbacks, "oct.csv", f"账号：{account_a.number}\n{BANK_CSV}")
    assert (record.status, record.account_id) == ("done", account_a.pk)
    assert (
        "Which account is this file for?"
        not in client.get(
            reverse("portal:import-detail", args=[record.pk]), headers={"accept-language": "en"}
        ).content.decode()
    )


def test_the_other_customer_cannot_choose_for_the_file(
    client, accountant_a, account_a, customer_b, account_b, django_capture_on_commit_callbacks
):
    from portal.models import Role
    from tests.factories import make_user

    client.force_login(accountant_a)
    waiting = _upload(client, django_capture_on_commit_callbacks, "oct.csv", BANK_CSV)
    other = make_user("accountant_b", [Role.ACCOUNTANT], customer_b)
    client.force_login(other)
    url = reverse("portal:import-choose-account", args=[waiting.pk])
    assert client.post(url, {"account": account_b.number}).status_code == 404
    assert client.get(reverse("portal:import-detail", args=[waiting.pk])).status_code == 404
    # Nor can the first company put it into the other's account.
    client.force_login(accountant_a)
    body = client.post(url, {"account": account_b.number}, headers={"accept-language": "en"}).content.decode()
    assert 'id="id_account_error"' in body
    assert Import.objects.count() == 1


def test_only_a_file_waiting_for_its_account_is_imported_again(accountant_a, account_a, english):
    done = import_file(
        actor=accountant_a, kind="bank", data=BANK_CSV.encode(), filename="oct.csv", account_number=account_a.number
    )
    from core.errors import ServiceError

    with pytest.raises(ServiceError, match=rf"Import #{done.pk} is not waiting for an account"):
        import_account_choose(actor=accountant_a, import_id=done.pk, account_number=account_a.number)


def test_with_many_accounts_the_page_offers_the_search_box_filled_with_the_remembered_one(
    client, ops, account_a, account_b, monkeypatch, django_capture_on_commit_callbacks, english
):
    import portal.account_fields

    monkeypatch.setattr(portal.account_fields, "ACCOUNT_CHOICES_LIMIT", 1)
    client.force_login(ops)
    _upload(client, django_capture_on_commit_callbacks, "icbc.csv", BANK_CSV, account_b.number)
    waiting = _upload(client, django_capture_on_commit_callbacks, "icbc-nov.csv", BANK_CSV + "\n")
    body = client.get(reverse("portal:import-detail", args=[waiting.pk]), headers={"accept-language": "en"})
    box = re.search(r'<input type="text" name="account"[^>]*>', body.content.decode()).group(0)
    assert f'value="{account_b.number}"' in box and "data-account-search" in box
    response = client.post(
        reverse("portal:import-choose-account", args=[waiting.pk]),
        {"account": "NOT-AN-ACCOUNT"},
        headers={"accept-language": "en"},
    )
    assert "NOT-AN-ACCOUNT is not one of the accounts you may upload for" in response.content.decode()


def test_the_waiting_page_says_to_choose_below_not_to_upload_again(
    client, accountant_a, account_a, django_capture_on_commit_callbacks
):
    # The stored refusal ("choose the account and upload it again") is the command's and the API's; on the page
    # that keeps the file and offers the choice it contradicted "without uploading it again" just below it.
    client.force_login(accountant_a)
    waiting = _upload(client, django_capture_on_commit_callbacks, "oct.csv", BANK_CSV)
    body = client.get(reverse("portal:import-detail", args=[waiting.pk]), headers={"accept-language": "en"})
    body = body.content.decode()
    assert "Which account is this file for?" in body
    assert "choose the account below to import the kept file; there is no need to upload it again" in body
    assert "choose the account and upload it again" not in body
    assert "Rows to fix" not in body  # the only "problem" was the missing account, which the choice answers
    chinese = client.get(reverse("portal:import-detail", args=[waiting.pk]), headers={"accept-language": "zh-hans"})
    assert "无需重新上传" in chinese.content.decode() and "请选择账号后重新上传" not in chinese.content.decode()


def test_a_masked_account_is_named_on_the_waiting_page(
    client, accountant_a, account_a, django_capture_on_commit_callbacks
):
    from pathlib import Path

    icbc = (Path(__file__).resolve().parents[1] / "fixtures" / "files" / "icbc_2026-10.csv").read_bytes()
    client.force_login(accountant_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(UPLOAD, {"kind": "bank", "file": SimpleUploadedFile("icbc.csv", icbc)})
    waiting = Import.objects.get()
    assert waiting.status == "refused" and waiting.errors[0]["reason"]["key"] == "import.masked_account"
    body = client.get(reverse("portal:import-detail", args=[waiting.pk]), headers={"accept-language": "en"})
    body = body.content.decode()
    assert "The file shows its account only masked (" in body and "there is no need to upload it again" in body
    assert "Which account is this file for?" in body
