"""The demo's training: the 2021 Dasar batches (17–21 May) and the Menengah batches (August) ran with
trainers, attendance, assignments and grades; graduation followed the level's criteria and graduates got
certificates. A few Dasar participants stopped after two days and did not graduate, with the reason.
`pelatih` trains Kota Semarang's Dasar batch and the first Menengah batch."""

import random
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction

from naikkelas.accounts.models import Membership, User
from naikkelas.accounts.services.organisations import membership_grant
from naikkelas.programs.models import Batch
from naikkelas.registry.demo import DEMO_PASSWORD
from naikkelas.selection.demo import PROGRAM_NAME
from naikkelas.training.models import Attendance, Enrolment, Submission
from naikkelas.training.services import assignments, certificates, enrolments, graduation, schedule

TRAINER = ("pelatih", "Pelatih Kota Semarang")
JAKARTA = ZoneInfo("Asia/Jakarta")
DROPOUT_SHARE = 0.06


def training_demo_loaded(rank: int) -> bool:
    return Enrolment.objects.filter(
        batch__level__rank=rank, batch__level__program__name=PROGRAM_NAME
    ).exists()


def _trainer() -> User:
    user = User.objects.filter(username=TRAINER[0]).first()
    if user is None:
        user = User(username=TRAINER[0], first_name="Pelatih", last_name="Kota Semarang")
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def training_demo_load(*, rank: int, seed: int = 2021) -> dict[str, int]:
    """Run the five days of every 2021 batch of a level, confirm graduation and issue certificates."""
    if training_demo_loaded(rank):
        return {"enrolments": 0, "graduates": 0}
    rng = random.Random(seed + rank)
    trainer = _trainer()
    batches = list(
        Batch.objects.filter(level__program__name=PROGRAM_NAME, level__program__year=2021, level__rank=rank)
        .select_related("organiser__region", "level__program")
        .order_by("id")
    )
    enrolled = graduates = 0
    with transaction.atomic():
        for index, batch in enumerate(batches):
            enrolled += enrolments.enrolments_create(actor=None, batch=batch)
            schedule.schedule_create(actor=None, batch=batch)
            assignments.assignments_create_default(actor=None, batch=batch)
            region = batch.organiser.region
            if (rank == 1 and region is not None and region.code == "33.74") or (rank == 2 and index == 0):
                membership_grant(user=trainer, organisation=batch.organiser, role=Membership.Role.TRAINER)
                schedule.trainer_assign(actor=None, batch=batch, user=trainer)
            _run_the_days(rng, batch, trainer, dropouts=rank == 1)
            graduates += graduation.graduation_confirm(actor=trainer, batch=batch)
            _demo_style(batch)
            certificates.certificates_issue(actor=None, batch=batch)
    return {"enrolments": enrolled, "graduates": graduates}


def _demo_style(batch: Batch) -> None:
    """Each office signs its certificates under its head's (invented) name."""
    from naikkelas.training.models import CertificateStyle

    office = batch.organiser
    if CertificateStyle.objects.filter(organisation=office).exists():
        return
    heads = ["Dra. Sri Wahyuni, M.Si.", "Ir. Bambang Setiawan, M.M.", "Dr. Retno Handayani, S.E., M.Si.",
             "Drs. Agus Prasetyo", "Endang Susilowati, S.Sos., M.AP."]  # fmt: skip
    CertificateStyle.objects.create(
        organisation=office, signatory_name=heads[office.pk % len(heads)],
        signatory_title=f"Kepala {office.name}",
    )  # fmt: skip


def _run_the_days(rng: random.Random, batch: Batch, trainer: User, *, dropouts: bool) -> None:
    days = schedule.batch_days(batch)
    tasks = list(batch.assignments.order_by("due_on", "id"))
    marks: list[Attendance] = []
    answers: list[Submission] = []
    for enrolment in batch.enrolments.select_related("application__person"):
        is_demo_participant = (
            enrolment.application.person.user is not None
            and enrolment.application.person.user.username == "peserta"
        )
        stops = dropouts and not is_demo_participant and rng.random() < DROPOUT_SHARE
        if stops:
            present = [index < 2 for index in range(len(days))]
        else:
            missed = rng.choice(days) if rng.random() < 0.15 else None
            present = [day != missed for day in days]
        marks += [
            Attendance(enrolment=enrolment, date=day, present=flag, marked_by=trainer)
            for day, flag in zip(days, present, strict=True)
        ]
        passing = 2 if stops else rng.choice([5, 6, 6])
        for order, task in enumerate(tasks):
            if stops and order >= 3:
                break
            sent = datetime.combine(
                min(task.due_on, days[-1] + timedelta(days=20)), time(19, 0), tzinfo=JAKARTA
            )
            figures = {field["key"]: _figure(rng, field["key"], enrolment) for field in task.figure_fields}
            answers.append(
                Submission(
                    assignment=task, enrolment=enrolment, text="Sudah saya terapkan di usaha saya." if task.wants_text else "",
                    figures=figures, status=Submission.Status.PASS if order < passing else Submission.Status.REVISE,
                    score=rng.randint(70, 95) if order < passing else None,
                    feedback="Bagus, lanjutkan." if order < passing else "Lengkapi angkanya dan kirim ulang.",
                    graded_by=trainer, graded_at=sent + timedelta(days=1), submitted_at=sent,
                )
            )  # fmt: skip
    Attendance.objects.bulk_create(marks, batch_size=2000)
    Submission.objects.bulk_create(answers, batch_size=2000)


def _figure(rng: random.Random, key: str, enrolment: Enrolment) -> int:
    omzet = enrolment.application.baseline.omzet if enrolment.application.baseline_id else 8_000_000
    if key == "cost_per_unit":
        return rng.randint(5, 40) * 1_000
    if key == "selling_price":
        return rng.randint(45, 90) * 1_000
    return int(round(omzet * rng.uniform(1.1, 1.5), -5))


# The years before the system: a 2020 Dasar batch in Kota Semarang and one in Kudus, brought in through
# the history import (`training.services.history`) as the province admin would from the office's files,
# so the cohort report can show 2020. The rows are made here, deterministically, as a spreadsheet holds
# them (text cells under the template's headers).
HISTORY_YEAR = 2020
HISTORY_BATCHES = (("33.74", "2020-09-07", 12), ("33.19", "2020-10-05", 8))


def history_demo_rows(seed: int = 2020) -> list[list[str]]:
    """The header and the rows of the demo's 2020 history file."""
    from naikkelas.testing.synthetic import make_nik
    from naikkelas.training.history import COLUMNS

    rng = random.Random(seed)
    taken: set[str] = set()
    rows = [[column.header for column in COLUMNS]]
    sectors = ["olahan perikanan", "makanan & minuman", "kerajinan", "fesyen & sablon", "kulit & alas kaki"]
    for regency, start, size in HISTORY_BATCHES:
        for n in range(size):
            district = f"{regency}.{1 + n % 4:02d}"
            sex = rng.choice("MF")
            birth = datetime(1965 + rng.randint(0, 30), rng.randint(1, 12), rng.randint(1, 28)).date()
            days = 5 if n % 6 else 3
            omzet = rng.randint(4, 25) * 1_000_000
            grown = int(omzet * rng.uniform(1.0, 1.6)) // 1000 * 1000
            rows.append([
                str(HISTORY_YEAR), "1", regency, start, make_nik(rng, district, sex, birth, taken),
                f"Peserta Riwayat {regency} {n + 1}", "L" if sex == "M" else "P", birth.isoformat(), "",
                district, f"Usaha Riwayat {regency} {n + 1}", "", sectors[n % len(sectors)], district,
                "2016-03-01", str(days), "Y" if days >= 4 else "T", "2020-07", str(omzet), str(omzet * 4),
                str(rng.randint(1, 6)), "2021-05", str(grown), str(omzet * 5), str(rng.randint(1, 8)),
            ])  # fmt: skip
    return rows


def history_demo_load() -> dict[str, int]:
    """Import the 2020 history as the province admin (once): check, then write all or nothing."""
    from django.utils import timezone

    from naikkelas.programs.models import Program
    from naikkelas.registry.models import ImportJob
    from naikkelas.registry.services.imports import import_job_open, import_job_write_provided
    from naikkelas.training.services.history import HISTORY_IMPORT, history_import_check

    if Program.objects.filter(year=HISTORY_YEAR).exists():
        return {"participants": 0}
    admin = User.objects.get(username="provinsi")
    result = history_import_check(admin, history_demo_rows(), timezone.localdate(), None)
    if not result.ok:
        raise ValueError(f"the demo's history file has problems: {result.errors[:3]}")
    job = import_job_open(
        user=admin, name="riwayat-2020.xlsx", rows=result.total, kind=ImportJob.Kind.HISTORY
    )
    job = import_job_write_provided(job=job, provided=HISTORY_IMPORT, result=result)
    if job.status != ImportJob.Status.DONE:
        raise ValueError(f"the demo's history was not written: {job.message}")
    return {"participants": job.written_rows}
