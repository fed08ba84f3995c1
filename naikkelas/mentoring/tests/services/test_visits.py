"""Visit services: a visit's figures answer the follow-up due, and mistakes are refused with reasons."""

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from naikkelas.mentoring.models import FollowUp, Visit
from naikkelas.mentoring.services import visits
from naikkelas.mentoring.tests.conftest import Mentee
from naikkelas.registry.models import MetricReport
from naikkelas.testing.files import jpeg


@pytest.mark.django_db
def test_a_mentor_visit_with_figures_answers_the_follow_up_due_then(mentee: Mentee, due: FollowUp) -> None:
    visit = visits.visit_log(
        actor=mentee.personas.mentor, mentor=mentee.mentor, enterprise=mentee.enterprise,
        visit_date=date(2021, 8, 16), mode="visit", topics="Pembukuan", problems="Stok bahan baku",
        actions=[{"text": "Catat kas harian", "due": "2021-08-31"}],
        figures={"omzet": 13_000_000, "aset": 31_000_000, "workers": 3},
    )  # fmt: skip
    assert visit.report is not None and visit.report.source == MetricReport.Source.MENTOR_VISIT
    assert visit.report.period == date(2021, 7, 1)
    due.refresh_from_db()
    assert due.status == FollowUp.Status.REPORTED and due.via == FollowUp.Via.MENTOR
    assert due.report == visit.report


@pytest.mark.django_db
def test_visit_mistakes_are_refused_with_reasons(mentee: Mentee) -> None:
    def log(**changes):  # type: ignore[no-untyped-def]
        fields = {
            "actor": mentee.personas.mentor, "mentor": mentee.mentor, "enterprise": mentee.enterprise,
            "visit_date": date(2021, 8, 16), "mode": "call",
        }  # fmt: skip
        return visits.visit_log(**{**fields, **changes})

    with pytest.raises(ValidationError, match="bukan dampingan"):
        log(enterprise=mentee.personas.kudus_enterprise)
    with pytest.raises(ValidationError, match="masa depan"):
        log(visit_date=date.today() + timedelta(days=2))
    with pytest.raises(ValidationError, match="batas waktu"):
        log(actions=[{"text": "Daftar NIB", "due": None}])
    with pytest.raises(ValidationError, match="ketiga angka"):
        log(figures={"omzet": 5_000_000, "aset": None, "workers": None})
    assert not Visit.objects.exists() and not MetricReport.objects.filter(source="mentor_visit").exists()
    planned = log(visit_date=date.today() + timedelta(days=3), planned=True)
    assert planned.status == Visit.Status.PLANNED


# A visit's photo: checked by its content, re-encoded, stored privately.


def photo(content: bytes | None = None, name: str = "warung.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content if content is not None else jpeg(), content_type="image/jpeg")


def log(mentee: Mentee, **changes: object) -> Visit:
    fields: dict[str, object] = {
        "actor": mentee.personas.mentor, "mentor": mentee.mentor, "enterprise": mentee.enterprise,
        "visit_date": date(2021, 8, 16), "mode": "visit", "topics": "Etalase",
    }  # fmt: skip
    return visits.visit_log(**{**fields, **changes})  # type: ignore[arg-type]


@pytest.mark.django_db
def test_a_logged_visit_keeps_its_photo_downscaled(mentee: Mentee) -> None:
    visit = log(mentee, photo=photo())
    assert str(visit.photo.name).startswith("visits/") and str(visit.photo.name).endswith(".jpg")
    with visit.photo.open("rb") as stored:
        assert Image.open(io.BytesIO(stored.read())).size == (1600, 800)
    assert log(mentee, visit_date=date(2021, 8, 17)).photo.name == ""  # the photo is optional


@pytest.mark.django_db
def test_a_file_that_is_no_photo_or_a_photo_on_a_plan_is_refused_and_nothing_is_written(
    mentee: Mentee,
) -> None:
    with pytest.raises(ValidationError, match="bukan foto") as refused:
        log(mentee, photo=photo(b"just some text, not an image", name="warung.jpg"))
    assert list(refused.value.error_dict) == ["photo"]
    with pytest.raises(ValidationError, match="Foto hanya untuk kunjungan yang sudah dilakukan"):
        log(mentee, photo=photo(), visit_date=date.today() + timedelta(days=2), planned=True)
    assert not Visit.objects.exists()
