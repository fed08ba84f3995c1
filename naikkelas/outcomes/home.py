"""Outcomes' part of the home page (accounts.home): the viewer's overview by province (participants,
graduates, follow-up response, turnover before and 12 months after), each row drilling down to that
province's cohort report. Computed in SQL aggregates over the enterprises the viewer may see
(registry.access), one query per figure, whatever the number of provinces."""

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from naikkelas.accounts.access import scope_for_user
from naikkelas.accounts.home import MenuItem, Row, Section, home_sections, menu_items
from naikkelas.accounts.models import Membership, User
from naikkelas.core.formats import number, percent_change, rupiah_compact
from naikkelas.mentoring.models import FollowUp
from naikkelas.outcomes import access
from naikkelas.regions.models import Region
from naikkelas.registry.access import enterprises_for_user
from naikkelas.selection.models import Application
from naikkelas.training.models import Enrolment, Graduation


def by_province(user: User) -> dict[str, dict[str, int]]:
    """Province code -> participants, graduates, follow-ups due and reported, and the monthly turnover of
    those who reported at 12 months, before (their application's baseline, the highest level's) and after."""
    enterprises = enterprises_for_user(user).values("pk")
    today = timezone.localdate()
    figures: dict[str, dict[str, int]] = {}

    def put(rows: Iterable[Any], *names: str) -> None:
        for row in rows:
            slot = figures.setdefault(row["province"], {})
            for name in names:
                slot[name] = row[name] or 0

    put(
        Enrolment.objects.filter(application__enterprise__in=enterprises)
        .values(province=F("application__enterprise__province_code"))
        .annotate(participants=Count("application__enterprise", distinct=True))
        .order_by(),
        "participants",
    )
    put(
        Graduation.objects.filter(enterprise__in=enterprises)
        .values(province=F("enterprise__province_code"))
        .annotate(graduates=Count("enterprise", distinct=True))
        .order_by(),
        "graduates",
    )
    followups = FollowUp.objects.filter(enterprise__in=enterprises, group=FollowUp.Group.PARTICIPANT)
    put(
        followups.filter(due_on__lte=today)
        .values(province=F("province_code"))
        # "the business has closed" is an answer too
        .annotate(
            due=Count("pk"),
            reported=Count("pk", filter=Q(status__in=[FollowUp.Status.REPORTED, FollowUp.Status.CLOSED])),
        )
        .order_by(),
        "due",
        "reported",
    )
    baseline = (
        Application.objects.filter(
            enterprise_id=OuterRef("enterprise_id"),
            level__program_id=OuterRef("program_id"),
            status=Application.Status.SELECTED,
        )
        .order_by("-level__rank")
        .values("baseline__omzet")[:1]
    )
    put(
        followups.filter(month_offset=12, status=FollowUp.Status.REPORTED)
        .annotate(before_omzet=Subquery(baseline))
        .values(province=F("province_code"))
        .annotate(reporters=Count("pk"), before=Sum("before_omzet"), after=Sum("report__omzet"))
        .order_by(),
        "reporters",
        "before",
        "after",
    )
    return figures


def overview_section(user: User) -> Section:
    figures = by_province(user)
    names = dict(Region.objects.filter(code__in=list(figures)).values_list("code", "name"))
    rows = []
    for code in sorted(figures):
        f = figures[code]
        response = f"{f.get('reported', 0) * 100 // f['due']} %" if f.get("due") else "–"
        before, after = f.get("before", 0), f.get("after", 0)
        change = percent_change((after / before - 1) * 100) if before else "–"
        rows.append(
            Row(
                (
                    names.get(code, code),
                    number(f.get("participants", 0)),
                    number(f.get("graduates", 0)),
                    response,
                    f"{rupiah_compact(before)} → {rupiah_compact(after)} ({change})" if before else "–",
                ),
                reverse("outcomes:cohort") + "?" + urlencode({"region": code}),
            )
        )
    return Section(
        key="outcomes.by_province",
        title=_("Gambaran nasional per provinsi"),
        columns=(
            _("Provinsi"),
            _("Peserta"),
            _("Lulusan"),
            _("Tindak lanjut dijawab"),
            _("Omzet per bulan, sebelum → 12 bulan"),
        ),
        note=_(
            "Omzet: usaha yang melaporkan angka 12 bulan setelah pelatihan, sebelum dan sesudah; ini bukan "
            "perkiraan dampak. Ketuk provinsi untuk laporan kohortnya."
        ),
        rows=tuple(rows),
        empty=_("Belum ada peserta di wilayah Anda."),
        see_all=reverse("outcomes:cohort"),
        order=5,
    )


def sections(user: User) -> list[Section]:
    if Membership.Role.VIEWER not in scope_for_user(user).roles:
        return []
    return [overview_section(user)]


def register() -> None:
    home_sections.register("outcomes", sections)
    menu_items.register(
        "outcomes.cohort",
        MenuItem(pgettext_lazy("menu", "Hasil"), "outcomes:cohort", access.can_see_reports, order=60),
    )
