"""The participant's own training page."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_participant_sees_their_training(running) -> None:  # type: ignore[no-untyped-def]
    the_batch, _trainer, _other = running
    mine, other = the_batch.enrolments.order_by("id")[:2]
    user = mine.application.person.user
    client = Client()
    client.force_login(user)
    response = client.get(reverse("training:mine"))
    assert response.status_code == 200
    # Her enrolment, her batch's dates and her attendance count; nothing of another participant.
    assert response.context["current"] == mine
    assert response.context["attended"] == 0
    body = response.content.decode()
    assert the_batch.title in body and "10 Mei 2021 – 14 Mei 2021" in body
    assert other.application.enterprise.name not in body and other.application.person.name not in body
