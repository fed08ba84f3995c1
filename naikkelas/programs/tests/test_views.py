import pytest
from django.test import Client
from django.urls import reverse

from naikkelas.core.models import AuditEvent
from naikkelas.programs.models import Batch
from naikkelas.testing.factories import Personas
from naikkelas.testing.programs import program_with_levels

pytestmark = pytest.mark.django_db


@pytest.fixture
def levels(personas: Personas):  # type: ignore[no-untyped-def]
    province_centre = personas.province_admin.memberships.get().organisation
    return program_with_levels(province_centre)


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_program_owner_edits_thresholds_and_it_is_audited(levels, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    _program, level1, _level2 = levels
    url = reverse("programs:level_edit", args=[level1.pk])
    assert client_for(personas.semarang_admin).get(url).status_code == 403
    client = client_for(personas.province_admin)
    data = {
        "name": "Dasar", "duration_days": "5", "min_business_months": "12", "min_omzet": "6.000.000",
        "requires_nib": "", "max_size_class": "small", "min_days_attended": "4",
        "min_assignments_passed_percent": "80", "reviews_per_application": "2", "review_disagreement": "1.00",
        "questions": "Apa tujuan Anda?\nApa kendala Anda?",
    }  # fmt: skip
    assert client.post(url, data).status_code == 302
    level1.refresh_from_db()
    assert level1.min_omzet == 6_000_000
    assert level1.motivation_questions == ["Apa tujuan Anda?", "Apa kendala Anda?"]
    event = AuditEvent.objects.get(object_type="programs.level", action="update")
    assert event.changes["min_omzet"] == [5_000_000, 6_000_000]


def test_regency_admin_opens_a_basic_batch_but_not_a_province_level(levels, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    _program, level1, level2 = levels
    office = personas.semarang_admin.memberships.get().organisation
    client = client_for(personas.semarang_admin)
    base = {"organiser": str(office.pk), "title": "Dasar Semarang", "venue": "Aula", "start_date": "2031-05-05",
            "capacity": "20", "opens_on": "2031-03-01", "closes_on": "2031-03-31"}  # fmt: skip
    refused = client.post(reverse("programs:batch_create"), {**base, "level": str(level2.pk)})
    assert refused.status_code == 200 and "organiser" in refused.context["form"].errors
    created = client.post(reverse("programs:batch_create"), {**base, "level": str(level1.pk)})
    assert created.status_code == 302
    batch = Batch.objects.get(title="Dasar Semarang")
    assert batch.end_date.isoformat() == "2031-05-09"


def test_viewer_cannot_open_batches(levels, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    assert client_for(personas.viewer).get(reverse("programs:batch_create")).status_code == 403
