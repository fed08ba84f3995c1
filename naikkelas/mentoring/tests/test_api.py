"""The mentoring API: consultations, visits, follow-ups, mentors and assignments, with the pages' rules."""

from datetime import date

import pytest
from django.test import Client

from naikkelas.accounts.services.tokens import api_token_create
from naikkelas.mentoring.models import Consultation, FollowUp, Visit
from naikkelas.mentoring.services import consultations, followups, matching, mentors
from naikkelas.mentoring.tests.conftest import Mentee, _colleague, at, graduate, open_one
from naikkelas.regions.models import Region
from naikkelas.registry.models import MetricReport
from naikkelas.testing.factories import Personas
from naikkelas.testing.programs import organisation, program_with_levels


def api(user) -> Client:  # type: ignore[no-untyped-def]
    return Client(headers={"Authorization": f"Bearer {api_token_create(user=user)}"})


@pytest.mark.django_db
def test_the_province_reassigns_an_escalated_consultation_and_the_clock_restarts(mentee: Mentee) -> None:
    from naikkelas.accounts.services.tokens import api_token_create

    consultation = open_one(mentee)
    consultations.consultations_tick(now=at(date(2021, 6, 11)))
    consultation.refresh_from_db()
    assert consultation.escalation == Consultation.Escalation.PROVINCE
    kudus_mentor = _colleague("kudusan", "33.19")
    province = Client(
        headers={"Authorization": f"Bearer {api_token_create(user=mentee.personas.province_admin)}"}
    )
    url = f"/api/v1/consultations/{consultation.pk}/hand-over"
    moved = province.post(
        url, {"mentor_id": kudus_mentor.pk, "reason": "Pendamping cuti"}, content_type="application/json"
    )
    assert moved.status_code == 200 and moved.json()["mentor_id"] == kudus_mentor.pk
    consultation.refresh_from_db()
    assert consultation.response_due_on > date(2021, 6, 11)  # the new mentor's own deadline
    assert consultation.escalation == Consultation.Escalation.PROVINCE  # what happened stays visible
    kudus = Client(headers={"Authorization": f"Bearer {api_token_create(user=mentee.personas.kudus_admin)}"})
    assert (
        kudus.post(
            url, {"mentor_id": mentee.mentor.pk, "reason": "x"}, content_type="application/json"
        ).status_code
        == 404
    )
    viewer = Client(headers={"Authorization": f"Bearer {api_token_create(user=mentee.personas.viewer)}"})
    assert (
        viewer.post(
            url, {"mentor_id": mentee.mentor.pk, "reason": "x"}, content_type="application/json"
        ).status_code
        == 403
    )
    participant = Client(
        headers={"Authorization": f"Bearer {api_token_create(user=mentee.personas.participant)}"}
    )
    assert (
        participant.post(
            url, {"mentor_id": mentee.mentor.pk, "reason": "x"}, content_type="application/json"
        ).status_code
        == 403
    )


@pytest.mark.django_db
def test_the_api_reminds_a_regency_with_the_pages_rules(mentee: Mentee, due: FollowUp) -> None:
    from naikkelas.accounts.services.tokens import api_token_create

    province = Client(
        headers={"Authorization": f"Bearer {api_token_create(user=mentee.personas.province_admin)}"}
    )
    done = province.post(
        "/api/v1/follow-ups/remind-overdue", {"regency": "33.74"}, content_type="application/json"
    )
    assert done.status_code == 200 and done.json() == {"reminded": 1}
    kudus = Client(headers={"Authorization": f"Bearer {api_token_create(user=mentee.personas.kudus_admin)}"})
    refused = kudus.post(
        "/api/v1/follow-ups/remind-overdue", {"regency": "33.74"}, content_type="application/json"
    )
    assert refused.status_code == 403


@pytest.mark.django_db
def test_the_owner_corrects_through_the_api_and_nobody_else(mentee: Mentee, due: FollowUp) -> None:
    from naikkelas.accounts.services.tokens import api_token_create

    followups.followup_report(
        actor=None, followup=due, omzet=12_000_000, aset=30_000_000, workers=2, via="link"
    )
    payload = {"omzet": 13_000_000, "aset": 30_000_000, "workers": 2}
    owner = Client(headers={"Authorization": f"Bearer {api_token_create(user=mentee.personas.participant)}"})
    fixed = owner.post(f"/api/v1/follow-ups/{due.pk}/correct", payload, content_type="application/json")
    assert fixed.status_code == 200 and fixed.json()["report"]["omzet"] == 13_000_000
    mentor = Client(headers={"Authorization": f"Bearer {api_token_create(user=mentee.personas.mentor)}"})
    assert (
        mentor.post(
            f"/api/v1/follow-ups/{due.pk}/correct", payload, content_type="application/json"
        ).status_code
        == 403
    )
    other = Client(
        headers={"Authorization": f"Bearer {api_token_create(user=mentee.personas.other_participant)}"}
    )
    assert (
        other.post(
            f"/api/v1/follow-ups/{due.pk}/correct", payload, content_type="application/json"
        ).status_code
        == 404
    )


@pytest.mark.django_db
def test_mentors_and_assignments_in_the_api(personas: Personas) -> None:
    from django.test import Client

    from naikkelas.accounts.services.tokens import api_token_create

    _program, level1, _level2 = program_with_levels(organisation("Balatkop Jateng", "33"))
    mentors.mentor_create(
        actor=None,
        user=personas.mentor,
        regency=Region.objects.get(code="33.74"),
        sectors=["food"],
        capacity=3,
    )
    graduate(level1)
    matching.graduates_match(actor=None)
    admin = Client(headers={"Authorization": f"Bearer {api_token_create(user=personas.semarang_admin)}"})
    listed = admin.get("/api/v1/mentors").json()
    assert listed["count"] == 1 and listed["items"][0]["regency_code"] == "33.74"
    kudus = Client(headers={"Authorization": f"Bearer {api_token_create(user=personas.kudus_admin)}"})
    assert kudus.get("/api/v1/mentors").json()["count"] == 0
    assert kudus.get("/api/v1/mentor-assignments").json()["count"] == 0
    mentor = Client(headers={"Authorization": f"Bearer {api_token_create(user=personas.mentor)}"})
    assert mentor.get("/api/v1/mentor-assignments", {"active": "true"}).json()["count"] == 1


@pytest.mark.django_db
def test_consultation_round_trip_through_the_api_with_access_rules(mentee: Mentee) -> None:
    personas = mentee.personas
    participant, mentor = api(personas.participant), api(personas.mentor)
    bad = participant.post(
        "/api/v1/consultations",
        {"enterprise_id": mentee.enterprise.pk, "category": "astrologi", "description": "x"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "category"
    short = participant.post(
        "/api/v1/consultations",
        {"enterprise_id": mentee.enterprise.pk, "category": "finance", "description": "x"},
        content_type="application/json",
    )
    assert short.status_code == 422 and short.json()["detail"][0]["field"] == "description"
    assert not Consultation.objects.exists()
    created = participant.post(
        "/api/v1/consultations",
        {"enterprise_id": mentee.enterprise.pk, "category": "finance", "description": "Cara menghitung HPP?"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["mentor_id"] == mentee.mentor.pk and created.json()["status"] == "open"
    other = api(personas.other_participant)
    assert (
        other.post(
            "/api/v1/consultations",
            {"enterprise_id": mentee.enterprise.pk, "category": "finance", "description": "Bukan usaha saya"},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert other.get(f"/api/v1/consultations/{pk}").status_code == 404
    assert api(personas.kudus_admin).get(f"/api/v1/consultations/{pk}").status_code == 404
    assert api(personas.kudus_admin).get("/api/v1/consultations").json()["count"] == 0
    assert (
        api(personas.viewer)
        .post(f"/api/v1/consultations/{pk}/messages", {"body": "Halo"}, content_type="application/json")
        .status_code
        == 403
    )
    answered = mentor.post(
        f"/api/v1/consultations/{pk}/messages",
        {"body": "Pakai templat HPP."},
        content_type="application/json",
    )
    assert answered.status_code == 201
    assert (
        answered.json()["status"] == "answered"
        and answered.json()["messages"][0]["body"] == "Pakai templat HPP."
    )
    assert mentor.get("/api/v1/consultations?status=answered").json()["count"] == 1
    closed = participant.post(f"/api/v1/consultations/{pk}/close")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"


@pytest.mark.django_db
def test_visits_through_the_api_only_for_the_mentors_own_mentees(mentee: Mentee) -> None:
    personas = mentee.personas
    mentor = api(personas.mentor)
    payload = {
        "enterprise_id": mentee.enterprise.pk, "date": "2021-09-02", "mode": "call", "topics": "Kemasan",
        "actions": [{"text": "Cetak label", "due": "2021-09-30"}], "omzet": 12000000, "aset": 31000000,
        "workers": 3,
    }  # fmt: skip
    created = mentor.post("/api/v1/visits", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    visit = Visit.objects.get()
    assert visit.report is not None and visit.report.omzet == 12_000_000
    assert created.json()["actions"] == [{"text": "Cetak label", "due": "2021-09-30"}]
    kudus = {**payload, "enterprise_id": personas.kudus_enterprise.pk}
    assert mentor.post("/api/v1/visits", kudus, content_type="application/json").status_code == 404
    half = {**payload, "date": "2021-09-20", "aset": None, "workers": None}
    refused = mentor.post("/api/v1/visits", half, content_type="application/json")
    assert refused.status_code == 422 and "ketiga angka" in refused.json()["detail"][0]["message"]
    assert (
        api(personas.semarang_admin)
        .post("/api/v1/visits", payload, content_type="application/json")
        .status_code
        == 403
    )
    assert api(personas.semarang_admin).get("/api/v1/visits").json()["count"] == 1
    assert api(personas.kudus_admin).get("/api/v1/visits").json()["count"] == 0
    assert api(personas.participant).get("/api/v1/visits").json()["count"] == 1
    assert api(personas.other_participant).get("/api/v1/visits").json()["count"] == 0


@pytest.mark.django_db
def test_follow_ups_through_the_api(mentee: Mentee) -> None:
    personas = mentee.personas
    followups.followups_schedule(program=mentee.program)
    due = FollowUp.objects.get(month_offset=3)
    listed = api(personas.mentor).get("/api/v1/follow-ups?status=pending")
    assert listed.json()["count"] == 3
    assert api(personas.kudus_admin).get("/api/v1/follow-ups").json()["count"] == 0
    assert api(personas.participant).get("/api/v1/follow-ups").json()["count"] == 3
    assert api(personas.other_participant).get("/api/v1/follow-ups").json()["count"] == 0
    url = f"/api/v1/follow-ups/{due.pk}/report"
    assert (
        api(personas.kudus_admin)
        .post(url, {"omzet": 1, "aset": 1, "workers": 1}, content_type="application/json")
        .status_code
        == 404
    )
    assert (
        api(personas.participant)
        .post(url, {"omzet": 1, "aset": 1, "workers": 1}, content_type="application/json")
        .status_code
        == 403
    )
    jump = api(personas.mentor).post(
        url, {"omzet": 90_000_000, "aset": 30_000_000, "workers": 2}, content_type="application/json"
    )
    assert jump.status_code == 422 and jump.json()["detail"][0]["field"] == "confirm_jump"
    negative = api(personas.mentor).post(
        url, {"omzet": -5, "aset": 30_000_000, "workers": 2}, content_type="application/json"
    )
    assert negative.status_code == 422
    assert not MetricReport.objects.filter(source=MetricReport.Source.MENTOR_VISIT).exists()
    done = api(personas.mentor).post(
        url,
        {"omzet": 90_000_000, "aset": 30_000_000, "workers": 2, "confirm_jump": True},
        content_type="application/json",
    )
    assert done.status_code == 200, done.content
    body = done.json()
    assert body["status"] == "reported" and body["jump_confirmed"] and body["report"]["omzet"] == 90_000_000
    assert body["report"]["period"] == date(2021, 7, 1).isoformat()


@pytest.mark.django_db
def test_the_schema_lists_the_mentoring_endpoints(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/visits", "/api/v1/consultations", "/api/v1/follow-ups", "/api/v1/mentors"):
        assert path in paths


@pytest.mark.django_db
def test_mentors_are_managed_through_the_api_by_their_regency(mentee: Mentee) -> None:
    from naikkelas.accounts.models import Organisation
    from naikkelas.mentoring.models import Mentor, MentorAssignment

    personas = mentee.personas
    office = Organisation.objects.get(memberships__user=personas.semarang_admin)
    body = {
        "office_id": office.pk,
        "username": "dewi",
        "first_name": "Dewi",
        "sectors": ["food"],
        "capacity": 4,
    }
    # The province sees the Semarang office but only its own admins register mentors there (403).
    assert (
        api(personas.province_admin)
        .post("/api/v1/mentors", body, content_type="application/json")
        .status_code
        == 403
    )
    created = api(personas.semarang_admin).post("/api/v1/mentors", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["mentor"]["regency_code"] == "33.74"
    assert len(created.json()["temporary_password"]) >= 12
    dewi = Mentor.objects.get(user__username="dewi")
    patch = api(personas.semarang_admin).patch(
        f"/api/v1/mentors/{mentee.mentor.pk}", {"capacity": 0}, content_type="application/json"
    )
    assert patch.status_code == 422
    low = api(personas.semarang_admin).patch(
        f"/api/v1/mentors/{mentee.mentor.pk}", {"active": False}, content_type="application/json"
    )
    assert low.status_code == 422 and low.json()["detail"][0]["field"] == "active"
    assert (
        api(personas.kudus_admin)
        .patch(f"/api/v1/mentors/{dewi.pk}", {"capacity": 9}, content_type="application/json")
        .status_code
        == 404
    )
    assert (
        api(personas.viewer)
        .patch(f"/api/v1/mentors/{dewi.pk}", {"capacity": 9}, content_type="application/json")
        .status_code
        == 403
    )
    assignment = MentorAssignment.objects.get(enterprise=mentee.enterprise)
    url = f"/api/v1/mentor-assignments/{assignment.pk}/reassign"
    no_reason = api(personas.semarang_admin).post(
        url, {"mentor_id": dewi.pk, "reason": " "}, content_type="application/json"
    )
    assert no_reason.status_code == 422 and no_reason.json()["detail"][0]["field"] == "reason"
    moved = api(personas.semarang_admin).post(
        url, {"mentor_id": dewi.pk, "reason": "Lebih dekat"}, content_type="application/json"
    )
    assert moved.status_code == 200 and moved.json()["mentor_id"] == dewi.pk
    matched = api(personas.semarang_admin).post("/api/v1/mentor-assignments/match")
    assert matched.status_code == 200 and matched.json() == {"assigned": 0, "gaps": {}}
    assert api(personas.mentor).post("/api/v1/mentor-assignments/match").status_code == 403


def test_an_empty_message_or_reason_is_refused_by_the_schema(mentee: Mentee) -> None:
    """What the schemathesis CLI found: the schema allowed `{"body": ""}`, the service refused it."""
    personas = mentee.personas
    participant = api(personas.participant)
    created = participant.post(
        "/api/v1/consultations",
        {"enterprise_id": mentee.enterprise.pk, "category": "finance", "description": "Cara menghitung HPP?"},
        content_type="application/json",
    )
    pk = created.json()["id"]
    empty = participant.post(
        f"/api/v1/consultations/{pk}/messages", {"body": ""}, content_type="application/json"
    )
    assert empty.status_code == 422
    assert empty.json() == {"detail": [{"field": "body", "message": "Wajib diisi."}]}
    assert Consultation.objects.get(pk=pk).messages.count() == 0  # the description is not a message
    short = participant.post(
        "/api/v1/consultations",
        {"enterprise_id": mentee.enterprise.pk, "category": "finance", "description": "HPP?"},
        content_type="application/json",
    )
    assert short.json() == {
        "detail": [{"field": "description", "message": "Teks terlalu pendek (paling sedikit 10 karakter)."}]
    }
    properties = Client().get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert properties["MessageIn"]["properties"]["body"]["minLength"] == 1
    assert properties["ConsultationIn"]["properties"]["description"]["minLength"] == 10
    assert properties["ReassignIn"]["properties"]["reason"]["minLength"] == 1
