import pytest
from django.test import Client
from django.urls import reverse

from naikkelas.core.models import AuditEvent
from naikkelas.testing.factories import Personas

pytestmark = pytest.mark.django_db


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_participant_sees_own_person_but_not_another(personas: Personas) -> None:
    client = client_for(personas.participant)
    own = reverse("registry:person_detail", args=[personas.participant_person.pk])
    other = reverse("registry:person_detail", args=[personas.other_person.pk])
    assert client.get(own).status_code == 200
    assert client.get(other).status_code == 404


def test_bad_person_input_answers_in_indonesian_and_writes_nothing(personas: Personas) -> None:
    client = client_for(personas.semarang_admin)
    response = client.post(
        reverse("registry:person_create"),
        {"nik": "3374013102800001", "name": "X", "sex": "M", "birth_date": "1980-02-28",
         "address_district": "33.74.01"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "bukan tanggal yang ada" in str(response.context["form"].errors["nik"])
    assert AuditEvent.objects.count() == 0


def test_owner_with_an_enterprise_cannot_be_deleted(personas: Personas) -> None:
    person = personas.participant_person
    response = client_for(personas.semarang_admin).post(reverse("registry:person_delete", args=[person.pk]))
    assert response.status_code == 200
    assert "masih memiliki usaha" in response.content.decode()
    assert type(person).objects.filter(pk=person.pk).exists()


def test_owner_without_enterprises_is_deleted_and_audited(personas: Personas) -> None:
    person = personas.other_person
    client_for(personas.semarang_admin).post(reverse("registry:person_delete", args=[person.pk]))
    assert not type(person).objects.filter(pk=person.pk).exists()
    assert AuditEvent.objects.filter(object_type="registry.person", action="delete").count() == 1
