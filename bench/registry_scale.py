"""Registry list page and API list at growing registry sizes: median ms and queries per request.

    DATABASE_URL=postgres://naikkelas@127.0.0.1:5432/naikkelas_bench \
        .venv/bin/python bench/registry_scale.py --sizes 10000,100000,1000000

Generates enterprises up to each size (kept between runs), then times the requests in-process with
Django's test client (no network). The query count must stay the same at every size.
"""

import argparse
import io

from _setup import database_label, measure, prepare, staff_user
from django.core.management import call_command
from django.test import Client

from naikkelas.accounts.services.tokens import api_token_create
from naikkelas.registry.models import Enterprise


def grow_to(size: int) -> None:
    current = Enterprise.objects.count()
    if current < size:
        call_command(
            "generate", "--enterprises", str(size - current), "--seed", str(size), stdout=io.StringIO()
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    prepare()
    semarang = staff_user("bench_semarang", "33.74")
    province = staff_user("bench_jateng", "33")
    print(f"database: {database_label()}")
    print(f"{'enterprises':>12} {'request':<44} {'median ms':>10} {'queries':>8}")
    for size in [int(s) for s in args.sizes.split(",")]:
        grow_to(size)
        total = Enterprise.objects.count()
        cases = []
        for label, user in (("Kota Semarang admin", semarang), ("Jawa Tengah admin", province)):
            page = Client()
            page.force_login(user)
            api = Client(headers={"Authorization": f"Bearer {api_token_create(user=user)}"})
            cases += [
                (f"page /registri/ ({label})", lambda c=page: c.get("/registri/")),
                (f"page /registri/?page=40 ({label})", lambda c=page: c.get("/registri/?page=40")),
                (f"page ?sector=fishery ({label})", lambda c=page: c.get("/registri/?sector=fishery")),
                (f"api /api/v1/enterprises ({label})", lambda c=api: c.get("/api/v1/enterprises")),
            ]
        for label, call in cases:
            response = call()
            assert response.status_code == 200, (label, response.status_code)  # type: ignore[attr-defined]
            median, queries = measure(call, args.repeat)
            print(f"{total:>12,} {label:<44} {median:>10.1f} {queries:>8}")


if __name__ == "__main__":
    main()
