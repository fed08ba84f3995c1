"""The demo's mentors: one pendamping in every Central Java regency/city (`mentor` in Kota Semarang),
matched to the 2021 graduates of their own regency/city. Small regencies' mentors fill up, so the
dashboard shows the gaps a real office would have to fill."""

import math
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from naikkelas.accounts.models import Membership, Organisation, User
from naikkelas.accounts.services.organisations import membership_grant
from naikkelas.core.dates import add_months, first_of_month
from naikkelas.mentoring.models import (
    Consultation,
    ConsultationMessage,
    FollowUp,
    Mentor,
    MentorAssignment,
    Visit,
)
from naikkelas.mentoring.services import consultations, followups, matching, mentors
from naikkelas.mentoring.services.followups import report_period
from naikkelas.programs.models import Program
from naikkelas.registry.demo import PARTICIPANT
from naikkelas.registry.models import MetricReport, Sector
from naikkelas.selection.demo import apportion
from naikkelas.selection.models import Application, Graduation

JAKARTA = ZoneInfo("Asia/Jakarta")

CAPACITY = 5
SEMARANG_CAPACITY = 12


def mentoring_demo_load(*, seed: int = 2021) -> dict[str, int]:
    if Mentor.objects.exists():
        return {"mentors": 0, "matched": 0, "gaps": 0}
    rng = random.Random(seed)
    offices = (
        Organisation.objects.filter(kind=Organisation.Kind.REGENCY_OFFICE, region__province_code="33")
        .select_related("region")
        .order_by("region__code")
    )
    with transaction.atomic():
        for office in offices:
            region = office.region
            assert region is not None
            if region.code == "33.74":
                user = User.objects.get(username="mentor")
                capacity = SEMARANG_CAPACITY
            else:
                user = User(
                    username=f"pendamping-{region.code.replace('.', '')}",
                    first_name="Pendamping",
                    last_name=region.name,
                )
                user.set_unusable_password()
                user.save()
                membership_grant(user=user, organisation=office, role=Membership.Role.MENTOR)
                capacity = CAPACITY
            sectors = rng.sample(list(Sector.values), 3)
            mentors.mentor_create(actor=None, user=user, regency=region, sectors=sectors, capacity=capacity)
        report = matching.graduates_match(actor=None)
    return {"mentors": offices.count(), "matched": report.assigned, "gaps": sum(report.gaps.values())}


# DESIGN.md §1: twelve months after level 2, the 106 turned over Rp 5.37 bn a month, held Rp 12.34 bn of
# assets and employed 583 people.
LEVEL2_AFTER_12_MONTHS = {"omzet": 5_370_000_000, "aset": 12_340_000_000, "workers": 583}
METRICS = ("omzet", "aset", "workers")
MENTOR_SHARE_OF_12_MONTHS = 0.2  # answered by the mentor on a visit, which confirms the figures


def _reported_at(rng: random.Random, due: date) -> datetime:
    day = due + timedelta(days=rng.randint(-6, 12))
    return datetime(day.year, day.month, day.day, rng.randint(8, 20), rng.randint(0, 59), tzinfo=JAKARTA)


def _between(start: dict[str, int], end: dict[str, int], share: float, rng: random.Random) -> dict[str, int]:
    wobble = rng.uniform(0.9, 1.1)
    values = {name: round(start[name] + (end[name] - start[name]) * share * wobble) for name in METRICS}
    values["omzet"] = round(values["omzet"], -5)
    values["aset"] = round(values["aset"], -5)
    values["workers"] = max(1, values["workers"])
    return values


# The demo's turnover growth (docs/outcomes.md, "The demo's figures"): over the 12 months after the Dasar
# batch, log growth = A + GROWTH_SLOPE × (score − the batch's cutoff) + noise, plus the planted effect of
# being offered a Dasar seat (+8 %), whatever follows the offer. A is set so that the level-2 graduates'
# 12-month figures, drawn from the same line, add up to the seed's totals: they grow through their
# score, not through a jump at the cutoff, and the regression discontinuity should find about +8 %.
PLANTED_OFFER_EFFECT = math.log(1.08)
GROWTH_SLOPE = 0.3
GROWTH_NOISE = 0.25


@dataclass(frozen=True)
class _Scored:
    centred: float
    offered: bool
    batch_end: date
    noise: float


def _dasar_scores(program: Program) -> dict[int, _Scored]:
    """Each ranked Dasar applicant's score centred at their batch's last selected score, and the offer."""
    rows = list(
        Application.objects.filter(level__program=program, level__rank=1, score__isnull=False)
        .exclude(
            status__in=[
                Application.Status.SUBMITTED,
                Application.Status.ELIGIBLE,
                Application.Status.INELIGIBLE,
            ]
        )
        .order_by("enterprise_id")
        .values_list("enterprise_id", "batch_id", "batch__end_date", "score", "status")
    )
    cutoffs: dict[int, float] = {}
    for _e, batch, _end, score, status in rows:
        if status == Application.Status.SELECTED:
            cutoffs[batch] = min(cutoffs.get(batch, math.inf), float(score or 0))
    noise = random.Random(16)  # its own stream: the rest of the story keeps its draws
    return {
        enterprise: _Scored(float(score or 0) - cutoffs[batch], status == Application.Status.SELECTED, end, noise.gauss(0, GROWTH_NOISE))
        for enterprise, batch, end, score, status in rows
        if batch in cutoffs
    }  # fmt: skip


def _months(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def _figures_story(rng: random.Random, program: Program) -> dict[str, int]:
    """Follow-up figures: every level-2 graduate at 12 months (adding up to the seed's totals), most at 3
    and 6 months; level-1-only graduates and the comparison group in part, growing with their score
    (plus the planted effect of the offer); level-2 graduates also at 12 months after Dasar."""
    baselines: dict[int, dict[str, int]] = {}
    for report in MetricReport.objects.filter(source=MetricReport.Source.APPLICATION).order_by(
        "period", "id"
    ):
        baselines[report.enterprise_id] = {name: getattr(report, name) for name in METRICS}  # the latest wins
    level2 = set(
        Graduation.objects.filter(level__program=program, level__rank=2).values_list(
            "enterprise_id", flat=True
        )
    )
    followups = list(FollowUp.objects.filter(program=program).select_related("enterprise").order_by("id"))
    twelve = sorted(
        (f for f in followups if f.enterprise_id in level2 and f.month_offset == 12), key=lambda f: f.pk
    )
    scored = _dasar_scores(program)
    first = {a.enterprise_id: a.baseline for a in Application.objects.filter(
        level__program=program, level__rank=1).select_related("baseline")}  # fmt: skip

    def line(enterprise_id: int) -> float:  # the 12-month log growth without the intercept
        s = scored[enterprise_id]
        return GROWTH_SLOPE * s.centred + PLANTED_OFFER_EFFECT * s.offered + s.noise

    horizon = {
        f.enterprise_id: _months(scored[f.enterprise_id].batch_end, report_period(f, f.due_on + timedelta(days=20))) / 12
        for f in twelve if f.enterprise_id in scored
    }  # fmt: skip
    # the intercept that makes the level-2 graduates' figures at their horizon add up to the seed's omzet
    known = [f.enterprise_id for f in twelve if f.enterprise_id in horizon]
    intercept = 0.0
    if known:
        wanted = LEVEL2_AFTER_12_MONTHS["omzet"] * len(known) / len(twelve)
        low, high = -3.0, 3.0
        for _step in range(60):  # bisection: the total rises with the intercept
            intercept = (low + high) / 2
            total = sum(first[e].omzet * math.exp(horizon[e] * (intercept + line(e))) for e in known)
            low, high = (intercept, high) if total < wanted else (low, intercept)
    growth = {
        f.enterprise_id: math.exp(horizon[f.enterprise_id] * (intercept + line(f.enterprise_id)))
        * first[f.enterprise_id].omzet / max(baselines[f.enterprise_id]["omzet"], 1)
        if f.enterprise_id in horizon else rng.lognormvariate(0, 0.35)
        for f in twelve
    }  # fmt: skip
    columns = {
        name: apportion(total, [round(baselines[f.enterprise_id][name] * growth[f.enterprise_id]) for f in twelve],
                        unit=100_000 if name != "workers" else 1, minimum=1 if name == "workers" else 0)
        for name, total in LEVEL2_AFTER_12_MONTHS.items()
    }  # fmt: skip
    target = {f.enterprise_id: {name: columns[name][i] for name in METRICS} for i, f in enumerate(twelve)}
    mentor_of = dict(
        MentorAssignment.objects.filter(ended_at__isnull=True).values_list("enterprise_id", "mentor_id")
    )
    reports: list[tuple[FollowUp, dict[str, int], str]] = []
    for followup in followups:
        start = baselines.get(followup.enterprise_id)
        if start is None:
            continue
        if followup.enterprise_id in level2:
            end = target[followup.enterprise_id]
            if followup.month_offset == 12:
                reports.append(
                    (followup, end, "mentor" if rng.random() < MENTOR_SHARE_OF_12_MONTHS else "link")
                )
            elif rng.random() < (0.9 if followup.month_offset == 3 else 0.95):
                reports.append((followup, _between(start, end, followup.month_offset / 12, rng), "link"))
            continue
        if followup.enterprise_id in scored:
            factor = math.exp(intercept + line(followup.enterprise_id))
            grown = {"omzet": int(round(start["omzet"] * factor, -5)), "aset": int(round(start["aset"] * math.sqrt(factor), -5)),
                     "workers": max(1, round(start["workers"] * math.sqrt(factor)))}  # fmt: skip
        else:
            grown = {name: round(start[name] * rng.uniform(0.95, 1.45 if followup.group == "participant" else 1.25))
                     for name in METRICS}  # fmt: skip
        answers = 0.7 if followup.group == FollowUp.Group.PARTICIPANT else 0.5
        if rng.random() < answers:
            shown = (
                grown
                if followup.month_offset == 12
                else _between(start, grown, followup.month_offset / 12, rng)
            )
            reports.append((followup, shown, "link"))
    made = [
        MetricReport(
            enterprise_id=f.enterprise_id, period=report_period(f, f.due_on + timedelta(days=20)),
            source=MetricReport.Source.MENTOR_VISIT if via == "mentor" else MetricReport.Source.FOLLOW_UP,
            note=f"Tindak lanjut {f.month_offset} bulan", **figures,
        )
        for f, figures, via in reports
    ]  # fmt: skip
    # level-2 graduates' figures 12 months after their Dasar batch too (on their path to the seed's
    # figures), so that both sides of the Dasar cutoff are measured in the same month
    extra = []
    for f in twelve:
        if f.enterprise_id not in horizon or horizon[f.enterprise_id] <= 1:
            continue
        s12 = scored[f.enterprise_id]
        dasar, seed_end = first[f.enterprise_id], target[f.enterprise_id]
        share = 1 / horizon[f.enterprise_id]
        figures = {
            "omzet": int(round(dasar.omzet * (seed_end["omzet"] / max(dasar.omzet, 1)) ** share, -5)),
            "aset": int(round(dasar.aset * (seed_end["aset"] / max(dasar.aset, 1)) ** share, -5)),
            "workers": max(1, round(dasar.workers * (seed_end["workers"] / max(dasar.workers, 1)) ** share)),
        }
        period = first_of_month(first_of_month(add_months(s12.batch_end, 12)) - timedelta(days=1))
        mentored = f.enterprise_id in mentor_of
        extra.append(MetricReport(
            enterprise_id=f.enterprise_id, period=period, note="12 bulan sesudah Dasar", **figures,
            source=MetricReport.Source.MENTOR_VISIT if mentored else MetricReport.Source.FOLLOW_UP,
        ))  # fmt: skip
    MetricReport.objects.bulk_create(made + extra, batch_size=1000)
    mentor_users = dict(Mentor.objects.values_list("id", "user_id"))
    visits = []
    for (followup, _figures, via), report in zip(reports, made, strict=True):
        followup.status = FollowUp.Status.REPORTED
        followup.report = report
        followup.reported_at = _reported_at(rng, followup.due_on)
        followup.via = (
            FollowUp.Via.MENTOR
            if via == "mentor" and followup.enterprise_id in mentor_of
            else FollowUp.Via.LINK
        )
        followup.reminders_sent = 1
        if followup.via == FollowUp.Via.MENTOR:
            followup.reported_by_id = mentor_users[mentor_of[followup.enterprise_id]]
            visits.append(
                Visit(
                    mentor_id=mentor_of[followup.enterprise_id], enterprise_id=followup.enterprise_id,
                    status=Visit.Status.DONE, date=followup.reported_at.date(), planned_on=followup.due_on,
                    mode=Visit.Mode.VISIT, topics="Tindak lanjut 12 bulan: omzet, aset, tenaga kerja",
                    report=report, province_code=followup.province_code, regency_code=followup.regency_code,
                )
            )  # fmt: skip
    FollowUp.objects.bulk_update(
        [f for f, _figures, _via in reports],
        ["status", "report", "reported_at", "via", "reminders_sent", "reported_by"],
        batch_size=500,
    )
    Visit.objects.bulk_create(visits)
    return {"reports": len(made), "mentor_confirmed": len(visits)}


TOPICS = [
    ("Pembukuan sederhana", "Uang usaha dan rumah tangga masih tercampur", "Pisahkan kas usaha"),
    ("Foto produk untuk marketplace", "Foto gelap, deskripsi kurang", "Unggah 10 produk dengan foto baru"),
    ("Izin PIRT dan sertifikat halal", "Belum punya NIB berbasis risiko", "Daftar NIB di OSS"),
    ("Harga pokok produksi", "Harga jual di bawah HPP untuk dua produk", "Hitung ulang HPP semua produk"),
    ("Kemasan dan label", "Label tanpa komposisi dan tanggal kedaluwarsa", "Cetak label baru"),
    ("Akses KUR", "Belum punya laporan keuangan tiga bulan", "Susun laporan tiga bulan terakhir"),
]


def _visits_story(rng: random.Random) -> int:
    """Through 2022 every mentee had a visit, call or online meeting about every two months, planned
    ahead; about one plan in ten did not happen."""
    visits = []
    for assignment in MentorAssignment.objects.filter(ended_at__isnull=True).order_by("id"):
        for month in range(1, 13, 2):
            planned = date(2022, month, rng.randint(3, 24))
            topic, problem, action = rng.choice(TOPICS)
            done = rng.random() > 0.1
            actual = planned + timedelta(days=rng.randint(0, 5)) if done else planned
            visits.append(
                Visit(
                    mentor_id=assignment.mentor_id, enterprise_id=assignment.enterprise_id,
                    status=Visit.Status.DONE if done else Visit.Status.PLANNED, date=actual, planned_on=planned,
                    mode=rng.choices(list(Visit.Mode.values), weights=[6, 3, 1])[0], topics=topic,
                    problems=problem if done else "",
                    actions=[{"text": action, "due": (actual + timedelta(days=21)).isoformat()}] if done else [],
                    province_code=assignment.province_code, regency_code=assignment.regency_code,
                )
            )  # fmt: skip
    Visit.objects.bulk_create(visits, batch_size=1000)
    return len(visits)


QUESTIONS = [
    (
        "marketing",
        "Pesanan turun setelah Lebaran. Bagaimana menarik pembeli baru di luar kota?",
        "Coba daftar di dua marketplace dan buat paket oleh-oleh; saya kirim contoh deskripsi produk.",
    ),
    (
        "finance",
        "Saya ingin mengajukan KUR Rp 50 juta. Dokumen apa yang perlu disiapkan?",
        "Siapkan NIB, laporan keuangan tiga bulan dan rencana penggunaan dana; kita susun bersama Kamis.",
    ),
    (
        "production",
        "Bandeng presto saya cepat basi saat dikirim jauh. Apa solusinya?",
        "Gunakan kemasan vakum dan kotak styrofoam dengan es gel; Dinas punya alat vakum yang bisa dipinjam.",
    ),
    (
        "legal",
        "Apakah usaha rumahan saya wajib sertifikat halal?",
        "Ya, untuk makanan olahan wajib bertahap; daftar lewat program SEHATI yang gratis untuk usaha mikro.",
    ),
    (
        "digital",
        "Bagaimana cara membuat katalog WhatsApp Business?",
        "Buka Alat Bisnis > Katalog, unggah foto dan harga; saya bantu saat kunjungan minggu depan.",
    ),
    (
        "other",
        "Ada pameran UMKM di provinsi bulan depan? Saya ingin ikut.",
        "Ada, Gelar Produk Jateng 12–14 Oktober; pendaftaran lewat Dinas sampai akhir bulan ini.",
    ),
]


def _consultations_story(rng: random.Random) -> dict[str, int]:
    """Consultations in 2022 (most answered in time, some late and escalated), and a few opened in the
    last days so the queues and dashboards show what is due and overdue today."""
    assignments = list(
        MentorAssignment.objects.filter(ended_at__isnull=True).select_related(
            "enterprise__owner", "mentor__user"
        )
    )
    owners = {a.enterprise_id: a.enterprise.owner.user_id for a in assignments}
    staff_user = {a.mentor_id: a.mentor.user_id for a in assignments}
    fallback = User.objects.filter(username=PARTICIPANT["username"]).first()
    made = 0
    for assignment in rng.sample(assignments, min(80, len(assignments))):
        day = date(2022, rng.randint(1, 11), rng.randint(1, 28))
        while day.weekday() >= 5:
            day += timedelta(days=1)
        category, question, answer = rng.choice(QUESTIONS)
        opened = datetime(
            day.year, day.month, day.day, rng.randint(7, 20), rng.randint(0, 59), tzinfo=JAKARTA
        )
        due = consultations.response_due(day)
        late = rng.random() < 0.15
        answered = opened + timedelta(
            days=rng.randint(4, 9) if late else rng.choice([0, 0, 1, 1, 2]), hours=2
        )
        opener_id = owners[assignment.enterprise_id] or (
            fallback.pk if fallback else staff_user[assignment.mentor_id]
        )
        consultation = Consultation.objects.create(
            enterprise_id=assignment.enterprise_id, mentor_id=assignment.mentor_id, opened_by_id=opener_id,
            category=category, description=question, status=Consultation.Status.CLOSED, opened_at=opened,
            response_due_on=due, first_response_at=answered, last_answer_at=answered,
            closed_at=answered + timedelta(days=rng.randint(1, 7)), province_code=assignment.province_code,
            regency_code=assignment.regency_code,
        )  # fmt: skip
        level = consultations.escalation_due(
            Consultation(status="open", response_due_on=due, escalation=0), consultations.local_date(answered)
        )
        if level:
            consultation.escalation = level
            consultation.escalated_at = answered - timedelta(hours=1)
            consultation.save(update_fields=["escalation", "escalated_at"])
        ConsultationMessage.objects.create(
            consultation=consultation,
            author_id=staff_user[assignment.mentor_id],
            body=answer,
            created_at=answered,
        )
        made += 1
    # Now: in Kota Semarang (the `mentor` login) and two other regencies, requests of the last days.
    now = timezone.now()
    first_of: dict[str, MentorAssignment] = {}
    for candidate in sorted(assignments, key=lambda a: a.pk):
        first_of.setdefault(candidate.regency_code, candidate)
    recent = [a for a in assignments if a.regency_code == "33.74"] + [
        first_of[code] for code in ("33.19", "33.01", "33.72", "33.17", "33.26") if code in first_of
    ]
    for index, assignment in enumerate(recent):
        category, question, answer = QUESTIONS[index % len(QUESTIONS)]
        days_ago = [9, 6, 4, 1, 8, 0, 3][index % 7]
        opener_id = owners[assignment.enterprise_id] or (
            fallback.pk if fallback else staff_user[assignment.mentor_id]
        )
        opener = User.objects.get(pk=opener_id)
        consultation = consultations.consultation_open(
            actor=opener, enterprise=assignment.enterprise, category=category, description=question,
            now=now - timedelta(days=days_ago),
        )  # fmt: skip
        if index in (1, 5):
            consultations.consultation_reply(
                actor=assignment.mentor.user, consultation=consultation, body=answer,
                now=now - timedelta(days=max(days_ago - 1, 0)),
            )  # fmt: skip
        made += 1
    tick = consultations.consultations_tick(now=now)
    return {"consultations": made, "escalated": tick.escalated_regency}


def _participant_link(program: Program) -> str:
    """The demo participant's (Sri Wahyuni's) 3-month follow-up was never answered: a fresh link, valid
    now, lets anyone trying the demo report it from a phone."""
    followup = (
        FollowUp.objects.filter(program=program, enterprise__owner__user__username=PARTICIPANT["username"])
        .order_by("month_offset")
        .first()
    )
    if followup is None:
        return ""
    if followup.status == FollowUp.Status.REPORTED and followup.report is not None:
        report = followup.report
        FollowUp.objects.filter(pk=followup.pk).update(
            status=FollowUp.Status.PENDING, report=None, reported_at=None, via=""
        )
        report.delete()
        followup.refresh_from_db()
    followups.followup_link_renew(actor=None, followup=followup)
    return followups.link_url(followup)


def mentoring_story_load(*, seed: int = 2022) -> dict[str, Any]:
    """2022 after the training: follow-ups, visits, consultations (run once, after the mentors)."""
    program = Program.objects.filter(year=2021).order_by("id").first()
    if program is None or FollowUp.objects.exists():
        return {"reports": 0, "visits": 0, "consultations": 0, "escalated": 0, "link": ""}
    rng = random.Random(seed)
    with transaction.atomic():
        followups.followups_schedule(program=program)
        figures = _figures_story(rng, program)
        visits = _visits_story(rng)
        talks = _consultations_story(rng)
        link = _participant_link(program)
    return {**figures, "visits": visits, **talks, "link": link}
