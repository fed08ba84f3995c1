"""Load run on loopback: gunicorn serving Naik Kelas on PostgreSQL with the demo story plus 1,000,000
generated enterprises, driven by locust (bench/locustfile.py) for a fixed time; then Django's minimal
response (/healthz/) on the same machine for scale. Stops by itself and prints one table.

    # once: a fresh database with the demo and a million enterprises (about 15 minutes)
    createdb -h 127.0.0.1 -U naikkelas naikkelas_load
    DATABASE_URL=postgres://naikkelas@127.0.0.1:5432/naikkelas_load .venv/bin/python -u bench/load_test.py --setup 1000000
    # the run (defaults: 30 users, 60 s, 4 gunicorn workers × 2 threads)
    DATABASE_URL=postgres://naikkelas@127.0.0.1:5432/naikkelas_load .venv/bin/python -u bench/load_test.py

Exits non-zero if any request failed. Locust runs on the same two cores as the server, so the figures
are a floor for a real server, not a ceiling.
"""

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from _setup import database_label, prepare

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent


def app_env(var_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "NAIKKELAS_ENV_FILE": "/dev/null",
            "NAIKKELAS_VAR_DIR": var_dir,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DB_CONN_MAX_AGE": "60",
            "OUTCOMES_BOOTSTRAP_REPLICATES": os.environ.get("OUTCOMES_BOOTSTRAP_REPLICATES", "2000"),
        }
    )
    return env


def setup(count: int, var_dir: str) -> None:
    from django.core.management import call_command

    prepare()
    env = app_env(var_dir) | {"DEBUG": "true"}  # the demo loads only in DEBUG
    subprocess.run([str(VENV_BIN / "naikkelas"), "load_demo"], env=env, check=True, cwd=ROOT)
    started = time.perf_counter()
    call_command("generate", enterprises=count, seed=7, province="33")
    print(f"generated {count:,} enterprises in {time.perf_counter() - started:,.0f} s")


def admin_token() -> str:
    from naikkelas.accounts.models import User
    from naikkelas.accounts.services.tokens import api_token_create

    return api_token_create(user=User.objects.get(username="semarang"))


def wait_until_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server did not answer at {url}")


def locust(host: str, users: int, seconds: int, prefix: str, env: dict[str, str]) -> dict[str, float]:
    subprocess.run(
        [
            str(VENV_BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
            "-u", str(users), "-r", str(max(1, users // 2)), "--run-time", f"{seconds}s", "--host", host,
            "--csv", prefix, "--only-summary", "--stop-timeout", "10", "--loglevel", "WARNING",
        ],
        env=env, check=False, cwd=ROOT, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    with open(f"{prefix}_stats.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {"rows": rows, **_figures(next(r for r in rows if r["Name"] == "Aggregated"))}  # type: ignore[dict-item]


def _figures(row: dict[str, str]) -> dict[str, float]:
    return {
        "requests": float(row["Request Count"]),
        "failures": float(row["Failure Count"]),
        "rps": float(row["Requests/s"]),
        "p50": float(row["50%"]),
        "p95": float(row["95%"]),
        "p99": float(row["99%"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--setup", type=int, default=0, help="load the demo and generate N enterprises first")
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    var_dir = tempfile.mkdtemp(prefix="naikkelas-load-")
    if args.setup:
        setup(args.setup, var_dir)
    from naikkelas.registry.models import Enterprise

    enterprises = Enterprise.objects.count()
    env = app_env(var_dir)
    subprocess.run(
        [str(VENV_BIN / "naikkelas"), "collectstatic", "--noinput", "-v", "0"], env=env, check=True
    )
    host = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"), "naikkelas.wsgi", "--bind", f"127.0.0.1:{args.port}",
            "--workers", str(args.workers), "--threads", str(args.threads), "--timeout", "120",
            "--log-level", "warning",
        ],
        env=env, cwd=ROOT,
    )  # fmt: skip
    try:
        wait_until_up(f"{host}/healthz/")
        load_env = env | {"LOAD_TOKEN": admin_token()}
        out = tempfile.mkdtemp(prefix="naikkelas-locust-")
        run = locust(host, args.users, args.seconds, f"{out}/app", load_env)
        base = locust(
            host, args.users, max(15, args.seconds // 3), f"{out}/base", load_env | {"LOAD_BASELINE": "1"}
        )
    finally:
        server.terminate()
        server.wait(timeout=30)

    print(f"\nLoad run on {database_label()}: {enterprises:,} enterprises, gunicorn {args.workers} workers × "
          f"{args.threads} threads, {args.users} locust users, {args.seconds} s (locust on the same machine)\n")  # fmt: skip
    print("| request | requests | failures | req/s | p50 ms | p95 ms | p99 ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for row in sorted(run["rows"], key=lambda r: -float(r["Request Count"])):  # type: ignore[index]
        f = _figures(row)
        name = "**all (mixed)**" if row["Name"] == "Aggregated" else f"{row['Type']} {row['Name']}"
        print(f"| {name} | {f['requests']:,.0f} | {f['failures']:,.0f} | {f['rps']:,.1f} | {f['p50']:,.0f} | "
              f"{f['p95']:,.0f} | {f['p99']:,.0f} |")  # fmt: skip
    print(f"| Django minimal response `/healthz/` (baseline) | {base['requests']:,.0f} | {base['failures']:,.0f} | "
          f"{base['rps']:,.1f} | {base['p50']:,.0f} | {base['p95']:,.0f} | {base['p99']:,.0f} |")  # fmt: skip
    errors = int(run["failures"] + base["failures"])
    print(f"\nerrors: {errors}")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
