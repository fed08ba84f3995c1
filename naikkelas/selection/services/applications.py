"""Applications: submitted online or on paper, confirmed, evaluated for eligibility; status links and applicant accounts."""

import json
import secrets
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from naikkelas.accounts.access import region_holds
from naikkelas.accounts.models import User
from naikkelas.core import crypto
from naikkelas.core.audit import audit_record, snapshot
from naikkelas.core.codes import one_time_code_check, one_time_code_issue
from naikkelas.core.formats import long_date
from naikkelas.notify.models import ChannelConsent
from naikkelas.notify.services import consent
from naikkelas.notify.services.outbox import Contact, channel_for, notify_person
from naikkelas.programs.models import Batch, Level
from naikkelas.regions.codes import region_codes
from naikkelas.regions.models import Region
from naikkelas.registry.models import Enterprise, MetricReport, Person, nik_digest
from naikkelas.registry.nik import NikError, normalise_nik, parse_nik
from naikkelas.registry.providers import report_frozen
from naikkelas.registry.services import enterprises, metric_reports, persons
from naikkelas.selection import eligibility
from naikkelas.selection.graduations import graduations_of
from naikkelas.selection.models import Application, PendingApplication

CONSENT_VERSION = "2026-12"
# Stored verbatim with each application, in Indonesian (the text agreed to), as consent_text_for fills it
# in for the batch's program; change CONSENT_VERSION whenever this text changes. The English page shows a
# translation beside it.
CONSENT_PURPOSE = gettext_noop(
    "Data pribadi dan data usaha Anda (NIK, nama, nomor WhatsApp, email, omzet, aset, tenaga kerja) diproses "
    "oleh penyelenggara untuk seleksi, pelatihan, pendampingan, dan pengukuran hasil program Naik Kelas, "
    "termasuk tindak lanjut angka usaha sampai %(months)s bulan setelah pelatihan. Data tidak dibagikan "
    "kepada pihak lain di luar penyelenggara dan kementerian. Anda dapat meminta salinan atau penghapusan "
    "data Anda."
)


@dataclass(frozen=True)
class ConsentText:
    """The consent text of one program: its version records the parameter filled in (the longest
    follow-up month), so two programs' different texts never share a version."""

    version: str  # e.g. "2026-12/m24"
    text: str  # Indonesian, the text of record
    months: int

    @property
    def translation(self) -> str:
        """The text in the reader's language (the same text for an Indonesian reader)."""
        return _(CONSENT_PURPOSE) % {"months": self.months}


def consent_text_for(batch: Batch) -> ConsentText:
    """The data-processing consent a batch's applicant agrees to: it names the program's last follow-up."""
    months = max(batch.level.program.followup_schedule)
    return ConsentText(
        version=f"{CONSENT_VERSION}/m{months}", text=CONSENT_PURPOSE % {"months": months}, months=months
    )


@dataclass
class ApplicationInput:
    """What the public form collects."""

    nik: str
    name: str
    phone: str
    email: str
    district: Region
    enterprise_name: str
    nib: str
    sector: str
    started_on: date
    period: date
    omzet: int
    aset: int
    workers: int
    consent: bool
    answers: list[str] = field(default_factory=list)
    followup_consent: bool = False
    omzet_month_before: int | None = None  # the turnover of the month before `period` (optional)
    omzet_two_months_before: int | None = None
    # The channels she agreed to receive messages on (notify.services.consent); None: the question was
    # not asked (a page kept from before it was), so no choice is recorded.
    channels: list[str] | None = None


STATUS_SALT = "naikkelas.selection.status"


def status_token(application: Application) -> str:
    """The secret of an application's status link: signed, revocable by a new nonce."""
    return signing.dumps([application.pk, application.status_nonce], salt=STATUS_SALT, compress=True)


def status_url(token: str) -> str:
    return settings.SITE_URL + reverse("selection:status", args=[token])


def status_url_for_application(application: Application) -> str:
    return status_url(status_token(application))


def eligibility_settings(batch: Batch) -> eligibility.Settings:
    """The batch's level thresholds, its window and its organiser's region, as the rules read them."""
    return eligibility_settings_for_level(batch.level, batch)


def applicant_facts_plain(
    enterprise: Enterprise, baseline: MetricReport, graduated_ranks: frozenset[int] = frozenset()
) -> eligibility.Applicant:
    """The facts the rules read, from an enterprise and its baseline (no queries)."""
    return eligibility.Applicant(
        started_on=enterprise.started_on,
        omzet=baseline.omzet,
        nib=enterprise.nib,
        size_class=enterprise.size_class,
        **region_codes(enterprise),
        graduated_ranks=graduated_ranks,
    )


def applicant_facts(enterprise: Enterprise, baseline: MetricReport, level: Level) -> eligibility.Applicant:
    graduated = [fact for fact in graduations_of(enterprise.pk) if fact.program_id == level.program_id]
    return applicant_facts_plain(enterprise, baseline, frozenset(fact.rank for fact in graduated))


def settings_json(value: eligibility.Settings) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in value.__dict__.items()}


def application_evaluate(*, application: Application) -> Application:
    """Run the rules again (the application or the level changed); refused once results are published."""
    batch = application.batch
    if batch.is_published:
        raise ValidationError(_("Hasil seleksi sudah diumumkan; syarat tidak dinilai ulang."))
    rule_settings = eligibility_settings(batch)
    facts = applicant_facts(application.enterprise, application.baseline, batch.level)
    results = eligibility.evaluate(facts, rule_settings)
    application.eligibility = [result.as_json() for result in results]
    application.eligibility_settings = settings_json(rule_settings)
    application.status = (
        Application.Status.ELIGIBLE if eligibility.is_eligible(results) else Application.Status.INELIGIBLE
    )
    # The placement advice reads each rank's current version (a replaced version's rules are history).
    current = batch.level.program.levels.filter(closed_at__isnull=True)
    levels = [eligibility_settings_for_level(level, batch) for level in current]
    application.recommended_rank = eligibility.recommend_rank(facts, levels)
    application.save(update_fields=["eligibility", "eligibility_settings", "status", "recommended_rank"])
    return application


def eligibility_settings_for_level(level: Level, batch: Batch) -> eligibility.Settings:
    """A level's thresholds judged with this batch's window; a province-tier level looks at the whole
    province of the organiser (used for the batch's own level and for the placement advice)."""
    region = batch.organiser.region
    assert region is not None
    regency_tier = level.tier == "regency" and region.kind == Region.Kind.REGENCY
    return eligibility.Settings(
        level_rank=level.rank,
        min_business_months=level.min_business_months,
        min_omzet=level.min_omzet,
        requires_nib=level.requires_nib,
        max_size_class=level.max_size_class,
        window_closes_on=batch.closes_on,
        organiser_province=region.province_code,
        organiser_regency=region.regency_code if regency_tier else "",
    )


def _same_level(level: Level) -> dict[str, object]:
    """Every version of the level in its program: a new version (programs.level_version_create) changes
    the rules of a level, not which level it is, so a seat in one is a seat in all."""
    return {"level__program_id": level.program_id, "level__rank": level.rank}


def live_application(enterprise: Enterprise, level: Level) -> Application | None:
    return (
        Application.objects.filter(enterprise=enterprise, **_same_level(level))
        .exclude(status=Application.Status.WITHDRAWN)
        .select_related("batch")
        .first()
    )


def live_application_of_person(person: Person, level: Level) -> Application | None:
    """One person, one seat: her live application to this level (any version of it), whatever business
    it is for."""
    return (
        Application.objects.filter(person=person, **_same_level(level))
        .exclude(status=Application.Status.WITHDRAWN)
        .select_related("batch", "enterprise")
        .first()
    )


class SeatTaken(ValidationError):
    """A refusal because the person (or the enterprise) already holds a live application in the level:
    carries that first application, so a staff page can link to it where its reader may see it."""

    def __init__(self, message: str, *, first: Application) -> None:
        super().__init__(message, code="seat_taken")
        self.first_id = first.pk


def _one_seat_refusal(first: Application) -> SeatTaken:
    return SeatTaken(
        _(
            "Pemilik usaha ini sudah punya pendaftaran aktif di jenjang ini: %(enterprise)s, %(batch)s, "
            "%(date)s (status: %(status)s). Satu orang hanya boleh punya satu pendaftaran aktif per jenjang, "
            "apa pun nama usahanya."
        )
        % {
            "enterprise": first.enterprise.name,
            "batch": first.batch.title,
            "date": long_date(timezone.localdate(first.submitted_at)),
            "status": first.get_status_display(),
        },
        first=first,
    )


def _find_or_create_person(data: ApplicationInput, today: date, actor: User | None) -> Person:
    nik = normalise_nik(data.nik)
    person = Person.objects.filter(nik_digest=nik_digest(nik)).first()
    if person is not None:
        return person
    try:
        info = persons.parse_nik_against_regions(nik)
    except NikError as error:
        raise ValidationError({"nik": [str(error)]}) from None
    return persons.person_create(
        actor=actor,
        nik=nik,
        name=data.name,
        sex=info.sex,
        birth_date=info.birth_date(today),
        phone=data.phone,
        email=data.email,
        address_district=data.district,
    )


def _find_or_create_enterprise(data: ApplicationInput, owner: Person, actor: User | None) -> Enterprise:
    nib = data.nib.strip()
    if nib:
        by_nib = Enterprise.objects.filter(nib=nib).first()
        if by_nib is not None:
            if by_nib.owner_id != owner.pk:
                raise ValidationError({"nib": [_("NIB ini terdaftar atas nama pemilik lain.")]})
            return by_nib
    by_name = Enterprise.objects.filter(owner=owner, name__iexact=data.enterprise_name.strip()).first()
    if by_name is not None:
        return by_name
    return enterprises.enterprise_create(
        actor=actor,
        owner=owner,
        name=data.enterprise_name.strip(),
        nib=nib,
        sector=data.sector,
        district=data.district,
        started_on=data.started_on,
    )


def _baseline(data: ApplicationInput, enterprise: Enterprise, actor: User | None) -> MetricReport:
    period = data.period.replace(day=1)
    existing = MetricReport.objects.filter(
        enterprise=enterprise, period=period, source=MetricReport.Source.APPLICATION
    ).first()
    figures: metric_reports.MetricFields = {"omzet": data.omzet, "aset": data.aset, "workers": data.workers}
    if existing is None:
        return metric_reports.metric_report_create(
            actor=actor,
            enterprise=enterprise,
            period=period,
            source=MetricReport.Source.APPLICATION,
            omzet=data.omzet,
            aset=data.aset,
            workers=data.workers,
        )
    if report_frozen(existing):  # the registry's own rule, answered by runs.baseline_frozen
        if any(getattr(existing, k) != v for k, v in figures.items()):
            raise ValidationError(
                {
                    "period": [
                        _(
                            "Angka bulan ini sudah dipakai dalam seleksi yang sudah dimulai; pilih bulan terakhir."
                        )
                    ]
                }
            )
        return existing
    return metric_reports.metric_report_update(actor=actor, report=existing, **figures)


def application_submit(
    *, batch: Batch, data: ApplicationInput, now: datetime | None = None, entered_by: User | None = None
) -> tuple[Application, str]:
    """Record an application, evaluate it, and queue its receipt to the contact on record.

    Trusted: the caller has proved who the applicant is (application_confirm, after the code from the
    contact on record; staff through application_enter, recorded as `entered_by`; the demo). The public
    form calls application_request instead.

    Returns the application and the secret of its status link (only its hash is stored).
    Any refusal leaves the database as it was.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    answers = _check_form_rules(batch, data, today, blank_answers=entered_by is not None)
    consent_of_record = consent_text_for(batch)
    with transaction.atomic():
        person = _find_or_create_person(data, today, entered_by)
        # Her row locked until this commits: two submissions of one person wait for each other, so the
        # check below sees the other's seat even in another version of the level (where the database's
        # constraint, on the level's id, does not reach).
        Person.objects.select_for_update().filter(pk=person.pk).first()
        seat = live_application_of_person(person, batch.level)
        if seat is not None:
            raise _one_seat_refusal(seat)
        enterprise = _find_or_create_enterprise(data, person, entered_by)
        first = live_application(enterprise, batch.level)
        if first is not None:
            raise SeatTaken(
                _(
                    "%(enterprise)s sudah mendaftar ke jenjang ini: %(batch)s, %(date)s (status: %(status)s). "
                    "Satu usaha hanya boleh punya satu pendaftaran aktif per jenjang."
                )
                % {
                    "enterprise": enterprise.name,
                    "batch": first.batch.title,
                    "date": long_date(timezone.localdate(first.submitted_at)),
                    "status": first.get_status_display(),
                },
                first=first,
            )
        baseline = _baseline(data, enterprise, entered_by)
        application = Application(
            batch=batch,
            level=batch.level,
            enterprise=enterprise,
            person=person,
            baseline=baseline,
            answers=answers,
            consent_purpose=consent_of_record.text,
            consent_version=consent_of_record.version,
            consented_at=now,
            followup_consent=data.followup_consent,
            omzet_month_before=data.omzet_month_before,
            omzet_two_months_before=data.omzet_two_months_before,
            status_nonce=secrets.token_hex(16),
            **region_codes(enterprise),
            entered_by=entered_by,
        )
        application.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError:
            # A second submission of the same person raced this one past the checks above.
            raced = live_application_of_person(person, batch.level)
            if raced is None:
                raise ValidationError(
                    _("Pendaftaran ini bersamaan dengan pendaftaran lain; coba lagi.")
                ) from None
            raise _one_seat_refusal(raced) from None
        token = status_token(application)
        application_evaluate(application=application)
        applicant_account(person=person)
        audit_record(actor=entered_by, action="create", instance=application, changes=snapshot(application))
        if data.channels is not None:
            consent.consents_record(
                person=person, chosen=data.channels, now=now, actor=entered_by,
                source=ChannelConsent.Source.PAPER if entered_by else ChannelConsent.Source.FORM,
            )  # fmt: skip
        _queue_receipt(application, person, token)
    return application, token


def application_enter(
    *, actor: User, batch: Batch, data: ApplicationInput, now: datetime | None = None
) -> tuple[Application, str]:
    """Staff type in a paper form for an applicant: the rules of the public form, without the code to
    the contact on record (staff saw the KTP and the signed consent), recorded as entered by the actor.

    The caller has checked that the actor runs the batch (selection.access.get_batch_for_paper_entry).
    The business must lie in the organiser's region, as the public form offers only those districts."""
    region = batch.organiser.region
    if region is None or not region_holds(region, data.district):
        raise ValidationError(
            {
                "district": [
                    _("Kecamatan %(district)s di luar wilayah penyelenggara angkatan ini (%(region)s).")
                    % {"district": data.district.name, "region": region.name if region else "-"}
                ]
            }
        )
    return application_submit(batch=batch, data=data, now=now, entered_by=actor)


def applicant_account(*, person: Person) -> User:
    """The applicant's login: their WhatsApp number (digits) as the username, no password until they
    set one through their status link."""
    if person.user_id is not None:
        return person.user  # type: ignore[return-value]
    # Never the NIK: usernames are shown to staff and kept in the clear.
    username = person.phone.lstrip("+") or f"peserta{person.pk}"
    if User.objects.filter(username=username).exists():
        username = f"peserta{person.pk}"
    first, _sep, last = person.name.partition(" ")
    user = User(username=username, first_name=first[:150], last_name=last[:150], email=person.email)
    user.set_unusable_password()
    user.save()
    person.user = user
    person.save(update_fields=["user", "updated_at"])
    return user


def _queue_receipt(application: Application, person: Person, token: str) -> None:
    notify_person(
        person=person,
        template="application_received",
        context={
            "name": person.name,
            "enterprise": application.enterprise.name,
            "batch": application.batch.title,
            "status_url": status_url(token),
        },
        dedupe_key=f"application-received:{application.pk}",
        regency_code=application.regency_code,
    )


STATUS_RESEND_PER_DAY = 3


def status_links_resend(*, nik: str, now: datetime | None = None) -> int:
    """Send again the status link of each application of this NIK (not withdrawn, newest first, at most
    three a day) to the contact on record — never to one typed in. The page answers the same whatever
    this finds, so the NIK tells nothing about the registry; returns how many were queued (for tests)."""
    now = now or timezone.now()
    try:
        digest = nik_digest(normalise_nik(nik))
    except NikError:
        return 0
    person = Person.objects.filter(nik_digest=digest).first()
    if person is None:
        return 0
    today = timezone.localdate(now)
    applications = (
        Application.objects.filter(person=person)
        .exclude(status=Application.Status.WITHDRAWN)
        .select_related("enterprise", "batch")
        .order_by("-submitted_at", "-id")[:STATUS_RESEND_PER_DAY]
    )
    queued = 0
    for application in applications:
        message = notify_person(
            person=person,
            template="status_link",
            context={
                "name": person.name,
                "enterprise": application.enterprise.name,
                "batch": application.batch.title,
                "status_url": status_url_for_application(application),
            },
            dedupe_key=f"status-resend:{application.pk}:{today.isoformat()}",
            regency_code=application.regency_code,
        )
        queued += message is not None
    return queued


def application_by_token(token: str) -> Application | None:
    """The application behind a status link (the link is the only key; no login needed)."""
    try:
        pk, nonce = signing.loads(token, salt=STATUS_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return (
        Application.objects.filter(pk=pk, status_nonce=nonce)
        .select_related("batch__level__program", "enterprise", "person")
        .first()
    )


# The public form: proof of the contact on record before anything is recorded (docs/security.md).
PENDING_SALT = "naikkelas.selection.pending"
PENDING_TTL = timedelta(days=3)
# Codes a day for one NIK, whoever asks: enough for a lost message, too few to flood its owner.
PENDING_PER_NIK_PER_DAY = 3
CODE_PURPOSE_APPLICATION = "application"
CODE_PURPOSE_PASSWORD = "applicant-password"
PASSWORD_CODE_TTL = timedelta(hours=24)


def _input_to_json(data: ApplicationInput) -> str:
    plain = asdict(data)
    plain["district"] = data.district.code
    for name in ("started_on", "period"):
        plain[name] = plain[name].isoformat()
    return json.dumps(plain)


def _input_from_json(text: str) -> ApplicationInput:
    plain = json.loads(text)
    plain["district"] = Region.objects.get(code=plain["district"])
    for name in ("started_on", "period"):
        plain[name] = date.fromisoformat(plain[name])
    return ApplicationInput(**plain)


def pending_token(pending: PendingApplication) -> str:
    return signing.dumps([pending.pk, pending.nonce], salt=PENDING_SALT, compress=True)


def pending_by_token(token: str) -> PendingApplication | None:
    try:
        pk, nonce = signing.loads(token, salt=PENDING_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return PendingApplication.objects.filter(pk=pk, nonce=nonce).select_related("batch__level").first()


def _check_form_rules(
    batch: Batch, data: ApplicationInput, today: date, *, blank_answers: bool = False
) -> list[str]:
    """The rules that read only the form and the batch (nothing of the registry); the answers kept.

    `blank_answers`: a paper form (staff type it in) may leave motivation answers blank; they are kept
    blank, one per question, and the rubric scores them as such. The public form must answer them all."""
    if not data.consent:
        raise ValidationError({"consent": [_("Persetujuan pemrosesan data diperlukan untuk mendaftar.")]})
    if today < batch.opens_on or today > batch.closes_on:
        raise ValidationError(
            _("Pendaftaran angkatan ini dibuka %(opens)s sampai %(closes)s.")
            % {"opens": long_date(batch.opens_on), "closes": long_date(batch.closes_on)}
        )
    questions = batch.level.motivation_questions or []
    answers = [answer.strip() for answer in data.answers][: len(questions)]
    if blank_answers:
        return answers + [""] * (len(questions) - len(answers))
    if len(answers) < len(questions) or not all(answers):
        raise ValidationError({"answers": [_("Jawab semua pertanyaan motivasi.")]})
    return answers


def application_request(
    *, batch: Batch, data: ApplicationInput, now: datetime | None = None
) -> tuple[PendingApplication, str]:
    """Take the public form anonymously: keep it waiting and send a code to the contact on record.

    The answer is the same whether or not the NIK is in the registry, and nothing of an existing person
    or enterprise is read into it or changed. Returns the waiting submission and its page's token."""
    now = now or timezone.now()
    _check_form_rules(batch, data, timezone.localdate(now))
    try:
        nik = normalise_nik(data.nik)
        parse_nik(nik)  # its structure only: a number nobody can hold is refused before any code is sent
    except NikError as error:
        raise ValidationError({"nik": [str(error)]}) from None
    digest = nik_digest(nik)
    recent = PendingApplication.objects.filter(nik_digest=digest, created_at__gte=now - timedelta(days=1))
    if recent.count() >= PENDING_PER_NIK_PER_DAY:
        raise ValidationError(
            _(
                "Kode untuk NIK ini sudah dikirim %(count)s kali dalam 24 jam terakhir. Pakai kode atau "
                "tautan dalam pesan yang sudah dikirim, atau coba lagi besok."
            )
            % {"count": PENDING_PER_NIK_PER_DAY}
        )
    with transaction.atomic():
        pending = PendingApplication.objects.create(
            batch=batch,
            nik_digest=digest,
            payload=crypto.encrypt(_input_to_json(data)),
            nonce=secrets.token_hex(16),
            expires_at=now + PENDING_TTL,
        )
        token = pending_token(pending)
        _row, code = one_time_code_issue(
            purpose=CODE_PURPOSE_APPLICATION, subject=str(pending.pk), ttl=PENDING_TTL, now=now
        )
        # The contact on record when the NIK is known; only for a new NIK the one typed in the form.
        person = Person.objects.filter(nik_digest=digest).first()
        notify_person(
            person=person or Contact(phone=data.phone, email=data.email),
            template="application_code",
            context={
                "code": code,
                "batch": batch.title,
                "confirm_url": settings.SITE_URL
                + reverse("selection:apply_confirm", args=[token])
                + f"?kode={code}",
            },
            dedupe_key=f"application-code:{pending.pk}",
            regency_code=data.district.regency_code,
        )
    return pending, token


def application_confirm(
    *, pending: PendingApplication, code: str, now: datetime | None = None
) -> tuple[Application, str]:
    """The code from the contact on record was typed: record the application as submitted (at the time
    of the form, so a message that waited in a queue costs no one the deadline).

    A wrong code raises ValidationError on "code"; a refusal of the application itself (a live
    application already, an NIB of another owner) is kept on the waiting row and raised."""
    now = now or timezone.now()
    if pending.confirmed_at is not None or pending.expires_at <= now:
        raise ValidationError({"code": [_("Kode ini sudah dipakai atau kedaluwarsa. Isi formulir lagi.")]})
    result = one_time_code_check(
        purpose=CODE_PURPOSE_APPLICATION, subject=str(pending.pk), code=code, now=now
    )
    if not result.ok:
        if result.attempts_left:
            raise ValidationError(
                {"code": [_("Kode salah. Sisa percobaan: %(left)s.") % {"left": result.attempts_left}]}
            )
        raise ValidationError(
            {
                "code": [
                    _(
                        "Kode tidak berlaku lagi (terlalu banyak percobaan atau kedaluwarsa). Isi formulir lagi."
                    )
                ]
            }
        )
    data = _input_from_json(crypto.decrypt(pending.payload))
    try:
        application, token = application_submit(batch=pending.batch, data=data, now=pending.created_at)
    except ValidationError as error:
        pending.confirmed_at = now
        pending.refusal = " ".join(error.messages)
        pending.payload = ""
        pending.save(update_fields=["confirmed_at", "refusal", "payload"])
        raise
    pending.confirmed_at = now
    pending.application = application
    pending.payload = ""
    pending.save(update_fields=["confirmed_at", "application", "payload"])
    return application, token


def pending_applications_expire(*, now: datetime | None = None) -> int:
    """Delete waiting submissions past their time (they hold an encrypted NIK): retention."""
    now = now or timezone.now()
    deleted, _ = PendingApplication.objects.filter(expires_at__lt=now).delete()
    return deleted


def applicant_password_code_send(*, application: Application, now: datetime | None = None) -> bool:
    """Send a code to the applicant's contact on record so that she, and only she, can set a password
    from her status link. False when the registry holds no contact for her."""
    person = application.person
    if not channel_for(person, template="password_code")[1]:
        return False
    now = now or timezone.now()
    _row, code = one_time_code_issue(
        purpose=CODE_PURPOSE_PASSWORD, subject=str(person.pk), ttl=PASSWORD_CODE_TTL, now=now
    )
    notify_person(
        person=person,
        template="password_code",
        context={"code": code},
        dedupe_key=f"password-code:{person.pk}:{secrets.token_hex(8)}",
        regency_code=person.regency_code or application.regency_code,
    )
    return True


def applicant_password_code_check(*, application: Application, code: str) -> None:
    """Raise ValidationError on "code" unless the code sent to the contact on record was typed."""
    result = one_time_code_check(purpose=CODE_PURPOSE_PASSWORD, subject=str(application.person_id), code=code)
    if result.ok:
        return
    if result.attempts_left:
        raise ValidationError(
            {"code": [_("Kode salah. Sisa percobaan: %(left)s.") % {"left": result.attempts_left}]}
        )
    raise ValidationError({"code": [_("Kode tidak berlaku lagi. Minta kode baru.")]})


HISTORY_PURPOSE = gettext_noop(
    "Riwayat pelatihan sebelum Naik Kelas: dicatat oleh kantor penyelenggara dari arsipnya untuk laporan "
    "hasil pelatihan."
)


def application_record_past(
    *, actor: User, batch: Batch, enterprise: Enterprise, person: Person, baseline: MetricReport
) -> Application:
    """A selected application to a batch that ran before the system (a history import): no eligibility
    run, no receipt, no applicant account, no message; one person, one seat as for every application
    (the database's constraint holds it, and the refusal names the first application)."""
    seat = live_application_of_person(person, batch.level)
    if seat is not None:
        raise _one_seat_refusal(seat)
    application = Application(
        batch=batch,
        level=batch.level,
        enterprise=enterprise,
        person=person,
        baseline=baseline,
        status=Application.Status.SELECTED,
        consent_purpose=HISTORY_PURPOSE,
        consent_version="riwayat",
        consented_at=timezone.now(),
        status_nonce=secrets.token_hex(16),
        entered_by=actor,
        **region_codes(enterprise),
    )
    # The related rows are the saved objects passed in: asking the database for each again cost six
    # queries a row of a history file.
    related = ["batch", "level", "enterprise", "person", "baseline", "entered_by"]
    application.full_clean(exclude=related, validate_constraints=False)
    application.save()
    audit_record(actor=actor, action="create", instance=application, changes=snapshot(application))
    return application
