"""Other writes while an import writes, on SQLite: how long they wait for the write lock, and how many fail.

    .venv/bin/python bench/import_lock.py [--rows 20000]

A probe process writes one small row every 0.2 s (as a sign-in or an edit would) while this process
writes a checked import: first in chunks, as imports now do, then as one transaction, as they did before
(the same chunks inside one outer transaction). The database is a fresh SQLite file under var/bench/ with
the project's options (WAL, IMMEDIATE, busy timeout SQLITE_BUSY_TIMEOUT_SECONDS).
"""

import argparse
import multiprocessing
import os
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "var" / "bench"
OUT.mkdir(parents=True, exist_ok=True)
DATABASE = OUT / "import-lock.sqlite3"
for stale in (DATABASE, Path(f"{DATABASE}-wal"), Path(f"{DATABASE}-shm")):
    stale.unlink(missing_ok=True)
os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"

from _setup import prepare, staff_user
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from naikkelas.core.models import AuditEvent
from naikkelas.registry.import_check import COLUMNS, check_rows
from naikkelas.registry.services import imports
from naikkelas.registry.services.imports import import_job_open, import_job_write, known_for
from naikkelas.testing.synthetic import make_nik


def rows(count: int, seed: int, taken: set[str]) -> list[list[str]]:
    rng = random.Random(seed)
    table = [[column.header for column in COLUMNS]]
    for n in range(count):
        birth = date(1960 + rng.randint(0, 40), rng.randint(1, 12), rng.randint(1, 28))
        nik = make_nik(rng, "33.74.02", "F", birth, taken)
        table.append([
            nik, f"Pemilik {n}", "P", birth.isoformat(), "", "", "33.74.02", f"Usaha Kunci {n}", "", "", "",
            "food", "33.74.02", "2015-01-01", "2021-02", "5000000", "20000000", "2",
        ])  # fmt: skip
    return table


def probe(
    stop: "multiprocessing.synchronize.Event", results: "multiprocessing.Queue[tuple[float, bool]]"
) -> None:
    connection.close()  # a connection of its own
    while not stop.is_set():
        start = time.perf_counter()
        try:
            with transaction.atomic():
                AuditEvent.objects.create(action="update", object_type="bench.probe", object_id="1")
            ok = True
        except OperationalError:
            ok = False
        results.put((time.perf_counter() - start, ok))
        time.sleep(0.2)


def run(label: str, user: object, table: list[list[str]], *, one_transaction: bool) -> None:
    result = check_rows(table, known_for(user, set()), timezone.localdate())  # type: ignore[arg-type]
    assert result.ok, result.errors[:3]
    job = import_job_open(user=user, name=f"{label}.xlsx", rows=result.total)  # type: ignore[arg-type]
    connection.close()
    stop = multiprocessing.Event()
    results: multiprocessing.Queue[tuple[float, bool]] = multiprocessing.Queue()
    prober = multiprocessing.Process(target=probe, args=(stop, results))
    prober.start()
    time.sleep(1)
    start = time.perf_counter()
    if one_transaction:
        with transaction.atomic():
            job = import_job_write(job=job, rows=result.rows)
    else:
        job = import_job_write(job=job, rows=result.rows)
    seconds = time.perf_counter() - start
    time.sleep(1)
    stop.set()
    prober.join()
    waits = []
    while not results.empty():
        waits.append(results.get())
    during = [wait for wait, _ok in waits]
    failed = sum(1 for _wait, ok in waits if not ok)
    print(
        f"{label:<16} {job.written_rows:>7,} rows in {seconds:6.1f} s | probe writes {len(waits):>4}: "
        f"median {statistics.median(during) * 1000:7.1f} ms, max {max(during) * 1000:8.1f} ms, "
        f"failed {failed} ('database is locked')"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--chunk", type=int, default=imports.CHUNK, help="rows per transaction")
    parser.add_argument("--only-chunked", action="store_true")
    args = parser.parse_args()
    imports.CHUNK = args.chunk
    prepare()
    user = staff_user("bench_semarang", "33.74")
    options = connection.settings_dict["OPTIONS"]
    print(f"SQLite {DATABASE.name}: {options['init_command']} transaction_mode={options['transaction_mode']} "
          f"timeout={options['timeout']} s; {args.rows:,} rows, {args.chunk:,} a chunk; a probe write every 0.2 s")  # fmt: skip
    taken: set[str] = set()
    run("chunked (now)", user, rows(args.rows, 1, taken), one_transaction=False)
    if not args.only_chunked:
        run("one transaction", user, rows(args.rows, 2, taken), one_transaction=True)


if __name__ == "__main__":
    multiprocessing.set_start_method("fork")
    sys.exit(main())
