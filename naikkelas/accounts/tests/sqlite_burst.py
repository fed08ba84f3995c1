"""A burst of parallel wrong passwords against a file SQLite database set up as in production (WAL,
IMMEDIATE transactions, a busy timeout) and the real password hasher.

Run by `test_lockout_race.py` in a separate process, because the test suite's SQLite database is an
in-memory shared cache, where a second connection gets "table is locked" at once instead of waiting its
turn as it does on a file. Prints one JSON line: the statuses, how many passwords were checked, the
status of the right password afterwards."""

import json
import os
import sys
import threading
from collections import Counter
from typing import Any


def main(guesses: int) -> dict[str, Any]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "naikkelas.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.backends import ModelBackend
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from naikkelas.accounts.models import User

    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    call_command("migrate", "accounts", verbosity=0)
    User.objects.create_user("penilai2", password="Benar-sekali-21")

    checked: list[str] = []
    lock = threading.Lock()
    original = ModelBackend.authenticate

    def counting(self: ModelBackend, request: Any, username: str | None = None, **kwargs: Any) -> Any:
        with lock:
            checked.append(str(username))
        return original(self, request, username=username, **kwargs)

    ModelBackend.authenticate = counting  # type: ignore[method-assign,assignment]

    def token(password: str, address: str) -> int:
        body = {"username": "penilai2", "password": password}
        client = Client(REMOTE_ADDR=address)
        return client.post("/api/v1/auth/token", body, content_type="application/json").status_code

    barrier = threading.Barrier(guesses)
    statuses: list[int] = []

    def guess(n: int) -> None:
        barrier.wait()
        try:
            status = token(f"salah-{n}", "10.30.0.1")
        finally:
            connection.close()
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(guesses)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    right_afterwards = token("Benar-sekali-21", "10.30.0.2")
    return {
        "statuses": dict(Counter(statuses)),
        "checked": len(checked),
        "right_afterwards": right_afterwards,
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]))))
