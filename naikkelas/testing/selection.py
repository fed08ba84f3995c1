"""Applying through the public form as an applicant does: the form, then the code from the message."""

from typing import Any

from django.test import Client
from django.urls import reverse

from naikkelas.notify.models import Message
from naikkelas.programs.models import Batch


def last_code(template: str = "application_code") -> str:
    """The code in the newest message of that kind (what the applicant reads on her phone)."""
    return str(Message.objects.filter(template=template).latest("id").context["code"])


def apply(client: Client, batch: Batch, data: dict[str, str]) -> Any:
    """Submit the form, type the code that was sent, and return the answer to the code."""
    asked = client.post(reverse("selection:apply_form", args=[batch.pk]), data)
    assert asked.status_code == 302, asked.content.decode()[:2000]
    return client.post(asked["Location"], {"code": last_code()})
