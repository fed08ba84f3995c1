"""Helpers every app's views share."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import get_language


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
