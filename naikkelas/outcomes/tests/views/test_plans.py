"""The analysis plan pages (and the API beside them) apply the same rules."""

import pytest
from django.test import Client

from naikkelas.accounts.models import Membership
from naikkelas.accounts.services.organisations import membership_grant
from naikkelas.accounts.services.tokens import api_token_create
from naikkelas.outcomes.models import AnalysisPlan
from naikkelas.outcomes.tests.conftest import World
from naikkelas.outcomes.tests.services.test_plans import PLAN


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
