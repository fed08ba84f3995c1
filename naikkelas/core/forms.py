"""Helpers every app's forms and views share: the date, month and rupiah fields, service errors."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


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
    """Whole rupiah; accepts 5.000.000, 5,000,000, Rp 5000000."""

    default_error_messages = {"invalid": _("Masukkan jumlah rupiah dalam angka, misalnya 5000000.")}
    # Text, not type=number: people type 5.000.000 with dots, which a number input refuses.
    widget = forms.TextInput(attrs={"inputmode": "numeric"})

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.replace("Rp", "").replace("rp", "").replace(".", "").replace(",", "")
            value = value.replace(" ", "")
        return super().to_python(value)
