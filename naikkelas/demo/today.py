"""Today on the demo. The 2021 story is long over, so the trainer and the reviewers would find nothing to
do on their homes. Kota Semarang therefore runs a Dasar batch of this year's program this week (it
started yesterday; `pelatih` trains it: today's session, yesterday's attendance, answers waiting for a
grade), and its open call already holds applications, assigned to `penilai` and `penilai2`.

The people are owners of Kota Semarang who were turned away in 2021 for too little turnover and have
grown since: they were never selected nor in the 2021 comparison group (only eligible applicants are),
so none of the 2021 figures moves.
"""

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from naikkelas.accounts.models import Organisation, User
from naikkelas.core.dates import add_months, first_of_month
from naikkelas.programs.models import Batch, Level
from naikkelas.programs.services.batches import batch_create
from naikkelas.regions.codes import region_codes
from naikkelas.registry.models import MetricReport
from naikkelas.selection import eligibility
from naikkelas.selection.demo import PROGRAM_NAME, REVIEWERS
from naikkelas.selection.models import Application, Review
from naikkelas.selection.services import applications as selection
from naikkelas.training.demo import TRAINER
from naikkelas.training.models import Attendance, Submission
from naikkelas.training.services import assignments, enrolments, schedule

SEMARANG = "33.74"
IN_CLASS = 8  # on the batch running this week
APPLYING = 5  # in the open call, waiting for their reviews


def today_demo_loaded() -> bool:
    return Batch.objects.filter(title__endswith="Angkatan Minggu Ini").exists()


def today_demo_load() -> dict[str, int]:
    """This week's Semarang batch with its trainer's day, and applications waiting in the open call."""
    if today_demo_loaded():
        return {"enrolments": 0, "reviews": 0}
    today = timezone.localdate()
    level = Level.objects.get(program__name=PROGRAM_NAME, program__year=today.year, rank=1)
    office = Organisation.objects.get(kind=Organisation.Kind.REGENCY_OFFICE, region_id=SEMARANG)
    call = Batch.objects.get(level=level, organiser=office, published_at__isnull=True)
    grown = list(
        Application.objects.filter(
            level__program__year=2021, regency_code=SEMARANG, status=Application.Status.INELIGIBLE
        )
        .select_related("enterprise__owner", "baseline")
        .order_by("id")[: IN_CLASS + APPLYING]
    )
    trainer = User.objects.get(username=TRAINER[0])
    with transaction.atomic():
        running = batch_create(
            actor=None, level=level, organiser=office, title=f"Dasar {today.year} Kota Semarang Angkatan Minggu Ini",
            venue="Aula Dinas Koperasi dan UKM Kota Semarang", start_date=today - timedelta(days=1),
            capacity=IN_CLASS, opens_on=today - timedelta(days=60), closes_on=today - timedelta(days=30),
        )  # fmt: skip
        for index, old in enumerate(grown):
            _apply(old, running if index < IN_CLASS else call, selected=index < IN_CLASS)
        Batch.objects.filter(pk=running.pk).update(published_at=timezone.now() - timedelta(days=20))
        running.refresh_from_db()
        enrolled = enrolments.enrolments_create(actor=None, batch=running)
        schedule.schedule_create(actor=None, batch=running)
        assignments.assignments_create_default(actor=None, batch=running)
        schedule.trainer_assign(actor=None, batch=running, user=trainer)
        yesterday = running.start_date
        roster = list(running.enrolments.order_by("id"))
        Attendance.objects.bulk_create(
            Attendance(enrolment=e, date=yesterday, present=n != 3, marked_by=trainer)
            for n, e in enumerate(roster)
        )
        first_task = running.assignments.order_by("due_on", "id").first()
        if first_task is not None:
            sent = timezone.now() - timedelta(hours=14)
            Submission.objects.bulk_create(
                Submission(
                    assignment=first_task,
                    enrolment=e,
                    submitted_at=sent + timedelta(minutes=7 * n),
                    text="Sudah saya hitung untuk produk utama saya." if first_task.wants_text else "",
                    figures={f["key"]: 10_000 for f in first_task.figure_fields},
                )
                for n, e in enumerate(roster[:3])
            )
        reviewers = list(User.objects.filter(username__in=[name for name, _full in REVIEWERS]))
        waiting = Application.objects.filter(batch=call)
        Review.objects.bulk_create(Review(application=a, reviewer=r) for a in waiting for r in reviewers)
    return {"enrolments": enrolled, "reviews": waiting.count() * len(reviewers)}


def _apply(old: Application, batch: Batch, *, selected: bool) -> Application:
    """The owner applies again with this year's figures: twice the 2021 turnover, past the threshold."""
    enterprise = old.enterprise
    period = first_of_month(add_months(timezone.localdate(), -1))
    baseline = MetricReport.objects.create(
        enterprise=enterprise, period=period, source=MetricReport.Source.APPLICATION,
        omzet=max(old.baseline.omzet * 2, 7_500_000), aset=old.baseline.aset * 2, workers=old.baseline.workers + 1,
    )  # fmt: skip
    settings = selection.eligibility_settings(batch)
    results = eligibility.evaluate(selection.applicant_facts_plain(enterprise, baseline), settings)
    status = (
        Application.Status.ELIGIBLE if eligibility.is_eligible(results) else Application.Status.INELIGIBLE
    )
    if selected:
        status = Application.Status.SELECTED
    return Application.objects.create(
        batch=batch, level=batch.level, enterprise=enterprise, person=enterprise.owner, baseline=baseline,
        answers=list(old.answers), consent_purpose=selection.consent_text_for(batch).text,
        consent_version=selection.consent_text_for(batch).version, consented_at=timezone.now() - timedelta(days=3),
        status_nonce=secrets.token_hex(16), status=status, eligibility=[r.as_json() for r in results],
        eligibility_settings=selection.settings_json(settings), recommended_rank=1,
        **region_codes(enterprise),
    )  # fmt: skip
