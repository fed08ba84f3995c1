from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from naikkelas.accounts.models import User
from naikkelas.core.tabular import TabularError
from naikkelas.registry.import_check import CheckResult, FigureCheckResult
from naikkelas.registry.models import ImportJob
from naikkelas.registry.selectors import import_job_message
from naikkelas.registry.services.imports import (
    enterprise_import_check,
    figures_import_check,
    import_job_open,
    import_job_write,
    import_job_write_figures,
)


class Command(BaseCommand):
    help = (
        "Check a spreadsheet of enterprises (.xlsx or .csv, the template's columns) and, with --commit, "
        "write all its rows or none. Exits non-zero when any row is bad. With --figures, the file holds "
        "new monthly figures for registered enterprises (the figures template): the changes are listed, "
        "old -> new, and --commit writes those."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--commit", action="store_true", help="write the rows when none is bad")
        parser.add_argument("--figures", action="store_true", help="new monthly figures (update mode)")
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
                result: CheckResult = (
                    figures_import_check(user=user, handle=handle, filename=path.name)
                    if options["figures"]
                    else enterprise_import_check(
                        user=user, handle=handle, filename=path.name, origin=f"import_enterprises {path.name}"
                    )
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
        if isinstance(result, FigureCheckResult):
            for change in result.changes:
                old = "/".join(str(n) for n in change.old) if change.old else _("baru")
                self.stdout.write(
                    _("baris %(row)s: %(name)s %(period)s: %(old)s → %(new)s")
                    % {"row": change.row, "name": change.enterprise.name, "period": f"{change.period:%Y-%m}",
                       "old": old, "new": "/".join(str(n) for n in change.new)}
                )  # fmt: skip
            if not result.changes:
                self.stdout.write(_("Tidak ada angka yang berubah; tidak ada yang perlu disimpan."))
                return
        if not options["commit"]:
            self.stdout.write(_("Pemeriksaan saja; tambahkan --commit untuk menyimpan."))
            return
        if isinstance(result, FigureCheckResult):
            job = import_job_open(user=user, name=path.name, rows=result.total, changes=result)
            job = import_job_write_figures(job=job, result=result)
        else:
            job = import_job_write(
                job=import_job_open(user=user, name=path.name, rows=result.total), rows=result.rows
            )
        if job.status != ImportJob.Status.DONE:
            raise CommandError(import_job_message(job), returncode=1)
        self.stdout.write(import_job_message(job))

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
