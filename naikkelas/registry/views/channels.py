"""An owner's channel choices written down by staff: what she said on the telephone or signed on paper."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from naikkelas.notify.forms import RecordedChoicesForm
from naikkelas.notify.services import consent
from naikkelas.registry import access


@login_required
def person_channels(request: HttpRequest, pk: int) -> HttpResponse:
    """The boxes start at her current answer; only changes are written, each naming who recorded it."""
    user: Any = request.user
    person = access.get_person_for_user(user, pk, write=True)
    form = RecordedChoicesForm(request.POST or None, channels=consent.person_choices(person))
    if request.method == "POST" and form.is_valid() and form.channels_answered():
        written = consent.consents_record(
            person=person, chosen=form.chosen_channels(), offered=form.offered_channels(),
            source=form.cleaned_data["source"], actor=user,
        )  # fmt: skip
        messages.success(
            request,
            _("Pilihan %(name)s tersimpan.") % {"name": person.name}
            if written
            else _("Pilihan %(name)s tidak berubah.") % {"name": person.name},
        )
        return redirect("registry:person_detail", pk=person.pk)
    return render(request, "registry/person_channels.html", {"form": form, "person": person})
