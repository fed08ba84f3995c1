"""Idempotency keys and late edits (core.idempotency), through the field forms that use them."""

import threading
import uuid
from datetime import date, timedelta

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from naikkelas.accounts.services.tokens import api_token_create
from naikkelas.core.idempotency import payload_hash
from naikkelas.core.models import AuditEvent, EditConflict, IdempotencyKey
from naikkelas.mentoring.models import Visit
from naikkelas.testing.factories import Personas
from naikkelas.testing.mentoring import make_mentee
from naikkelas.training.models import Attendance
from naikkelas.training.services import attendance
from naikkelas.training.tests.conftest import DAY1, running_batch

pytestmark = pytest.mark.django_db

VISIT = {"visit_date": "2021-09-01", "mode": "visit", "topics": "Harga jual", "action_1": "Hitung HPP",
         "action_1_due": "2021-09-10", "omzet": "", "aset": "", "workers": ""}  # fmt: skip


def logged_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_the_same_visit_sent_twice_with_one_key_makes_one_row_and_the_first_answer(
    personas: Personas,
) -> None:
    mentee = make_mentee(personas)
    url = reverse("mentoring:visit_log", args=[mentee.enterprise.pk])
    mentor = logged_in(personas.mentor)
    key = str(uuid.uuid4())
    first = mentor.post(url, {**VISIT, "client_id": key})
    again = mentor.post(url, {**VISIT, "client_id": key})
    by_header = mentor.post(url, VISIT, headers={"Idempotency-Key": key})
    assert first.status_code == again.status_code == by_header.status_code == 302
    assert again["Location"] == first["Location"] == reverse("mentoring:visits")
    assert again["Idempotent-Replayed"] == "true" and not first.has_header("Idempotent-Replayed")
    assert Visit.objects.filter(enterprise=mentee.enterprise).count() == 1
    assert AuditEvent.objects.filter(object_type="mentoring.visit", action="create").count() == 1
    # Without a key nothing changes: each send is a new visit, as before.
    mentor.post(url, VISIT)
    assert Visit.objects.filter(enterprise=mentee.enterprise).count() == 2


def test_the_same_key_with_another_payload_is_refused_with_409_and_writes_nothing(personas: Personas) -> None:
    mentee = make_mentee(personas)
    url = reverse("mentoring:visit_log", args=[mentee.enterprise.pk])
    mentor = logged_in(personas.mentor)
    key = str(uuid.uuid4())
    assert mentor.post(url, {**VISIT, "client_id": key}).status_code == 302
    changed = mentor.post(url, {**VISIT, "topics": "Pemasaran", "client_id": key})
    assert changed.status_code == 409
    assert "sudah dipakai untuk isian lain" in changed.json()["detail"]
    assert list(Visit.objects.values_list("topics", flat=True)) == ["Harga jual"]


def test_a_fresh_csrf_token_is_still_the_same_payload_and_keys_belong_to_their_user(
    personas: Personas,
) -> None:
    mentee = make_mentee(personas)
    url = reverse("mentoring:visit_log", args=[mentee.enterprise.pk])
    key = str(uuid.uuid4())
    logged_in(personas.mentor).post(url, {**VISIT, "client_id": key, "csrfmiddlewaretoken": "a"})
    assert (
        logged_in(personas.mentor).post(url, {**VISIT, "client_id": key, "csrfmiddlewaretoken": "b"})[
            "Idempotent-Replayed"
        ]
        == "true"
    )
    record = IdempotencyKey.objects.get()
    assert record.subject == f"user:{personas.mentor.pk}" and record.key == uuid.UUID(key)
    # Someone else's send with the same key is not answered from the mentor's record.
    outsider = logged_in(personas.semarang_admin).post(url, {**VISIT, "client_id": key})
    assert outsider.status_code == 403 and not outsider.has_header("Idempotent-Replayed")
    assert Visit.objects.count() == 1


def test_a_key_that_is_not_a_uuid_is_refused(personas: Personas) -> None:
    mentee = make_mentee(personas)
    url = reverse("mentoring:visit_log", args=[mentee.enterprise.pk])
    refused = logged_in(personas.mentor).post(url, {**VISIT, "client_id": "satu"})
    assert refused.status_code == 400 and "harus berupa UUID" in refused.json()["detail"]
    assert not Visit.objects.exists()


def test_a_refused_form_is_not_kept_under_its_key(personas: Personas) -> None:
    """A refusal is answered afresh (with its reason) on a resend; only a write that went through is kept."""
    mentee = make_mentee(personas)
    url = reverse("mentoring:visit_log", args=[mentee.enterprise.pk])
    mentor = logged_in(personas.mentor)
    key = str(uuid.uuid4())
    future = {**VISIT, "visit_date": "2999-01-01", "client_id": key}
    assert b"masa depan" in mentor.post(url, future).content
    assert b"masa depan" in mentor.post(url, future).content
    assert not Visit.objects.exists()
    assert IdempotencyKey.objects.get().status_code == 200


def test_the_payload_hash_ignores_field_order_but_not_values(rf) -> None:  # type: ignore[no-untyped-def]
    a = rf.post("/x/", {"a": "1", "b": "2", "client_id": "k1"})
    b = rf.post("/x/", {"b": "2", "a": "1", "client_id": "k2"})
    c = rf.post("/x/", {"a": "1", "b": "3"})
    assert payload_hash(a) == payload_hash(b) != payload_hash(c)


def test_attendance_marked_twice_from_the_outbox_is_one_mark(personas: Personas) -> None:
    the_batch, trainer, _other = running_batch(personas)
    enrolment = the_batch.enrolments.first()
    url = reverse("training:attendance", args=[the_batch.pk, DAY1.isoformat()])
    client = logged_in(trainer)
    payload = {"enrolment": enrolment.pk, "present": "1", "loaded_version": ""}
    key = str(uuid.uuid4())
    assert client.post(url, payload, headers={"Idempotency-Key": key}).status_code == 302
    assert client.post(url, payload, headers={"Idempotency-Key": key})["Idempotent-Replayed"] == "true"
    assert Attendance.objects.filter(enrolment=enrolment, date=DAY1, present=True).count() == 1
    assert AuditEvent.objects.filter(object_type="training.attendance").count() == 1
    assert not EditConflict.objects.exists()


def test_a_late_attendance_edit_is_kept_for_the_regency_admin_not_written_over_the_newer(
    personas: Personas,
) -> None:
    the_batch, trainer, _other = running_batch(personas)
    enrolment = the_batch.enrolments.first()
    url = reverse("training:attendance", args=[the_batch.pk, DAY1.isoformat()])
    # The trainer's phone loaded the page before anyone marked; meanwhile the admin marks "absent".
    attendance.attendance_mark(actor=personas.semarang_admin, enrolment=enrolment, day=DAY1, present=False)
    late = logged_in(trainer).post(
        url, {"enrolment": enrolment.pk, "present": "1", "loaded_version": "", "client_id": str(uuid.uuid4())}
    )
    assert late.status_code == 302
    mark = Attendance.objects.get(enrolment=enrolment, date=DAY1)
    assert mark.present is False and mark.marked_by == personas.semarang_admin
    conflict = EditConflict.objects.get()
    assert conflict.object_type == "training.attendance" and conflict.object_id == str(mark.pk)
    assert conflict.submitted["present"] == ["1"] and conflict.actor == trainer
    assert conflict.summary == "hadir" and "loaded_version" not in conflict.submitted
    assert conflict.server_version == mark.marked_at.isoformat() and conflict.loaded_version == ""
    assert AuditEvent.objects.filter(object_type="core.editconflict", action="create").count() == 1
    # The edit made on the current version goes through.
    logged_in(trainer).post(
        url, {"enrolment": enrolment.pk, "present": "1", "loaded_version": mark.marked_at.isoformat()}
    )
    mark.refresh_from_db()
    assert mark.present is True and EditConflict.objects.count() == 1

    page = reverse("accounts:edit_conflicts")
    semarang = logged_in(personas.semarang_admin)
    listed = semarang.get(page).content.decode()
    assert conflict.object_repr in listed and "Isian yang tidak diterapkan: hadir" in listed
    account = semarang.get(reverse("accounts:account")).content.decode()
    assert f'href="{page}">Isian lapangan yang bentrok (1)' in account
    assert b"resolve-" not in logged_in(personas.kudus_admin).get(page).content
    resolve = reverse("accounts:edit_conflict_resolve", args=[conflict.pk])
    assert logged_in(personas.kudus_admin).post(resolve).status_code == 404
    assert logged_in(personas.viewer).post(resolve).status_code in (403, 404)
    assert logged_in(personas.participant).get(page).status_code == 403
    assert semarang.post(resolve).status_code == 302
    conflict.refresh_from_db()
    assert conflict.status == EditConflict.Status.RESOLVED and conflict.resolved_by == personas.semarang_admin
    assert "Isian lapangan yang bentrok" not in semarang.get(reverse("accounts:account")).content.decode()
    again = semarang.post(resolve, follow=True)
    assert "Bentrok ini sudah ditangani." in again.content.decode()


def test_figures_sent_for_a_follow_up_already_reported_are_kept_for_the_admin(personas: Personas) -> None:
    from naikkelas.mentoring.models import FollowUp
    from naikkelas.mentoring.services import followups

    mentee = make_mentee(personas)
    followups.followups_schedule(program=mentee.program)
    due = FollowUp.objects.get(enterprise=mentee.enterprise, month_offset=3)
    FollowUp.objects.filter(pk=due.pk).update(link_expires_on=date.today() + timedelta(days=30))
    link = reverse("followup_link", args=[followups.link_token(due)])
    figures = {"omzet": "12.500.000", "aset": "35.000.000", "workers": "3", "loaded_version": ""}
    owner = Client()
    assert 'name="loaded_version" value=""' in owner.get(link).content.decode()
    assert owner.post(link, {**figures, "client_id": str(uuid.uuid4())}).status_code == 302
    due.refresh_from_db()
    assert due.status == FollowUp.Status.REPORTED
    # The mentor's phone had the form open (unreported) and sends other figures later.
    mentor = logged_in(personas.mentor)
    late = {**figures, "omzet": "20.000.000", "client_id": str(uuid.uuid4())}
    assert mentor.post(reverse("mentoring:followup_enter", args=[due.pk]), late).status_code == 302
    conflict = EditConflict.objects.get()
    assert conflict.object_type == "mentoring.followup" and conflict.actor == personas.mentor
    assert conflict.summary == "omzet Rp20.000.000, aset Rp35.000.000, 3 pekerja"
    assert conflict.regency_code == mentee.enterprise.regency_code
    due.refresh_from_db()
    assert due.report is not None and due.report.omzet == 12_500_000
    # The owner's own link: the key is kept under a hash of the page, never the secret path itself.
    assert all(link not in key.subject and key.path == "" for key in IdempotencyKey.objects.exclude(
        subject__startswith="user:"))  # fmt: skip


def test_uploaded_files_count_in_the_payload_by_their_content(rf) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    def send(content: bytes):  # type: ignore[no-untyped-def]
        return rf.post("/x/", {"a": "1", "photo": SimpleUploadedFile("foto.jpg", content)})

    assert payload_hash(send(b"one")) == payload_hash(send(b"one")) != payload_hash(send(b"two"))


def test_the_api_applies_a_keyed_visit_once_and_lists_conflicts_by_region(personas: Personas) -> None:
    mentee = make_mentee(personas)
    mentor = Client(headers={"Authorization": f"Bearer {api_token_create(user=personas.mentor)}"})
    payload = {"enterprise_id": mentee.enterprise.pk, "date": "2021-09-01", "mode": "call", "topics": "Kas"}
    key = str(uuid.uuid4())
    first = mentor.post(
        "/api/v1/visits", payload, content_type="application/json", headers={"Idempotency-Key": key}
    )
    again = mentor.post(
        "/api/v1/visits", payload, content_type="application/json", headers={"Idempotency-Key": key}
    )
    assert first.status_code == again.status_code == 201 and again.json() == first.json()
    other = {**payload, "topics": "Stok"}
    assert (
        mentor.post(
            "/api/v1/visits", other, content_type="application/json", headers={"Idempotency-Key": key}
        ).status_code
        == 409
    )
    assert Visit.objects.count() == 1

    EditConflict.objects.create(object_type="training.attendance", object_id="1", object_repr="x",
                                province_code="33", regency_code="33.74")  # fmt: skip
    semarang = Client(headers={"Authorization": f"Bearer {api_token_create(user=personas.semarang_admin)}"})
    kudus = Client(headers={"Authorization": f"Bearer {api_token_create(user=personas.kudus_admin)}"})
    assert semarang.get("/api/v1/edit-conflicts").json()["count"] == 1
    assert kudus.get("/api/v1/edit-conflicts").json()["count"] == 0
    assert mentor.get("/api/v1/edit-conflicts").status_code == 200
    assert mentor.get("/api/v1/edit-conflicts").json()["count"] == 0


def test_late_dates_are_stale_only_against_a_different_version() -> None:
    from naikkelas.core.idempotency import version_of

    assert version_of(None) == ""
    assert version_of(date(2021, 5, 10)) == "2021-05-10"
    # A form opened on a record carries that record's version, so only a later change makes it late.
    from django.template import Context, Template

    html = Template("{% outbox_fields when|version %}").render(Context({"when": date(2021, 5, 10)}))
    assert 'name="loaded_version" value="2021-05-10"' in html and 'name="client_id" value=""' in html


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="two writers at once need PostgreSQL")
def test_two_sends_of_one_key_at_the_same_moment_make_one_row(personas: Personas) -> None:
    """The phone's retry can overtake the first send: the second waits for the first and gets its answer."""
    mentee = make_mentee(personas)
    url = reverse("mentoring:visit_log", args=[mentee.enterprise.pk])
    key, start, answers = str(uuid.uuid4()), threading.Barrier(2), []

    def send() -> None:
        try:
            client = logged_in(personas.mentor)
            start.wait(timeout=10)
            answers.append(client.post(url, {**VISIT, "client_id": key}))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert [a.status_code for a in answers] == [302, 302]
    assert sum(a.has_header("Idempotent-Replayed") for a in answers) == 1
    assert Visit.objects.count() == 1 and IdempotencyKey.objects.count() == 1


def test_kept_answers_go_after_two_weeks_in_the_retention_run(personas: Personas) -> None:
    from datetime import timedelta as days

    from django.utils import timezone

    from naikkelas.core.idempotency import retention
    from naikkelas.core.personal_data import Retention

    mentee = make_mentee(personas)
    url = reverse("mentoring:visit_log", args=[mentee.enterprise.pk])
    logged_in(personas.mentor).post(url, {**VISIT, "client_id": str(uuid.uuid4())})
    logged_in(personas.mentor).post(url, {**VISIT, "topics": "Kas", "client_id": str(uuid.uuid4())})
    old = IdempotencyKey.objects.first()
    assert old is not None
    IdempotencyKey.objects.filter(pk=old.pk).update(created_at=timezone.now() - days(days=15))
    now = timezone.now()
    assert retention(Retention(today=now.date(), now=now, dry_run=True)) == {"idempotency_keys": 1}
    assert IdempotencyKey.objects.count() == 2
    assert retention(Retention(today=now.date(), now=now, dry_run=False)) == {"idempotency_keys": 1}
    assert list(IdempotencyKey.objects.values_list("pk", flat=True)) != [old.pk]
    assert IdempotencyKey.objects.count() == 1 and Visit.objects.count() == 2


@pytest.mark.django_db
def test_pages_offer_the_phone_their_page_list_only_where_prefetching_is_on(personas, settings) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client

    client = Client()
    client.force_login(personas.mentor)
    settings.OFFLINE_PREFETCH_PAGES = True
    assert 'data-pages="/luring/halaman/"' in client.get("/").text
    settings.OFFLINE_PREFETCH_PAGES = False  # the tests' live server: no background fetches
    assert "data-pages=" not in client.get("/").text
