"""Helpers every app's forms and views share: the date, month and rupiah fields, service errors."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from naikkelas.core.formats import RupiahError, parse_rupiah


def add_service_errors(form: Any, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: by field where the form has it, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def reason_language() -> str:
    """The language whose stored reasons to show: 'en' or 'id'."""
    return "en" if (get_language() or "id").startswith("en") else "id"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m", **kwargs)


class MonthField(forms.DateField):
    """A month typed as 2021-06 (or a full date); stored as the first day of that month."""

    input_formats = ["%Y-%m", "%Y-%m-%d"]
    widget = MonthInput

    def to_python(self, value: Any) -> Any:
        result = super().to_python(value)
        return result.replace(day=1) if result else result


class RupiahField(forms.IntegerField):
    """Whole rupiah as people write it: 5.000.000, Rp 7.000.000,-, 5,000,000, 7,5 juta, 750 rb
    (core.formats.parse_rupiah, the one parser of the house)."""

    default_error_messages = {
        "invalid": _("Masukkan jumlah rupiah dalam angka, misalnya 7.500.000 atau 7,5 juta.")
    }
    # Text, not type=number: people type 5.000.000 with dots or "7,5 juta", which a number input refuses.
    widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            if not value.strip():
                return None
            try:
                value = parse_rupiah(value)
            except RupiahError as error:
                raise forms.ValidationError(str(error), code="invalid") from None
        return super().to_python(value)
