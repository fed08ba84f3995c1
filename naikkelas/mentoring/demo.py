"""The demo's mentors: one pendamping in every Central Java regency/city (`mentor` in Kota Semarang),
matched to the 2021 graduates of their own regency/city. Small regencies' mentors fill up, so the
dashboard shows the gaps a real office would have to fill."""

import random

from django.db import transaction

from naikkelas.accounts.models import Membership, Organisation, User
from naikkelas.accounts.services import membership_grant
from naikkelas.mentoring import services
from naikkelas.mentoring.models import Mentor
from naikkelas.registry.models import Sector

CAPACITY = 5
SEMARANG_CAPACITY = 12


def mentoring_demo_load(*, seed: int = 2021) -> dict[str, int]:
    if Mentor.objects.exists():
        return {"mentors": 0, "matched": 0, "gaps": 0}
    rng = random.Random(seed)
    offices = (
        Organisation.objects.filter(kind=Organisation.Kind.REGENCY_OFFICE, region__province_code="33")
        .select_related("region")
        .order_by("region__code")
    )
    with transaction.atomic():
        for office in offices:
            region = office.region
            assert region is not None
            if region.code == "33.74":
                user = User.objects.get(username="mentor")
                capacity = SEMARANG_CAPACITY
            else:
                user = User(
                    username=f"pendamping-{region.code.replace('.', '')}",
                    first_name="Pendamping",
                    last_name=region.name,
                )
                user.set_unusable_password()
                user.save()
                membership_grant(user=user, organisation=office, role=Membership.Role.MENTOR)
                capacity = CAPACITY
            sectors = rng.sample(list(Sector.values), 3)
            services.mentor_create(actor=None, user=user, regency=region, sectors=sectors, capacity=capacity)
        report = services.graduates_match(actor=None)
    return {"mentors": offices.count(), "matched": report.assigned, "gaps": sum(report.gaps.values())}
