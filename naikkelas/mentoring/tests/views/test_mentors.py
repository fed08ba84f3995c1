"""Mentor pages: registering a mentor, capacity and deactivation, moving a mentee, and the overview."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from naikkelas.accounts.models import Membership, Organisation
from naikkelas.core.models import AuditEvent
from naikkelas.mentoring.models import Mentor, MentorAssignment
from naikkelas.mentoring.services import matching, mentors
from naikkelas.mentoring.tests.conftest import Mentee, client, graduate
from naikkelas.regions.models import Region
from naikkelas.testing.factories import Personas, UserFactory
from naikkelas.testing.programs import organisation, program_with_levels


@pytest.mark.django_db
def test_pages_show_gaps_to_admins_and_mentees_to_their_mentor(personas: Personas) -> None:
    from django.test import Client
    from django.urls import reverse

    _program, level1, _level2 = program_with_levels(organisation("Balatkop Jateng", "33"))
    mentors.mentor_create(
        actor=None, user=personas.mentor, regency=Region.objects.get(code="33.74"), sectors=[], capacity=1
    )
    graduate(level1)
    graduate(level1)
    admin = Client()
    admin.force_login(personas.semarang_admin)
    assert admin.post(reverse("mentoring:overview")).status_code == 302
    page = admin.get(reverse("mentoring:overview"))
    assert page.context["gaps"] == [("Kota Semarang", 1)]
    mentor = Client()
    mentor.force_login(personas.mentor)
    assert len(mentor.get(reverse("mentoring:mine")).context["page"]) == 1
    assert mentor.post(reverse("mentoring:overview")).status_code == 403
    participant = Client()
    participant.force_login(personas.participant)
    assert participant.get(reverse("mentoring:overview")).status_code == 403


@pytest.mark.django_db
def test_the_regency_admin_registers_a_mentor_with_a_one_time_password(mentee: Mentee) -> None:
    admin = client(mentee.personas.semarang_admin)
    office = Organisation.objects.get(memberships__user=mentee.personas.semarang_admin)
    form = {"office": office.pk, "first_name": "Dewi", "last_name": "Lestari", "username": "dewi",
            "email": "dewi@semarang.example", "sectors": ["food", "craft"], "capacity": "8"}  # fmt: skip
    response = admin.post("/pendampingan/pendamping/baru/", form)
    mentor = Mentor.objects.get(user__username="dewi")
    assert response.status_code == 302 and mentor.regency_code == "33.74" and mentor.capacity == 8
    assert Membership.objects.filter(user=mentor.user, organisation=office, role="mentor").exists()
    shown = [str(m) for m in admin.get(response["Location"]).context["messages"]]
    password = shown[0].rsplit(": ", 1)[1]
    assert Client().login(username="dewi", password=password)
    again = admin.post("/pendampingan/pendamping/baru/", form)
    assert again.status_code == 200 and "sudah dipakai" in again.text
    assert Mentor.objects.filter(user__username="dewi").count() == 1
    # the province sees mentors but does not manage a regency's; Kudus neither sees nor manages
    assert client(mentee.personas.province_admin).get("/pendampingan/pendamping/baru/").status_code == 403
    assert (
        client(mentee.personas.province_admin).get(f"/pendampingan/pendamping/{mentor.pk}/").status_code
        == 200
    )
    assert (
        client(mentee.personas.province_admin)
        .post(f"/pendampingan/pendamping/{mentor.pk}/", {"capacity": "9"})
        .status_code
        == 403
    )
    assert (
        client(mentee.personas.kudus_admin).get(f"/pendampingan/pendamping/{mentor.pk}/").status_code == 404
    )


@pytest.mark.django_db
def test_capacity_never_below_the_active_mentees_and_no_deactivation_with_mentees(mentee: Mentee) -> None:
    admin = client(mentee.personas.semarang_admin)
    url = f"/pendampingan/pendamping/{mentee.mentor.pk}/"
    assert admin.post(url, {"capacity": "0", "active": "on"}).status_code == 200
    low = admin.post(url, {"capacity": "1", "active": ""})
    assert "Pindahkan dulu 1 dampingan" in low.text
    mentee.mentor.refresh_from_db()
    assert mentee.mentor.active and mentee.mentor.capacity == 5
    with pytest.raises(ValidationError, match="di bawah jumlah dampingan"):
        mentors.mentor_update(actor=None, mentor=mentee.mentor, sectors=[], capacity=0, active=True)
    assert admin.post(url, {"capacity": "3", "active": "on", "sectors": ["fishery"]}).status_code == 302
    mentee.mentor.refresh_from_db()
    assert (mentee.mentor.capacity, mentee.mentor.sectors) == (3, ["fishery"])
    assert AuditEvent.objects.filter(object_type="mentoring.mentor", action="update").exists()


@pytest.mark.django_db
def test_moving_a_mentee_needs_a_reason_and_a_mentor_of_the_same_regency(mentee: Mentee) -> None:
    other = mentors.mentor_create(
        actor=None, user=UserFactory.create(username="dewi"), regency=Region.objects.get(code="33.74"),
        sectors=[], capacity=3,
    )  # fmt: skip
    kudus = mentors.mentor_create(
        actor=None, user=UserFactory.create(username="joko"), regency=Region.objects.get(code="33.19"),
        sectors=[], capacity=3,
    )  # fmt: skip
    assignment = MentorAssignment.objects.get(enterprise=mentee.enterprise)
    with pytest.raises(ValidationError, match="kabupaten/kota yang sama"):
        matching.reassign(actor=None, assignment=assignment, mentor=kudus, reason="dekat rumah")
    url = f"/pendampingan/penugasan/{assignment.pk}/pindah/"
    admin = client(mentee.personas.semarang_admin)
    page = admin.get(url)
    assert list(page.context["form"].fields["mentor"].queryset) == [other]  # not Kudus's, not the current
    assert admin.post(url, {"mentor": other.pk, "reason": ""}).status_code == 200
    assert client(mentee.personas.mentor).post(url, {"mentor": other.pk, "reason": "x"}).status_code == 403
    assert client(mentee.personas.kudus_admin).get(url).status_code == 404
    assert admin.post(url, {"mentor": other.pk, "reason": "Pendamping lama pindah tugas"}).status_code == 302
    assignment.refresh_from_db()
    assert assignment.ended_at is not None and assignment.ended_reason == "Pendamping lama pindah tugas"
    assert MentorAssignment.objects.get(enterprise=mentee.enterprise, ended_at__isnull=True).mentor == other
