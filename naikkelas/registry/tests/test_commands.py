import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from naikkelas.registry.models import Enterprise
from naikkelas.testing.factories import Personas
from naikkelas.testing.registry import HEADER, csv_bytes, good_row, xlsx_bytes

pytestmark = pytest.mark.django_db


def test_command_dry_run_exits_non_zero_on_bad_rows_and_commit_writes(personas: Personas, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx_bytes([HEADER, good_row(1, nik="3374013102800001")]))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_enterprises", str(bad), "--user", "semarang", stdout=out)
    assert "baris 2 kolom 'NIK': KESALAHAN" in out.getvalue()
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes([HEADER, good_row(1), good_row(2)]))
    call_command("import_enterprises", str(good), "--user", "semarang", stdout=io.StringIO())
    assert not Enterprise.objects.filter(name="Impor 1").exists()
    call_command("import_enterprises", str(good), "--user", "semarang", "--commit", stdout=io.StringIO())
    assert Enterprise.objects.filter(name__in=["Impor 1", "Impor 2"]).count() == 2
