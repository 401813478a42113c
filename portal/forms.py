from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portal.account_fields import LIST, SEARCH, account_label, account_mode, search_field
from portal.choice_fields import ShownChoiceField
from reconcile.models import ImportKind
from statements.channels.registry import channel_choices as statement_channel_choices
from statements.notify.registry import DEFAULT as DEFAULT_NOTIFY
from statements.notify.registry import channel_choices

_DOCUMENT_SUFFIXES = (".pdf", ".png", ".jpg", ".jpeg", ".xlsx", ".xls")
_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
# The first bytes every file of each type starts with (.xlsx is a zip, .xls an OLE2 compound file).
_DOCUMENT_MAGIC = {
    ".pdf": b"%PDF",
    ".png": b"\x89PNG",
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
    ".xlsx": b"PK\x03\x04",
    ".xls": b"\xd0\xcf\x11\xe0",
}


def _checked_document(upload):
    """A supporting document a client attaches (disagreement evidence, a signed request): size and type."""
    if upload and upload.size > _DOCUMENT_MAX_BYTES:
        raise forms.ValidationError(_("The attachment is larger than 10 MB."))
    if upload and not upload.name.lower().endswith(_DOCUMENT_SUFFIXES):
        raise forms.ValidationError(_("Attach a PDF, a picture (PNG/JPG) or an Excel file."))
    if upload:
        upload.seek(0)
        head = upload.read(8)
        upload.seek(0)
        expected = _DOCUMENT_MAGIC[Path(upload.name.lower()).suffix]
        if not head.startswith(expected):  # a renamed file: the bank's staff would open it as what it claims to be
            raise forms.ValidationError(
                _(
                    "%(name)s is not really a %(suffix)s file. Attach the document as its "
                    "program saved it (PDF, PNG/JPG picture or Excel)."
                )
                % {"name": upload.name, "suffix": Path(upload.name).suffix.upper()[1:]}
            )
    return upload


def _store_upload(upload, folder: str) -> str:
    """Keep an uploaded document under MEDIA_ROOT with a random name; returns its relative path ("" if none)."""
    if not upload:
        return ""
    relative = f"{folder}/{uuid.uuid4().hex}{Path(upload.name).suffix.lower()[:8]}"
    path = Path(settings.MEDIA_ROOT) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return relative


@contextmanager
def _kept_upload(upload, folder: str) -> Iterator[str]:
    """``_store_upload`` for the duration of the service call that records it: if that call refuses or fails,
    the file is removed again, so a refused request leaves nothing behind (the row and its file go together)."""
    relative = _store_upload(upload, folder)
    try:
        yield relative
    except BaseException:
        if relative:
            (Path(settings.MEDIA_ROOT) / relative).unlink(missing_ok=True)
        raise


class ImportUploadForm(forms.Form):
    kind = ShownChoiceField(label=_("What is this file?"), choices=ImportKind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "Excel (.xlsx/.xls) or CSV exports of Chinese banks, ERP journals (Kingdee, Yonyou, SAP), "
            "MT940, camt.053/052, BAI2, OFX or QIF."
        ),
    )
    account = forms.CharField(
        label=_("Account number"),
        required=False,
        max_length=40,
        help_text=_("Only needed when the file does not name its account."),
    )
    profile = forms.CharField(label=_("Mapping profile"), required=False, max_length=100)

    def __init__(self, *args, accounts=None, **kwargs):
        """``accounts``: the accounts the user may upload for (scoped); offered as a list when there are not too many,
        with a box beside it for a number typed by hand, else as a search box (``portal.account_fields``)."""
        super().__init__(*args, **kwargs)
        self.offered = self.searching = False
        if accounts is None:
            return
        mode, listed = account_mode(accounts)
        if mode == SEARCH:
            self.searching = True
            self.fields["account"] = search_field(
                accounts,
                required=False,
                help_text=_(
                    "Only needed when the file does not name its account. Type part of the account number, the "
                    "company's name or the branch, then choose the account from the list; or type the whole number."
                ),
            )
            return
        if mode != LIST:
            return
        self.offered = True
        choices = [("", _("— the file names its account —"))] + [(a.number, account_label(a)) for a in listed]
        fields = {}
        for name, field in self.fields.items():
            if name == "account":
                fields["account"] = ShownChoiceField(
                    label=_("Account"),
                    required=False,
                    choices=choices,
                    help_text=_("Choose the account when the file does not name it."),
                )
                fields["account_number"] = forms.CharField(
                    label=_("Or type an account number"),
                    required=False,
                    max_length=40,
                    help_text=_("Only for an account not in the list."),
                )
            else:
                fields[name] = field
        self.fields = fields

    def clean(self):
        data = super().clean()
        if self.offered:
            chosen, typed = data.get("account", ""), (data.get("account_number") or "").strip()
            if chosen and typed and "".join(typed.split()) != chosen:
                self.add_error("account_number", _("Choose an account from the list or type one, not both."))
            data["account"] = typed or chosen
        return data


class MappingProfileForm(forms.Form):
    name = forms.CharField(
        label=_("Profile name"), max_length=100, help_text=_("For example the bank or ERP: 某农商行对账单")
    )
    kind = ShownChoiceField(label=_("What is this file?"), choices=ImportKind.choices)
    columns = forms.CharField(
        label=_("Columns"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One per line: field = header text, e.g. date = 入账日, amount = 金额(元), flag = 方向码, summary = 说明."
        ),
    )
    flag_values = forms.CharField(
        label=_("Direction flag values"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: text = in or out, e.g. 1 = in, 0 = out."),
    )
    header_row = forms.IntegerField(label=_("Header row"), required=False, min_value=1)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)


class DisagreeForm(forms.Form):
    book_balance = forms.CharField(
        label=_("Your book balance"),
        max_length=40,
        help_text=_("The balance of this account in your own books on the statement date, e.g. 1,200,000.00."),
    )
    reason = forms.CharField(
        label=_("Why the balances differ"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    attachment = forms.FileField(
        label=_("Attachment (optional)"),
        required=False,
        help_text=_(
            "A PDF, a picture (PNG/JPG) or an Excel file of your records, such as your balance adjustment table, "
            "at most 10 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(_DOCUMENT_SUFFIXES)}),
    )

    def clean_attachment(self):
        return _checked_document(self.cleaned_data.get("attachment"))

    def kept_attachment(self, statement) -> AbstractContextManager[str]:
        """``with form.kept_attachment(statement) as path: <the service call>`` (path "" without attachment)."""
        return _kept_upload(self.cleaned_data.get("attachment"), f"attachments/{statement.pk}")


class NoteForm(forms.Form):
    body = forms.CharField(label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    internal = forms.BooleanField(label=_("Bank-internal note (not shown to the client)"), required=False)


class InquiryForm(forms.Form):
    account = forms.ModelChoiceField(label=_("Account"), queryset=None)
    period = forms.CharField(label=_("Period"), max_length=8, help_text=_("For example 2026-09 or 2026-Q3."))

    def __init__(self, *args, accounts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = accounts


class PublishForm(forms.Form):
    period = forms.CharField(
        label=_("Period"), max_length=8, help_text=_("2026-09 for a month, 2026-Q3 for a quarter.")
    )
    as_of = forms.DateField(
        label=_("Balance as of (back-fills only)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ReassignForm(forms.Form):
    credit_code = forms.CharField(
        label=_("Unified social credit code of the customer the account belongs to"),
        max_length=18,
        required=False,
        help_text=_(
            "Leave empty to take the account back to the bank (no customer) until the branch has found its holder."
        ),
    )
    reason = forms.CharField(
        label=_("Reason (kept in the audit log)"), max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )


class WorkdaysUploadForm(forms.Form):
    """The State Council's holiday schedule as a CSV file (the same as `manage.py workdays load` reads)."""

    file = forms.FileField(
        label=_("Schedule file (CSV)"),
        help_text=_(
            "A table whose first row is the header date,kind, then one row per date: kind is holiday (a statutory "
            "rest day) or workday (a make-up working day), for example 2027-02-06,workday."
        ),
    )
    force = forms.BooleanField(
        required=False,
        label=_(
            "Accept although incomplete (only if the State Council's schedule really is so; recorded and shown on the "
            "operations dashboard)"
        ),
    )


class UploadFileForm(forms.Form):
    file = forms.FileField(label=_("File (CSV or Excel)"))


class ResolveForm(forms.Form):
    finding = ShownChoiceField(
        label=_("Finding"),
        choices=[
            ("", "—"),
            ("bank_error", _("Bank error: re-issue the statement")),
            ("client_error", _("Client error: ask the client to confirm again")),
            ("timing", _("Timing difference: ask the client to confirm again")),
        ],
    )
    resolution = forms.CharField(
        label=_("Explanation for the client"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    corrected_balance = forms.CharField(
        label=_("Corrected balance (bank error only)"),
        required=False,
        max_length=40,
        help_text=_("The balance the statement should have stated, e.g. 1,200,000.00."),
    )


class ChangeRequestForm(forms.Form):
    contact_name = forms.CharField(label=_("Contact name"), max_length=100)
    mobile = forms.CharField(label=_("Mobile"), max_length=20)
    address = forms.CharField(label=_("Postal address"), max_length=300, required=False)
    postcode = forms.CharField(
        label=_("Postal code"), max_length=12, required=False, help_text=_("Six digits, such as 200120.")
    )
    phone = forms.CharField(
        label=_("Contact phone (for the courier)"),
        max_length=40,
        required=False,
        help_text=_("A landline with its area code, such as 021-58881234 ext. 8001, or a mobile number."),
    )
    # The statement channels' registry (statements/channels/), read when the form is built.
    channel = ShownChoiceField(label=_("Channel"), choices=statement_channel_choices)
    # The registry's channels, read when the form is built: a channel added there is offered here without a change.
    notify_channel = ShownChoiceField(
        label=_("Notices by"), choices=channel_choices, initial=DEFAULT_NOTIFY, required=False
    )
    wechat_openid = forms.CharField(
        label=_("WeChat openid"),
        max_length=64,
        required=False,
        help_text=_("Needed for notices by WeChat: the openid the bank's Official Account shows after you follow it."),
    )
    written_request = forms.FileField(label=_("Signed written request (needed to change the channel)"), required=False)

    def clean_written_request(self):
        return _checked_document(self.cleaned_data.get("written_request"))

    # A post without these fields (a client made before they existed) keeps the agreement's own values.
    def clean_notify_channel(self):
        if "notify_channel" not in self.data:
            return self.initial.get("notify_channel") or DEFAULT_NOTIFY
        return self.cleaned_data.get("notify_channel") or DEFAULT_NOTIFY

    def clean_wechat_openid(self):
        if "wechat_openid" not in self.data:
            return self.initial.get("wechat_openid") or ""
        return self.cleaned_data.get("wechat_openid", "")

    def kept_written_request(self, account) -> AbstractContextManager[str]:
        """``with form.kept_written_request(account) as path: <the service call>`` (see ``_kept_upload``)."""
        return _kept_upload(self.cleaned_data.get("written_request"), f"change-requests/{account.pk}")
