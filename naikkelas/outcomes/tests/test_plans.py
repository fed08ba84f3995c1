"""The analysis plan: fixed before the first follow-up is due, changes after data arrive kept and shown,
and the evidence card follows it."""

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from naikkelas.accounts.models import Membership
from naikkelas.accounts.services.organisations import membership_grant
from naikkelas.accounts.services.tokens import api_token_create
from naikkelas.core.audit import AuditEvent
from naikkelas.mentoring.models import FollowUp
from naikkelas.outcomes import plans
from naikkelas.outcomes.models import AnalysisPlan
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
def test_pages_and_api_read_and_set_the_plan_with_the_same_rules(world: World) -> None:
    # the admins of the program's owner set its plan
    membership_grant(
        user=world.personas.province_admin, organisation=world.program.owner, role=Membership.Role.ADMIN
    )
    admin = Client()
    admin.force_login(world.personas.province_admin)
    assert admin.get("/hasil/rencana/").status_code == 200
    answer = admin.post(f"/hasil/rencana/{world.program.pk}/", {**PLAN, "subgroups": ["sector", "regency"]})
    assert answer.status_code == 302
    plan = AnalysisPlan.objects.get(program=world.program)
    assert plan.subgroups == ["regency", "sector"]
    page = admin.get(f"/hasil/rencana/{world.program.pk}/")
    assert 'id="plan-current"' in page.text and "perbandingan di sekitar ambang seleksi" in page.text
    viewer = Client()
    viewer.force_login(world.personas.semarang_admin)  # a regency admin reads but may not set it
    assert viewer.get(f"/hasil/rencana/{world.program.pk}/").status_code == 200
    assert viewer.post(f"/hasil/rencana/{world.program.pk}/", PLAN).status_code == 403
    api = Client(headers={"Authorization": f"Bearer {api_token_create(user=world.personas.province_admin)}"})
    body = api.get(f"/api/v1/programs/{world.program.pk}/analysis-plan").json()
    assert body["design"] == "rd" and body["subgroups"] == ["regency", "sector"] and body["changes"] == []
    put = api.put(f"/api/v1/programs/{world.program.pk}/analysis-plan", {**PLAN, "primary_outcome": "aset"},
                  content_type="application/json")  # fmt: skip
    assert put.status_code == 200 and put.json()["primary_outcome"] == "aset"
    assert put.json()["changes"][0]["fields"]["primary_outcome"] == ["omzet", "aset"]
    regency = Client(
        headers={"Authorization": f"Bearer {api_token_create(user=world.personas.semarang_admin)}"}
    )
    refused = regency.put(
        f"/api/v1/programs/{world.program.pk}/analysis-plan", PLAN, content_type="application/json"
    )
    assert refused.status_code == 403
    outsider = Client(
        headers={"Authorization": f"Bearer {api_token_create(user=world.personas.participant)}"}
    )
    assert outsider.get(f"/api/v1/programs/{world.program.pk}/analysis-plan").status_code == 403


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
