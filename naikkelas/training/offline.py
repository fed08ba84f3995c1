"""The pages a trainer's phone keeps for working without signal: his batches and their attendance days."""

from typing import Any

from django.urls import reverse

from naikkelas.training import access
from naikkelas.training.services import schedule


def trainer_pages(user: Any) -> list[str]:
    """The batches the user trains (not every batch an admin sees): the roster and each day's marking."""
    pages = []
    for batch in access.training_batches_for_user(user).filter(trainers__user=user).order_by("-id")[:10]:
        pages.append(reverse("training:batch", args=[batch.pk]))
        pages += [
            reverse("training:attendance", args=[batch.pk, day.isoformat()])
            for day in schedule.batch_days(batch)
        ]
    return pages
