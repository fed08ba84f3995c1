"""The evidence card on the page, in the PDF and in the API, from ranked applicants in the database."""

import math
import random
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.test import Client

from naikkelas.accounts.services.tokens import api_token_create
from naikkelas.outcomes import cohort
from naikkelas.outcomes.evidence import GROUP_NAMES
from naikkelas.outcomes.tests.conftest import JAKARTA, World
from naikkelas.regions.models import Region
from naikkelas.registry.models import MetricReport
from naikkelas.selection.models import Application
from naikkelas.testing.factories import EnterpriseFactory
from naikkelas.training.models import Graduation

MONTH_12 = date(2022, 4, 1)  # month 12 after the batches end (14 May 2021): the round the card measures


def ranked(world: World, *, per_batch: int = 40, seats: int = 16, seed: int = 1) -> None:
    """Two batches of scored applicants; the best `seats` of each selected (two of them drop out);
    everyone offered answers, two in three of the others (all consented)."""
    rng = random.Random(seed)
    for the_batch, district in ((world.semarang, "33.74.01"), (world.kudus, "33.19.01")):
        scores = sorted((round(rng.uniform(2.0, 4.5), 2) for _ in range(per_batch)), reverse=True)
        for index, score in enumerate(scores):
            enterprise = EnterpriseFactory.create(district=Region.objects.get(code=district))
            omzet = round(rng.lognormvariate(16, 0.5), -3)
            baseline = MetricReport.objects.create(enterprise=enterprise, period=date(2021, 2, 1), omzet=omzet,
                                                   aset=40_000_000, workers=2, source=MetricReport.Source.APPLICATION)  # fmt: skip
            selected = index < seats
            Application.objects.create(
                batch=the_batch, level=world.level, enterprise=enterprise, person=enterprise.owner, baseline=baseline,
                status=Application.Status.SELECTED if selected else Application.Status.REJECTED, followup_consent=True,
                consent_purpose="…", consent_version="t", consented_at=datetime(2021, 3, 2, tzinfo=JAKARTA),
                status_nonce=f"r{enterprise.pk}", province_code=enterprise.province_code,
                regency_code=enterprise.regency_code, score=Decimal(str(score)), rank=index + 1,
            )  # fmt: skip
            dropped = selected and index in (3, 9)
            if selected and not dropped:
                Graduation.objects.create(enterprise=enterprise, level=world.level, batch=the_batch,
                                          graduated_on=date(2021, 5, 21))  # fmt: skip
            growth = 0.05 + 0.3 * (score - 3.2) + (0.1 if selected else 0.0) + rng.gauss(0, 0.15)
            if (selected and not dropped) or rng.random() < 0.67:
                MetricReport.objects.create(enterprise=enterprise, period=MONTH_12, omzet=round(omzet * math.exp(growth)),
                                            aset=40_000_000, workers=2, source=MetricReport.Source.FOLLOW_UP)  # fmt: skip


@pytest.fixture
def small_groups(settings):  # type: ignore[no-untyped-def]
    settings.OUTCOMES_MIN_GROUP = 5
    settings.OUTCOMES_BOOTSTRAP_REPLICATES = 200
    return settings


@pytest.mark.django_db
def test_applicants_are_centred_at_their_batch_cutoff(world: World) -> None:
    ranked(world)
    found = cohort.applicants_of_user(world.personas.province_admin, cohort.CohortFilter(year=2021, level=1))
    assert len(found) == 80
    for the_batch in (world.semarang, world.kudus):
        mine = [a for a in found if a.batch_id == the_batch.pk]
        offered = [a for a in mine if a.offered]
        assert len(offered) == 16 and min(a.centred for a in offered) == 0  # type: ignore[type-var]
        assert all(a.centred < 0 for a in mine if not a.offered)  # type: ignore[operator]
        assert sum(1 for a in offered if not a.graduated) == 2  # the dropouts stay in the offered group
        assert {a.anchor for a in mine} == {the_batch.end_date}


@pytest.mark.django_db
def test_the_page_shows_the_evidence_card_and_keeps_technical_terms_in_the_fold(
    world: World, small_groups: object
) -> None:
    ranked(world)
    admin = Client()
    admin.force_login(world.personas.province_admin)
    page = admin.get("/hasil/?year=2021&level=1")
    found = page.context["evidence"]
    assert found.primary is not None and found.primary.design in ("rd", "itt")
    assert "selang kepercayaan 95 %" in found.headline and "rentang" not in found.headline
    text = page.text
    assert (
        'id="evidence-card"' in text and 'id="not-an-estimate"' in text and "bukan perkiraan dampak" in text
    )
    outside = text.split('<details id="for-analysts">')[0]
    for term in ("ANCOVA", "winsor", "galat baku", "Lee", "bootstrap"):
        assert term.lower() not in outside.lower()
    fold = text.split('<details id="for-analysts">')[1].split("</details>")[0]
    assert "ANCOVA" in fold and 'id="designs"' in fold and 'id="analyst-terms"' in fold
    # the naive comparison is never worded as an effect
    naive_sentence = page.context["impact_rows"][0]["sentence"]
    assert "Ini bukan perkiraan dampak" in naive_sentence and "Perkiraan dampak pelatihan" not in text
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(admin.get("/hasil/?year=2021&level=1&format=xlsx").content))
    cells = [c for row in book["Dampak"].iter_rows(values_only=True) for c in row if c]
    assert found.headline in cells and "Batas Lee bawah (%)" in cells
    pdf = admin.get("/hasil/?year=2021&level=1&format=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_the_api_returns_design_estimate_interval_bounds_mde_grade_and_warnings(
    world: World, small_groups: object
) -> None:
    ranked(world)
    api = Client(headers={"Authorization": f"Bearer {api_token_create(user=world.personas.province_admin)}"})
    body = api.get("/api/v1/reports/impact?year=2021&level=1").json()["evidence"]
    assert body["design"] in ("rd", "itt") and body["grade"] in ("A", "B", "C", "D")
    primary = next(d for d in body["designs"] if d["design"] == body["design"])
    estimate = primary["estimate"]
    assert estimate["percent_low"] < estimate["percent"] < estimate["percent_high"]
    assert estimate["method"] in ("hc1", "wild_cluster", "cluster")
    assert primary["mde_percent"] > 0 and len(primary["bounds_percent"]) == 2
    assert primary["bounds_percent"][0] <= primary["bounds_percent"][1]
    assert [r["month"] for r in body["rounds"]] == [3, 6, 12]
    assert (
        body["rounds"][2]["percent"] is not None and body["rounds"][0]["percent"] is None
    )  # figures at 12 only
    assert any("sekitar" in line and "Rp" in line for line in body["lines"])  # the effect in rupiah too
    naive = next(d for d in body["designs"] if d["design"] == "naive")
    assert "selection_on_score" in naive["warnings"]
    itt = next(d for d in body["designs"] if d["design"] == "itt")
    assert itt["groups"]["offered"][0] == 32  # the four dropouts are counted among those offered
    assert body["pooled"]["month"] == 0 and body["pooled"]["percent"] is not None  # one round answered here
    low_high = itt["per_completer_percent"]
    assert low_high is not None and low_high[1] < low_high[0] < low_high[2]
    assert body["pre_trend"] is None and body["mean_reversion"] is None  # nobody gave earlier months
    assert any(line.startswith("Rupiah nominal") for line in body["lines"])
    assert any(
        line.startswith("Dihitung dalam rupiah, rata-rata per usaha: ")
        and "usaha yang ditawari kursi bersama-sama" in line
        for line in body["lines"]
    )
    from naikkelas.outcomes.models import PriceIndex

    for month, value in ((date(2021, 2, 1), "95"), (MONTH_12, "110"), (date(2022, 12, 1), "100")):
        PriceIndex.objects.create(province_id="33", month=month, value=Decimal(value))
    real = api.get("/api/v1/reports/impact?year=2021&level=1").json()["evidence"]
    assert (
        "Rupiah dalam harga Desember 2022 (indeks harga konsumen provinsi), sebelum dan sesudah."
        in real["lines"]
    )
    nominal = next(d for d in body["designs"] if d["design"] == body["design"])["estimate"]["effect_log"]
    deflated = next(d for d in real["designs"] if d["design"] == real["design"])["estimate"]["effect_log"]
    assert (
        deflated != nominal and abs(deflated - nominal) < 0.05
    )  # same months on both sides: close, not equal
    Application.objects.update(omzet_two_months_before=1_000_000)  # all tiny before: a pre-trend everywhere
    again = api.get("/api/v1/reports/impact?year=2021&level=1").json()["evidence"]
    assert again["pre_trend"] is not None and again["mean_reversion"] is not None


@pytest.mark.django_db
def test_a_group_under_the_minimum_size_returns_no_estimate_only_why(world: World) -> None:
    ranked(world)  # 30 people in each group at most: under the default minimum of 30 who answered
    api = Client(headers={"Authorization": f"Bearer {api_token_create(user=world.personas.semarang_admin)}"})
    body = api.get("/api/v1/reports/impact?year=2021&level=1").json()["evidence"]
    assert body["design"] is None and body["grade"] == "–" and body["why_none"]
    assert all(d["estimate"] is None and d["bounds_percent"] is None for d in body["designs"])
    assert all("too_small" in d["warnings"] for d in body["designs"])
    page = Client()
    page.force_login(world.personas.semarang_admin)
    shown = page.get("/hasil/?year=2021&level=1")
    assert "Belum ada perkiraan dampak" in shown.text
    assert "<strong>+" not in shown.text  # no figure in bold for a group this small


@pytest.mark.django_db
def test_closed_businesses_are_answers_and_survival_is_an_outcome(world: World, small_groups: object) -> None:
    """Those who said the business closed are counted as closed, not as missing, on the card and in the
    API; survival is estimated with the primary design and adjusted with the secondary outcomes."""
    from naikkelas.mentoring.models import FollowUp
    from naikkelas.mentoring.services import followups

    ranked(world)
    followups.followups_schedule(program=world.program)
    answered = set(MetricReport.objects.filter(period=MONTH_12).values_list("enterprise_id", flat=True))
    silent = (
        Application.objects.filter(status=Application.Status.REJECTED)
        .exclude(enterprise_id__in=answered)
        .order_by("id")
        .values_list("enterprise_id", flat=True)[:6]
    )
    for enterprise_id in silent:
        due = FollowUp.objects.get(enterprise_id=enterprise_id, month_offset=6)
        followups.followup_report_closed(actor=None, followup=due, via="link")
    found = cohort.applicants_of_user(
        world.personas.province_admin, cohort.CohortFilter(year=2021, level=1, window=(12, 12))
    )
    assert {a.enterprise_id for a in found if a.closed} == set(silent)
    early = cohort.applicants_of_user(
        world.personas.province_admin, cohort.CohortFilter(year=2021, level=1, window=(3, 3))
    )
    assert not any(a.closed for a in early)  # closed at 6 months: not yet at 3
    api = Client(headers={"Authorization": f"Bearer {api_token_create(user=world.personas.province_admin)}"})
    body = api.get("/api/v1/reports/impact?year=2021&level=1").json()["evidence"]
    itt = next(d for d in body["designs"] if d["design"] == "itt")
    assert itt["closed"] == {"offered": 0, "not_offered": 6}
    assert body["survival"] is not None and body["survival"]["closed"]
    assert body["survival"]["points"] is not None, (body["survival"], body["design"])
    assert body["survival"]["points"] > 0  # only the others closed
    assert body["survival"]["holm_p_value"] is not None
    assert any("usaha tutup" in line for line in body["lines"])
    assert any("peluang usaha tetap berjalan" in line for line in body["lines"])


@pytest.mark.django_db
def test_the_card_says_which_share_of_answers_a_mentor_confirmed(world: World, small_groups: object) -> None:
    ranked(world)
    offered = Application.objects.filter(status=Application.Status.SELECTED).values_list(
        "enterprise_id", flat=True
    )
    reports = MetricReport.objects.filter(period=MONTH_12, enterprise_id__in=offered).order_by("id")
    confirmed = list(reports.values_list("enterprise_id", flat=True)[:8])
    MetricReport.objects.filter(enterprise_id__in=confirmed, period=MONTH_12).update(
        source=MetricReport.Source.MENTOR_VISIT
    )
    card = Client()
    card.force_login(world.personas.province_admin)
    found = card.get("/hasil/?year=2021&level=1").context["evidence"]
    assert found.results["itt"].details["verified"] == {"offered": 8, "not_offered": 0}
    answered = found.results["itt"].groups["offered"][1]
    line = next(line for line in found.lines if line.startswith("Angka yang dicek pendamping"))
    assert found.primary is not None
    first, second = found.primary.groups  # offered side first: above the cutoff, or offered a seat
    above = found.primary.groups[first][1]
    assert f" 8/{above} ({800 // above} %)" in line and f"{GROUP_NAMES[second]()} 0/" in line
    assert answered >= above
