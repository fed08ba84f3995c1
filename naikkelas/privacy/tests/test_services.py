"""Retention: what is past its time is removed, old import files included."""

from datetime import date, timedelta
from pathlib import Path

from django.utils import timezone

from naikkelas.core.models import AccessLog
from naikkelas.outcomes.tests.conftest import World, enrol
from naikkelas.privacy import services
from naikkelas.registry.models import Person
from naikkelas.testing.factories import Personas


def test_retention_removes_what_is_past_its_time(world: World) -> None:
    old_no_consent = enrol(
        world, district="33.74.01", omzet=6_000_000, aset=1, workers=1, selected=False, consent=False
    )
    old_consenting = enrol(
        world, district="33.74.01", omzet=6_000_000, aset=1, workers=1, selected=False, consent=True
    )
    graduate = enrol(world, district="33.74.01", omzet=6_000_000, aset=1, workers=1)
    assert services.retention_run(today=date(2021, 12, 1))["anonymised"] == 0  # the batch ended only in May
    AccessLog.objects.create(at=timezone.now() - timedelta(days=800), username="x", method="GET", path="/",
                             purpose="view", what="t", person_ids=[1], person_count=1)  # fmt: skip
    report = services.retention_run(today=date(2024, 1, 1), dry_run=True)
    assert (report["anonymised"], report["access_logs"]) == (1, 1)
    assert Person.objects.get(pk=old_no_consent.owner_id).anonymised_at is None  # dry run changed nothing
    services.retention_run(today=date(2024, 1, 1))
    assert Person.objects.get(pk=old_no_consent.owner_id).anonymised_at is not None
    assert Person.objects.get(pk=old_consenting.owner_id).anonymised_at is None
    assert Person.objects.get(pk=graduate.owner_id).anonymised_at is None
    assert not AccessLog.objects.exists()


def test_retention_deletes_old_import_files_which_hold_niks_in_the_clear(personas: Personas) -> None:
    from django.core.files.base import ContentFile

    from naikkelas.registry.models import ImportJob

    old = ImportJob.objects.create(
        created_by=personas.semarang_admin, original_name="lama.csv", status="done"
    )
    old.file.save("lama.csv", ContentFile(b"nik,nama\n3374015203800001,Sri\n"))
    fresh = ImportJob.objects.create(
        created_by=personas.semarang_admin, original_name="baru.csv", status="done"
    )
    fresh.file.save("baru.csv", ContentFile(b"nik,nama\n"))
    ImportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    path = old.file.path
    assert services.retention_run()["import_files"] == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.file.name == "" and not Path(path).exists()
    assert fresh.file.name != ""
