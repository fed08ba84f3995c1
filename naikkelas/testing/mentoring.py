"""A graduate of Kota Semarang (the participant persona's enterprise) with the mentor persona as mentor."""

from dataclasses import dataclass
from datetime import date

from naikkelas.mentoring.models import Mentor
from naikkelas.mentoring.services import matching, mentors
from naikkelas.programs.models import Level, Program
from naikkelas.regions.models import Region
from naikkelas.registry.models import Enterprise, MetricReport
from naikkelas.testing.factories import Personas
from naikkelas.testing.notify import opt_in
from naikkelas.testing.programs import organisation, program_with_levels
from naikkelas.training.models import Graduation

GRADUATED = date(2021, 5, 14)


@dataclass
class Mentee:
    personas: Personas
    program: Program
    level: Level
    mentor: Mentor
    enterprise: Enterprise
    baseline: MetricReport


def make_mentee(personas: Personas) -> Mentee:
    program, level1, _level2 = program_with_levels(organisation("Balatkop Jateng", "33"))
    personas.mentor.email = "mentor@semarang.example"
    personas.mentor.save(update_fields=["email"])
    personas.semarang_admin.email = "admin@semarang.example"
    personas.semarang_admin.save(update_fields=["email"])
    personas.kudus_admin.email = "admin@kudus.example"
    personas.kudus_admin.save(update_fields=["email"])
    personas.province_admin.email = "admin@jateng.example"
    personas.province_admin.save(update_fields=["email"])
    person = personas.participant_person
    person.phone = "+6281234567890"
    person.save(update_fields=["phone"])
    opt_in(person.phone)  # she ticked WhatsApp and SMS on the application form
    enterprise = personas.semarang_enterprise
    baseline = MetricReport.objects.create(
        enterprise=enterprise, period=date(2021, 2, 1), omzet=10_000_000, aset=30_000_000, workers=2,
        source=MetricReport.Source.APPLICATION,
    )  # fmt: skip
    Graduation.objects.create(enterprise=enterprise, level=level1, graduated_on=GRADUATED)
    mentor = mentors.mentor_create(
        actor=None,
        user=personas.mentor,
        regency=Region.objects.get(code="33.74"),
        sectors=["food"],
        capacity=5,
    )
    matching.assign(actor=None, enterprise=enterprise, mentor=mentor)
    return Mentee(personas, program, level1, mentor, enterprise, baseline)
