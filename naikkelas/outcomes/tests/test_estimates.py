"""Impact estimates off the request path: computed by a background task, kept per cohort until the data
they read change, shown with their age and a progress bar while a new one runs."""

import json
import math
from datetime import date, timedelta
from typing import Any
from unittest import mock

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from naikkelas.accounts.services.tokens import api_token_create
from naikkelas.outcomes import cohort, estimates, evidence, report
from naikkelas.outcomes.models import ImpactEstimate
from naikkelas.outcomes.tests.conftest import World
from naikkelas.outcomes.tests.test_evidence import MONTH_12, ranked
from naikkelas.registry.models import MetricReport
from naikkelas.selection.models import Application

DASAR_2021 = cohort.CohortFilter(year=2021, level=1)
PAGE = "/hasil/?year=2021&level=1"
QUEUE_ONLY = {
    "default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": ["default", "imports"]}
}


@pytest.fixture
def small_groups(settings):  # type: ignore[no-untyped-def]
    settings.OUTCOMES_MIN_GROUP = 5
    settings.OUTCOMES_BOOTSTRAP_REPLICATES = 200
    return settings


def _queued() -> list[object]:
    from django.tasks import task_backends

    return list(task_backends["default"].results)  # type: ignore[attr-defined]


def _never(*args: object, **kwargs: object) -> None:
    raise AssertionError("the estimator ran inside the request")


def _new_followup(world: World) -> None:
    """One more answer at month 12 from a non-selected applicant who had not answered."""
    silent = (
        Application.objects.filter(batch=world.semarang, status=Application.Status.REJECTED)
        .exclude(enterprise__reports__period=MONTH_12)
        .first()
    )
    assert silent is not None
    MetricReport.objects.create(
        enterprise=silent.enterprise, period=MONTH_12, omzet=9_000_000, aset=40_000_000, workers=2,
        source=MetricReport.Source.FOLLOW_UP,
    )  # fmt: skip


@pytest.mark.django_db
def test_same_data_is_not_computed_again(world: World, small_groups: object) -> None:
    ranked(world)
    admin = Client()
    admin.force_login(world.personas.province_admin)
    with mock.patch.object(evidence, "for_user", wraps=evidence.for_user) as card:
        first = admin.get(PAGE)
        second = admin.get(PAGE)
        api = Client(
            headers={"Authorization": f"Bearer {api_token_create(user=world.personas.province_admin)}"}
        )
        body = api.get("/api/v1/reports/impact?year=2021&level=1").json()
    assert card.call_count == 1  # the page twice and the API: one computation
    assert first.context["evidence"].headline == second.context["evidence"].headline
    assert (
        body["estimate"]["state"] == "fresh"
        and body["evidence"]["headline"] == second.context["evidence"].headline
    )
    assert ImpactEstimate.objects.count() == 1


@pytest.mark.django_db
def test_a_new_followup_or_decision_gives_a_new_key(world: World, small_groups: object) -> None:
    ranked(world)
    admin = world.personas.province_admin
    before = estimates.fingerprint(admin, DASAR_2021)
    assert estimates.fingerprint(admin, DASAR_2021) == before
    _new_followup(world)
    after_followup = estimates.fingerprint(admin, DASAR_2021)
    assert after_followup != before
    waiting = Application.objects.filter(status=Application.Status.REJECTED).first()
    assert waiting is not None
    Application.objects.filter(pk=waiting.pk).update(status=Application.Status.WAITLISTED)
    assert estimates.fingerprint(admin, DASAR_2021) != after_followup
    # another cohort's data do not move this one's key
    other = estimates.fingerprint(admin, cohort.CohortFilter(year=2021, level=2))
    _new_followup(world)
    assert estimates.fingerprint(admin, cohort.CohortFilter(year=2021, level=2)) == other


@pytest.mark.django_db
def test_a_changed_setting_of_the_estimator_gives_a_new_key(world: World, small_groups) -> None:  # type: ignore[no-untyped-def]
    ranked(world)
    before = estimates.fingerprint(world.personas.province_admin, DASAR_2021)
    small_groups.OUTCOMES_BOOTSTRAP_REPLICATES = 300
    assert estimates.fingerprint(world.personas.province_admin, DASAR_2021) != before


@pytest.mark.django_db
@override_settings(TASKS=QUEUE_ONLY)
def test_the_page_never_runs_the_estimator_in_the_request(world: World, small_groups: object) -> None:
    ranked(world)
    admin = Client()
    admin.force_login(world.personas.province_admin)
    with (
        mock.patch.object(evidence, "for_user", _never),
        mock.patch.object(report, "impact", _never),
        mock.patch.object(estimates, "estimate_compute", _never),
    ):
        page = admin.get(PAGE)
        again = admin.get(PAGE)
        poll = admin.get(PAGE + "&bagian=dampak", headers={"HX-Request": "true"})
        api = Client(
            headers={"Authorization": f"Bearer {api_token_create(user=world.personas.province_admin)}"}
        )
        body = api.get("/api/v1/reports/impact?year=2021&level=1").json()
    assert page.status_code == again.status_code == poll.status_code == 200
    assert "Perkiraan dampak sedang dihitung." in page.text and 'id="estimate-bar"' in page.text
    assert 'hx-trigger="every 2s"' in page.text and 'id="evidence-card"' not in page.text
    assert "<html" not in poll.text and 'id="estimate-progress"' in poll.text  # the fragment alone
    assert 'id="summary"' in page.text  # the totals do not wait for the estimate
    assert body["estimate"] == {"state": "computing", "computed_at": None, "age_seconds": None, "progress": 0}
    assert body["evidence"] is None and body["impacts"] == []
    assert len(_queued()) == 1  # four asks, one task


@pytest.mark.django_db
@override_settings(TASKS=QUEUE_ONLY)
def test_the_page_shows_the_result_with_its_age_and_the_old_one_while_a_new_one_runs(
    world: World, small_groups: object
) -> None:
    ranked(world)
    user = world.personas.province_admin
    admin = Client()
    admin.force_login(user)
    admin.get(PAGE)
    row = ImpactEstimate.objects.get()
    estimates.estimate_compute(estimate_id=row.pk, user=user, f=DASAR_2021)  # what the worker does
    with mock.patch.object(evidence, "for_user", _never):
        assert "Baru saja dihitung dari data terkini." in admin.get(PAGE).text  # never "0 menit lalu"
    ImpactEstimate.objects.filter(pk=row.pk).update(computed_at=timezone.now() - timedelta(minutes=3))
    with mock.patch.object(evidence, "for_user", _never):
        done = admin.get(PAGE)
        assert (
            'id="evidence-card"' in done.text and "Dihitung 3\xa0menit lalu dari data terkini." in done.text
        )
        assert "hx-trigger" not in done.text and len(_queued()) == 1
        _new_followup(world)
        stale = admin.get(PAGE)
    assert 'id="evidence-card"' in stale.text and 'id="estimate-bar"' in stale.text
    assert "dihitung 3\xa0menit lalu; datanya sudah berubah" in stale.text
    assert len(_queued()) == 2
    english = Client()
    english.force_login(user)
    english.cookies["django_language"] = "en"
    with mock.patch.object(evidence, "for_user", _never):
        shown = english.get(PAGE)
    # the card's words are in the reader's language: English is computed and kept on its own
    assert 'id="estimate-bar"' in shown.text and ImpactEstimate.objects.count() == 2


@pytest.mark.django_db
@override_settings(TASKS=QUEUE_ONLY)
def test_a_task_that_lost_its_worker_is_queued_again_after_the_stale_time(
    world: World, small_groups: object
) -> None:
    ranked(world)
    user = world.personas.province_admin
    estimates.estimate_for_user(user=user, f=DASAR_2021)
    estimates.estimate_for_user(user=user, f=DASAR_2021)
    assert len(_queued()) == 1
    ImpactEstimate.objects.update(queued_at=timezone.now() - timedelta(minutes=31))
    estimates.estimate_for_user(user=user, f=DASAR_2021)
    assert len(_queued()) == 2


@pytest.mark.django_db
def test_scopes_keep_their_own_results(world: World, small_groups: object) -> None:
    ranked(world)
    province = estimates.estimate_for_user(user=world.personas.province_admin, f=DASAR_2021)
    semarang = estimates.estimate_for_user(user=world.personas.semarang_admin, f=DASAR_2021)
    assert province.estimate_id != semarang.estimate_id
    assert province.evidence is not None and semarang.evidence is not None
    assert province.evidence.results["itt"].groups["offered"][0] == 32
    assert semarang.evidence.results["itt"].groups["offered"][0] == 16


@pytest.mark.django_db
def test_the_kept_result_is_the_estimators_own_objects(world: World, small_groups: object) -> None:
    ranked(world)
    user = world.personas.province_admin
    members = cohort.cohort(user, DASAR_2021)
    made: dict[str, Any] = {
        "impacts": [report.impact(members.participants, members.comparison, m) for m in cohort.METRICS],
        "evidence": evidence.for_user(user, DASAR_2021),
    }
    kept = estimates.decode(json.loads(json.dumps(estimates.encode(made))))
    assert kept == made
    assert kept["evidence"].results["rd"].details == made["evidence"].results["rd"].details
    odd = json.loads(json.dumps(estimates.encode({"x": float("nan"), "y": float("-inf")}), allow_nan=False))
    assert math.isnan(estimates.decode(odd)["x"]) and estimates.decode(odd)["y"] == float("-inf")


def test_the_codec_refuses_classes_outside_outcomes() -> None:
    with pytest.raises(ValueError, match="is not an outcomes module"):
        estimates.decode({"__dataclass__": "subprocess:Popen", "fields": {}})
    with pytest.raises(TypeError, match="cannot keep a"):
        estimates.encode({"when": date(2021, 1, 1)})


@pytest.mark.django_db
@override_settings(TASKS=QUEUE_ONLY)
def test_a_request_checks_the_data_at_most_once_per_fingerprint_window(world: World, small_groups) -> None:  # type: ignore[no-untyped-def]
    from django.core.cache import cache

    ranked(world)
    cache.clear()
    small_groups.OUTCOMES_FINGERPRINT_SECONDS = 60
    user = world.personas.province_admin
    with mock.patch.object(estimates, "fingerprint", wraps=estimates.fingerprint) as checked:
        first = estimates.estimate_for_user(user=user, f=DASAR_2021)
        estimates.estimate_compute(estimate_id=first.estimate_id, user=user, f=DASAR_2021)
        calls = checked.call_count
        _new_followup(world)
        within = estimates.estimate_for_user(user=user, f=DASAR_2021)  # the kept check: not noticed yet
        assert checked.call_count == calls and within.fresh
        cache.clear()  # the window has passed
        later = estimates.estimate_for_user(user=user, f=DASAR_2021)
    assert checked.call_count == calls + 1 and not later.fresh and len(_queued()) == 2


@pytest.mark.django_db
def test_new_wordings_of_the_card_are_a_new_key(world: World, small_groups: object, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ranked(world)
    before = estimates.fingerprint(world.personas.province_admin, DASAR_2021)
    monkeypatch.setattr(estimates, "catalogue_stamp", lambda language: "a newer catalogue")
    assert estimates.fingerprint(world.personas.province_admin, DASAR_2021) != before
