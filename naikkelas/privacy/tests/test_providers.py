"""Privacy reaches the other apps only through the providers they register: every app that holds
personal data answers for its own rows, and a provider registered by any app takes part in every right."""

from datetime import date, datetime
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from naikkelas.core.models import AuditEvent
from naikkelas.core.personal_data import REMOVED, DataSubject, PersonalData, Retention, Rows, providers
from naikkelas.mentoring.models import Consultation, Visit
from naikkelas.mentoring.services.consultations import consultation_open
from naikkelas.mentoring.services.visits import visit_log
from naikkelas.mentoring.tests.conftest import Mentee
from naikkelas.outcomes.models import HeroStory
from naikkelas.privacy import services
from naikkelas.privacy.models import DataRequest
from naikkelas.registry import services as registry
from naikkelas.registry.models import Person
from naikkelas.testing.factories import Personas


def test_every_app_that_holds_personal_data_registers_its_provider() -> None:
    assert [name for name, _provider in providers.items()] == [
        "core.access_log", "core.codes", "core.idempotency", "accounts", "registry", "selection", "training", "mentoring",
        "notify", "outcomes",
    ]  # fmt: skip


class Recorder:
    """A provider as a new app would register it, remembering what it was asked."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, object]] = []

    def export(self, subject: DataSubject) -> dict[str, Rows]:
        self.calls.append(("export", subject))
        return {"catatan_baru": [{"note": "satu"}]}

    def anonymise(self, subject: DataSubject, now: datetime) -> None:
        self.calls.append(("anonymise", subject))

    def withdraw(self, subject: DataSubject, now: datetime) -> dict[str, int]:
        self.calls.append(("withdraw", subject))
        return {"notes_hidden": 2}

    def retention(self, run: Retention) -> dict[str, int]:
        self.calls.append(("retention", run.dry_run))
        return {"old_notes": 5}

    def expired(self, run: Retention) -> list[int]:
        self.calls.append(("expired", run.today))
        return []


@pytest.fixture
def recorder():  # type: ignore[no-untyped-def]
    recorder = Recorder()
    providers.register(
        "catatan",
        PersonalData(export=recorder.export, anonymise=recorder.anonymise, withdraw=recorder.withdraw,
                     retention=recorder.retention, expired=recorder.expired),
    )  # fmt: skip
    yield recorder
    providers.unregister("catatan")


def test_a_registered_provider_takes_part_in_every_right(personas: Personas, recorder: Recorder) -> None:
    person = personas.participant_person
    person.phone, person.email = "+6281311112222", "sri@example.id"
    person.save()
    subject = DataSubject(
        person_id=person.pk, user_id=personas.participant.pk,
        enterprise_ids=(personas.semarang_enterprise.pk,), addresses=("+6281311112222", "sri@example.id"),
    )  # fmt: skip

    assert services.subject_data(person)["catatan_baru"] == [{"note": "satu"}]
    request = services.consent_withdraw(person=person, actor=None)
    assert request.note == "followups stopped 0, reminders dropped 0, notes hidden 2"
    assert AuditEvent.objects.get(action="withdraw", object_id=str(person.pk)).changes == {
        "followups_stopped": 0, "reminders_dropped": 0, "notes_hidden": 2,
    }  # fmt: skip
    report = services.retention_run(today=date(2026, 1, 1), dry_run=True)
    assert report["old_notes"] == 5 and report["anonymised"] == 0
    services.anonymise(person=person, actor=None)
    assert recorder.calls == [
        ("export", subject), ("withdraw", subject), ("retention", True), ("expired", date(2026, 1, 1)),
        ("anonymise", subject),
    ]  # fmt: skip


def test_anonymise_removes_the_person_from_every_app_that_holds_them(mentee: Mentee) -> None:
    participant = mentee.personas.participant
    consultation = consultation_open(
        actor=participant, enterprise=mentee.enterprise, category="marketing",
        description="Pesanan bandeng turun sejak Maret, Bu Sri bingung",
    )  # fmt: skip
    visit = visit_log(
        actor=mentee.personas.mentor, mentor=mentee.mentor, enterprise=mentee.enterprise,
        visit_date=date(2021, 6, 10), mode="visit", topics="Kemasan Bu Sri", problems="Modal Bu Sri",
    )  # fmt: skip
    story = HeroStory(enterprise=mentee.enterprise, publicity_consent=True, story="Bu Sri dari dapur kecil")
    story.photo.save("sri.jpg", ContentFile(b"\xff\xd8\xff photo"), save=True)
    photo = Path(story.photo.path)
    registry.enterprise_update(actor=None, enterprise=mentee.enterprise, name="Bandeng Bu Sri Semarang")
    person = Person.objects.get(pk=mentee.personas.participant_person.pk)

    services.anonymise(person=person, actor=None)

    consultation.refresh_from_db()
    visit.refresh_from_db()
    assert consultation.description == REMOVED
    assert (visit.topics, visit.problems) == (REMOVED, REMOVED)
    assert not HeroStory.objects.filter(enterprise=mentee.enterprise).exists() and not photo.exists()
    assert "Bu Sri" not in str(list(AuditEvent.objects.values("object_repr", "changes")))
    participant.refresh_from_db()
    assert not participant.is_active and participant.username == f"dihapus-{person.pk}"
    assert not participant.api_tokens.exists()  # type: ignore[attr-defined]
    assert (
        Consultation.objects.filter(pk=consultation.pk).exists()
        and Visit.objects.filter(pk=visit.pk).exists()
    )
    assert DataRequest.objects.filter(person=person).count() == 0


def _account_links(user: object) -> list[str]:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    page = client.get(reverse("accounts:account"))
    assert page.status_code == 200
    # Only privacy's own links (accounts adds the staff pages for admins).
    return [link.url for link in page.context["links"] if link.url.startswith("/data-pribadi/")]


def test_the_account_page_shows_the_privacy_links_each_user_may_follow(personas: Personas) -> None:
    mine, log, requests = reverse("privacy:mine"), reverse("privacy:access_log"), reverse("privacy:requests")
    assert _account_links(personas.participant) == [mine]
    assert _account_links(personas.semarang_admin) == [requests]
    assert _account_links(personas.province_admin) == [log, requests]
    assert _account_links(personas.viewer) == []
