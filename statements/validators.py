from __future__ import annotations

import re
import unicodedata

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def normalize_cn_mobile(value: str) -> str:
    """A Chinese mobile number in E.164 (+8613812345678), or ValidationError naming the value."""
    raw = (value or "").strip()
    try:
        number = phonenumbers.parse(raw, "CN")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(_("%(value)s is not a phone number.") % {"value": raw}, code="mobile") from exc
    if (
        number.country_code != 86
        or not phonenumbers.is_valid_number(number)
        or phonenumbers.number_type(number) != phonenumbers.PhoneNumberType.MOBILE
    ):
        raise ValidationError(
            _("%(value)s is not a valid Chinese mobile number (11 digits starting with 1).") % {"value": raw},
            code="mobile",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


_EXTENSION = re.compile(r"^(?P<number>.*?\d)\s*(?:转|分机|ext\.?|x|#)\s*(?P<ext>\d{1,6})$", re.IGNORECASE)
_DASHED_EXTENSION = re.compile(r"^(?P<number>.*\d)-(?P<ext>\d{1,6})$")


def _valid_cn_number(raw: str) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(raw, "CN")
    except phonenumbers.NumberParseException:
        return None
    return number if number.country_code == 86 and phonenumbers.is_valid_number(number) else None


def normalize_cn_phone(value: str) -> str:
    """A Chinese landline or mobile number as a courier dials it (``021 5888 1234``, ``021 5888 1234 转 8001``),
    or "" for none; ValidationError naming the value. Extensions are written 转/分机/ext or after a last dash
    (``021-58881234-8001``), as Chinese business cards do."""
    raw = unicodedata.normalize("NFKC", value or "").strip()
    if not raw:
        return ""
    number, ext = _valid_cn_number(raw), ""
    if number is None or number.extension:
        match = _EXTENSION.match(raw) or _DASHED_EXTENSION.match(raw)
        if match:
            number, ext = _valid_cn_number(match.group("number")), match.group("ext")
    if number is None:
        raise ValidationError(
            _(
                "%(value)s is not a valid Chinese phone number; write it with the area code, such "
                "as 021-58881234 or 021-58881234 ext. 8001, or a mobile number."
            )
            % {"value": value},
            code="phone",
        )
    ext = ext or (number.extension or "")
    number.extension = None
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return f"{national} 转 {ext}" if ext else national


def normalize_cn_postcode(value: str) -> str:
    """A Chinese postal code (邮政编码: six digits), or "" for none; ValidationError naming the value."""
    raw = unicodedata.normalize("NFKC", value or "").strip()
    if raw and not (len(raw) == 6 and raw.isascii() and raw.isdigit()):
        raise ValidationError(
            _("%(value)s is not a postal code; a Chinese postal code has six digits, such as 200120.")
            % {"value": value},
            code="postcode",
        )
    return raw
