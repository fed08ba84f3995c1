"""Mentoring's part of the home page (accounts.home): the participant's mentor, consultations and the
figures awaited from her; the mentor's mentees, visits, consultations waiting and follow-ups due; the
office's graduates without a mentor, late or escalated consultations and overdue follow-ups. Every count
is read through mentoring.access."""

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, npgettext_lazy

from naikkelas.accounts.access import scope_for_user
from naikkelas.accounts.home import MenuItem, Section, SectionBuilder, home_sections, menu_items
from naikkelas.accounts.models import Membership, User
from naikkelas.core.formats import long_date, whatsapp_link
from naikkelas.mentoring import access, selectors
from naikkelas.mentoring.models import Consultation, FollowUp, Visit
from naikkelas.mentoring.services import followups

NEXT = 5


def _waiting(consultations: QuerySet[Consultation]) -> QuerySet[Consultation]:
    return consultations.filter(status=Consultation.Status.OPEN, first_response_at__isnull=True).order_by(
        "opened_at", "id"
    )


def _consultation_entry(section: SectionBuilder, consultation: Consultation, today: date) -> None:
    late = consultation.response_due_on < today
    note = _("dibuka %(opened)s · jawab paling lambat %(due)s") % {
        "opened": long_date(timezone.localtime(consultation.opened_at).date()),
        "due": long_date(consultation.response_due_on),
    }
    if late:
        note += " · " + _("terlambat")
    if consultation.escalation:
        note += " · " + _("dieskalasi")
    section.entry(
        f"{consultation.enterprise.name} · {consultation.get_category_display()}",
        reverse("mentoring:consultation", args=[consultation.pk]),
        note,
        urgent=late,
    )


def participant_sections(user: User) -> list[Section]:
    if not access.participant_enterprises(user).exists():
        return []
    today = timezone.localdate()
    found = []
    mentor = SectionBuilder(
        "mentoring.my_mentor",
        _("Pendamping dan konsultasi saya"),
        order=12,
        see_all=reverse("mentoring:consultations"),
    )
    assignments = (
        access.assignments_for_user(user)
        .filter(enterprise__owner__user_id=user.pk, ended_at__isnull=True)
        .select_related("mentor__user", "mentor__regency", "enterprise")
        .order_by("id")
    )
    for assignment in assignments:
        profile = assignment.mentor
        # The mentor's phone, where the office recorded one, opens WhatsApp; otherwise the consultation.
        phone = getattr(profile, "phone", "") or ""
        mentor.entry(
            str(profile),
            whatsapp_link(phone) if phone else reverse("mentoring:consultation_open"),
            _("pendamping %(enterprise)s · %(regency)s · %(how)s")
            % {
                "enterprise": assignment.enterprise.name,
                "regency": profile.regency.name,
                "how": _("chat WhatsApp") if phone else _("tanya lewat konsultasi"),
            },
            external=bool(phone),
        )
    mine = access.consultations_for_user(user).filter(enterprise__owner__user_id=user.pk)
    counts = mine.aggregate(
        open=Count("pk", filter=Q(status=Consultation.Status.OPEN)),
        answered=Count("pk", filter=Q(status=Consultation.Status.ANSWERED)),
    )
    mentor.figure(
        npgettext_lazy("figure", "konsultasi menunggu jawaban", "konsultasi menunggu jawaban"),
        counts["open"],
        reverse("mentoring:consultations"),
    )
    mentor.figure(
        npgettext_lazy("figure", "konsultasi dijawab", "konsultasi dijawab"),
        counts["answered"],
        reverse("mentoring:consultations"),
    )
    for consultation in mine.select_related("enterprise").order_by("-opened_at", "-id")[:NEXT]:
        mentor.entry(
            f"{consultation.get_category_display()} · {consultation.get_status_display()}",
            reverse("mentoring:consultation", args=[consultation.pk]),
            _("dibuka %(date)s") % {"date": long_date(timezone.localtime(consultation.opened_at).date())},
        )
    mentor.entry(_("Minta bantuan pendamping"), reverse("mentoring:consultation_open"))
    found.append(mentor.build())

    awaited = (
        access.followups_for_user(user)
        .filter(
            enterprise__owner__user_id=user.pk,
            status=FollowUp.Status.PENDING,
            link_expires_on__gte=today,
            due_on__lte=today + timedelta(days=settings.FOLLOWUP_REMIND_BEFORE_DAYS),
        )
        .select_related("enterprise")
        .order_by("due_on", "id")
    )
    figures = SectionBuilder(
        "mentoring.my_followups",
        _("Angka usaha yang ditunggu"),
        order=13,
        empty=_("Tidak ada laporan angka usaha yang ditunggu saat ini."),
    )
    figures.figure(
        npgettext_lazy("figure", "laporan ditunggu", "laporan ditunggu"), awaited.count(), urgent=True
    )
    for followup in awaited[:NEXT]:
        late = followup.due_on < today
        figures.entry(
            _("Isi angka usaha %(enterprise)s: %(months)s bulan setelah pelatihan")
            % {"enterprise": followup.enterprise.name, "months": followup.month_offset},
            followups.link_url(followup).removeprefix(settings.SITE_URL),
            _("jatuh tempo %(date)s") % {"date": long_date(followup.due_on)},
            urgent=late,
        )
    found.append(figures.build())
    return found


def mentor_sections(user: User) -> list[Section]:
    profile = access.mentor_for_user(user)
    if profile is None:
        return []
    today = timezone.localdate()
    mentees = access.assignments_for_user(user).filter(mentor__user_id=user.pk, ended_at__isnull=True)
    visits = (
        access.visits_for_user(user)
        .filter(mentor__user_id=user.pk, status=Visit.Status.PLANNED)
        .select_related("enterprise")
        .order_by("date", "id")
    )
    work = SectionBuilder(
        "mentoring.mentees", _("Dampingan dan kunjungan"), order=10, see_all=reverse("mentoring:mine")
    )
    work.figure(
        npgettext_lazy("figure", "dampingan", "dampingan"), mentees.count(), reverse("mentoring:mine")
    )
    work.figure(
        npgettext_lazy("figure", "kunjungan direncanakan", "kunjungan direncanakan"),
        visits.count(),
        reverse("mentoring:visits"),
    )
    for visit in visits[:NEXT]:
        late = visit.date < today
        work.entry(
            visit.enterprise.name,
            reverse("mentoring:visit_log", args=[visit.enterprise_id]),
            _("kunjungan direncanakan %(date)s") % {"date": long_date(visit.date)}
            + (" · " + _("terlewat") if late else ""),
            urgent=late,
        )

    waiting = _waiting(access.consultations_for_user(user).filter(mentor__user_id=user.pk))
    help_ = SectionBuilder(
        "mentoring.consultations",
        _("Konsultasi menunggu jawaban"),
        order=11,
        see_all=reverse("mentoring:consultations"),
        empty=_("Semua konsultasi sudah dijawab."),
    )
    overdue = waiting.filter(response_due_on__lt=today).count()
    help_.figure(
        npgettext_lazy("figure", "menunggu jawaban", "menunggu jawaban"),
        waiting.count(),
        reverse("mentoring:consultations"),
    )
    help_.figure(
        npgettext_lazy("figure", "terlambat", "terlambat"),
        overdue,
        reverse("mentoring:consultations") + "?terlambat=1",
        urgent=True,
    )
    for consultation in waiting.select_related("enterprise")[:NEXT]:
        _consultation_entry(help_, consultation, today)

    due = (
        access.followups_for_user(user)
        .filter(
            enterprise_id__in=mentees.values("enterprise_id"),
            status=FollowUp.Status.PENDING,
            due_on__lte=today + timedelta(days=30),
        )
        .select_related("enterprise")
        .order_by("due_on", "id")
    )
    chase = SectionBuilder(
        "mentoring.followups_due",
        _("Tindak lanjut jatuh tempo"),
        order=12,
        see_all=reverse("mentoring:followups") + "?status=pending",
        empty=_("Tidak ada tindak lanjut yang jatuh tempo."),
    )
    chase.figure(
        npgettext_lazy(
            "figure", "jatuh tempo dalam 30 hari atau lewat", "jatuh tempo dalam 30 hari atau lewat"
        ),
        due.count(),
        urgent=True,
    )
    for followup in due[:NEXT]:
        late = followup.due_on < today
        chase.entry(
            _("%(enterprise)s: %(months)s bulan")
            % {"enterprise": followup.enterprise.name, "months": followup.month_offset},
            reverse("mentoring:followup_enter", args=[followup.pk]),
            _("jatuh tempo %(date)s") % {"date": long_date(followup.due_on)}
            + (" · " + _("terlambat") if late else ""),
            urgent=late,
        )
    return [work.build(), help_.build(), chase.build()]


def office_sections(user: User) -> list[Section]:
    scope = scope_for_user(user)
    if not (scope.superuser or Membership.Role.ADMIN in scope.roles):
        return []
    today = timezone.localdate()
    gaps = sum(count for _code, count in selectors.gaps(user))
    counts = selectors.consultation_counts(user)
    late_followups = selectors.followup_counts(user)["overdue"]
    section = SectionBuilder(
        "mentoring.office",
        _("Pendampingan di wilayah Anda"),
        order=30,
        see_all=reverse("mentoring:overview"),
    )
    section.figure(
        npgettext_lazy("figure", "lulusan tanpa pendamping", "lulusan tanpa pendamping"),
        gaps,
        reverse("mentoring:overview"),
        urgent=True,
    )
    section.figure(
        npgettext_lazy("figure", "konsultasi terlambat", "konsultasi terlambat"),
        counts["overdue"],
        reverse("mentoring:consultations") + "?terlambat=1",
        urgent=True,
    )
    section.figure(
        npgettext_lazy("figure", "konsultasi dieskalasi", "konsultasi dieskalasi"),
        counts["escalated"],
        reverse("mentoring:consultations"),
        urgent=True,
    )
    section.figure(
        npgettext_lazy("figure", "tindak lanjut terlambat", "tindak lanjut terlambat"),
        late_followups,
        reverse("mentoring:followups") + "?status=pending",
        urgent=True,
    )
    late = _waiting(access.consultations_for_user(user).filter(response_due_on__lt=today))
    for consultation in late.select_related("enterprise")[:NEXT]:
        _consultation_entry(section, consultation, today)
    return [section.build()]


def sections(user: User) -> list[Section]:
    return participant_sections(user) + mentor_sections(user) + office_sections(user)


def register() -> None:
    home_sections.register("mentoring", sections)
    menu_items.register(
        "mentoring.mine",
        MenuItem(gettext_lazy("Dampingan saya"), "mentoring:mine", access.can_see_mentees, order=50),
    )
    menu_items.register(
        "mentoring.overview",
        MenuItem(gettext_lazy("Pendampingan"), "mentoring:overview", access.can_see_overview, order=51),
    )
    menu_items.register(
        "mentoring.consultations",
        MenuItem(
            gettext_lazy("Konsultasi"), "mentoring:consultations", access.can_see_consultations, order=52
        ),
    )
    menu_items.register(
        "mentoring.visits",
        MenuItem(gettext_lazy("Kunjungan"), "mentoring:visits", access.can_see_overview, order=53),
    )
    menu_items.register(
        "mentoring.followups",
        MenuItem(gettext_lazy("Tindak lanjut"), "mentoring:followups", access.can_see_overview, order=54),
    )
    menu_items.register(
        "mentoring.scorecard",
        MenuItem(gettext_lazy("Rapor pendamping"), "mentoring:scorecard", access.can_see_scorecard, order=55),
    )
