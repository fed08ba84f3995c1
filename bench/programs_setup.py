"""Starting a year, measured: copying a program (levels, rubric, training's templates) and the pages and
API lists that show programs and levels, for a small and a large program.

    DATABASE_URL=postgres://naikkelas@127.0.0.1:5432/naikkelas_bench .venv/bin/python bench/programs_setup.py
    .venv/bin/python bench/programs_setup.py            # SQLite under var/ (set NAIKKELAS_VAR_DIR for another)

Prints the median milliseconds and the queries of one copy, and of the program page, a level's page, the
batch form and GET /api/v1/levels: the queries of a page must not grow with the number of levels.
"""

import time

from _setup import database_label, measure, prepare, staff_user
from django.db import connection, transaction
from django.test import Client

from naikkelas.accounts.models import Organisation
from naikkelas.accounts.services.tokens import api_token_create
from naikkelas.programs.models import Program, Tier
from naikkelas.programs.services.levels import level_create
from naikkelas.programs.services.programs import program_copy, program_create
from naikkelas.training.services import level_templates


def source_program(levels: int) -> Program:
    owner = Organisation.objects.get(name="Bench Jawa Tengah")
    name = f"Bench tahun {levels} jenjang"
    existing = Program.objects.filter(name=name, year=2025, owner=owner).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        program = program_create(actor=None, name=name, year=2025, owner=owner)
        for rank in range(1, levels + 1):
            level = level_create(
                actor=None, program=program, name=f"Jenjang {rank}",
                tier=Tier.REGENCY if rank == 1 else Tier.PROVINCE,
            )  # fmt: skip
            level_templates.level_templates_start(actor=None, level=level)  # 10 sessions, 6 assignments
    return program


def copy_once(source: Program, year: int) -> tuple[float, int]:
    executed: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        executed.append(sql)
        return execute(sql, params, many, context)

    start = time.perf_counter()
    with connection.execute_wrapper(count):
        program_copy(actor=None, source=source, year=year, owner=source.owner)
    return (time.perf_counter() - start) * 1000, len(executed)


def main() -> None:
    prepare()
    admin = staff_user("bench_provinsi", "33")
    staff_user("bench_kudus", "33.19")
    print(f"database: {database_label()}")
    pages = Client()
    pages.force_login(admin)
    api = Client(headers={"Authorization": f"Bearer {api_token_create(user=admin)}"})
    for levels in (2, 12):
        source = source_program(levels)
        Program.objects.filter(copied_from=source).delete()
        copies = [copy_once(source, 2026 + n) for n in range(3)]
        ms = sorted(c[0] for c in copies)[1]
        print(
            f"copy of a program with {levels:2} levels (+16 templates each): {ms:7.1f} ms, {copies[0][1]} queries"
        )
        level = source.levels.first()
        assert level is not None
        for label, url, client in (
            ("program page", f"/program/{source.pk}/", pages),
            ("level page", f"/program/jenjang/{level.pk}/", pages),
            ("batch form", "/program/angkatan/baru/", pages),
            ("GET /api/v1/levels", f"/api/v1/levels?program={source.pk}&page_size=100", api),
        ):
            median, queries = measure(lambda url=url, client=client: client.get(url), repeat=5)
            print(f"  {label:20} {median:7.1f} ms, {queries:3} queries")


if __name__ == "__main__":
    main()
