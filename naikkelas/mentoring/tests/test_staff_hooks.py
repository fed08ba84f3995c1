"""Mentors through the staff pages: the role gives the profile, the WhatsApp number reaches the mentee,
and closing the account stops her taking mentees."""

import pytest
from django.test import Client
from django.urls import reverse

from naikkelas.accounts.models import Membership
from naikkelas.accounts.services import staff
from naikkelas.mentoring.models import Mentor
from naikkelas.mentoring.services import consultations
from naikkelas.testing.factories import Personas
from naikkelas.testing.mentoring import make_mentee

pytestmark = pytest.mark.django_db


def test_the_participant_sees_her_mentors_whatsapp_on_her_consultation(personas: Personas) -> None:
    mentee = make_mentee(personas)
    mentor_user = mentee.mentor.user
    staff.staff_update(actor=personas.semarang_admin, user=mentor_user, first_name="Sari", last_name="Pendamping",
                       email=mentor_user.email, phone="0812 7777 1234")  # fmt: skip
    consultation = consultations.consultation_open(
        actor=personas.participant,
        enterprise=mentee.enterprise,
        category="marketing",
        description="Sepi pembeli.",
    )
    client = Client()
    client.force_login(personas.participant)
    page = client.get(reverse("mentoring:consultation", args=[consultation.pk])).content.decode()
    assert 'href="https://wa.me/6281277771234"' in page and "Sari Pendamping" in page


def test_a_mentor_role_gives_a_profile_and_closing_the_account_ends_it(personas: Personas) -> None:
    semarang = Membership.objects.get(user=personas.semarang_admin).organisation
    user, _link = staff.staff_create(actor=personas.semarang_admin, organisation=semarang, username="Dian",
                                     role="mentor", first_name="Dian", phone="081355554444")  # fmt: skip
    mentor = Mentor.objects.get(user=user)
    assert (mentor.regency_id, mentor.province_code, mentor.active) == ("33.74", "33", True)
    staff.staff_deactivate(actor=personas.semarang_admin, user=user)
    mentor.refresh_from_db()
    assert mentor.active is False
