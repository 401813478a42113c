"""A form's list field whose refusal of a value it does not offer quotes the value as refusals do."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from core.text import shown_value


class ShownChoiceField(forms.ChoiceField):
    """A list refusing a value it does not offer quoting it as refusals do (``shown_value``): Django's message quotes
    it whole and raw, so a forged form's 100,000 characters filled the page and a direction override (U+202E)
    reversed the rest of the sentence."""

    def validate(self, value: object) -> None:
        try:
            super().validate(value)
        except ValidationError as exc:
            if exc.code != "invalid_choice":
                raise
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": shown_value(value)}
            ) from None
