from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from naikkelas.accounts.models import Membership
from naikkelas.selection.models import Application, Review
from naikkelas.testing.factories import Personas, UserFactory
from naikkelas.testing.programs import batch, organisation, program_with_levels

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_batch(personas: Personas):  # type: ignore[no-untyped-def]
    """A level-1 batch of Kota Semarang whose window is open today; the Semarang admin organises it."""
    today = timezone.localdate()
    province = organisation("Balatkop Jateng", "33")
    _program, level1, _level2 = program_with_levels(province)
    semarang_office = personas.semarang_admin.memberships.get().organisation
    return batch(level1, semarang_office, opens=today - timedelta(days=3), closes=today + timedelta(days=10),
                 start=today + timedelta(days=20), capacity=1)  # fmt: skip


def form_data(**changes: str) -> dict[str, str]:
    data = {
        "nik": "3374 0152 0380 0001", "name": "Sri Wahyuni", "phone": "0812-3456-7890", "email": "",
        "enterprise_name": "Bandeng Presto Bu Sri Baru", "nib": "", "sector": "fishery", "district": "33.74.02",
        "started_on": "2015-06-01", "period": (date.today().replace(day=1) - timedelta(days=1)).strftime("%Y-%m"),
        "omzet": "12.000.000", "aset": "40.000.000", "workers": "3", "consent": "on",
        "answer_0": "Pemasaran digital",
    }  # fmt: skip
    data.update(changes)
    return data


def test_public_form_lists_and_accepts_an_application(open_batch) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    assert open_batch.title in client.get(reverse("selection:apply_index")).content.decode()
    response = client.post(reverse("selection:apply_form", args=[open_batch.pk]), form_data())
    assert response.status_code == 200
    assert "status-link" in response.content.decode()
    application = Application.objects.get()
    assert application.status == "eligible"
    link = response.context["status_url"].split("/status/")[1]
    status_page = client.get(reverse("selection:status", args=[link.rstrip("/")]))
    assert status_page.status_code == 200
    body = status_page.content.decode()
    assert "Sedang diseleksi" in body and application.person.nik not in body


def test_form_errors_are_shown_in_indonesian_and_nothing_is_saved(open_batch) -> None:  # type: ignore[no-untyped-def]
    response = Client().post(
        reverse("selection:apply_form", args=[open_batch.pk]), form_data(nik="3374013102800001", consent="")
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "consent" in errors or "nik" in errors
    assert not Application.objects.exists()


def test_unknown_status_link_is_404() -> None:
    assert Client().get(reverse("selection:status", args=["bukan-tautan"])).status_code == 404


def test_dashboard_is_scoped(open_batch, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    url = reverse("selection:batch_detail", args=[open_batch.pk])
    semarang = Client()
    semarang.force_login(personas.semarang_admin)
    assert semarang.get(url).status_code == 200
    kudus = Client()
    kudus.force_login(personas.kudus_admin)
    assert kudus.get(url).status_code == 404


def test_actions_need_the_organisers_admin(open_batch, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    viewer = Client()
    viewer.force_login(personas.viewer)
    assert viewer.post(reverse("selection:batch_run", args=[open_batch.pk])).status_code == 403
    province = Client()
    province.force_login(personas.province_admin)
    assert province.post(reverse("selection:batch_run", args=[open_batch.pk])).status_code == 403


def test_reviewer_scores_through_the_page(open_batch, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    Client().post(reverse("selection:apply_form", args=[open_batch.pk]), form_data())
    reviewer = UserFactory.create(username="penilai")
    Membership.objects.create(user=reviewer, organisation=open_batch.organiser, role=Membership.Role.REVIEWER)
    admin = Client()
    admin.force_login(personas.semarang_admin)
    admin.post(reverse("selection:batch_assign_reviews", args=[open_batch.pk]))
    review = Review.objects.get()
    client = Client()
    client.force_login(reviewer)
    assert client.get(reverse("selection:review_list")).status_code == 200
    scores = {f"score_{key}": "4" for key in open_batch.level.criteria.values_list("key", flat=True)}
    response = client.post(reverse("selection:review_form", args=[review.pk]), {**scores, "comment": "Siap"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert str(review.total) == "4.00"
    # The organiser's admin sees the application and its reviews, but only its reviewer scores (403);
    # for the Kudus admin the review is outside her scope (404).
    other = Client()
    other.force_login(personas.semarang_admin)
    assert other.get(reverse("selection:review_form", args=[review.pk])).status_code == 403
    other.force_login(personas.kudus_admin)
    assert other.get(reverse("selection:review_form", args=[review.pk])).status_code == 404


def test_applicant_sets_a_password_through_the_status_link_and_logs_in(open_batch) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    response = client.post(reverse("selection:apply_form", args=[open_batch.pk]), form_data())
    token = response.context["token"]
    application = Application.objects.get()
    assert application.person.user is not None
    assert application.person.user.username == "6281234567890"
    assert not application.person.user.has_usable_password()
    page = client.get(reverse("selection:status", args=[token]))
    assert "set-password" in page.content.decode()
    done = client.post(
        reverse("selection:status", args=[token]),
        {"new_password1": "bandeng-presto-2021", "new_password2": "bandeng-presto-2021"},
    )
    assert done.status_code == 302
    own = Client()
    assert own.login(username="6281234567890", password="bandeng-presto-2021")
    assert own.get(reverse("selection:application_detail", args=[application.pk])).status_code == 200


def test_applicant_does_not_see_reviewers(open_batch, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    Client().post(reverse("selection:apply_form", args=[open_batch.pk]), form_data())
    application = Application.objects.get()
    reviewer = UserFactory.create(username="penilai_rahasia")
    Review.objects.create(application=application, reviewer=reviewer, comment="Komentar internal")
    own = Client()
    assert application.person.user is not None
    own.force_login(application.person.user)
    body = own.get(reverse("selection:application_detail", args=[application.pk])).content.decode()
    assert "Komentar internal" not in body and "penilai_rahasia" not in body
    staff = Client()
    staff.force_login(personas.semarang_admin)
    assert (
        "penilai_rahasia"
        in staff.get(reverse("selection:application_detail", args=[application.pk])).content.decode()
    )


def test_status_page_title_is_plain_text(open_batch) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    token = client.post(reverse("selection:apply_form", args=[open_batch.pk]), form_data()).context["token"]
    body = client.get(reverse("selection:status", args=[token])).content.decode()
    title = body.split("<title>")[1].split("</title>")[0]
    assert "<" not in title and "Status pendaftaran" in title
    assert body.count('id="withdraw"') == 1
