"""The impact estimate off the request path, at scale: on the data of `bench/outcomes_scale.py` (every
enterprise a graduate or a consenting non-selected applicant, four reports each), how long the
background task takes, what the page's own work costs instead (the fingerprint: three aggregate
queries), and the API's answer with a kept result beside Django's minimal response (`/healthz/`).

    DATABASE_URL=postgres://naikkelas@127.0.0.1:5432/nk_bench .venv/bin/python bench/estimates_scale.py --generate 100000

With DATABASE_REPLICA_URL set it also times the replica's lag check (the router asks it at most every
REPLICA_CHECK_SECONDS). Last line: `impact_request_vs_healthz: X.XX` (the API answer with a kept
result over the minimal response)."""

import argparse
import time

from _setup import database_label, measure, prepare
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings

from naikkelas.accounts.models import User
from naikkelas.accounts.services.tokens import api_token_create
from naikkelas.outcomes import cohort, estimates
from naikkelas.outcomes.models import ImpactEstimate
from naikkelas.registry.models import Enterprise
from naikkelas.training.models import Graduation


def median_ms(call: object, repeat: int) -> float:
    return measure(call, repeat)[0]  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--generate", type=int, default=0, help="make this many enterprises first if fewer exist"
    )
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    prepare()
    from outcomes_scale import level_and_batch, populate

    if args.generate and Enterprise.objects.count() < args.generate:
        call_command(
            "generate", enterprises=args.generate - Enterprise.objects.count(), province="33", verbosity=0
        )
    level, batch, _made = level_and_batch()
    if not Graduation.objects.filter(level=level).exists():
        populate(level, batch)
    user = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        "bench-super", "", "x"
    )
    f = cohort.CohortFilter(program=level.program_id, level=1)
    query = f"/api/v1/reports/impact?program={level.program_id}&level=1"
    api = Client(headers={"Authorization": f"Bearer {api_token_create(user=user)}"})
    ImpactEstimate.objects.all().delete()

    fingerprint_ms = median_ms(lambda: estimates.fingerprint(user, f), args.repeat)
    first = api.get(query).json()["estimate"]  # queues the task (the bench runs it below, as a worker would)
    row = ImpactEstimate.objects.get()
    started = time.perf_counter()
    estimates.estimate_compute(estimate_id=row.pk, user=user, f=f)
    compute_s = time.perf_counter() - started
    kept_ms = median_ms(lambda: api.get(query), args.repeat)  # the check kept (OUTCOMES_FINGERPRINT_SECONDS)
    with override_settings(OUTCOMES_FINGERPRINT_SECONDS=0):
        unkept_ms = median_ms(lambda: api.get(query), args.repeat)
    after = api.get(query).json()["estimate"]
    healthz_ms = median_ms(lambda: Client().get("/healthz/"), args.repeat * 5)
    members = Graduation.objects.filter(level=level).count()
    print(
        f"impact estimate on {database_label()}: {Enterprise.objects.count():,} enterprises, {members:,} graduates"
    )
    print("| what | median ms |")
    print("|---|---:|")
    print(
        f"| the check of the cohort's data (3 aggregate queries; a request makes it at most once a minute) | {fingerprint_ms:.1f} |"
    )
    print(
        f"| the background task: cohort, 3 naive comparisons, the evidence card (once) | {compute_s * 1000:.0f} |"
    )
    print(f"| `GET /api/v1/reports/impact`, first ask (state {first['state']}) | – |")
    print(f"| `GET /api/v1/reports/impact` with the kept result (state {after['state']}) | {kept_ms:.1f} |")
    print(
        f"| the same, checking the data on every request (OUTCOMES_FINGERPRINT_SECONDS=0) | {unkept_ms:.1f} |"
    )
    print(f"| `/healthz/` (Django's minimal response) | {healthz_ms:.1f} |")
    if settings.DATABASE_REPLICA_URL:
        from naikkelas.core import replica

        lag_ms = median_ms(lambda: replica.replica_lag_seconds(), args.repeat)
        print(f"| the replica's lag check (lag {replica.replica_lag_seconds():.2f} s) | {lag_ms:.1f} |")
    print(f"impact_request_vs_healthz: {kept_ms / healthz_ms:.2f}")


if __name__ == "__main__":
    main()
