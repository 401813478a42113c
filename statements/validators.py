from __future__ import annotations

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
    if (number.country_code != 86 or not phonenumbers.is_valid_number(number)
            or phonenumbers.number_type(number) != phonenumbers.PhoneNumberType.MOBILE):
        raise ValidationError(_("%(value)s is not a valid Chinese mobile number (11 digits starting with 1).")
                              % {"value": raw}, code="mobile")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
