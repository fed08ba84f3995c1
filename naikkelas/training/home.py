"""Training's part of the home page (accounts.home): the participant's batches, certificates and
assignments due; the trainer's batches, today's sessions and submissions to grade; the office's batches
running today. Every count is read through training.access."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, npgettext_lazy

from naikkelas.accounts.access import scope_for_user
from naikkelas.accounts.home import MenuItem, Section, SectionBuilder, home_sections, menu_items
from naikkelas.accounts.models import User
from naikkelas.core.formats import long_date, time_of_day
from naikkelas.programs.access import batches_for_user
from naikkelas.programs.models import Batch
from naikkelas.training import access
from naikkelas.training.models import Assignment, Session, Submission

NEXT = 5


def _dates(batch: Batch) -> str:
    return f"{long_date(batch.start_date)} – {long_date(batch.end_date)}"


def participant_sections(user: User) -> list[Section]:
    enrolments = list(
        access.own_enrolments(user)
        .select_related("batch__level", "certificate")
        .order_by("-batch__start_date", "-id")
    )
    if not enrolments:
        return []
    today = timezone.localdate()
    batches = SectionBuilder(
        "training.my_batches", _("Pelatihan saya"), order=10, see_all=reverse("training:mine")
    )
    certified = [e for e in enrolments if hasattr(e, "certificate") and e.certificate.revoked_at is None]
    batches.figure(
        npgettext_lazy("figure", "angkatan diikuti", "angkatan diikuti"),
        len(enrolments),
        reverse("training:mine"),
    )
    batches.figure(
        npgettext_lazy("figure", "sertifikat", "sertifikat"), len(certified), reverse("training:mine")
    )
    for enrolment in enrolments:
        batch = enrolment.batch
        batches.entry(batch.title, reverse("training:mine"), f"{batch.level.name} · {_dates(batch)}")
    for enrolment in certified:
        batches.entry(
            _("Sertifikat %(level)s: %(batch)s")
            % {"level": enrolment.batch.level.name, "batch": enrolment.batch.title},
            reverse("training:certificate_pdf", args=[enrolment.certificate.pk]),
            _("nomor %(number)s") % {"number": enrolment.certificate.number},
        )
    # Assignments still to send: of enrolments still in training (graduation not decided), those with
    # no submission or one sent back for revision.
    open_enrolments = [e.pk for e in enrolments if e.graduated is None and e.status == e.Status.ACTIVE]
    if not open_enrolments:  # training is over: nothing more to send
        return [batches.build()]
    done = (
        access.submissions_for_user(user)
        .filter(
            enrolment_id__in=open_enrolments, status__in=[Submission.Status.SUBMITTED, Submission.Status.PASS]
        )
        .values("assignment_id")
    )
    due = (
        Assignment.objects.filter(batch__enrolments__in=open_enrolments)
        .exclude(pk__in=done)
        .select_related("batch")
        .order_by("due_on", "id")
    )
    tasks = SectionBuilder(
        "training.my_assignments",
        _("Tugas yang perlu dikirim"),
        order=11,
        see_all=reverse("training:mine"),
        empty=_("Tidak ada tugas yang perlu dikirim."),
    )
    tasks.figure(
        npgettext_lazy("figure", "tugas perlu dikirim", "tugas perlu dikirim"),
        due.count(),
        reverse("training:mine"),
        urgent=True,
    )
    for assignment in due[:NEXT]:
        late = assignment.due_on < today
        note = _("batas %(date)s") % {"date": long_date(assignment.due_on)}
        tasks.entry(
            assignment.title,
            reverse("training:assignment_submit", args=[assignment.pk]),
            f"{note} · {_('terlambat')}" if late else note,
            urgent=late,
        )
    return [batches.build(), tasks.build()]


def trainer_sections(user: User) -> list[Section]:
    trained = access.trained_batches_for_user(user)
    if not trained.exists():
        return []
    today = timezone.localdate()
    batches = SectionBuilder(
        "training.trained_batches", _("Angkatan yang saya latih"), order=10, see_all=reverse("training:mine")
    )
    running = trained.filter(start_date__lte=today, end_date__gte=today)
    batches.figure(
        npgettext_lazy("figure", "angkatan", "angkatan"), trained.count(), reverse("training:mine")
    )
    batches.figure(
        npgettext_lazy("figure", "berlatih hari ini", "berlatih hari ini"),
        running.count(),
        reverse("training:mine"),
    )
    sessions = (
        Session.objects.filter(batch__in=trained, date=today)
        .select_related("batch")
        .order_by("start_time", "id")
    )
    for session in sessions:
        batches.entry(
            _("Hari ini: %(topic)s") % {"topic": session.topic},
            reverse("training:attendance", args=[session.batch_id, today.isoformat()]),
            _("%(batch)s · %(start)s–%(end)s · tandai kehadiran")
            % {
                "batch": session.batch.title,
                "start": time_of_day(session.start_time),
                "end": time_of_day(session.end_time),
            },
        )
    for batch in trained.select_related("level").order_by("-start_date", "title")[:NEXT]:
        batches.entry(
            batch.title, reverse("training:batch", args=[batch.pk]), f"{batch.level.name} · {_dates(batch)}"
        )

    waiting = (
        access.submissions_for_user(user)
        .filter(status=Submission.Status.SUBMITTED, assignment__batch__in=trained)
        .select_related("assignment", "enrolment__application__enterprise")
        .order_by("submitted_at", "id")
    )
    grading = SectionBuilder(
        "training.to_grade",
        _("Jawaban menunggu dinilai"),
        order=11,
        see_all=reverse("training:mine"),  # each batch's grid, from his list of batches
        empty=_("Tidak ada jawaban yang menunggu dinilai."),
    )
    grading.figure(
        npgettext_lazy("figure", "jawaban menunggu dinilai", "jawaban menunggu dinilai"),
        waiting.count(),
        urgent=True,
    )
    for submission in waiting[:NEXT]:
        grading.entry(
            f"{submission.enrolment.application.enterprise.name} · {submission.assignment.title}",
            reverse("training:submission", args=[submission.pk]),
            _("dikirim %(date)s") % {"date": long_date(timezone.localtime(submission.submitted_at).date())},
        )
    return [batches.build(), grading.build()]


def office_sections(user: User) -> list[Section]:
    """Regional staff: the batches of their scope that are training today, with their attendance."""
    if not scope_for_user(user).is_regional:
        return []
    today = timezone.localdate()
    running = (
        batches_for_user(user)
        .filter(start_date__lte=today, end_date__gte=today)
        .annotate(people=Count("enrolments", filter=Q(enrolments__in=access.enrolments_for_user(user))))
        .order_by("start_date", "title", "id")
    )
    section = SectionBuilder(
        "training.running",
        _("Angkatan berjalan hari ini"),
        order=20,
        see_all=reverse("selection:batch_list"),
        empty=_("Tidak ada angkatan yang berlatih hari ini."),
    )
    section.figure(
        npgettext_lazy("figure", "angkatan berlatih hari ini", "angkatan berlatih hari ini"), running.count()
    )
    for batch in running[:NEXT]:
        section.entry(
            batch.title,
            reverse("training:batch", args=[batch.pk]),
            f"{_dates(batch)} · "
            + ngettext("%(count)s peserta", "%(count)s peserta", batch.people) % {"count": batch.people},
        )
    return [section.build()]


def sections(user: User) -> list[Section]:
    return participant_sections(user) + trainer_sections(user) + office_sections(user)


def register() -> None:
    home_sections.register("training", sections)
    menu_items.register(
        "training.mine",
        MenuItem(gettext_lazy("Pelatihan saya"), "training:mine", access.has_own_training, order=40),
    )
