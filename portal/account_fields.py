"""The account a file is for, as the upload forms offer it: the accounts the user may use, as a list when there are
not too many, else as a search box (portal/static/portal/account_search.js asks ``portal:account-search`` as the
user types; without JavaScript the box takes a whole number, checked against the same accounts)."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from core.validators import normalize_account_number
from portal.choice_fields import ShownChoiceField
from reconcile.models import BankAccount

# Up to this many accounts are offered as a list; bank staff and group users, who may use thousands, search.
ACCOUNT_CHOICES_LIMIT = 300
LIST, SEARCH = "list", "search"


def account_label(account: BankAccount) -> str:
    """How an account is shown in the list and the search results: number, currency, company."""
    return f"{account.number} · {account.currency}" + (
        f" · {account.customer.legal_name}" if account.customer_id else ""
    )


class AccountSearchField(forms.CharField):
    """A typed account number that must be one of ``accounts`` (spaces and dashes as typed are ignored)."""

    def __init__(self, *, accounts: QuerySet[BankAccount], **kwargs):
        self.accounts = accounts
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "data-account-search": reverse_lazy("portal:account-search"),
                    "autocomplete": "off",
                    "spellcheck": "false",
                }
            ),
        )
        super().__init__(**kwargs)

    def clean(self, value):
        typed = super().clean(value)
        if not typed:
            return ""
        number = normalize_account_number(typed)
        if not self.accounts.filter(number=number).exists():
            raise forms.ValidationError(
                _(
                    "%(value)s is not one of the accounts you may upload for. Type part of its number, the company's "
                    "name or the branch and choose it from the list, or type the whole number."
                ),
                code="not_usable",
                params={"value": typed},
            )
        return number


def account_mode(accounts: QuerySet[BankAccount]) -> tuple[str, list[BankAccount]]:
    """LIST with the accounts when there are at most ACCOUNT_CHOICES_LIMIT, else SEARCH ("" and [] for none)."""
    listed = list(
        accounts.select_related("customer").order_by("customer__legal_name", "number")[: ACCOUNT_CHOICES_LIMIT + 1]
    )
    if not listed:
        return "", []
    if len(listed) > ACCOUNT_CHOICES_LIMIT:
        return SEARCH, []
    return LIST, listed


SEARCH_HELP = _(
    "Type part of the account number, the company's name or the branch, then choose the account from the list; "
    "or type the whole number."
)


def search_field(accounts: QuerySet[BankAccount], *, required: bool, help_text) -> AccountSearchField:
    return AccountSearchField(accounts=accounts, label=_("Account"), required=required, help_text=help_text)


class AccountChoiceForm(forms.Form):
    """The account for a file that did not name its own (on its import's page): required, the one chosen last time
    for a file of the same layout offered first."""

    def __init__(self, *args, accounts: QuerySet[BankAccount], remembered: BankAccount | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.mode, listed = account_mode(accounts)
        initial = remembered.number if remembered is not None else ""
        if self.mode == LIST:
            self.fields["account"] = ShownChoiceField(
                label=_("Account"),
                choices=[("", "—")] + [(a.number, account_label(a)) for a in listed],
                initial=initial,
            )
        else:
            self.fields["account"] = search_field(accounts, required=True, help_text=SEARCH_HELP)
            self.fields["account"].initial = initial
