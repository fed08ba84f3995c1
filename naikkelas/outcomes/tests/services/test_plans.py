"""The analysis plan: fixed before the first follow-up is due, changes after data arrive kept and shown,
and the evidence card follows it."""

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from naikkelas.accounts.services.tokens import api_token_create
from naikkelas.core.audit import AuditEvent
from naikkelas.mentoring.models import FollowUp
from naikkelas.outcomes.models import AnalysisPlan
from naikkelas.outcomes.services import plans
from naikkelas.outcomes.tests.conftest import World
from naikkelas.outcomes.tests.test_evidence import ranked

PLAN: dict[str, Any] = {"primary_outcome": "omzet", "design": "rd", "window_from": 6, "window_to": 12, "winsor_percent": 0,
        "subgroups": ["sector"], "min_group": 30}  # fmt: skip


@pytest.mark.django_db
def test_a_plan_fixed_early_then_changed_after_data_arrived_keeps_the_change(world: World) -> None:
    admin = world.personas.province_admin
    plan = plans.analysis_plan_set(actor=admin, program=world.program, today=date(2021, 6, 1), **PLAN)
    assert not plan.fixed_after_data and plan.changes == []
    FollowUp.objects.create(enterprise=ranked_one(world), program=world.program, group="participant", month_offset=3,
                            anchor_on=date(2021, 5, 21), due_on=date(2021, 8, 21), link_nonce="x" * 32,
                            link_expires_on=date(2021, 9, 21), province_code="33", regency_code="33.74")  # fmt: skip
    changed = plans.analysis_plan_set(actor=admin, program=world.program, today=date(2021, 9, 1),
                                      **{**PLAN, "design": "itt", "min_group": 40})  # fmt: skip
    (change,) = changed.changes
    assert change["after_data"] is True and change["fields"] == {
        "design": ["rd", "itt"],
        "min_group": [30, 40],
    }
    assert AuditEvent.objects.filter(object_type="outcomes.analysisplan").count() == 2
    same = plans.analysis_plan_set(
        actor=admin,
        program=world.program,
        today=date(2021, 9, 2),
        **{**PLAN, "design": "itt", "min_group": 40},
    )
    assert len(same.changes) == 1  # nothing changed, nothing recorded


def ranked_one(world: World):  # type: ignore[no-untyped-def]
    from naikkelas.outcomes.tests.conftest import enrol

    return enrol(world, district="33.74.01", omzet=10_000_000, aset=1, workers=1)


@pytest.mark.django_db
def test_a_bad_plan_is_refused_field_by_field_and_nothing_is_written(world: World) -> None:
    with pytest.raises(
        ValidationError, match="Bulan akhir harus sama dengan atau sesudah bulan awal"
    ) as error:
        plans.analysis_plan_set(actor=None, program=world.program, **{**PLAN, "window_from": 12, "window_to": 6,
                                                                       "min_group": 5})  # fmt: skip
    assert set(error.value.message_dict) == {"window_to", "min_group"}
    assert not AnalysisPlan.objects.exists()


@pytest.mark.django_db
def test_the_evidence_card_follows_the_plan(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.OUTCOMES_BOOTSTRAP_REPLICATES = 200
    ranked(world)
    api = Client(headers={"Authorization": f"Bearer {api_token_create(user=world.personas.province_admin)}"})
    url = f"/api/v1/reports/impact?program={world.program.pk}&level=1"
    before = api.get(url).json()["evidence"]
    assert before["plan"] is False and before["design"] is None  # the default minimum of 30 is not met
    plans.analysis_plan_set(actor=None, program=world.program, today=date(2021, 4, 1),
                            **{**PLAN, "design": "itt", "min_group": 10})  # fmt: skip
    after = api.get(url).json()["evidence"]
    assert after["plan"] is True and after["design"] == "itt" and after["metric"] == "omzet"
    assert any("rencana analisis yang ditetapkan" in line for line in after["lines"])
    assert [s["metric"] for s in after["secondary"]] == ["aset", "workers"]


@pytest.mark.django_db
def test_subgroups_of_the_plan_carry_the_correction_across_the_family(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    """Per regency/city (the plan's subgroup): the primary design in each, p-values adjusted together with
    the secondary outcomes' (Holm, and Benjamini–Hochberg); under the minimum size no estimate, only why;
    a region filter says its estimate is one of those the page offers."""
    from naikkelas.outcomes import stats

    settings.OUTCOMES_BOOTSTRAP_REPLICATES = 200
    ranked(world)
    plans.analysis_plan_set(actor=None, program=world.program, today=date(2021, 4, 1),
                            **{**PLAN, "design": "itt", "min_group": 10, "subgroups": ["regency"]})  # fmt: skip
    api = Client(headers={"Authorization": f"Bearer {api_token_create(user=world.personas.province_admin)}"})
    body = api.get(f"/api/v1/reports/impact?program={world.program.pk}&level=1").json()["evidence"]
    parts = body["subgroups"]
    assert sorted(p["value"] for p in parts) == ["33.19", "33.74"] and all(
        p["dimension"] == "regency" for p in parts
    )
    assert all(p["percent"] is not None for p in parts) and all(p["label"] != p["value"] for p in parts)
    from naikkelas.outcomes import evidence
    from naikkelas.outcomes.cohort import CohortFilter

    card = evidence.for_user(world.personas.province_admin, CohortFilter(program=world.program.pk, level=1))
    family = [r for _m, r, _p in card.secondary] + [part.result for part in card.subgroups]
    raw = [stats.p_value(r.estimate.estimate, r.estimate.se) for r in family]  # type: ignore[union-attr]
    m = len(raw)
    assert m == 4  # aset, workers and the two regencies/cities: one family
    order = sorted(range(m), key=lambda i: raw[i])
    holm, running = [0.0] * m, 0.0  # Holm by hand: (m − k)·p in ascending order, kept monotone
    for k, i in enumerate(order):
        running = max(running, min(1.0, (m - k) * raw[i]))
        holm[i] = running
    bh, running = [0.0] * m, 1.0  # Benjamini–Hochberg by hand: m/rank·p from the largest down
    for k, i in enumerate(reversed(order)):
        running = min(running, m / (m - k) * raw[i])
        bh[i] = running
    assert [p for _m, _r, p in card.secondary] == pytest.approx(holm[:2])
    assert [part.holm for part in card.subgroups] == pytest.approx(holm[2:])
    assert [part.bh for part in card.subgroups] == pytest.approx(bh[2:])
    narrowed = api.get(f"/api/v1/reports/impact?program={world.program.pk}&level=1&region=33.74").json()[
        "evidence"
    ]
    if narrowed["design"] is not None:
        assert narrowed["filter_p_value"] is not None
    plans.analysis_plan_set(actor=None, program=world.program, **{**PLAN, "design": "itt", "min_group": 20,
                                                                   "subgroups": ["regency"]})  # fmt: skip
    small = api.get(f"/api/v1/reports/impact?program={world.program.pk}&level=1").json()["evidence"]
    assert small["subgroups"] and all(p["percent"] is None and p["why_none"] for p in small["subgroups"])
    assert all("Kelompok terlalu kecil" in p["why_none"] for p in small["subgroups"])
    page = Client()
    page.force_login(world.personas.province_admin)
    shown = page.get(f"/hasil/?program={world.program.pk}&level=1")
    assert 'id="subgroups"' in shown.text and "Kelompok terlalu kecil" in shown.text
    # One table spec (core.tabular): a card per subgroup on a phone, every cell naming its column.
    import re

    table = re.search(r'<table id="subgroups" class="([^"]*)">(.*?)</table>', shown.text, re.S)
    assert table is not None and "stack-on-phone" in table.group(1).split()
    rows = re.findall(r'<tr data-key="regency:(33\.\d\d)">(.*?)</tr>', table.group(2), re.S)
    assert sorted(code for code, _cells in rows) == ["33.19", "33.74"]
    for _code, cells in rows:
        labels = re.findall(r'<td data-label="([^"]+)"', cells)
        assert labels == ["Perkiraan (%)", "Batas bawah (%)", "Batas atas (%)", "p disesuaikan Holm",
                          "p disesuaikan BH", "Catatan"]  # fmt: skip
        assert "Kelompok terlalu kecil" in cells
