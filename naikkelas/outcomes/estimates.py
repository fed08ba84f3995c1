"""Impact estimates off the request path. The naive comparisons (with their bootstrap) and the evidence
card (`evidence.for_user`) take minutes for a province, so a page or an API call never computes them:
it shows the last result kept for its cohort, with its age, and queues a background task when the data
the result was read from have changed since.

A result is kept per *subject* — the scope that reads it (its regions, or the user for a relation role),
the filter and the language its words are in — and is valid for one *key*: a fingerprint of the data
(applications and their decisions, graduations, the enterprises' reports, the program's analysis plan),
of the settings the estimators read and of the estimators' own code. Same data, same key, no recompute;
a new follow-up, a changed decision or a new version of the code gives a new key."""

import dataclasses
import functools
import hashlib
import importlib
import json
import math
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Case, Count, IntegerField, Max, Min, Q, Sum, When
from django.tasks import task
from django.utils import timezone, translation
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

from naikkelas.accounts.access import RELATION_ROLES, scope_for_user
from naikkelas.accounts.models import User
from naikkelas.core.replica import for_reports
from naikkelas.mentoring.models import FollowUp
from naikkelas.outcomes import cohort, designs, evidence, report, stats
from naikkelas.outcomes.models import AnalysisPlan, ImpactEstimate, PriceIndex
from naikkelas.registry.access import enterprises_for_user
from naikkelas.registry.models import MetricReport
from naikkelas.selection import cohorts as selection_cohorts
from naikkelas.selection.cohorts import RANKED_STATUSES
from naikkelas.selection.models import Application
from naikkelas.training.models import Graduation

# What the background task has done, in percent of a typical run (the card is most of it).
PROGRESS_COHORT, PROGRESS_PER_METRIC, PROGRESS_CARD = 10, 15, 45
SETTINGS_READ = (
    "OUTCOMES_BOOTSTRAP_REPLICATES", "OUTCOMES_BOOTSTRAP_SEED", "OUTCOMES_BOOTSTRAP_MAX_RESAMPLE",
    "OUTCOMES_WINSOR_PERCENTILES", "OUTCOMES_MIN_GROUP", "OUTCOMES_MAX_IMBALANCE",
)  # fmt: skip


@dataclasses.dataclass
class Shown:
    """What a page or the API shows of a cohort's estimate: the last result (None before the first), its
    age, and whether a newer one is being computed (with how far it has got)."""

    estimate_id: int
    impacts: list[report.Impact] | None
    evidence: evidence.Evidence | None
    computed_at: datetime | None
    fresh: bool
    progress: int  # percent of the run under way (0 when none runs)

    @property
    def computing(self) -> bool:
        return not self.fresh


def computing_text(shown: Shown) -> str:
    """Said in the downloads when the kept estimate is not the data's latest."""
    if shown.evidence is None:
        return _("Perkiraan dampak sedang dihitung; unduh lagi sebentar lagi.")
    return _("Perkiraan dampak ini dihitung %(age)s lalu; yang baru sedang dihitung.") % {
        "age": timesince(shown.computed_at) if shown.computed_at else "–"
    }


@functools.cache
def code_version() -> str:
    """A hash of the estimators' source: a new version of the code is a new key."""
    digest = hashlib.sha256()
    for module in (stats, designs, evidence, report, cohort, selection_cohorts):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()[:16]


def catalogue_stamp(language: str) -> str:
    """The compiled translations the card's words come from: new wordings are a new key too."""
    found = Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.mo"
    if not found.is_file():
        return ""
    stat = found.stat()
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def scope_key(user: User) -> dict[str, Any]:
    """Who reads, as far as the result depends on it: the regions of the regional roles, and the user
    when a relation role adds enterprises of their own (a mentor's mentees)."""
    scope = scope_for_user(user)
    if scope.superuser:
        return {"all": True}
    regions = sorted({grant.region.code if grant.region else "*" for grant in scope.regional_grants})
    related = any(grant.role in RELATION_ROLES for grant in scope.grants)
    return {"regions": regions, "user": user.pk if related or not regions else None}


def _filter_dict(f: cohort.CohortFilter) -> dict[str, Any]:
    return {**dataclasses.asdict(f), "window": list(f.window)}


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


def subject_of(user: User, f: cohort.CohortFilter, language: str) -> str:
    return _digest({"scope": scope_key(user), "filter": _filter_dict(f), "language": language})


def _fingerprint_cache_key(user: User, f: cohort.CohortFilter) -> str:
    language = translation.get_language() or settings.LANGUAGE_CODE
    return "outcomes:fingerprint:" + _digest(
        {"scope": scope_key(user), "filter": _filter_dict(f), "language": language}
    )


def _applications(user: User, f: cohort.CohortFilter) -> Any:
    """The applications the estimators read: the filter's levels (or batch) among the user's enterprises."""
    levels = Q(batch_id=f.batch) if f.batch else cohort._level_filters(f, "level__")
    return Application.objects.filter(
        levels, cohort._enterprise_filters(f, "enterprise__"), enterprise__in=enterprises_for_user(user)
    )


def _ids_where(condition: Q) -> Sum:
    """The sum of the ids of the rows where the condition holds: changes when any row's state does."""
    return Sum(Case(When(condition, then="id"), default=0, output_field=IntegerField()))


def fingerprint(user: User, f: cohort.CohortFilter) -> str:
    """The key of the data an estimate of this cohort reads, in a few aggregate queries."""
    applications = _applications(user, f)
    decisions = applications.aggregate(
        n=Count("id"), last=Max("id"), score=Sum("score"), consent=_ids_where(Q(followup_consent=True)),
        first_end=Min("batch__end_date"), last_end=Max("batch__end_date"),
        earlier=Sum("omzet_month_before"), earlier_two=Sum("omzet_two_months_before"),
        **{str(status): _ids_where(Q(status=status)) for status in RANKED_STATUSES},
    )  # fmt: skip
    enterprises = applications.values("enterprise_id")
    graduations = Graduation.objects.filter(enterprise_id__in=enterprises).aggregate(
        n=Count("id"), last=Max("id"), ids=Sum("id"), latest=Max("graduated_on"), levels=Sum("level_id")
    )
    reports = MetricReport.objects.filter(enterprise_id__in=enterprises).aggregate(
        n=Count("id"), last=Max("id"), omzet=Sum("omzet"), aset=Sum("aset"), workers=Sum("workers")
    )
    # closures ("usaha sudah tutup") are an outcome too (survival), and a follow-up's state says them
    followups = FollowUp.objects.filter(enterprise_id__in=enterprises).aggregate(
        n=Count("id"),
        closed=_ids_where(Q(status=FollowUp.Status.CLOSED)),
        reported=_ids_where(Q(status=FollowUp.Status.REPORTED)),
    )
    plan = AnalysisPlan.objects.filter(program_id=f.program).values().first() if f.program else None
    # the estimator deflates by the price index when it covers every month compared: a new index, a new key
    index = PriceIndex.objects.aggregate(
        n=Count("id"), last=Max("id"), total=Sum("value"), latest=Max("month")
    )
    return _digest({
        "decisions": decisions, "graduations": graduations, "reports": reports, "followups": followups, "plan": plan, "prices": index,
        "settings": {name: getattr(settings, name) for name in SETTINGS_READ}, "code": code_version(),
        "words": catalogue_stamp(translation.get_language() or settings.LANGUAGE_CODE),
    })  # fmt: skip


def current_key(user: User, f: cohort.CohortFilter) -> str:
    """The fingerprint as a request sees it: kept in the cache for OUTCOMES_FINGERPRINT_SECONDS, since
    its three aggregates cost about a second over 100,000 applicants (bench/estimates_scale.py) and the
    page asks every two seconds while a result is computed; a change is noticed that much later."""
    seconds = settings.OUTCOMES_FINGERPRINT_SECONDS
    if seconds <= 0:
        return fingerprint(user, f)
    return str(cache.get_or_set(_fingerprint_cache_key(user, f), lambda: fingerprint(user, f), seconds))


def estimate_for_user(*, user: User, f: cohort.CohortFilter) -> Shown:
    """The cohort's last estimate as the user may see it, in the active language; queues a new one
    (once, whoever asks) when the data changed since, or when none was ever made."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    key = current_key(user, f)
    row, _created = ImpactEstimate.objects.get_or_create(subject=subject_of(user, f, language))
    if row.key != key:
        stale = timezone.now() - timedelta(minutes=settings.OUTCOMES_ESTIMATE_STALE_MINUTES)
        # one conditional UPDATE: of two requests at once, only one queues the task
        claimed = (
            ImpactEstimate.objects.filter(pk=row.pk)
            .filter(~Q(wanted_key=key) | Q(queued_at__lt=stale) | Q(queued_at__isnull=True))
            .update(wanted_key=key, queued_at=timezone.now(), progress=0)
        )
        if claimed:
            impact_estimate_task.enqueue(row.pk, user.pk, _filter_dict(f), language)
        row.refresh_from_db()
    result = decode(row.result) if row.result is not None else None
    return Shown(
        estimate_id=row.pk,
        impacts=None if result is None else result["impacts"],
        evidence=None if result is None else result["evidence"],
        computed_at=row.computed_at,
        fresh=row.key == key,
        progress=0 if row.key == key else row.progress,
    )


def _advance(estimate_id: int, progress: int) -> None:
    ImpactEstimate.objects.filter(pk=estimate_id).update(progress=progress)


def estimate_compute(*, estimate_id: int, user: User, f: cohort.CohortFilter) -> None:
    """Compute and keep a cohort's estimate (in the active language): the naive comparison per metric
    and the evidence card, keyed by the fingerprint read before anything else (a change while it runs
    makes the next visit compute again)."""
    started = time.perf_counter()
    with for_reports():  # only reads: the replica's, when there is one
        key = fingerprint(user, f)
        members = cohort.cohort(user, f)
        _advance(estimate_id, PROGRESS_COHORT)
        impacts = []
        for index, metric in enumerate(cohort.METRICS, start=1):
            impacts.append(report.impact(members.participants, members.comparison, metric))
            _advance(estimate_id, PROGRESS_COHORT + index * PROGRESS_PER_METRIC)
        card = evidence.for_user(user, f)
    ImpactEstimate.objects.filter(pk=estimate_id).update(
        key=key, result=encode({"impacts": impacts, "evidence": card}), computed_at=timezone.now(),
        seconds=time.perf_counter() - started, progress=100,
    )  # fmt: skip
    if settings.OUTCOMES_FINGERPRINT_SECONDS > 0:  # what was just read is the freshest key there is
        cache.set(_fingerprint_cache_key(user, f), key, settings.OUTCOMES_FINGERPRINT_SECONDS)


@task()
def impact_estimate_task(
    estimate_id: int, user_id: int, filter_values: dict[str, Any], language: str
) -> None:
    """estimate_compute in the background worker, in the language of the page that asked."""
    user = User.objects.get(pk=user_id)
    f = cohort.CohortFilter(**{**filter_values, "window": tuple(filter_values["window"])})
    with translation.override(language):
        try:
            estimate_compute(estimate_id=estimate_id, user=user, f=f)
        except Exception:
            # let the next visit queue it again rather than wait for the stale time
            ImpactEstimate.objects.filter(pk=estimate_id).update(wanted_key="", progress=0)
            raise


def estimates_demo_load(users: list[User], filters: list[cohort.CohortFilter]) -> int:
    """The demo computes its cards once while loading (in both languages), so its two-core machine shows
    them at the first visit without waiting for the worker; returns how many it computed (none when
    they are already up to date)."""
    done = 0
    for user in users:
        for f in filters:
            for language, _name in settings.LANGUAGES:
                with translation.override(language):
                    row, _created = ImpactEstimate.objects.get_or_create(
                        subject=subject_of(user, f, language)
                    )
                    if row.key != fingerprint(user, f):
                        estimate_compute(estimate_id=row.pk, user=user, f=f)
                        done += 1
    return done


# The result as JSON: dataclasses of the outcomes modules by name, tuples and non-finite floats tagged,
# so the page gets back the very objects the estimators made.
_ALLOWED_MODULES = ("naikkelas.outcomes.",)


def encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        kind = type(value)
        return {
            "__dataclass__": f"{kind.__module__}:{kind.__qualname__}",
            "fields": {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)},
        }
    if isinstance(value, AnalysisPlan):
        return {"__plan__": value.pk}
    if isinstance(value, tuple):
        return {"__tuple__": [encode(v) for v in value]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise TypeError("only text keys can be kept")
        return {k: encode(v) for k, v in value.items()}
    if hasattr(value, "tolist"):  # numpy scalars and arrays
        return encode(value.tolist())
    if isinstance(value, float) and not math.isfinite(value):
        return {"__float__": repr(value)}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"cannot keep a {type(value).__name__}")


def decode(value: Any) -> Any:
    if isinstance(value, list):
        return [decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "__tuple__" in value:
        return tuple(decode(v) for v in value["__tuple__"])
    if "__float__" in value:
        return float(value["__float__"])
    if "__plan__" in value:
        return AnalysisPlan.objects.filter(pk=value["__plan__"]).first()
    if "__dataclass__" in value:
        module_name, _colon, name = value["__dataclass__"].partition(":")
        if not module_name.startswith(_ALLOWED_MODULES):
            raise ValueError(f"{module_name} is not an outcomes module")
        kind = getattr(importlib.import_module(module_name), name)
        fields = {k: decode(v) for k, v in value["fields"].items()}
        known = {f.name: f for f in dataclasses.fields(kind)}
        made = kind(**{k: v for k, v in fields.items() if k in known and known[k].init})
        for k, v in fields.items():
            if k in known and not known[k].init:
                object.__setattr__(made, k, v)
        return made
    return {k: decode(v) for k, v in value.items()}
