"""An application's baseline is frozen once selection starts, on every path (attacks.md V3: a PATCH
changed a published baseline to Rp 1). The rule lives in the registry's metric-report services; the
selection step answers "has selection started?" through registry.frozen."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from naikkelas.accounts.services.tokens import api_token_create
from naikkelas.registry import frozen, services
from naikkelas.registry.models import MetricReport
from naikkelas.selection.models import Application
from naikkelas.selection.services import applications as selection
from naikkelas.selection.services import runs
from naikkelas.selection.tests.services.test_runs import IN_WINDOW, apply, reviewers, score_all
from naikkelas.testing.factories import Personas
from naikkelas.testing.programs import batch, organisation, program_with_levels

pytestmark = pytest.mark.django_db
FROZEN = "Angka awal pendaftaran ini sudah dipakai dalam seleksi, jadi tidak dapat diubah atau dihapus."


@pytest.fixture
def applied(personas: Personas) -> Application:
    """One application to a Kota Semarang level-1 batch (the Semarang admin's region), not yet reviewed."""
    province = organisation("Balatkop Jateng", "33")
    _program, level1, _level2 = program_with_levels(province)
    office = personas.semarang_admin.memberships.get().organisation
    return apply(batch(level1, office, capacity=2), 1, omzet=6_700_000)


def start(application: Application, stage: str) -> None:
    """Take the application's batch to a stage of its selection."""
    the_batch = application.batch
    reviewers(the_batch, 2)
    runs.reviews_assign(actor=None, batch=the_batch)
    if stage == "reviewers assigned":
        return
    score_all(the_batch, {application.pk: 4})
    runs.selection_run(actor=None, batch=the_batch)
    if stage == "ranked":
        return
    runs.selection_publish(actor=None, batch=the_batch)


def figures(report: MetricReport) -> tuple[object, ...]:
    report.refresh_from_db()
    return (report.period, report.omzet, report.aset, report.workers, report.source, report.note)


def test_a_baseline_may_be_corrected_until_selection_starts(applied: Application) -> None:
    baseline = applied.baseline
    assert not frozen.is_frozen(baseline)
    services.metric_report_update(actor=None, report=baseline, omzet=6_800_000)
    baseline.refresh_from_db()
    assert baseline.omzet == 6_800_000


@pytest.mark.parametrize("stage", ["reviewers assigned", "ranked", "published"])
def test_the_service_refuses_to_change_or_delete_a_baseline_once_selection_started(
    applied: Application, stage: str
) -> None:
    start(applied, stage)
    baseline = applied.baseline
    before = figures(baseline)
    assert frozen.is_frozen(baseline)
    with pytest.raises(ValidationError, match=FROZEN):
        services.metric_report_update(actor=None, report=baseline, omzet=1, note="DIUBAH")
    assert (baseline.omzet, baseline.note) == (6_700_000, "")  # the caller's object is left as it was
    assert figures(baseline) == before
    with pytest.raises(ValidationError, match=FROZEN):
        services.metric_report_delete(actor=None, report=baseline)
    assert MetricReport.objects.filter(pk=baseline.pk).exists()
    # Saving the same figures again is not a change, and is no error.
    services.metric_report_update(actor=None, report=baseline, omzet=6_700_000)


def test_api_patch_of_a_published_baseline_is_refused_and_nothing_changes(
    applied: Application, personas: Personas
) -> None:
    start(applied, "published")
    baseline = applied.baseline
    before = figures(baseline)
    client = Client(headers={"Authorization": f"Bearer {api_token_create(user=personas.semarang_admin)}"})
    response = client.patch(
        f"/api/v1/metric-reports/{baseline.pk}",
        {"omzet": 1, "note": "DIUBAH"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json() == {"detail": [{"field": "__all__", "message": FROZEN}]}
    assert figures(baseline) == before


def test_page_form_edit_of_a_frozen_baseline_is_refused_and_nothing_changes(
    applied: Application, personas: Personas
) -> None:
    client = Client()
    client.force_login(personas.semarang_admin)
    baseline = applied.baseline
    url = reverse("registry:metric_edit", args=[baseline.pk])
    post = {"period": "2021-02", "omzet": "1", "aset": "20.000.000", "workers": "2", "source": "application"}
    start(applied, "reviewers assigned")
    before = figures(baseline)
    refused = client.post(url, post)
    assert refused.status_code == 200
    assert FROZEN in refused.content.decode()
    assert figures(baseline) == before
    # A second "application" report for the same month through the new-report form is refused too.
    again = client.post(reverse("registry:metric_create", args=[baseline.enterprise_id]), post)
    assert again.status_code == 200
    # The (enterprise, month, source) constraint, answered by the service in its own words.
    assert again.context["form"].errors == {
        "period": ["Sudah ada laporan dari sumber ini untuk bulan tersebut."]
    }
    assert baseline.enterprise.reports.filter(source="application").count() == 1
    assert figures(baseline) == before


def test_page_form_corrects_a_baseline_before_selection_starts(
    applied: Application, personas: Personas
) -> None:
    client = Client()
    client.force_login(personas.semarang_admin)
    baseline = applied.baseline
    post = {
        "period": "2021-02",
        "omzet": "6.900.000",
        "aset": "20.000.000",
        "workers": "2",
        "source": "application",
    }
    response = client.post(reverse("registry:metric_edit", args=[baseline.pk]), post)
    assert response.status_code == 302
    baseline.refresh_from_db()
    assert baseline.omzet == 6_900_000


def test_applying_again_cannot_overwrite_a_frozen_baseline(applied: Application) -> None:
    start(applied, "reviewers assigned")
    runs.application_withdraw(actor=None, application=applied, reason="Salah isi")
    before = figures(applied.baseline)
    person, enterprise = applied.person, applied.enterprise
    data = selection.ApplicationInput(
        nik=person.nik, name=person.name, phone=person.phone, email=person.email, district=enterprise.district,
        enterprise_name=enterprise.name, nib="", sector=enterprise.sector, started_on=enterprise.started_on,
        period=applied.baseline.period, omzet=99_000_000, aset=20_000_000, workers=2, consent=True,
        answers=["Tumbuh"],
    )  # fmt: skip
    with pytest.raises(
        ValidationError, match="sudah dipakai dalam seleksi yang sudah dimulai; pilih bulan terakhir"
    ):
        selection.application_submit(batch=applied.batch, data=data, now=IN_WINDOW)
    assert figures(applied.baseline) == before
    assert Application.objects.filter(enterprise=applied.enterprise).count() == 1


def test_other_reports_of_a_selected_enterprise_stay_correctable(applied: Application) -> None:
    start(applied, "published")
    visit = services.metric_report_create(
        actor=None, enterprise=applied.enterprise, period=IN_WINDOW.date().replace(day=1), omzet=7_000_000,
        aset=20_000_000, workers=2, source=MetricReport.Source.MENTOR_VISIT,
    )  # fmt: skip
    assert not frozen.is_frozen(visit)
    services.metric_report_update(actor=None, report=visit, omzet=7_100_000)
    visit.refresh_from_db()
    assert visit.omzet == 7_100_000


def test_the_selection_step_registered_its_answer(applied: Application) -> None:
    assert runs.baseline_frozen in frozen._CHECKS
    assert selection.frozen is frozen  # the applicant's path asks the same question
