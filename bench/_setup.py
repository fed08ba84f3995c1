"""Shared set-up for the benchmarks: Django on the database in DATABASE_URL, regions, two staff users."""

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "naikkelas.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "benchmark-only")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
# Fixed keys so a benchmark database stays readable between runs (never use these anywhere else).
os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "YmVuY2htYXJrLW9ubHktMzItYnl0ZXMtZmVybmV0LWs=")
os.environ.setdefault("LOOKUP_HASH_KEY", "benchmark-only-lookup")
# Plain HTTP on loopback, and staff pages without the authenticator step.
os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("TWO_FACTOR_REQUIRED", "false")
os.environ.setdefault("STATIC_MANIFEST", "false")  # pages render without collectstatic

import django

django.setup()

from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection

from naikkelas.accounts.models import Membership, Organisation, User
from naikkelas.regions.models import Region

# In-process requests share the benchmark's connection; keep it open so queries can be counted.
request_started.disconnect(close_old_connections)
request_finished.disconnect(close_old_connections)


def prepare() -> None:
    call_command("migrate", verbosity=0)
    call_command("load_regions", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115


def staff_user(username: str, region_code: str, role: str = Membership.Role.ADMIN) -> User:
    user, created = User.objects.get_or_create(username=username)
    if created:
        user.set_password("naikkelas")
        user.save()
        region = Region.objects.get(code=region_code)
        kind = (
            Organisation.Kind.PROVINCE_CENTRE
            if region.kind == Region.Kind.PROVINCE
            else Organisation.Kind.REGENCY_OFFICE
        )
        organisation, _ = Organisation.objects.get_or_create(
            name=f"Bench {region.name}", defaults={"kind": kind, "region": region}
        )
        Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def measure(call: Callable[[], object], repeat: int) -> tuple[float, int]:
    """Median milliseconds and the queries of one call, after one warm-up call."""
    call()
    executed: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        call()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), len(executed)


def database_label() -> str:
    return f"{connection.vendor} {connection.settings_dict.get('NAME')}"
