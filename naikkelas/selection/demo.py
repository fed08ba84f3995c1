"""The demo's 2021 program: Balatkop Jawa Tengah's tiered training, its calls and their selection.

Every regency/city office runs a level-1 (Dasar) batch; 160 seats in all, shared in proportion to the
applicants. All 2,264 registry enterprises applied to their own regency's batch in March 2021; two
reviewers (`penilai`, `penilai2`) scored every eligible one; each batch was run and published on
15 April 2021. After training (training/demo.py) the offices nominate 106 graduates to the province's
two level-2 (Menengah) batches (`pathway_demo_load`). This year's call of Kota Semarang is open today,
to try the public form.
"""

import math
import random
import secrets
from collections import defaultdict
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from naikkelas.accounts.models import Membership, Organisation, User
from naikkelas.accounts.services.organisations import membership_grant
from naikkelas.notify.models import ChannelConsent
from naikkelas.notify.services.consent import CONSENT_VERSION, address_of
from naikkelas.programs.models import Batch, Level, Program, Tier
from naikkelas.programs.services.batches import batch_create
from naikkelas.programs.services.levels import level_create
from naikkelas.programs.services.programs import program_create, program_update
from naikkelas.regions.codes import region_codes
from naikkelas.registry.demo import DEMO_PASSWORD, PARTICIPANT, PROVINCE_CENTRE
from naikkelas.registry.models import Enterprise, MetricReport
from naikkelas.selection import eligibility, scoring
from naikkelas.selection.graduations import graduations_from
from naikkelas.selection.models import Application, Review
from naikkelas.selection.services import applications as application_services
from naikkelas.selection.services import pathway, runs

JAKARTA = ZoneInfo("Asia/Jakarta")
SEATS_2021 = 160
LEVEL2_SEATS = 106
# Applicants who also agreed to be asked for figures later if not selected (the comparison group).
FOLLOW_UP_CONSENT_SHARE = 0.6
# DESIGN.md §1: the 106 who reached level 2 turned over Rp 2.4 bn a month with Rp 7.36 bn of assets and
# 279 workers when they applied to it (their nomination figures, June 2021).
LEVEL2_BASELINE = {"omzet": 2_400_000_000, "aset": 7_360_000_000, "workers": 279}
PROGRAM_NAME = "Pelatihan Berjenjang UMKM"
PUBLISHED_AT = datetime(2021, 4, 15, 10, 0, tzinfo=JAKARTA)
QUESTIONS = [
    "Apa masalah terbesar usaha Anda saat ini?",
    "Apa yang ingin Anda capai dalam satu tahun setelah pelatihan?",
]
ANSWERS = [
    ("Pemasaran masih dari mulut ke mulut.", "Berjualan lewat marketplace dan menambah dua pekerja."),
    ("Pembukuan tercampur dengan uang rumah tangga.", "Punya laporan keuangan bulanan dan akses KUR."),
    ("Kemasan kurang menarik.", "Produk masuk toko oleh-oleh di kota lain."),
    ("Belum punya izin PIRT dan halal.", "Mengurus izin lalu menjual ke swalayan."),
]
REVIEWERS = [("penilai", "Penilai Pertama"), ("penilai2", "Penilai Kedua")]


def selection_demo_loaded() -> bool:
    return Program.objects.filter(name=PROGRAM_NAME, year=2021).exists()


def selection_demo_load(*, seed: int = 2021) -> dict[str, int]:
    """Create the 2021 program, its batches, the applications and a published selection."""
    if selection_demo_loaded():
        return {"applications": 0}
    rng = random.Random(seed)
    province = Organisation.objects.get(name=PROVINCE_CENTRE)
    offices = {
        office.region.code: office  # type: ignore[union-attr]
        for office in Organisation.objects.filter(
            kind=Organisation.Kind.REGENCY_OFFICE, region__province_code="33"
        ).select_related("region")
    }
    with transaction.atomic():
        program = program_create(actor=None, name=PROGRAM_NAME, year=2021, owner=province)
        level1 = level_create(
            actor=None,
            program=program,
            rank=1,
            name="Dasar",
            tier=Tier.REGENCY,
            motivation_questions=QUESTIONS,
        )
        level2 = level_create(
            actor=None, program=program, rank=2, name="Menengah", tier=Tier.PROVINCE,
            motivation_questions=QUESTIONS,
        )  # fmt: skip
        reviewers = _reviewers(list(offices.values()))
        enterprises = list(
            Enterprise.objects.filter(province_code="33").select_related("owner").order_by("id")
        )
        baselines = {
            r.enterprise_id: r
            for r in MetricReport.objects.filter(
                source=MetricReport.Source.APPLICATION, period=date(2021, 2, 1)
            )
        }
        by_regency: dict[str, list[Enterprise]] = defaultdict(list)
        for enterprise in enterprises:
            by_regency[enterprise.regency_code].append(enterprise)
        capacities = _share_seats({code: len(items) for code, items in by_regency.items()}, SEATS_2021)
        batches = {
            code: _level1_batch(level1, offices[code], capacities[code]) for code in sorted(by_regency)
        }
        applications = _applications(rng, batches, by_regency, baselines)
        _earlier_months(applications)
        _reviews(rng, applications, reviewers, level1)
        for batch in batches.values():
            runs.selection_run(actor=None, batch=batch)
        _favour_participant(batches)
        for batch in batches.values():
            runs.selection_publish(actor=None, batch=batch)
        Batch.objects.filter(pk__in=[b.pk for b in batches.values()]).update(published_at=PUBLISHED_AT)
        [
            batch_create(
                actor=None,
                level=level2,
                organiser=province,
                title=f"Menengah 2021 Angkatan {number}",
                venue="Balatkop UKM Jawa Tengah, Semarang",
                start_date=start,
                capacity=LEVEL2_SEATS // 2,
                opens_on=date(2021, 6, 1),
                closes_on=date(2021, 7, 15),
            )
            for number, start in ((1, date(2021, 8, 9)), (2, date(2021, 8, 23)))
        ]
        _open_call_now(province, offices["33.74"])
        # 2021 is over: its batches run on, but offices open new ones only in this year's program.
        program_update(actor=None, program=program, status=Program.Status.CLOSED)
    return {"applications": len(applications)}


def pathway_demo_loaded() -> bool:
    return Application.objects.filter(
        level__rank=2, level__program__name=PROGRAM_NAME, nominated_by__isnull=False
    ).exists()


def pathway_demo_load(*, seed: int = 2021) -> dict[str, int]:
    """After Dasar: the offices nominate 106 graduates to Menengah; the province reviews, runs and
    publishes its selection on 30 July 2021 (every nominee fits the 106 seats)."""
    if pathway_demo_loaded():
        return {"nominated": 0}
    level2 = list(
        Batch.objects.filter(
            level__program__name=PROGRAM_NAME, level__program__year=2021, level__rank=2
        ).order_by("id")
    )
    level1 = Level.objects.filter(program__name=PROGRAM_NAME, program__year=2021, rank=1).order_by("id")
    graduates = [fact for level in level1 for fact in graduations_from(level.pk)]  # in recorded order
    applications = {
        a.enterprise_id: a
        for a in Application.objects.filter(
            level__rank=1, level__program__year=2021, status=Application.Status.SELECTED
        ).select_related("enterprise__owner")
    }
    ranked = sorted(
        enumerate(graduates),
        key=lambda item: (
            applications[item[1].enterprise_id].enterprise.owner.user_id is None,
            -(applications[item[1].enterprise_id].score or 0),
            item[0],
        ),
    )
    chosen = [fact for _order, fact in sorted(ranked[:LEVEL2_SEATS])]
    batches = Batch.objects.select_related("organiser").in_bulk([fact.batch_id for fact in chosen])
    admins: dict[int, User] = {}
    rng = random.Random(seed)
    with transaction.atomic():
        _nomination_figures([applications[fact.enterprise_id].enterprise for fact in chosen])
        for index, graduation in enumerate(chosen):
            assert graduation.batch_id is not None
            batch = batches[graduation.batch_id]
            actor = admins.get(batch.organiser_id) or _office_admin(batch.organiser)
            admins[batch.organiser_id] = actor
            pathway.nominate(
                actor=actor, organisation=batch.organiser, from_batch=batch, to_batch=level2[index % len(level2)],
                applications=[applications[graduation.enterprise_id]],
            )  # fmt: skip
        province = level2[0].organiser
        reviewers = list(
            User.objects.filter(username__in=[name for name, _full in REVIEWERS]).order_by("username")
        )
        for reviewer in reviewers:
            membership_grant(user=reviewer, organisation=province, role=Membership.Role.REVIEWER)
        nominees = list(Application.objects.filter(batch__in=level2).order_by("id"))
        _reviews(rng, nominees, reviewers, level2[0].level)
        for batch in level2:
            runs.selection_run(actor=None, batch=batch)
            runs.selection_publish(actor=None, batch=batch)
        Batch.objects.filter(pk__in=[b.pk for b in level2]).update(
            published_at=datetime(2021, 7, 30, 10, 0, tzinfo=JAKARTA)
        )
    return {"nominated": len(chosen)}


def apportion(total: int, weights: list[int], unit: int = 1, minimum: int = 0) -> list[int]:
    """Split `total` in proportion to `weights`, in multiples of `unit` (largest remainders get the rest),
    each at least `minimum`; the parts add up to `total` exactly."""
    count = len(weights)
    spare = total - minimum * count
    weight_sum = sum(weights) or count
    raw = [spare * (w or 1) / weight_sum for w in (weights if sum(weights) else [1] * count)]
    parts = [int(r // unit) * unit for r in raw]
    left = spare - sum(parts)
    order = sorted(range(count), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in order:
        if left < unit:
            break
        parts[i] += unit
        left -= unit
    parts[order[0]] += left  # what no whole unit could take
    return [minimum + part for part in parts]


EARLIER_MONTHS_SHARE = 0.8  # who remembered the two earlier months on the form


def _earlier_months(applications: list[Application]) -> None:
    """Most applicants give the turnover of the two months before their baseline month: within a few
    percent of it, the same on both sides of any cutoff (no pre-trend is planted). Its own seeded
    stream, so the rest of the story keeps its draws."""
    rng = random.Random(1602)
    for application in applications:
        if rng.random() < EARLIER_MONTHS_SHARE:
            omzet = application.baseline.omzet
            application.omzet_month_before = int(round(omzet * math.exp(rng.gauss(-0.005, 0.04)), -4))
            application.omzet_two_months_before = int(round(omzet * math.exp(rng.gauss(-0.01, 0.06)), -4))
    Application.objects.bulk_update(
        applications, ["omzet_month_before", "omzet_two_months_before"], batch_size=500
    )


def _nomination_figures(enterprises: list[Enterprise]) -> None:
    """June 2021 figures given with the nomination; they become the level-2 applications' baselines."""
    latest = {
        r.enterprise_id: r
        for r in MetricReport.objects.filter(enterprise__in=enterprises, period=date(2021, 2, 1))
    }
    columns = {
        name: apportion(total, [getattr(latest[e.pk], name) for e in enterprises], unit=100_000 if name != "workers" else 1,
                        minimum=1 if name == "workers" else 0)
        for name, total in LEVEL2_BASELINE.items()
    }  # fmt: skip
    MetricReport.objects.bulk_create(
        MetricReport(
            enterprise=enterprise, period=date(2021, 6, 1), source=MetricReport.Source.APPLICATION,
            omzet=columns["omzet"][i], aset=columns["aset"][i], workers=columns["workers"][i],
            note="Angka saat dicalonkan ke jenjang Menengah",
        )
        for i, enterprise in enumerate(enterprises)
    )  # fmt: skip


def _office_admin(office: Organisation) -> User:
    """The office's admin (a demo login where there is one, else an account without a password)."""
    existing = User.objects.filter(
        memberships__organisation=office, memberships__role=Membership.Role.ADMIN
    ).first()
    if existing is not None:
        return existing
    username = f"admin-{office.region.code if office.region else office.pk}".replace(".", "")
    user = User(username=username, first_name="Admin", last_name=office.name[:100])
    user.set_unusable_password()
    user.save()
    membership_grant(user=user, organisation=office, role=Membership.Role.ADMIN)
    return user


def _open_call_now(province: Organisation, semarang: Organisation) -> None:
    """This year's call, open today, so the public form at /daftar/ can be tried on the demo."""
    today = timezone.localdate()
    program = program_create(actor=None, name=PROGRAM_NAME, year=today.year, owner=province)
    level1 = level_create(
        actor=None, program=program, rank=1, name="Dasar", tier=Tier.REGENCY, motivation_questions=QUESTIONS
    )
    level_create(actor=None, program=program, rank=2, name="Menengah", tier=Tier.PROVINCE)
    batch_create(
        actor=None, level=level1, organiser=semarang, title=f"Dasar {today.year} Kota Semarang",
        venue="Aula Dinas Koperasi dan UKM Kota Semarang", start_date=today + timedelta(days=30),
        capacity=25, opens_on=today - timedelta(days=7), closes_on=today + timedelta(days=21),
    )  # fmt: skip


def _reviewers(offices: list[Organisation]) -> list[User]:
    users = []
    for username, full_name in REVIEWERS:
        user = User(username=username, first_name=full_name.split()[0], last_name=full_name.split()[1])
        user.set_password(DEMO_PASSWORD)
        user.save()
        for office in offices:
            membership_grant(user=user, organisation=office, role=Membership.Role.REVIEWER)
        users.append(user)
    return users


def _share_seats(applicants: dict[str, int], seats: int) -> dict[str, int]:
    """Largest remainder: seats in proportion to applicants, at least two per batch."""
    total = sum(applicants.values())
    spare = seats - 2 * len(applicants)
    exact = {code: spare * n / total for code, n in applicants.items()}
    shares = {code: 2 + int(value) for code, value in exact.items()}
    leftovers = sorted(exact, key=lambda code: (-(exact[code] - int(exact[code])), code))
    for code in leftovers[: seats - sum(shares.values())]:
        shares[code] += 1
    return shares


def _level1_batch(level: Level, office: Organisation, capacity: int) -> Batch:
    name = office.region.name if office.region else office.name
    return batch_create(
        actor=None, level=level, organiser=office, title=f"Dasar 2021 {name}", venue=f"Aula {office.name}",
        start_date=date(2021, 5, 17), capacity=capacity, opens_on=date(2021, 3, 1), closes_on=date(2021, 3, 31),
    )  # fmt: skip


def _applications(rng: random.Random, batches: dict[str, Batch], by_regency: dict[str, list[Enterprise]], baselines: dict[int, MetricReport]) -> list[Application]:  # fmt: skip
    created: list[Application] = []
    consent_at = datetime(2021, 3, 1, 8, 0, tzinfo=JAKARTA)
    # A separate stream, so adding this answer did not change any other draw of the demo.
    follow_up_rng = random.Random(62021)
    for code, batch in batches.items():
        settings = application_services.eligibility_settings(batch)
        consent_of_record = application_services.consent_text_for(batch)
        for enterprise in by_regency[code]:
            baseline = baselines[enterprise.pk]
            facts = application_services.applicant_facts_plain(enterprise, baseline)
            results = eligibility.evaluate(facts, settings)
            submitted = consent_at + timedelta(minutes=rng.randint(0, 30 * 24 * 60))
            answer = rng.choice(ANSWERS)
            created.append(
                Application(
                    batch=batch, level=batch.level, enterprise=enterprise, person=enterprise.owner, baseline=baseline,
                    answers=list(answer), consent_purpose=consent_of_record.text, consent_version=consent_of_record.version,
                    consented_at=submitted, status_nonce=secrets.token_hex(16),
                    followup_consent=follow_up_rng.random() < FOLLOW_UP_CONSENT_SHARE,
                    status=Application.Status.ELIGIBLE if eligibility.is_eligible(results) else Application.Status.INELIGIBLE,
                    eligibility=[r.as_json() for r in results], eligibility_settings=application_services.settings_json(settings),
                    recommended_rank=1 if eligibility.is_eligible(results) else None,
                    **region_codes(enterprise),
                )
            )  # fmt: skip
            created[-1].demo_submitted = submitted  # type: ignore[attr-defined]
    Application.objects.bulk_create(created, batch_size=1000)
    for application in created:
        application.submitted_at = application.demo_submitted  # type: ignore[attr-defined]
    Application.objects.bulk_update(created, ["submitted_at"], batch_size=1000)
    _channel_consents(created)
    return created


def _channel_consents(applications: list[Application]) -> None:
    """Every 2021 applicant ticked WhatsApp and email (where she gave one) on the form."""
    rows: dict[tuple[str, str], ChannelConsent] = {}
    for application in applications:
        person = application.person
        at = application.demo_submitted  # type: ignore[attr-defined]
        for channel in ("whatsapp", "email"):
            address = address_of(person, channel)
            if address:
                rows.setdefault((address, channel), ChannelConsent(
                    address=address, channel=channel, opted_in=True, source=ChannelConsent.Source.FORM,
                    text_version=CONSENT_VERSION, recorded_at=at,
                ))  # fmt: skip
    ChannelConsent.objects.bulk_create(rows.values(), batch_size=1000)


def _reviews(
    rng: random.Random, applications: list[Application], reviewers: list[User], level: Level
) -> None:
    criteria = list(level.criteria.values_list("key", "weight"))
    reviews: list[Review] = []
    reviewed_at = datetime(2021, 4, 8, 9, 0, tzinfo=JAKARTA)
    for application in applications:
        if application.status != Application.Status.ELIGIBLE:
            continue
        quality = rng.gauss(3.2, 0.7)
        totals = []
        for reviewer in reviewers:
            scores = {key: min(5, max(1, round(rng.gauss(quality, 0.6)))) for key, _w in criteria}
            total = scoring.weighted_total(scores, criteria)
            totals.append(total)
            reviews.append(
                Review(
                    application=application,
                    reviewer=reviewer,
                    scores=scores,
                    total=total,
                    submitted_at=reviewed_at,
                )
            )
        application.score = scoring.mean_score(totals)
        application.needs_second_look = scoring.disagree(totals, level.review_disagreement)
    Review.objects.bulk_create(reviews, batch_size=2000)
    Application.objects.bulk_update(applications, ["score", "needs_second_look"], batch_size=1000)


def _favour_participant(batches: dict[str, Batch]) -> None:
    """The demo participant (Sri Wahyuni) is among the selected in Kota Semarang, as her story needs."""
    application = Application.objects.filter(
        enterprise__owner__user__username=PARTICIPANT["username"]
    ).first()
    if application is None or application.status == Application.Status.SELECTED:
        return
    batch = application.batch
    lowest = (
        Application.objects.filter(batch=batch, status=Application.Status.SELECTED).order_by("-rank").first()
    )
    if lowest is not None:
        runs.application_override(
            actor=None, application=lowest, status=Application.Status.WAITLISTED,  # type: ignore[arg-type]
            reason="Demo: kursi diberikan kepada peserta contoh.",
        )  # fmt: skip
    runs.application_override(
        actor=None, application=application, status=Application.Status.SELECTED,  # type: ignore[arg-type]
        reason="Demo: peserta contoh Sri Wahyuni terpilih.",
    )  # fmt: skip
