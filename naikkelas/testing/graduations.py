"""Graduations for tests that start after training: the rows training's `graduation_confirm` writes, without
running a batch's attendance and assignments first."""

from collections.abc import Iterable

from naikkelas.programs.models import Batch
from naikkelas.selection.models import Application
from naikkelas.training.models import Graduation


def graduate(*, batch: Batch, applications: Iterable[Application]) -> None:
    """Record the applicants' enterprises as graduated from the batch's level on its last day."""
    for application in applications:
        Graduation.objects.get_or_create(
            enterprise=application.enterprise,
            level=batch.level,
            defaults={"batch": batch, "graduated_on": batch.end_date},
        )
