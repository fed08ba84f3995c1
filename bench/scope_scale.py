"""Scoped reads by role at growing registry sizes: median ms and queries per request.

    DATABASE_URL=postgres://naikkelas@127.0.0.1:5432/naikkelas_bench \
        .venv/bin/python bench/scope_scale.py --sizes 10000,100000

Roles: the Kota Semarang admin (a region), a Kota Semarang mentor with two mentees and the trainer of a
160-participant province batch (relation roles: accounts.access.Scope.related), asking the registry and
training lists. The query count must stay the same at every size; a relation role's lists must not cost
more than a region's.
"""

import argparse

from _setup import database_label, measure, prepare, staff_user
from django.test import Client
from registry_scale import grow_to
from training_scale import batch_with

from naikkelas.accounts.models import Membership, User
from naikkelas.accounts.services.tokens import api_token_create
from naikkelas.mentoring.models import Mentor, MentorAssignment
from naikkelas.mentoring.services import matching as mentoring_matching
from naikkelas.mentoring.services import mentors as mentoring_mentors
from naikkelas.regions.models import Region
from naikkelas.registry.models import Enterprise
from naikkelas.training.services import schedule as training_schedule


def mentor_with_mentees(count: int) -> User:
    user = staff_user("bench_mentor", "33.74", Membership.Role.MENTOR)
    mentor = Mentor.objects.filter(user=user).first() or mentoring_mentors.mentor_create(
        actor=None, user=user, regency=Region.objects.get(code="33.74"), sectors=["food"], capacity=count
    )
    have = MentorAssignment.objects.filter(mentor=mentor, ended_at__isnull=True).count()
    free = Enterprise.objects.filter(regency_code="33.74").exclude(mentor_assignments__isnull=False)
    for enterprise in free.order_by("id")[: max(count - have, 0)]:
        mentoring_matching.assign(actor=None, enterprise=enterprise, mentor=mentor)
    return user


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    prepare()
    print(f"database: {database_label()}")
    print(f"{'enterprises':>12} {'request':<52} {'status':>6} {'median ms':>10} {'queries':>8}")
    for size in [int(s) for s in args.sizes.split(",")]:
        grow_to(size)
        batch = batch_with(160, 0)
        trainer = staff_user("bench_trainer", "33", Membership.Role.TRAINER)
        training_schedule.trainer_assign(actor=None, batch=batch, user=trainer)
        users = {
            "Semarang admin": staff_user("bench_semarang", "33.74"),
            "mentor (2 mentees)": mentor_with_mentees(2),
            "trainer (160)": trainer,
        }
        total = Enterprise.objects.count()
        roster = f"/pelatihan/angkatan/{batch.pk}/"
        for label, user in users.items():
            api = Client(headers={"Authorization": f"Bearer {api_token_create(user=user)}"})
            page = Client()
            page.force_login(user)
            cases = [
                ("api /enterprises", lambda c=api: c.get("/api/v1/enterprises")),
                ("api /persons", lambda c=api: c.get("/api/v1/persons")),
                ("api /metric-reports", lambda c=api: c.get("/api/v1/metric-reports")),
                ("api /enrolments", lambda c=api: c.get("/api/v1/enrolments")),
                ("api /submissions", lambda c=api: c.get("/api/v1/submissions")),
                ("page /registri/", lambda c=page: c.get("/registri/")),
                (f"page {roster}", lambda c=page, url=roster: c.get(url)),
            ]  # fmt: skip
            for name, call in cases:
                status = call().status_code  # type: ignore[attr-defined]
                median, queries = measure(call, args.repeat)
                print(
                    f"{total:>12,} {name + ' (' + label + ')':<52} {status:>6} {median:>10.1f} {queries:>8}"
                )


if __name__ == "__main__":
    main()
