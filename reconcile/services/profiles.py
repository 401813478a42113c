"""Mapping profiles: a saved column mapping for a layout that header detection alone does not read."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.actors import Actor
from core.roles import is_bank_staff
from core.services.audit import audit_record, snapshot
from core.text import hidden_character
from reconcile.models import Customer, ImportKind, MappingProfile
from reconcile.parsers.headers import FIELDS
from reconcile.parsers.text import header_key

PROFILE_FIELDS = ["name", "kind", "customer_id", "columns", "flag_values", "header_row", "year"]
# A profile's columns read the money from one of these (an amount, or debit/credit or in/out columns).
AMOUNT_FIELDS = ("amount", "debit", "credit", "in_amount", "out_amount")
# Direction flags are the few codes a bank writes beside an amount (1/0, D/C, 借/贷, 收/支 ...).
FLAG_VALUES_MAX, FLAG_TEXT_MAX = 30, 40
# What a spreadsheet would read as a formula: a profile's name is listed, and exported, as text.
_FORMULA_START = frozenset("=+-@＝＋－＠")


def parse_mapping_text(text: str, *, field_name: str, allowed: set[str] | None = None) -> dict[str, str]:
    """'field = header text' per line -> dict; errors name the line. A field given on two lines is refused naming
    both (one of them would be dropped without a word)."""
    result: dict[str, str] = {}
    line_of: dict[str, int] = {}
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key or not value:
            raise ValidationError({field_name: _("Line %(n)s: write it as 'field = value'.") % {"n": number}})
        if allowed is not None and key not in allowed:
            raise ValidationError(
                {
                    field_name: _("Line %(n)s: unknown field %(key)s; known fields: %(known)s.")
                    % {"n": number, "key": key, "known": ", ".join(sorted(allowed))}
                }
            )
        if key in result:
            raise ValidationError(
                {
                    field_name: _(
                        "Lines %(first)s and %(n)s both map %(key)s (%(one)s, %(other)s); keep one of the two lines."
                    )
                    % {"first": line_of[key], "n": number, "key": key, "one": result[key], "other": value}
                }
            )
        result[key], line_of[key] = value, number
    return result


def _check_owner(actor: Actor | None, customer: Customer | None) -> None:
    """A company user saves profiles of its own company; a bank-wide one (no customer) is bank staff's (or a
    command's)."""
    if actor is None or is_bank_staff(actor):
        return
    if customer is None or getattr(actor, "customer_id", None) != customer.pk:
        raise ValidationError(
            {
                "name": _(
                    "Your user belongs to no company, or to another one: only bank staff save "
                    "profiles for every company. Ask the bank to grant your user its company."
                )
            }
        )


def _column_errors(columns: dict[str, str]) -> dict[str, str]:
    """The money column a profile must read, and one header per field (two fields on one column would read it
    twice, e.g. as both the amount and the balance)."""
    by_header: dict[str, list[str]] = {}
    for field, header in columns.items():
        by_header.setdefault(header_key(header), []).append(field)
    shared = next(((h, fs) for h, fs in by_header.items() if len(fs) > 1), None)
    if shared is not None:
        return {
            "columns": _("%(fields)s are mapped to the same header %(header)s; map each field to its own column.")
            % {"fields": ", ".join(shared[1]), "header": columns[shared[1][0]]}
        }
    if not any(field in columns for field in AMOUNT_FIELDS):
        return {
            "columns": _(
                "Map the column holding the amounts: amount, or debit and credit, or in_amount and out_amount."
            )
        }
    return {}


def _flag_error(flag_values: dict[str, str]) -> str | None:
    if len(flag_values) > FLAG_VALUES_MAX:
        return _("%(n)s direction flag values given; a profile has at most %(max)s.") % {
            "n": len(flag_values),
            "max": FLAG_VALUES_MAX,
        }
    for text in flag_values:
        if not text.strip():
            return _("A direction flag text is empty; write the text the file shows, e.g. 1 = in.")
        if len(text) > FLAG_TEXT_MAX:
            return _("The direction flag text %(text)s… is longer than %(max)s characters.") % {
                "text": text[:FLAG_TEXT_MAX],
                "max": FLAG_TEXT_MAX,
            }
    bad_flags = sorted(v for v in flag_values.values() if v not in ("in", "out"))
    if bad_flags:
        return _("Direction flags map to 'in' or 'out', not %(v)s.") % {"v": ", ".join(bad_flags)}
    return None


def mapping_profile_save(
    *,
    actor: Actor | None,
    name: str,
    kind: str,
    columns: dict[str, str],
    flag_values: dict[str, str] | None = None,
    header_row: int | None = None,
    year: int | None = None,
    customer: Customer | None = None,
) -> MappingProfile:
    name = (name or "").strip()
    errors: dict[str, str] = {}
    # Saved profiles are tried automatically on later uploads: a malformed one would break them all.
    if not isinstance(columns, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in columns.items()):
        raise ValidationError({"columns": _('Map field names to header texts, e.g. {"date": "入账日"}.')})
    if flag_values is not None and not (
        isinstance(flag_values, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in flag_values.items())
    ):
        raise ValidationError({"flag_values": _('Map flag texts to in or out, e.g. {"1": "in"}.')})
    if not name:
        errors["name"] = _("A profile needs a name.")
    elif (hidden := hidden_character(name)) is not None:  # offered by name on every upload page, as typed
        errors["name"] = _("%(where)s contains a hidden control character (%(char)s); type the text without it.") % {
            "where": _("Profile name"),
            "char": hidden,
        }
    elif name[:1] in _FORMULA_START:
        errors["name"] = _("%(field)s may not start with =, +, - or @ (what a spreadsheet reads as a formula).") % {
            "field": _("Profile name")
        }
    if kind not in ImportKind.values:
        errors["kind"] = _("Unknown import kind %(kind)s; use bank or journal.") % {"kind": kind}
    unknown = sorted(set(columns) - set(FIELDS))
    if unknown:
        errors["columns"] = ngettext(
            "Unknown field %(fields)s; known fields: %(known)s.",
            "Unknown fields %(fields)s; known fields: %(known)s.",
            len(unknown),
        ) % {
            "fields": ", ".join(unknown),
            "known": ", ".join(FIELDS),
        }
    if not columns:
        errors["columns"] = _("Map at least one field to a column header.")
    elif "columns" not in errors:
        errors.update(_column_errors(columns))
    flag_error = _flag_error(flag_values or {})
    if flag_error:
        errors["flag_values"] = flag_error
    if header_row is not None and header_row < 1:
        errors["header_row"] = _("The header row is counted from 1.")
    if errors:
        raise ValidationError(errors)
    _check_owner(actor, customer)
    with transaction.atomic():
        # Names are unique per owner: another company's profile of the same name is not this one, and not a conflict
        # (saying "taken" would tell a company that another one uses that name).
        profile = MappingProfile.objects.select_for_update().filter(name=name, customer=customer).first()
        before = snapshot(profile, PROFILE_FIELDS) if profile else None
        profile = profile or MappingProfile(name=name, customer=customer)
        profile.kind, profile.columns, profile.flag_values = kind, columns, flag_values or {}
        profile.header_row, profile.year = header_row, year
        try:
            with transaction.atomic():
                profile.save()
        except IntegrityError as exc:
            raise ValidationError({"name": _("The name %(name)s is taken; choose another.") % {"name": name}}) from exc
        audit_record(
            actor=actor,
            action="mapping_profile.saved",
            target=profile,
            before=before,
            after=snapshot(profile, PROFILE_FIELDS),
        )
    return profile
