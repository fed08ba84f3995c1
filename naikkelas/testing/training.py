"""A province batch holding people of two regencies, for the scoping tests (attacks.md V2/V3).

"Menengah 2021" is organised by the province centre. On its roster: Sri (the participant persona,
Kota Semarang, the mentor persona's mentee), Budi (the other participant, Kota Semarang, no mentor)
and the Kudus persona's owner. Each has a day of attendance, a submission and a certificate. The batch
has its own trainer; another trainer trains only another batch. A Semarang bystander (never applied)
and a reviewer assigned to Budi's application complete the cast.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from naikkelas.accounts.models import Membership, User
from naikkelas.programs.models import Batch
from naikkelas.registry.models import Enterprise, MetricReport
from naikkelas.selection.models import Application, Review
from naikkelas.testing.factories import (
    EnterpriseFactory,
    MetricReportFactory,
    Personas,
    PersonFactory,
    UserFactory,
)
from naikkelas.testing.mentoring import Mentee, make_mentee
from naikkelas.testing.programs import batch as make_batch
from naikkelas.testing.programs import organisation
from naikkelas.training.models import Assignment, Certificate, Enrolment, Submission
from naikkelas.training.services import attendance, certificates, schedule
from naikkelas.training.services.enrolments import enrolments_create

WHO = ("sri", "budi", "kudus")


@dataclass
class ProvinceBatch:
    mentee: Mentee
    batch: Batch
    other_batch: Batch
    trainer: User
    other_trainer: User
    reviewer: User
    budi_enterprise: Enterprise
    bystander: Enterprise
    applications: dict[str, Application]
    enrolments: dict[str, Enrolment]
    submissions: dict[str, Submission]
    certificates: dict[str, Certificate]


def _baseline(enterprise: Enterprise) -> MetricReport:
    found = enterprise.reports.filter(source=MetricReport.Source.APPLICATION).first()
    return found or MetricReportFactory.create(enterprise=enterprise)


def make_province_batch(personas: Personas, mentee: Mentee | None = None) -> ProvinceBatch:
    mentee = mentee or make_mentee(personas)
    level2 = mentee.program.levels.get(rank=2)
    province = organisation("Balatkop Jateng", "33")
    the_batch = make_batch(level2, province, title="Menengah 2021")
    other_batch = make_batch(level2, province, title="Menengah 2021 lain")
    kudus_owner = personas.kudus_enterprise.owner
    if kudus_owner.user_id is None:
        kudus_owner.user = UserFactory.create(username="peserta_kudus")
        kudus_owner.save(update_fields=["user"])
    budi_enterprise = EnterpriseFactory.create(owner=personas.other_person, name="Kerupuk Budi")
    bystander = EnterpriseFactory.create(
        owner=PersonFactory.create(name="Warga Tetangga"), name="Usaha Tetangga"
    )
    applications = {}
    for who, enterprise in zip(
        WHO, (mentee.enterprise, budi_enterprise, personas.kudus_enterprise), strict=True
    ):
        applications[who] = Application.objects.create(
            batch=the_batch, level=level2, enterprise=enterprise, person=enterprise.owner,
            baseline=_baseline(enterprise), status=Application.Status.SELECTED, consent_purpose="…",
            consent_version="t", consented_at=timezone.now(), status_nonce=f"nonce-{who}",
            province_code=enterprise.province_code, regency_code=enterprise.regency_code,
        )  # fmt: skip
    Batch.objects.filter(pk=the_batch.pk).update(published_at=timezone.now())
    enrolments_create(actor=None, batch=the_batch)
    trainer = UserFactory.create(username="pelatih")
    Membership.objects.create(user=trainer, organisation=province, role=Membership.Role.TRAINER)
    schedule.trainer_assign(actor=None, batch=the_batch, user=trainer)
    other_trainer = UserFactory.create(username="pelatih_lain")
    Membership.objects.create(user=other_trainer, organisation=province, role=Membership.Role.TRAINER)
    schedule.trainer_assign(actor=None, batch=other_batch, user=other_trainer)
    reviewer = UserFactory.create(username="penilai")
    Membership.objects.create(user=reviewer, organisation=province, role=Membership.Role.REVIEWER)
    Review.objects.create(application=applications["budi"], reviewer=reviewer)
    assignment = Assignment.objects.create(
        batch=the_batch,
        title="Hitung harga pokok",
        instructions="Tulis biaya per unit.",
        due_on=date(2021, 5, 14),
    )
    enrolments, submissions = {}, {}
    for who, application in applications.items():
        enrolment = Enrolment.objects.get(application=application)
        enrolments[who] = enrolment
        attendance.attendance_mark(actor=trainer, enrolment=enrolment, day=the_batch.start_date, present=True)
        submissions[who] = Submission.objects.create(
            assignment=assignment, enrolment=enrolment, text=f"Jawaban {application.person.name}",
            submitted_at=timezone.now(),
        )  # fmt: skip
    Enrolment.objects.filter(batch=the_batch).update(graduated=True)
    certificates.certificates_issue(actor=None, batch=the_batch)
    return ProvinceBatch(
        mentee=mentee, batch=the_batch, other_batch=other_batch, trainer=trainer, other_trainer=other_trainer,
        reviewer=reviewer, budi_enterprise=budi_enterprise, bystander=bystander, applications=applications,
        enrolments=enrolments, submissions=submissions,
        certificates={who: Certificate.objects.get(enrolment=e) for who, e in enrolments.items()},
    )  # fmt: skip
