"""Who sees which participants of a batch (attacks.md V2 and V3): a regency admin at a province batch
sees only her own region's people in it; a mentor her mentees; a trainer his batch; a participant
themself."""

import io
import zipfile
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from naikkelas.accounts.models import Organisation
from naikkelas.accounts.services.tokens import api_token_create
from naikkelas.testing.factories import Personas, nik_for
from naikkelas.testing.programs import program_with_levels
from naikkelas.testing.training import ProvinceBatch, make_province_batch
from naikkelas.training import access
from naikkelas.training.models import Attendance, Enrolment, Submission
from naikkelas.training.tests.services.test_history import check, problems, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(personas: Personas) -> ProvinceBatch:
    return make_province_batch(personas)


def page(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def api(user: object) -> Client:
    token = api_token_create(user=user)  # type: ignore[arg-type]
    return Client(headers={"Authorization": f"Bearer {token}"})


DOORS = ("enrolments", "attendance", "submissions", "certificates")


def each_door(who: set[str]) -> dict[str, set[str]]:
    return {door: set(who) for door in DOORS}


def who_sees(cast: ProvinceBatch, user: object) -> dict[str, set[str]]:
    """For each training door, whose records of the province batch the user gets."""
    name_of = {e.pk: who for who, e in cast.enrolments.items()}
    in_batch = {"enrolment__batch": cast.batch}
    return {
        "enrolments": {name_of[pk] for pk in access.enrolments_for_user(user).filter(batch=cast.batch).values_list("pk", flat=True)},  # type: ignore[arg-type]
        "attendance": {name_of[pk] for pk in access.attendance_for_user(user).filter(**in_batch).values_list("enrolment_id", flat=True)},  # type: ignore[arg-type]
        "submissions": {name_of[pk] for pk in access.submissions_for_user(user).filter(**in_batch).values_list("enrolment_id", flat=True)},  # type: ignore[arg-type]
        "certificates": {name_of[pk] for pk in access.certificates_for_user(user).filter(**in_batch).values_list("enrolment_id", flat=True)},  # type: ignore[arg-type]
    }  # fmt: skip


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("province_admin", {"sri", "budi", "kudus"}),
        ("viewer", {"sri", "budi", "kudus"}),
        ("semarang_admin", {"sri", "budi"}),
        ("kudus_admin", {"kudus"}),
        ("mentor", {"sri"}),
        ("participant", {"sri"}),
        ("other_participant", {"budi"}),
        ("outsider", set()),
    ],
)
def test_every_training_door_gives_only_the_participants_in_scope(
    role: str, expected: set[str], personas: Personas, cast: ProvinceBatch
) -> None:
    seen = who_sees(cast, getattr(personas, role))
    assert seen == each_door(expected)


def test_the_batchs_trainer_sees_all_of_it_and_another_trainer_none(cast: ProvinceBatch) -> None:
    everyone = {"sri", "budi", "kudus"}
    assert who_sees(cast, cast.trainer) == each_door(everyone)  # fmt: skip
    assert who_sees(cast, cast.other_trainer) == each_door(set())  # fmt: skip
    assert access.sees_every_participant(cast.trainer, cast.batch)


def test_kudus_gets_404_for_a_semarang_participants_records(personas: Personas, cast: ProvinceBatch) -> None:
    kudus = page(personas.kudus_admin)
    sri = "sri"
    assert kudus.get(reverse("training:submission", args=[cast.submissions[sri].pk])).status_code == 404
    assert kudus.get(reverse("training:certificate_pdf", args=[cast.certificates[sri].pk])).status_code == 404
    drop = kudus.post(reverse("training:enrolment_drop", args=[cast.enrolments[sri].pk]), {"reason": "x"})
    assert drop.status_code == 404
    assert Enrolment.objects.get(pk=cast.enrolments[sri].pk).status == Enrolment.Status.ACTIVE
    # Its own participant in the same batch it does see.
    assert kudus.get(reverse("training:submission", args=[cast.submissions["kudus"].pk])).status_code == 200
    assert (
        kudus.get(reverse("training:certificate_pdf", args=[cast.certificates["kudus"].pk])).status_code
        == 200
    )


def test_the_batch_pages_show_a_regency_only_its_own_people_labelled(
    personas: Personas, cast: ProvinceBatch
) -> None:
    kudus = page(personas.kudus_admin)
    names = {who: a.person.name for who, a in cast.applications.items()}
    for name in ("batch", "grid", "certificates"):
        body = kudus.get(reverse(f"training:{name}", args=[cast.batch.pk])).content.decode()
        assert names["kudus"] in body, name
        assert names["sri"] not in body and names["budi"] not in body, name
        assert 'id="own-region-only"' in body, name
    roster = kudus.get(reverse("training:batch", args=[cast.batch.pk])).content.decode()
    assert "Peserta dari wilayah Anda (1)" in roster
    province = (
        page(personas.province_admin).get(reverse("training:batch", args=[cast.batch.pk])).content.decode()
    )
    assert "Peserta (3)" in province and 'id="own-region-only"' not in province
    archive = zipfile.ZipFile(io.BytesIO(kudus.get(reverse("training:certificates", args=[cast.batch.pk]), {"zip": "1"}).content))  # fmt: skip
    assert archive.namelist() == [f"{cast.certificates['kudus'].number.replace('/', '-')}.pdf"]


def test_the_selection_page_of_the_batch_counts_a_regencys_own_applicants_labelled(
    personas: Personas, cast: ProvinceBatch
) -> None:
    semarang = page(personas.semarang_admin).get(reverse("selection:batch_detail", args=[cast.batch.pk]))
    assert semarang.context["summary"].total == 2
    body = semarang.content.decode()
    assert "Pendaftar dari wilayah Anda" in body and 'id="own-region-only"' in body
    assert cast.applications["kudus"].person.name not in body


def test_the_training_api_gives_a_regency_only_its_own_people(
    personas: Personas, cast: ProvinceBatch
) -> None:
    client = api(personas.kudus_admin)
    kudus = cast.enrolments["kudus"]
    enrolments = client.get("/api/v1/enrolments", {"batch": cast.batch.pk}).json()
    assert [item["id"] for item in enrolments["items"]] == [kudus.pk]
    attendance = client.get("/api/v1/attendance", {"batch": cast.batch.pk}).json()
    assert [item["enrolment_id"] for item in attendance["items"]] == [kudus.pk]
    submissions = client.get("/api/v1/submissions").json()
    assert [item["id"] for item in submissions["items"]] == [cast.submissions["kudus"].pk]
    certificates = client.get("/api/v1/certificates").json()
    assert [item["code"] for item in certificates["items"]] == [cast.certificates["kudus"].code]
    marked = client.post(
        "/api/v1/attendance", {"enrolment": cast.enrolments["sri"].pk, "date": "2021-05-11", "present": True},
        content_type="application/json",
    )  # fmt: skip
    assert marked.status_code == 404
    assert not Attendance.objects.filter(date="2021-05-11").exists()


def test_mentor_sees_her_mentees_training_records_but_no_batch(
    personas: Personas, cast: ProvinceBatch
) -> None:
    mentor = page(personas.mentor)
    assert mentor.get(reverse("training:batch", args=[cast.batch.pk])).status_code == 404
    assert mentor.get(reverse("training:grid", args=[cast.batch.pk])).status_code == 404
    assert mentor.get(reverse("training:submission", args=[cast.submissions["sri"].pk])).status_code == 200
    assert mentor.get(reverse("training:submission", args=[cast.submissions["budi"].pk])).status_code == 404
    assert (
        mentor.get(reverse("training:certificate_pdf", args=[cast.certificates["sri"].pk])).status_code == 200
    )
    assert (
        mentor.get(reverse("training:certificate_pdf", args=[cast.certificates["budi"].pk])).status_code
        == 404
    )
    listed = api(personas.mentor).get("/api/v1/enrolments").json()
    assert [item["id"] for item in listed["items"]] == [cast.enrolments["sri"].pk]
    # Reading is not grading.
    graded = mentor.post(
        reverse("training:submission", args=[cast.submissions["sri"].pk]), {"status": "pass"}
    )
    assert graded.status_code == 403
    assert Submission.objects.get(pk=cast.submissions["sri"].pk).status == Submission.Status.SUBMITTED


def test_the_trainer_still_marks_and_grades_every_participant_of_his_batch(
    personas: Personas, cast: ProvinceBatch
) -> None:
    trainer = page(cast.trainer)
    day = cast.batch.start_date.isoformat()
    attendance = trainer.get(reverse("training:attendance", args=[cast.batch.pk, day]))
    assert attendance.status_code == 200 and len(attendance.context["rows"]) == 3
    kudus = cast.submissions["kudus"]
    graded = trainer.post(reverse("training:submission", args=[kudus.pk]), {"status": "pass", "score": "80"})
    assert graded.status_code == 302
    kudus.refresh_from_db()
    assert (kudus.status, kudus.score, kudus.graded_by) == ("pass", 80, cast.trainer)
    # The selection pages are not his: no link to them, and 404 there.
    roster = trainer.get(reverse("training:batch", args=[cast.batch.pk])).content.decode()
    assert reverse("selection:batch_detail", args=[cast.batch.pk]) not in roster
    assert trainer.get(reverse("selection:batch_detail", args=[cast.batch.pk])).status_code == 404
    other = page(cast.other_trainer)
    assert other.get(reverse("training:batch", args=[cast.batch.pk])).status_code == 404
    assert other.get(reverse("training:submission", args=[kudus.pk])).status_code == 404


def test_a_participant_sees_only_their_own_submission_and_certificate(
    personas: Personas, cast: ProvinceBatch
) -> None:
    sri = page(personas.participant)
    assert sri.get(reverse("training:submission", args=[cast.submissions["sri"].pk])).status_code == 200
    assert sri.get(reverse("training:submission", args=[cast.submissions["budi"].pk])).status_code == 404
    assert (
        sri.get(reverse("training:certificate_pdf", args=[cast.certificates["kudus"].pk])).status_code == 404
    )
    assert sri.get(reverse("training:batch", args=[cast.batch.pk])).status_code == 404


# The history import: which offices' past batches an admin may bring in.


def test_a_province_imports_its_regencies_batches_and_semarang_never_kudus(personas: Personas) -> None:
    program_with_levels(Organisation.objects.get(memberships__user=personas.province_admin), year=2026)
    semarang = {o.region.code for o in access.history_offices_for_user(personas.semarang_admin) if o.region}
    province = {o.region.code for o in access.history_offices_for_user(personas.province_admin) if o.region}
    assert semarang == {"33.74"}
    assert {"33", "33.74", "33.19"} <= province
    kudus_row = row(organiser="33.19", district="33.19.02", address_district="33.19.02",
                    nik=nik_for("33.19.02", "F", date(1980, 3, 12)))  # fmt: skip
    refused = problems(check(personas.semarang_admin, [kudus_row]))
    assert {(c, m) for _r, c, m in refused} == {
        ("Kode Wilayah Penyelenggara", "Penyelenggara 33.19 di luar wilayah Anda."),
        ("Kode Kecamatan Usaha", "Kecamatan 33.19.02 di luar wilayah Anda."),
    }
    assert check(personas.province_admin, [kudus_row]).ok
    assert check(personas.kudus_admin, [row(organiser="", district="33.19.02", address_district="33.19.02",
                 nik=nik_for("33.19.02", "F", date(1980, 3, 12)))]).ok  # fmt: skip
    assert not access.can_import_history(personas.mentor)
    assert not access.can_import_history(personas.viewer)
