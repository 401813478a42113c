from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from reconcile.models import ImportKind


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What is this file?"), choices=ImportKind.choices)
    file = forms.FileField(label=_("File"), help_text=_(
        "Excel (.xlsx/.xls) or CSV exports of Chinese banks, ERP journals (Kingdee, Yonyou, SAP), "
        "MT940, camt.053/052, BAI2 or OFX."))
    account = forms.CharField(label=_("Account number"), required=False, max_length=40, help_text=_(
        "Only needed when the file does not name its account."))
    profile = forms.CharField(label=_("Mapping profile"), required=False, max_length=100)


class MappingProfileForm(forms.Form):
    name = forms.CharField(label=_("Profile name"), max_length=100, help_text=_("For example the bank or ERP: 某农商行对账单"))
    kind = forms.ChoiceField(label=_("What is this file?"), choices=ImportKind.choices)
    columns = forms.CharField(label=_("Columns"), widget=forms.Textarea(attrs={"rows": 6}), help_text=_(
        "One per line: field = header text, e.g. date = 入账日, amount = 金额(元), flag = 方向码, summary = 说明."))
    flag_values = forms.CharField(label=_("Direction flag values"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=_("One per line: text = in or out, e.g. 1 = in, 0 = out."))
    header_row = forms.IntegerField(label=_("Header row"), required=False, min_value=1)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)
