from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from naikkelas.accounts.models import User
from naikkelas.core.tabular import TabularError
from naikkelas.registry.models import ImportJob
from naikkelas.registry.services.imports import enterprise_import_check, import_job_open, import_job_write


class Command(BaseCommand):
    help = (
        "Check a spreadsheet of enterprises (.xlsx or .csv, the template's columns) and, with --commit, "
        "write all its rows or none. Exits non-zero when any row is bad."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--commit", action="store_true", help="write the rows when none is bad")
        parser.add_argument(
            "--user",
            default="",
            help="username whose scope and name the import carries (default: the first superuser)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("id")
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("Berkas %(path)s tidak ada.") % {"path": path})
        user = self._user(options["user"])
        try:
            with path.open("rb") as handle:
                result = enterprise_import_check(
                    user=user, handle=handle, filename=path.name, origin=f"import_enterprises {path.name}"
                )
        except TabularError as error:
            raise CommandError(str(error)) from None
        for problem in result.problems:
            kind = _("KESALAHAN") if problem.blocking else _("peringatan")
            column = _(" kolom '%(column)s'") % {"column": problem.column} if problem.column else ""
            self.stdout.write(
                _("baris %(row)s%(column)s: %(kind)s: %(message)s")
                % {"row": problem.row, "column": column, "kind": kind, "message": problem.message}
            )
        hidden = result.error_count + result.warning_count - len(result.problems)
        if hidden:
            self.stdout.write(_("… dan %(count)s masalah lain tidak ditampilkan.") % {"count": hidden})
        self.stdout.write(
            _("%(total)s baris, %(errors)s kesalahan, %(warnings)s peringatan")
            % {"total": result.total, "errors": result.error_count, "warnings": result.warning_count}
        )
        if not result.ok:
            raise CommandError(_("Tidak ada yang disimpan."), returncode=1)
        if not options["commit"]:
            self.stdout.write(_("Pemeriksaan saja; tambahkan --commit untuk menyimpan."))
            return
        job = import_job_open(user=user, name=path.name, rows=result.total)
        job = import_job_write(job=job, rows=result.rows)
        if job.status != ImportJob.Status.DONE:
            raise CommandError(job.message, returncode=1)
        self.stdout.write(job.message)

    def _user(self, username: str) -> User:
        if username:
            user = User.objects.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(_("Pengguna %(username)s tidak ada.") % {"username": username})
            return user
        user = User.objects.filter(is_superuser=True, is_active=True).order_by("id").first()
        if user is None:
            raise CommandError(_("Sebutkan --user (tidak ada superuser)."))
        return user
