"""The registry's part of a person's rights: their record, their enterprises and the figures.

Registered with `core.personal_data.providers` in RegistryConfig.ready(); writes only registry rows (and
asks core to redact the audit trail of those rows).
"""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils.translation import gettext as _

from naikkelas.core.audit import audit_redact
from naikkelas.core.formats import month_year
from naikkelas.core.personal_data import REMOVED, DataSubject, PersonalData, Retention, Rows, Section, rows
from naikkelas.registry.models import Enterprise, ImportJob, MetricReport, Person


def export(subject: DataSubject) -> dict[str, Rows]:
    person = Person.objects.get(pk=subject.person_id)
    me = rows(Person.objects.filter(pk=person.pk), exclude=("nik_encrypted", "nik_digest"))
    me[0]["nik"] = person.nik
    return {
        "pemilik": me,
        "usaha": rows(Enterprise.objects.filter(pk__in=subject.enterprise_ids)),
        "laporan_angka": rows(MetricReport.objects.filter(enterprise_id__in=subject.enterprise_ids)),
    }


def sections(subject: DataSubject) -> dict[str, Section]:
    return {
        "pemilik": Section(
            _("Data diri"), Person.objects.filter(pk=subject.person_id),
            exclude=("nik_encrypted", "nik_digest"), more_fields=lambda person, _language: [(_("NIK"), person.nik)],
        ),
        "usaha": Section(_("Usaha Anda"), Enterprise.objects.filter(pk__in=subject.enterprise_ids)),
        "laporan_angka": Section(
            _("Laporan angka usaha Anda"),
            MetricReport.objects.filter(enterprise_id__in=subject.enterprise_ids).order_by("period"),
            heading=lambda report, language: f"{report.enterprise} · {month_year(report.period, language)}",
        ),
    }  # fmt: skip


def anonymise(subject: DataSubject, now: datetime) -> None:
    """The person loses name, NIK, contacts and birth day; the enterprises keep region, sector, size,
    dates and figures and lose name and NIB; the audit keeps that something changed, not what."""
    for enterprise in Enterprise.objects.filter(pk__in=subject.enterprise_ids):
        enterprise.name = _("Usaha #%(id)s") % {"id": enterprise.pk}
        enterprise.nib = ""
        enterprise.save(update_fields=["name", "nib", "updated_at"])
    person = Person.objects.get(pk=subject.person_id)
    person.name = REMOVED
    person.nik_encrypted = ""
    person.nik_digest = f"removed:{person.pk}"
    person.nik_warning = ""
    person.phone = ""
    person.email = ""
    person.birth_date = date(person.birth_date.year, 1, 1)
    person.anonymised_at = now
    person.consent_withdrawn_at = person.consent_withdrawn_at or now
    person.save()
    audit_redact(model=Person, object_ids=[person.pk], text=REMOVED)
    audit_redact(model=Enterprise, object_ids=subject.enterprise_ids, text=REMOVED)


def withdraw(subject: DataSubject, now: datetime) -> dict[str, int]:
    """Recorded on the person, so the next follow-up schedule skips them."""
    person = Person.objects.get(pk=subject.person_id)
    person.consent_withdrawn_at = now
    person.save(update_fields=["consent_withdrawn_at", "updated_at"])
    return {}


def retention(run: Retention) -> dict[str, int]:
    """Uploaded import files hold NIKs in the clear: removed after RETENTION_IMPORT_FILE_DAYS."""
    old = ImportJob.objects.filter(
        created_at__lt=run.now - timedelta(days=settings.RETENTION_IMPORT_FILE_DAYS)
    ).exclude(file="")
    count = old.count()
    if not run.dry_run:
        for job in old:
            job.file.delete(save=False)
            job.file = ""  # type: ignore[assignment]
            job.save(update_fields=["file"])
    return {"import_files": count}


PROVIDER = PersonalData(
    sections=sections, export=export, anonymise=anonymise, withdraw=withdraw, retention=retention
)
