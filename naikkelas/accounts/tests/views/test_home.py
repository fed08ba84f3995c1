"""The home of each role at `/` and the menu: the right counts for the user, nothing of another region or
person, and no menu link that answers 403 or 404."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from naikkelas.accounts.home import Section, menu_for, sections_for
from naikkelas.accounts.models import Membership, User
from naikkelas.mentoring.models import Consultation, FollowUp
from naikkelas.notify.models import Message
from naikkelas.privacy.models import DataRequest
from naikkelas.programs.models import Batch
from naikkelas.selection.models import Application, Review
from naikkelas.testing.factories import MetricReportFactory, Personas, UserFactory
from naikkelas.testing.programs import batch as make_batch
from naikkelas.testing.programs import organisation
from naikkelas.testing.training import ProvinceBatch
from naikkelas.training.models import Session, Submission
from naikkelas.training.services import schedule

pytestmark = pytest.mark.django_db


def section(user: User, key: str) -> Section:
    found = {s.key: s for s in sections_for(user)}
    assert key in found, f"{key} not among {sorted(found)}"
    return found[key]


def figure(user: User, key: str, label: str) -> int:
    return next(f.count for f in section(user, key).figures if f.label == label)


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_sign_in_lands_on_the_home_and_visitors_keep_the_public_home(personas: Personas) -> None:
    personas.participant.set_password("rahasia-123")
    personas.participant.save()
    response = Client().post(reverse("accounts:login"), {"username": "peserta", "password": "rahasia-123"})
    assert response.status_code == 302 and response["Location"] == "/"
    public = Client().get("/").content.decode()
    assert "Daftar pelatihan" in public and "Menu" not in public


def test_participant_sees_her_batches_certificates_and_not_another_participants(world: ProvinceBatch) -> None:
    sri, budi = world.mentee.personas.participant, world.mentee.personas.other_participant
    mine = section(sri, "training.my_batches")
    assert mine.entries[0].text == "Menengah 2021"
    sri_number, budi_number = world.certificates["sri"].number, world.certificates["budi"].number
    assert figure(sri, "training.my_batches", "sertifikat") == 1
    notes = " ".join(e.note for e in mine.entries)
    assert sri_number in notes and budi_number not in notes
    assert budi_number in " ".join(e.note for e in section(budi, "training.my_batches").entries)
    page = signed_in(sri).get("/").content.decode()
    assert "Pelatihan saya" in page and sri_number in page and budi_number not in page
    # Her mentor, and none for Budi (who has none).
    assert section(sri, "mentoring.my_mentor").entries[0].text == str(world.mentee.mentor)
    assert not [e for e in section(budi, "mentoring.my_mentor").entries if e.text == str(world.mentee.mentor)]
    assert section(sri, "privacy.mine").entries[0].url == reverse("privacy:mine")


def test_english_home_figures_take_the_form_of_their_count(world: ProvinceBatch) -> None:
    """A figure's label agrees with its count in English (1 certificate, 1 batch attended, 2 batches);
    Indonesian keeps one form."""
    sri = world.mentee.personas.participant
    client = signed_in(sri)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/").content.decode()
    assert "<strong>1</strong> certificate<" in page and "<strong>1</strong> batch attended<" in page
    assert "<strong>0</strong> consultations answered<" in page
    assert "1 certificates" not in page.replace("</strong>", "")
    assert figure(sri, "training.my_batches", "sertifikat") == 1
    assert figure(sri, "mentoring.my_mentor", "konsultasi dijawab") == 0
    # A trainer of two batches: "2 batches", where the one form said "2 batch".
    schedule.trainer_assign(actor=None, batch=world.other_batch, user=world.trainer)
    trainer = signed_in(world.trainer)
    trainer.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "<strong>2</strong> batches<" in trainer.get("/").content.decode()
    assert figure(world.trainer, "training.trained_batches", "angkatan") == 2


def test_participant_sees_assignments_due_while_training(world: ProvinceBatch) -> None:
    sri = world.mentee.personas.participant
    # Sri's batch still in training: her one task is already sent, a second one is not.
    world.enrolments["sri"].__class__.objects.filter(pk=world.enrolments["sri"].pk).update(graduated=None)
    late = world.batch.assignments.create(
        title="Rencana pemasaran", instructions="…", due_on=date(2021, 5, 13)
    )
    due = section(sri, "training.my_assignments")
    assert figure(sri, "training.my_assignments", "tugas perlu dikirim") == 1
    assert due.entries[0].text == "Rencana pemasaran" and due.entries[0].urgent
    assert due.entries[0].url == reverse("training:assignment_submit", args=[late.pk])
    # Budi's enrolment is decided (graduated): no assignments section for him.
    budi = world.mentee.personas.other_participant
    assert "training.my_assignments" not in {s.key for s in sections_for(budi)}


def test_trainer_sees_his_batches_todays_session_and_submissions_to_grade(world: ProvinceBatch) -> None:
    today = timezone.localdate()
    Batch.objects.filter(pk=world.batch.pk).update(start_date=today, end_date=today + timedelta(days=4))
    Session.objects.create(
        batch=world.batch, date=today, start_time="08:00", end_time="10:00", topic="Harga pokok"
    )
    batches = section(world.trainer, "training.trained_batches")
    assert figure(world.trainer, "training.trained_batches", "angkatan") == 1
    assert figure(world.trainer, "training.trained_batches", "berlatih hari ini") == 1
    assert batches.entries[0].text == "Hari ini: Harga pokok"
    assert batches.entries[0].url == reverse("training:attendance", args=[world.batch.pk, today.isoformat()])
    assert "Menengah 2021 lain" not in [e.text for e in batches.entries]
    assert figure(world.trainer, "training.to_grade", "jawaban menunggu dinilai") == 3
    Submission.objects.filter(pk=world.submissions["sri"].pk).update(status=Submission.Status.PASS)
    assert figure(world.trainer, "training.to_grade", "jawaban menunggu dinilai") == 2
    # The other trainer's batch has no submissions; he sees only his own batch.
    assert figure(world.other_trainer, "training.to_grade", "jawaban menunggu dinilai") == 0
    assert [e.text for e in section(world.other_trainer, "training.trained_batches").entries] == [
        "Menengah 2021 lain"
    ]


def test_my_training_lists_the_batches_a_trainer_trains(world: ProvinceBatch) -> None:
    page = signed_in(world.trainer).get(reverse("training:mine")).content.decode()
    assert "Angkatan yang saya latih" in page and "Menengah 2021" in page
    assert "Anda belum terdaftar" not in page and "Menengah 2021 lain" not in page


def _consultation(world: ProvinceBatch, *, days_late: int) -> Consultation:
    enterprise = world.mentee.enterprise
    return Consultation.objects.create(
        enterprise=enterprise, mentor=world.mentee.mentor, opened_by=world.mentee.personas.participant,
        category=Consultation.Category.MARKETING, description="Bagaimana menjual lewat marketplace?",
        opened_at=timezone.now() - timedelta(days=days_late + 3),
        response_due_on=timezone.localdate() - timedelta(days=days_late),
        province_code=enterprise.province_code, regency_code=enterprise.regency_code,
    )  # fmt: skip


def test_mentor_sees_mentees_and_waiting_consultations_oldest_first_overdue_marked(
    world: ProvinceBatch,
) -> None:
    mentor = world.mentee.personas.mentor
    late = _consultation(world, days_late=2)
    fresh = _consultation(world, days_late=-3)
    assert figure(mentor, "mentoring.mentees", "dampingan") == 1
    waiting = section(mentor, "mentoring.consultations")
    assert figure(mentor, "mentoring.consultations", "menunggu jawaban") == 2
    assert figure(mentor, "mentoring.consultations", "terlambat") == 1
    assert [e.url for e in waiting.entries] == [
        reverse("mentoring:consultation", args=[late.pk]),
        reverse("mentoring:consultation", args=[fresh.pk]),
    ]
    assert waiting.entries[0].urgent and "terlambat" in waiting.entries[0].note
    assert not waiting.entries[1].urgent
    # The participant sees her two consultations waiting; Budi none.
    assert (
        figure(world.mentee.personas.participant, "mentoring.my_mentor", "konsultasi menunggu jawaban") == 2
    )
    assert (
        figure(world.mentee.personas.other_participant, "mentoring.my_mentor", "konsultasi menunggu jawaban")
        == 0
    )


def test_regency_admins_see_their_own_region_only(world: ProvinceBatch) -> None:
    personas = world.mentee.personas
    semarang, kudus = personas.semarang_admin, personas.kudus_admin
    _consultation(world, days_late=2)
    for n, (province, regency) in enumerate((("33", "33.74"), ("33", "33.74"), ("33", "33.19"))):
        Message.objects.create(
            recipient=f"+62812000000{n}", channel=Message.Channel.WHATSAPP, template="followup_reminder",
            dedupe_key=f"test-{n}", province_code=province, regency_code=regency, status=Message.Status.MANUAL,
        )  # fmt: skip
    now = timezone.now()
    for person, late in ((personas.participant_person, True), (personas.kudus_enterprise.owner, False)):
        DataRequest.objects.create(
            person=person, kind=DataRequest.Kind.DELETION, requested_at=now - timedelta(days=4),
            due_at=now - timedelta(days=1) if late else now + timedelta(days=2),
            regency_code=person.address_district.regency_code,
        )  # fmt: skip
    assert figure(semarang, "notify.by_hand", "pesan menunggu dikirim") == 2
    assert figure(kudus, "notify.by_hand", "pesan menunggu dikirim") == 1
    assert figure(personas.province_admin, "notify.by_hand", "pesan menunggu dikirim") == 3
    assert figure(semarang, "mentoring.office", "konsultasi terlambat") == 1
    assert figure(kudus, "mentoring.office", "konsultasi terlambat") == 0
    requests = section(semarang, "privacy.requests")
    assert figure(semarang, "privacy.requests", "lewat batas waktu") == 1
    assert [e.text for e in requests.entries] == ["penghapusan · Sri Wahyuni"] and requests.entries[0].urgent
    assert figure(kudus, "privacy.requests", "permintaan menunggu") == 1
    assert figure(kudus, "privacy.requests", "lewat batas waktu") == 0
    page = signed_in(kudus).get("/").content.decode()
    assert "Sri Wahyuni" not in page and "+628120000000" not in page


def test_admin_sees_open_calls_with_applications_waiting_in_their_scope(world: ProvinceBatch) -> None:
    personas = world.mentee.personas
    today = timezone.localdate()
    level1 = world.mentee.program.levels.get(rank=1)
    office = personas.semarang_admin.memberships.get().organisation
    call = make_batch(
        level1, office, opens=today - timedelta(days=3), closes=today + timedelta(days=10),
        start=today + timedelta(days=30), title="Dasar Kota Semarang dibuka",
    )  # fmt: skip
    first = world.applications["budi"]
    Application.objects.create(
        batch=call, level=level1, enterprise=world.budi_enterprise, person=world.budi_enterprise.owner,
        baseline=first.baseline, status=Application.Status.ELIGIBLE, consent_purpose="…", consent_version="t",
        consented_at=timezone.now(), status_nonce="nonce-call", province_code="33", regency_code="33.74",
    )  # fmt: skip
    calls = section(personas.semarang_admin, "selection.calls")
    assert figure(personas.semarang_admin, "selection.calls", "pendaftaran dibuka") == 1
    assert figure(personas.semarang_admin, "selection.calls", "pendaftar menunggu keputusan") == 1
    assert calls.entries[0].url == reverse("selection:batch_detail", args=[call.pk])
    assert "1 pendaftar menunggu" in calls.entries[0].note
    assert figure(personas.kudus_admin, "selection.calls", "pendaftaran dibuka") == 0


def test_reviewer_sees_reviews_assigned_and_their_deadline(world: ProvinceBatch) -> None:
    today = timezone.localdate()
    level2 = world.mentee.program.levels.get(rank=2)
    open_batch = make_batch(
        level2, organisation("Balatkop Jateng", "33"), opens=today - timedelta(days=20),
        closes=today - timedelta(days=1), start=today + timedelta(days=14), title="Menengah dibuka",
    )  # fmt: skip
    application = Application.objects.create(
        batch=open_batch, level=level2, enterprise=world.bystander, person=world.bystander.owner,
        baseline=MetricReportFactory.create(enterprise=world.bystander), status=Application.Status.ELIGIBLE, consent_purpose="…",
        consent_version="t", consented_at=timezone.now(), status_nonce="nonce-review", province_code="33",
        regency_code="33.74",
    )  # fmt: skip
    review = Review.objects.create(application=application, reviewer=world.reviewer)
    other = UserFactory.create(username="penilai_lain")
    Membership.objects.create(
        user=other, organisation=organisation("Balatkop Jateng", "33"), role=Membership.Role.REVIEWER
    )
    reviews = section(world.reviewer, "selection.reviews")
    # The review of the published batch is closed; the open one counts.
    assert figure(world.reviewer, "selection.reviews", "penilaian menunggu") == 1
    assert reviews.entries[0].url == reverse("selection:review_form", args=[review.pk])
    assert "Menengah dibuka" in reviews.entries[0].note
    assert (today + timedelta(days=14)).year.__str__() in reviews.entries[0].note
    assert figure(other, "selection.reviews", "penilaian menunggu") == 0


def test_viewer_sees_the_overview_by_province_with_a_drill_down(world: ProvinceBatch) -> None:
    personas = world.mentee.personas
    overview = section(personas.viewer, "outcomes.by_province")
    assert len(overview.rows) == 1
    row = overview.rows[0]
    assert row.cells[:3] == ("Jawa Tengah", "3", "1")  # 3 enrolled, 1 graduation recorded (Sri's)
    assert row.url == reverse("outcomes:cohort") + "?region=33"
    assert signed_in(personas.viewer).get(row.url).status_code == 200
    # Follow-ups reported at 12 months: before and after totals, summed in SQL.
    enterprise = world.mentee.enterprise
    report = enterprise.reports.create(
        period=date(2022, 5, 1), omzet=25_000_000, aset=1, workers=3, source="follow_up"
    )
    FollowUp.objects.create(
        enterprise=enterprise, program=world.mentee.program, group=FollowUp.Group.PARTICIPANT, month_offset=12,
        anchor_on=date(2021, 5, 14), due_on=date(2022, 5, 14), status=FollowUp.Status.REPORTED, report=report,
        link_nonce="n12", link_expires_on=date(2022, 6, 14), province_code="33", regency_code="33.74",
    )  # fmt: skip
    row = section(personas.viewer, "outcomes.by_province").rows[0]
    before = world.applications["sri"].baseline.omzet
    assert row.cells[3] == "100 %"
    assert row.cells[4].startswith("Rp") and "→ Rp25 juta" in row.cells[4], (before, row.cells[4])
    # A regency admin is no viewer: no national overview.
    assert "outcomes.by_province" not in {s.key for s in sections_for(personas.semarang_admin)}


def test_a_user_with_several_roles_sees_the_sections_of_each(world: ProvinceBatch) -> None:
    trainer = world.trainer
    assert "selection.reviews" not in {s.key for s in sections_for(trainer)}
    Membership.objects.create(
        user=trainer, organisation=organisation("Balatkop Jateng", "33"), role=Membership.Role.REVIEWER
    )
    trainer = User.objects.get(pk=trainer.pk)  # a fresh scope
    keys = {s.key for s in sections_for(trainer)}
    assert {"training.trained_batches", "training.to_grade", "selection.reviews"} <= keys
    assert "Penilaian" in [link.text for link in menu_for(trainer)]


ROLES = (
    "participant",
    "other_participant",
    "mentor",
    "semarang_admin",
    "kudus_admin",
    "province_admin",
    "viewer",
)


def test_every_menu_link_of_every_role_answers_200(world: ProvinceBatch) -> None:
    personas = world.mentee.personas
    users = [getattr(personas, role) for role in ROLES] + [world.trainer, world.reviewer]
    for user in users:
        client = signed_in(user)
        links = menu_for(user)
        assert links, user.username
        for link in links:
            assert client.get(link.url).status_code == 200, (user.username, link.url)


def test_the_menu_holds_only_what_the_role_uses(world: ProvinceBatch) -> None:
    personas = world.mentee.personas

    def texts(user: User) -> list[str]:
        return [link.text for link in menu_for(user)]

    assert texts(personas.participant) == ["Pelatihan saya", "Konsultasi", "Data pribadi saya"]
    assert texts(world.trainer) == ["Pelatihan saya", "Hasil"]
    assert texts(world.reviewer) == ["Penilaian", "Hasil"]
    assert texts(personas.mentor) == [
        "Dampingan saya",
        "Pendampingan",
        "Konsultasi",
        "Kunjungan",
        "Tindak lanjut",
        "Hasil",
    ]
    assert "Pesan" in texts(personas.semarang_admin) and "Templat pesan" not in texts(personas.semarang_admin)
    assert "Templat pesan" in texts(personas.province_admin)
    assert "Pesan" not in texts(personas.viewer) and "Usaha" in texts(personas.viewer)
    page = signed_in(personas.participant).get("/").content.decode()
    assert 'href="/registri/"' not in page and '<details class="menu">' in page


def test_the_installation_administrators_home_leads_to_provinces_and_offices() -> None:
    from naikkelas.accounts.services.organisations import installation_admin_create

    admin = installation_admin_create(actor=None, username="pengelola").admin
    assert admin is not None
    client = Client()
    client.force_login(admin)
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("accounts:installation")}"' in page
    assert "Belum ada yang perlu dikerjakan" not in page
    assert "Bawa masuk provinsi atau kabupaten/kota, dan admin pertamanya" in page


def test_a_new_province_admin_without_a_program_is_shown_the_first_step() -> None:
    from naikkelas.accounts.services.organisations import province_onboard
    from naikkelas.testing.programs import program_with_levels

    result = province_onboard(actor=None, province_code="51", admin_username="bali")
    assert result.admin is not None
    client = Client()
    client.force_login(result.admin)
    page = client.get(reverse("home")).content.decode()
    assert "Buat program pertama" in page and f'href="{reverse("programs:program_create")}"' in page
    program_with_levels(result.organisation)
    assert "Buat program pertama" not in client.get(reverse("home")).content.decode()
