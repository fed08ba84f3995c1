"""Sign-in defences, measured: the password-reset page for a known and an unknown address, and a burst of
parallel wrong passwords against the lockout (how many were checked).

    DATABASE_URL=postgres://naikkelas@127.0.0.1:5432/naikkelas_bench .venv/bin/python bench/auth_timing.py
    .venv/bin/python bench/auth_timing.py            # SQLite under var/ (set NAIKKELAS_VAR_DIR for another)

In-process requests (Django test client) with the production hasher, the database task backend and the
console mail backend (the attack report's set-up). The reset page answers the same for both addresses;
before, it looked the address up and sent the mail itself (105 ms against 73 ms in the report).
"""

import os

os.environ.setdefault("CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

import argparse
import statistics
import threading
import time
from collections import Counter
from typing import Any

from _setup import database_label, prepare
from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django.test import Client

from naikkelas.accounts.models import LoginFailure, LoginThrottle, User


def reset_timing(repeat: int) -> dict[str, float]:
    """Median milliseconds of the reset request per address, the two kinds taken in turn (warm-up first)."""
    user, _ = User.objects.get_or_create(username="bench_reset", defaults={"email": "bench-reset@example.id"})
    addresses = {"known": user.email, "unknown": "tidak-ada@example.id"}
    times: dict[str, list[float]] = {label: [] for label in addresses}
    for n in range(repeat + 1):
        for index, (label, email) in enumerate(addresses.items()):
            client = Client(REMOTE_ADDR=f"10.99.{index}.{n % 250}")  # under the 5-an-hour limit
            start = time.perf_counter()
            response = client.post("/akun/lupa/", {"email": email})
            elapsed = (time.perf_counter() - start) * 1000
            assert response.status_code == 302, response.status_code
            if n:
                times[label].append(elapsed)
    return {label: statistics.median(values) for label, values in times.items()}


def burst(guesses: int) -> dict[str, Any]:
    username = "bench_burst"
    LoginFailure.objects.filter(username=username).delete()
    LoginThrottle.objects.all().delete()
    user, created = User.objects.get_or_create(username=username)
    if created:
        user.set_password("Benar-sekali-21")
        user.save()
    checked = []
    lock = threading.Lock()
    original = ModelBackend.authenticate

    def counting(self: ModelBackend, request: Any, username: str | None = None, **kwargs: Any) -> Any:
        with lock:
            checked.append(username)
        return original(self, request, username=username, **kwargs)

    ModelBackend.authenticate = counting  # type: ignore[method-assign,assignment]
    barrier = threading.Barrier(guesses)
    statuses: list[int] = []

    def guess(n: int) -> None:
        barrier.wait()
        try:
            response = Client(REMOTE_ADDR="10.98.0.1").post(
                "/api/v1/auth/token",
                {"username": username, "password": f"salah-{n}"},
                content_type="application/json",
            )
        finally:
            connection.close()
        with lock:
            statuses.append(response.status_code)

    start = time.perf_counter()
    threads = [threading.Thread(target=guess, args=(n,)) for n in range(guesses)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    right = Client(REMOTE_ADDR="10.98.0.2").post(
        "/api/v1/auth/token",
        {"username": username, "password": "Benar-sekali-21"},
        content_type="application/json",
    )
    ModelBackend.authenticate = original  # type: ignore[method-assign]
    return {
        "statuses": dict(sorted(Counter(statuses).items())),
        "checked": len(checked),
        "seconds": elapsed,
        "right_afterwards": right.status_code,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--guesses", type=int, default=20)
    args = parser.parse_args()
    prepare()
    print(f"database: {database_label()}")
    medians = reset_timing(args.repeat)
    print(f"| reset request | median ms (of {args.repeat}) |")
    print("|---|---:|")
    for label, value in medians.items():
        print(f"| {label} address | {value:.1f} |")
    outcome = burst(args.guesses)
    print(
        f"\n{args.guesses} parallel wrong passwords: statuses {outcome['statuses']}, passwords checked "
        f"{outcome['checked']}, {outcome['seconds']:.1f} s; the right password afterwards → "
        f"{outcome['right_afterwards']}"
    )


if __name__ == "__main__":
    main()
