"""The history import's template; its upload, dry run and write are the registry's import pages (the
kind "Riwayat pelatihan", registered by training)."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from naikkelas.core.http import attachment
from naikkelas.training.services import history


@login_required
def history_template(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    return attachment(history.history_template_for(user), history.HISTORY_IMPORT.template_filename)
