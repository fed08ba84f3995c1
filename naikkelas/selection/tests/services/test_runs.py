import random
import threading
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from naikkelas.accounts.models import Membership
from naikkelas.core.models import AuditEvent
from naikkelas.notify.models import Message
from naikkelas.programs.services.batches import batch_quota_set
from naikkelas.regions.models import Region
from naikkelas.selection.models import Application, Review
from naikkelas.selection.services import applications, runs
from naikkelas.testing.factories import UserFactory
from naikkelas.testing.programs import batch, organisation, program_with_levels
from naikkelas.testing.synthetic import make_nik

pytestmark = pytest.mark.django_db
IN_WINDOW = datetime(2021, 3, 15, 10, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
TAKEN: set[str] = set()


def apply(
    level_batch, n: int, *, district: str = "33.74.02", omzet: int = 8_000_000, now=IN_WINDOW
) -> Application:  # type: ignore[no-untyped-def]
    nik = make_nik(random.Random(n), district, "M", date(1980, 1, 1 + n % 28), TAKEN)
    data = applications.ApplicationInput(
        nik=nik, name=f"Pemilik {n}", phone="081234567890", email=f"p{n}@contoh.id",
        district=Region.objects.get(code=district), enterprise_name=f"Usaha {n}", nib="", sector="food",
        started_on=date(2015, 1, 1), period=date(2021, 2, 1), omzet=omzet, aset=20_000_000, workers=2,
        consent=True, answers=["Tumbuh"], channels=["whatsapp", "email"],  # results go where she said yes
    )  # fmt: skip
    application, _token = applications.application_submit(batch=level_batch, data=data, now=now)
    return application


@pytest.fixture
def province_batch():  # type: ignore[no-untyped-def]
    province = organisation("Balatkop Jateng", "33")
    _program, _level1, level2 = program_with_levels(province)
    level2.requires_nib = False
    level2.save(update_fields=["requires_nib"])
    # Level 2 needs level 1: record graduations as an admin would until training does.
    created = batch(level2, province, capacity=2)
    return created


def reviewers(batch_, count: int):  # type: ignore[no-untyped-def]
    users = [UserFactory.create(username=f"penilai{i}") for i in range(count)]
    for user in users:
        Membership.objects.create(user=user, organisation=batch_.organiser, role=Membership.Role.REVIEWER)
    return users


def score_all(batch_, scores: dict[int, int]) -> None:  # type: ignore[no-untyped-def]
    """Every reviewer gives application n the same score on every criterion."""
    for review in Review.objects.filter(application__batch=batch_).select_related(
        "application__batch__level", "reviewer"
    ):
        value = scores[review.application_id]
        keys = review.application.batch.level.criteria.values_list("key", flat=True)
        runs.review_submit(
            reviewer=review.reviewer, review=review, scores=dict.fromkeys(keys, value), comment=""
        )


def test_reviewers_are_assigned_in_balanced_numbers(level1_batch) -> None:  # type: ignore[no-untyped-def]
    apps = [apply(level1_batch, n) for n in range(5)]
    users = reviewers(level1_batch, 3)
    assert runs.reviews_assign(actor=None, batch=level1_batch) == 10
    loads = sorted(Review.objects.filter(reviewer__in=users).values_list("reviewer", flat=True))
    counts = [loads.count(u.pk) for u in users]
    assert max(counts) - min(counts) <= 1
    assert all(a.reviews.count() == 2 for a in apps)
    assert runs.reviews_assign(actor=None, batch=level1_batch) == 0  # idempotent


def test_reviewer_never_scores_their_own_organisations_nominee(level1_batch) -> None:  # type: ignore[no-untyped-def]
    nominee = apply(level1_batch, 1)
    kudus_office = organisation("Dinkop Kudus", "33.19")
    nominee.nominated_by = kudus_office
    nominee.save(update_fields=["nominated_by"])
    users = reviewers(level1_batch, 3)
    Membership.objects.create(user=users[0], organisation=kudus_office, role=Membership.Role.ADMIN)
    runs.reviews_assign(actor=None, batch=level1_batch)
    assert users[0].pk not in set(nominee.reviews.values_list("reviewer", flat=True))
    assert nominee.reviews.count() == 2


def test_disagreeing_reviewers_flag_a_second_look(level1_batch) -> None:  # type: ignore[no-untyped-def]
    application = apply(level1_batch, 1)
    reviewers(level1_batch, 2)
    runs.reviews_assign(actor=None, batch=level1_batch)
    first, second = application.reviews.order_by("id")
    keys = list(level1_batch.level.criteria.values_list("key", flat=True))
    runs.review_submit(
        reviewer=first.reviewer, review=first, scores=dict.fromkeys(keys, 5), comment="Sangat siap"
    )
    runs.review_submit(
        reviewer=second.reviewer, review=second, scores=dict.fromkeys(keys, 2), comment="Belum siap"
    )
    application.refresh_from_db()
    assert application.score == Decimal("3.50")
    assert application.needs_second_look
    with pytest.raises(ValidationError, match=r"Penilaian\ ini\ bukan\ milik\ Anda\."):
        runs.review_submit(reviewer=first.reviewer, review=second, scores=dict.fromkeys(keys, 3), comment="")


def test_run_needs_every_eligible_application_scored(level1_batch) -> None:  # type: ignore[no-untyped-def]
    apply(level1_batch, 1)
    with pytest.raises(ValidationError, match="belum dinilai"):
        runs.selection_run(actor=None, batch=level1_batch)


def scored_batch(level1_batch, scores: list[int]) -> list[Application]:  # type: ignore[no-untyped-def]
    apps = [apply(level1_batch, n) for n in range(len(scores))]
    apply(level1_batch, 99, omzet=1_000_000)  # ineligible: never ranked
    reviewers(level1_batch, 2)
    runs.reviews_assign(actor=None, batch=level1_batch)
    score_all(level1_batch, {a.pk: s for a, s in zip(apps, scores, strict=True)})
    return apps


def test_run_selects_by_score_waitlists_and_rejects_with_reasons(level1_batch) -> None:  # type: ignore[no-untyped-def]
    apps = scored_batch(level1_batch, [3, 5, 4, 2, 1])
    preview = runs.selection_preview(batch=level1_batch)
    assert preview.selected == [apps[1].pk, apps[2].pk]
    assert Application.objects.filter(status="selected").count() == 0  # a preview saves nothing
    runs.selection_run(actor=None, batch=level1_batch)
    statuses = {a.pk: (a.status, a.rank) for a in Application.objects.filter(batch=level1_batch)}
    assert statuses[apps[1].pk] == ("selected", 1)
    assert statuses[apps[2].pk] == ("selected", 2)
    assert statuses[apps[0].pk] == ("waitlisted", 3)
    assert statuses[apps[3].pk] == ("waitlisted", 4)
    assert statuses[apps[4].pk] == ("rejected", 5)
    assert Application.objects.get(enterprise__name="Usaha 99").status == "ineligible"
    apps[0].refresh_from_db()
    assert apps[0].decision_reason == "Daftar tunggu: peringkat 3; kursi sudah penuh."


def test_run_writes_every_reason_in_both_languages_one_statement_per_chunk(  # type: ignore[no-untyped-def]
    level1_batch, monkeypatch
) -> None:
    apps = scored_batch(level1_batch, [3, 5, 4, 2, 1])
    monkeypatch.setattr(runs, "WRITE_CHUNK", 2)
    with CaptureQueriesContext(connection) as queries:
        runs.selection_run(actor=None, batch=level1_batch)
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if "UPDATE" in q["sql"] and "selection_application" in q["sql"]
    ]
    assert len(writes) == 3  # five decisions in chunks of two: one statement each, not one per row
    reasons = {
        a.pk: (a.decision_reason, a.decision_reason_en)
        for a in Application.objects.filter(batch=level1_batch)
    }
    assert reasons[apps[1].pk] == ("Terpilih: peringkat 1.", "Selected: rank 1.")
    assert reasons[apps[0].pk] == (
        "Daftar tunggu: peringkat 3; kursi sudah penuh.",
        "Waitlisted: rank 3; the seats are full.",
    )
    assert reasons[apps[4].pk] == (
        "Tidak terpilih: peringkat 5, di luar kursi dan daftar tunggu.",
        "Not selected: rank 5, beyond the seats and the waitlist.",
    )


def test_quota_caps_one_regency(level1_batch) -> None:  # type: ignore[no-untyped-def]
    # A province batch with a quota: Kota Semarang may take one of the two seats.
    province = organisation("Balatkop Jateng", "33")
    level1 = level1_batch.level
    level1.tier = "province"
    level1.save(update_fields=["tier"])
    wide = batch(level1, province, capacity=2, title="Dasar provinsi")
    batch_quota_set(actor=None, batch=wide, regency=Region.objects.get(code="33.74"), seats=1)
    top = apply(wide, 1)
    second = apply(wide, 2)
    kudus = apply(wide, 3, district="33.19.02")
    reviewers(wide, 2)
    runs.reviews_assign(actor=None, batch=wide)
    score_all(wide, {top.pk: 5, second.pk: 4, kudus.pk: 1})
    runs.selection_run(actor=None, batch=wide)
    second.refresh_from_db()
    kudus.refresh_from_db()
    assert kudus.status == "selected"
    assert second.status == "waitlisted" and "kuota" in second.decision_reason


def test_publishing_freezes_and_queues_one_message_per_applicant_even_twice(level1_batch) -> None:  # type: ignore[no-untyped-def]
    scored_batch(level1_batch, [3, 5, 4])
    with pytest.raises(ValidationError, match=r"Jalankan\ seleksi\ dulu\ sebelum\ mengumumkan"):
        runs.selection_publish(actor=None, batch=level1_batch)  # not run yet
    runs.selection_run(actor=None, batch=level1_batch)
    runs.selection_publish(actor=None, batch=level1_batch)
    runs.selection_publish(actor=None, batch=level1_batch)
    results = Message.objects.filter(template="selection_result")
    assert results.count() == 4  # three ranked and one ineligible, once each
    level1_batch.refresh_from_db()
    assert level1_batch.is_published
    with pytest.raises(ValidationError, match=r"Hasil\ seleksi\ sudah\ diumumkan\ dan\ tidak\ dapat"):
        runs.selection_run(actor=None, batch=level1_batch)
    application = Application.objects.filter(batch=level1_batch).first()
    assert application is not None
    with pytest.raises(ValidationError, match=r"Hasil\ seleksi\ sudah\ diumumkan;\ syarat\ tidak"):
        applications.application_evaluate(application=application)


def test_manual_override_needs_a_reason_and_is_audited(level1_batch) -> None:  # type: ignore[no-untyped-def]
    apps = scored_batch(level1_batch, [3, 5, 4])
    runs.selection_run(actor=None, batch=level1_batch)
    admin = UserFactory.create()
    with pytest.raises(ValidationError, match=r"Tuliskan\ alasan\ perubahan\ manual\."):
        runs.application_override(actor=admin, application=apps[0], status="rejected", reason=" ")
    with pytest.raises(ValidationError, match="penuh"):
        runs.application_override(
            actor=admin, application=apps[0], status="selected", reason="Usaha unggulan"
        )
    runs.application_override(
        actor=admin, application=apps[2], status="rejected", reason="Data omzet diragukan"
    )
    runs.application_override(actor=admin, application=apps[0], status="selected", reason="Usaha unggulan")
    event = AuditEvent.objects.filter(actor=admin, object_id=str(apps[0].pk)).get()
    assert event.changes["override_reason"] == "Usaha unggulan"


@pytest.mark.django_db(transaction=True)
def test_racing_withdrawals_never_overfill_the_batch(april_2021) -> None:
    """Two withdrawals of selected applicants race; each frees one seat; seats never exceed capacity."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; CI runs this test there")
    province = organisation("Balatkop Jateng", "33")
    semarang = organisation("Dinkop Kota Semarang", "33.74")
    _program, level1, _level2 = program_with_levels(province)
    race_batch = batch(level1, semarang, capacity=2)
    apps = scored_batch(race_batch, [5, 4, 3, 2, 1])
    runs.selection_run(actor=None, batch=race_batch)
    barrier = threading.Barrier(2)
    errors: list[Exception] = []

    def withdraw(application: Application) -> None:
        try:
            barrier.wait()
            runs.application_withdraw(actor=None, application=application, reason="balapan")
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=withdraw, args=(a,)) for a in apps[:2]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert runs.selected_count(race_batch) == 2
    assert set(Application.objects.filter(batch=race_batch, status="selected").values_list("pk", flat=True)) == {
        apps[2].pk, apps[3].pk,
    }  # fmt: skip


def test_reevaluation_applies_a_changed_threshold_until_publishing(level1_batch) -> None:  # type: ignore[no-untyped-def]
    application = apply(level1_batch, 1, omzet=6_000_000)
    assert application.status == "eligible"
    level = level1_batch.level
    level.min_omzet = 7_000_000
    level.save(update_fields=["min_omzet"])
    assert runs.applications_reevaluate(actor=None, batch=level1_batch) == 1
    application.refresh_from_db()
    assert application.status == "ineligible"
    assert application.eligibility_settings["min_omzet"] == 7_000_000


def test_no_seat_is_reused_once_training_has_started(level1_batch) -> None:  # type: ignore[no-untyped-def]
    apps = scored_batch(level1_batch, [5, 4, 3])
    runs.selection_run(actor=None, batch=level1_batch)
    runs.selection_publish(actor=None, batch=level1_batch)
    # Today (after 10 May 2021) the batch has started.
    assert runs.application_withdraw(actor=None, application=apps[0], reason="Pindah kota") is None
    assert runs.selected_count(level1_batch) == 1
