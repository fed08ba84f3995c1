"""The demo's training: the 2021 Dasar batches ran from 17 to 21 May with a trainer each and marked
attendance (`pelatih` trains Kota Semarang's batch)."""

import random
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import transaction

from naikkelas.accounts.models import Membership, User
from naikkelas.accounts.services import membership_grant
from naikkelas.programs.models import Batch
from naikkelas.registry.demo import DEMO_PASSWORD
from naikkelas.selection.demo import PROGRAM_NAME
from naikkelas.training import services
from naikkelas.training.models import Attendance, Enrolment

TRAINER = ("pelatih", "Pelatih Kota Semarang")


def training_demo_loaded() -> bool:
    return Enrolment.objects.exists()


def training_demo_load(*, seed: int = 2021) -> dict[str, int]:
    if training_demo_loaded():
        return {"enrolments": 0}
    rng = random.Random(seed)
    batches = list(
        Batch.objects.filter(level__program__name=PROGRAM_NAME, level__program__year=2021, level__rank=1)
        .select_related("organiser__region", "level")
        .order_by("id")
    )
    trainer = User(username=TRAINER[0], first_name="Pelatih", last_name="Kota Semarang")
    trainer.set_password(DEMO_PASSWORD)
    trainer.save()
    enrolled = 0
    marks: list[Attendance] = []
    with transaction.atomic():
        for batch in batches:
            enrolled += services.enrolments_create(actor=None, batch=batch)
            services.schedule_create(actor=None, batch=batch)
            if batch.organiser.region and batch.organiser.region.code == "33.74":
                membership_grant(user=trainer, organisation=batch.organiser, role=Membership.Role.TRAINER)
                services.trainer_assign(actor=None, batch=batch, user=trainer)
            for enrolment in batch.enrolments.all():
                for day in services.batch_days(batch):
                    marks.append(
                        Attendance(
                            enrolment=enrolment, date=day, present=rng.random() < 0.93, marked_by=trainer
                        )
                    )
        Attendance.objects.bulk_create(marks, batch_size=2000)
        Attendance.objects.update(marked_at=datetime(2021, 5, 21, 16, 0, tzinfo=ZoneInfo("Asia/Jakarta")))
    return {"enrolments": enrolled}
