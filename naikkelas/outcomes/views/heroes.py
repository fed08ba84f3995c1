"""Local heroes: the staff ranking, the owner's story and consent, and the public showcase."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from naikkelas.core.forms import add_service_errors
from naikkelas.core.uploads import upload_response
from naikkelas.outcomes import access, cohort, heroes
from naikkelas.outcomes.forms import StoryForm
from naikkelas.outcomes.models import HeroStory
from naikkelas.outcomes.services import heroes as hero_stories
from naikkelas.regions.models import Region
from naikkelas.registry.access import enterprises_for_user
from naikkelas.registry.models import Enterprise, Sector


def _names() -> tuple[dict[str, str], dict[str, str]]:
    return dict(Region.objects.filter(kind=Region.Kind.REGENCY).values_list("code", "name")), {
        k: str(v) for k, v in Sector.choices
    }


@login_required
def ranking(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    access.require_reports(user)
    members = cohort.cohort(user, cohort.CohortFilter(), with_comparison=False).participants
    consent = set(
        HeroStory.objects.filter(
            publicity_consent=True, enterprise__in=enterprises_for_user(user)
        ).values_list("enterprise_id", flat=True)
    )
    regencies, _sectors = _names()
    ranked = heroes.ranking(members)
    ids = [hero.member.enterprise_id for found in ranked.values() for hero in found]
    names = dict(Enterprise.objects.filter(pk__in=ids).values_list("pk", "name"))
    rows = [
        (regencies.get(code, code),
         [(hero, names[hero.member.enterprise_id], hero.member.enterprise_id in consent) for hero in found])
        for code, found in ranked.items()
    ]  # fmt: skip
    return render(request, "outcomes/heroes.html", {"rows": rows, "rule": heroes.rule_text()})


@login_required
def my_story(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    enterprise = access.own_enterprise(user)
    record = HeroStory.objects.filter(enterprise=enterprise).first()
    initial = {"consent": record.publicity_consent, "story": record.story} if record else {}
    form = StoryForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            hero_stories.hero_story_save(
                actor=user, enterprise=enterprise, consent=form.cleaned_data["consent"],
                story=form.cleaned_data["story"], photo=form.cleaned_data.get("photo"),
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if form.cleaned_data["consent"]:
                messages.success(
                    request,
                    _(
                        "Cerita tersimpan. Bila pertumbuhan usaha Anda terverifikasi pendamping, cerita tampil di halaman pahlawan lokal."
                    ),
                )
            else:
                messages.success(
                    request, _("Persetujuan dicabut; usaha Anda tidak ditampilkan di halaman publik.")
                )
            return redirect("outcomes:my_story")
    return render(
        request, "outcomes/my_story.html", {"form": form, "enterprise": enterprise, "record": record}
    )


def showcase(request: HttpRequest) -> HttpResponse:
    """Public: no login, only heroes who consented, nothing personal beyond what they agreed to show."""
    regencies, sectors = _names()
    found = heroes.public_heroes()
    ids = [hero.member.enterprise_id for rows in found.values() for hero, _s in rows]
    names = dict(Enterprise.objects.filter(pk__in=ids).values_list("pk", "name"))
    rows = [
        (regencies.get(code, code),
         [(hero, names[hero.member.enterprise_id], sectors.get(hero.member.sector, ""), story) for hero, story in items])
        for code, items in found.items()
        if items
    ]  # fmt: skip
    return render(request, "outcomes/showcase.html", {"rows": rows, "rule": heroes.rule_text()})


def showcase_photo(request: HttpRequest, pk: int) -> FileResponse:
    record = get_object_or_404(HeroStory, pk=pk, publicity_consent=True)
    if not record.photo:
        raise Http404
    return upload_response(record.photo, stem=f"pahlawan-{record.pk}")
