"""The organisers' and reviewers' pages of the selection run: the dashboard, reviews, the run's actions."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from naikkelas.accounts.models import Membership
from naikkelas.core.models import AuditEvent
from naikkelas.notify.models import Message
from naikkelas.selection.models import Application, Review
from naikkelas.selection.services import applications, runs
from naikkelas.selection.tests.services.test_runs import april_2021, level1_batch, scored_batch  # noqa: F401 - shared helpers and fixtures
from naikkelas.selection.tests.views.test_applications import form_data, open_batch  # noqa: F401 - shared helpers and fixtures
from naikkelas.testing.factories import Personas, UserFactory
from naikkelas.testing.selection import apply

pytestmark = pytest.mark.django_db


def test_dashboard_is_scoped(open_batch, personas: Personas) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    url = reverse("selection:batch_detail", args=[open_batch.pk])
    semarang = Client()
    semarang.force_login(personas.semarang_admin)
    assert semarang.get(url).status_code == 200
    kudus = Client()
    kudus.force_login(personas.kudus_admin)
    assert kudus.get(url).status_code == 404


def test_actions_need_the_organisers_admin(open_batch, personas: Personas) -> None:  # type: ignore[no-untyped-def]  # noqa: F811

    apply(Client(), open_batch, form_data())
    before = list(Application.objects.values_list("status", "rank", "decision_reason"))
    for user in (personas.viewer, personas.province_admin):
        client = Client()
        client.force_login(user)
        for action in ("batch_run", "batch_publish", "batch_reevaluate", "batch_assign_reviews"):
            assert client.post(reverse(f"selection:{action}", args=[open_batch.pk])).status_code == 403, (
                action
            )
    # Nothing ran: no rank, no decision, no publication, no trail of a run.
    assert list(Application.objects.values_list("status", "rank", "decision_reason")) == before
    open_batch.refresh_from_db()
    assert not open_batch.is_published
    assert not AuditEvent.objects.filter(object_type="programs.batch").exclude(action="create").exists()
    assert not Review.objects.exists()


def test_reviewer_scores_through_the_page(open_batch, personas: Personas) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    apply(Client(), open_batch, form_data())
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


def test_applicant_does_not_see_reviewers(open_batch, personas: Personas) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    apply(Client(), open_batch, form_data())
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


def test_possible_duplicates_are_flagged_on_the_batch_page_and_in_the_preview(
    open_batch,  # noqa: F811
    personas: Personas,
) -> None:  # type: ignore[no-untyped-def]
    """Two NIKs, one WhatsApp number; and one owner name (titles aside) twice in a district."""
    from naikkelas.selection.selectors import possible_duplicates

    apply(Client(), open_batch, form_data(nik="3374015203800001", phone="081234567890", name="Sri Wahyuni"))
    apply(Client(), open_batch, form_data(nik="3374015203800002", phone="081234567890", name="Siti Aminah",
                                          enterprise_name="Usaha Lain"))  # fmt: skip
    apply(Client(), open_batch, form_data(nik="3374015203800003", phone="081200000003", name="Hj. Rina  Lestari",
                                          enterprise_name="Rina Satu"))  # fmt: skip
    apply(Client(), open_batch, form_data(nik="3374015203800004", phone="081200000004", name="rina lestari",
                                          enterprise_name="Rina Dua"))  # fmt: skip
    apply(Client(), open_batch, form_data(nik="3374015203800005", phone="081200000005", name="Budi",
                                          enterprise_name="Sendiri"))  # fmt: skip
    by_name = {a.person.name: a.pk for a in Application.objects.select_related("person")}
    flagged = possible_duplicates(open_batch)
    assert flagged == {
        by_name["Sri Wahyuni"]: "nomor WhatsApp sama dengan pendaftar lain",
        by_name["Siti Aminah"]: "nomor WhatsApp sama dengan pendaftar lain",
        by_name["Hj. Rina  Lestari"]: "nama dan kecamatan pemilik sama dengan pendaftar lain",
        by_name["rina lestari"]: "nama dan kecamatan pemilik sama dengan pendaftar lain",
    }
    admin = Client()
    admin.force_login(personas.semarang_admin)
    page = admin.get(reverse("selection:batch_detail", args=[open_batch.pk])).content.decode()
    assert page.count('class="badge warn duplicate"') == 4


def test_the_review_form_shows_what_each_score_means(open_batch, personas: Personas) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from naikkelas.programs.services.levels import criterion_update

    commitment = open_batch.level.criteria.get(key="commitment")
    criterion_update(
        actor=None, criterion=commitment, description="Kesungguhan <b>pemilik</b>.",
        score_descriptions=["Tidak ada alasan", "Alasan umum", "Alasan jelas", "Sudah mencoba", "Tujuan terukur"],
    )  # fmt: skip
    apply(Client(), open_batch, form_data())
    reviewer = UserFactory.create(username="penilai")
    Membership.objects.create(user=reviewer, organisation=open_batch.organiser, role=Membership.Role.REVIEWER)
    from naikkelas.selection.services import runs

    runs.reviews_assign(actor=None, batch=open_batch)
    client = Client()
    client.force_login(reviewer)
    page = client.get(reverse("selection:review_form", args=[Review.objects.get().pk]))
    field = page.context["form"].fields["score_commitment"]
    assert field.label == "Komitmen (bobot 30%)"
    assert list(field.choices)[1:] == [
        ("1", "1 · Tidak ada alasan"), ("2", "2 · Alasan umum"), ("3", "3 · Alasan jelas"),
        ("4", "4 · Sudah mencoba"), ("5", "5 · Tujuan terukur"),
    ]  # fmt: skip
    body = page.content.decode()
    assert "Kesungguhan &lt;b&gt;pemilik&lt;/b&gt;.<br>1: Tidak ada alasan<br>2: Alasan umum" in body
    assert "Belum terlihat pasar atau rencana untuk tumbuh." in body  # the default rubric's own texts


def test_a_locked_review_says_so_before_anyone_types(open_batch, personas: Personas) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from naikkelas.programs.models import Batch
    from naikkelas.selection.services import runs

    apply(Client(), open_batch, form_data())
    reviewer = UserFactory.create(username="penilai")
    Membership.objects.create(user=reviewer, organisation=open_batch.organiser, role=Membership.Role.REVIEWER)
    runs.reviews_assign(actor=None, batch=open_batch)
    review = Review.objects.get()
    scores = dict.fromkeys(open_batch.level.criteria.values_list("key", flat=True), 4)
    runs.review_submit(reviewer=reviewer, review=review, scores=scores, comment="Siap")
    Batch.objects.filter(pk=open_batch.pk).update(published_at=timezone.now())
    client = Client()
    client.force_login(reviewer)
    url = reverse("selection:review_form", args=[review.pk])
    body = client.get(url).content.decode()
    assert 'id="review-locked"' in body and "penilaian ini dikunci" in body
    assert body.index('id="review-locked"') < body.index('id="review-given"')
    assert "<textarea" not in body and 'name="score_' not in body  # nothing to type into
    changed = {f"score_{key}": "1" for key in scores}
    response = client.post(url, changed, follow=True)
    assert "Hasil seleksi sudah diumumkan; penilaian tidak dapat diubah." in response.content.decode()
    review.refresh_from_db()
    assert set(review.scores.values()) == {4}
    with pytest.raises(ValidationError, match="penilaian tidak dapat diubah"):
        runs.review_submit(reviewer=reviewer, review=review, scores=dict.fromkeys(scores, 1), comment="")


def test_withdrawn_seat_goes_to_the_first_waitlisted(level1_batch, april_2021) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    apps = scored_batch(level1_batch, [3, 5, 4, 2])
    runs.selection_run(actor=None, batch=level1_batch)
    runs.selection_publish(actor=None, batch=level1_batch)
    promoted = runs.application_withdraw(actor=None, application=apps[1], reason="Sakit")
    assert promoted is not None and promoted.pk == apps[0].pk
    assert runs.selected_count(level1_batch) == 2
    promoted.refresh_from_db()
    # Both languages move with the promotion (the English status page said "waitlisted" before).
    assert promoted.decision_reason.startswith("Terpilih dari daftar tunggu (peringkat")
    assert promoted.decision_reason_en.startswith("Selected from the waitlist (rank")
    assert Message.objects.filter(dedupe_key=f"selection-result:{level1_batch.pk}:{apps[0].pk}").exists()


def test_applicant_withdraws_through_the_status_link_and_the_waitlist_moves_up(
    level1_batch,  # noqa: F811
    april_2021,  # noqa: F811
) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client
    from django.urls import reverse

    apps = scored_batch(level1_batch, [5, 4, 3])
    runs.selection_run(actor=None, batch=level1_batch)
    runs.selection_publish(actor=None, batch=level1_batch)
    token = applications.status_token(apps[0])
    client = Client()
    client.post(
        reverse("selection:status", args=[token]), {"withdraw": "1", "reason": "Sakit", "confirm": ""}
    )
    apps[0].refresh_from_db()
    assert apps[0].status == "selected"  # no confirmation, nothing happens
    client.post(
        reverse("selection:status", args=[token]), {"withdraw": "1", "reason": "Sakit", "confirm": "yes"}
    )
    apps[0].refresh_from_db()
    apps[2].refresh_from_db()
    assert apps[0].status == "withdrawn" and apps[2].status == "selected"
