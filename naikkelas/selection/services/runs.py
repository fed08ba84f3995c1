"""The selection run: reviewers, scores, ranking, publication and the waitlist.

Everything that changes seats locks the batch row (SELECT … FOR UPDATE) first, so accepting and
withdrawing at the same moment can never put more people in a batch than its capacity.
"""

from collections import Counter
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from naikkelas.accounts.models import Membership, User
from naikkelas.core.audit import audit_record
from naikkelas.notify.services.outbox import notify_person
from naikkelas.programs.models import Batch
from naikkelas.registry.models import MetricReport
from naikkelas.selection import scoring
from naikkelas.selection.models import Application, Review

# Decisions are written as one UPDATE … FROM a VALUES list per chunk: bulk_update's CASE per field
# costs rows² per statement (100,000 decisions took 61 s that way).
WRITE_CHUNK = 1000
RANKED = (Application.Status.SELECTED, Application.Status.WAITLISTED, Application.Status.REJECTED)


def selection_started_q(prefix: str = "") -> Q:
    """Batches (at `prefix`) whose selection has started: the organiser has assigned reviewers to any
    application, or has run the ranking (some application is selected, waitlisted or rejected, also by
    a manual override), or has published the results.

    This, not the closing of the application window, is the start: until reviewers see the figures an
    admin may still correct a typo in a baseline (audited, and "Nilai ulang syarat" re-runs the rules);
    from the first review on, the figures are what the applicant was judged on. The window's dates are
    not used either, so the rule does not change with the clock."""
    batch = OuterRef(f"{prefix}pk")
    reviewed = Exists(Review.objects.filter(application__batch=batch))
    ranked = Exists(Application.objects.filter(batch=batch, status__in=RANKED))
    return Q(**{f"{prefix}published_at__isnull": False}) | Q(reviewed) | Q(ranked)


def baseline_frozen(report: MetricReport) -> bool:
    """An application's baseline is frozen once the selection of a batch it was submitted to has
    started (selection_started_q); registered with registry.frozen, which every metric-report write asks."""
    started = Batch.objects.filter(selection_started_q(), applications__baseline=report)
    return started.exists()


def batch_reviewers(batch: Batch) -> QuerySet[User]:
    """Members of the organising organisation with the reviewer role."""
    return User.objects.filter(
        memberships__organisation=batch.organiser, memberships__role=Membership.Role.REVIEWER, is_active=True
    ).order_by("id")


def reviews_assign(*, actor: User | None, batch: Batch) -> int:
    """Give every eligible application its reviewers, balancing the load; never a reviewer from the
    organisation that nominated the applicant. Returns the number of new assignments."""
    reviewers = list(batch_reviewers(batch).prefetch_related("memberships"))
    if not reviewers:
        raise ValidationError(_("Penyelenggara belum memiliki penilai."))
    orgs = {user.pk: {m.organisation_id for m in user.memberships.all()} for user in reviewers}
    load: Counter[int] = Counter(
        Review.objects.filter(application__batch=batch).values_list("reviewer_id", flat=True)
    )
    wanted = batch.level.reviews_per_application
    created = []
    applications = (
        Application.objects.filter(batch=batch, status=Application.Status.ELIGIBLE)
        .prefetch_related("reviews")
        .order_by("id")
    )
    for application in applications:
        have = {review.reviewer_id for review in application.reviews.all()}
        candidates = [
            user for user in reviewers
            if user.pk not in have and application.nominated_by_id not in orgs[user.pk]
        ]  # fmt: skip
        candidates.sort(key=lambda user: (load[user.pk], user.pk))
        for user in candidates[: max(wanted - len(have), 0)]:
            created.append(Review(application=application, reviewer=user))
            load[user.pk] += 1
    with transaction.atomic():
        Review.objects.bulk_create(created)
        audit_record(actor=actor, action="update", instance=batch, changes={"reviews_assigned": len(created)})
    return len(created)


def review_is_locked(review: Review) -> bool:
    """A review is frozen once its batch's results are published (the page says so before any typing)."""
    return review.application.batch.is_published


def review_submit(*, reviewer: User, review: Review, scores: dict[str, int], comment: str) -> Review:
    """A reviewer's scores; the application's score and second-look flag follow."""
    if review.reviewer_id != reviewer.pk:
        raise ValidationError(_("Penilaian ini bukan milik Anda."))
    application = review.application
    if review_is_locked(review):
        raise ValidationError(_("Hasil seleksi sudah diumumkan; penilaian tidak dapat diubah."))
    criteria = list(application.batch.level.criteria.values_list("key", "weight"))
    try:
        total = scoring.weighted_total(scores, criteria)
    except ValueError:
        raise ValidationError(_("Beri nilai 1 sampai 5 untuk setiap kriteria.")) from None
    with transaction.atomic():
        review.scores = {key: scores[key] for key, _w in criteria}
        review.comment = comment
        review.total = total
        review.submitted_at = timezone.now()
        review.save(update_fields=["scores", "comment", "total", "submitted_at"])
        _refresh_score(application)
        audit_record(
            actor=reviewer,
            action="update",
            instance=review,
            changes={"scores": review.scores, "total": str(total)},
        )
    return review


def _refresh_score(application: Application) -> None:
    totals = [
        total for total in application.reviews.filter(submitted_at__isnull=False).values_list("total", flat=True)
        if total is not None
    ]  # fmt: skip
    application.score = scoring.mean_score(totals)
    application.needs_second_look = scoring.disagree(totals, application.batch.level.review_disagreement)
    application.save(update_fields=["score", "needs_second_look"])


def applications_reevaluate(*, actor: User | None, batch: Batch) -> int:
    """Run the rules again for every application of an unpublished batch (after a threshold changed);
    ranked applications go back to eligible/ineligible, so the selection must be run again."""
    from naikkelas.selection.services.applications import application_evaluate

    with transaction.atomic():
        locked = Batch.objects.select_for_update().get(pk=batch.pk)
        if locked.is_published:
            raise ValidationError(_("Hasil seleksi sudah diumumkan; syarat tidak dinilai ulang."))
        applications = (
            Application.objects.filter(batch=locked)
            .exclude(status=Application.Status.WITHDRAWN)
            .select_related("batch__level__program", "batch__organiser__region", "enterprise", "baseline")
        )
        count = 0
        for application in applications.iterator(chunk_size=500):
            application_evaluate(application=application)
            count += 1
        audit_record(actor=actor, action="update", instance=locked, changes={"reevaluated": count})
    return count


def _candidates(batch: Batch) -> list[scoring.Candidate]:
    """The ranked-or-eligible applications as plain values: only the four columns the ranking reads."""
    ranked_or_eligible = (Application.Status.ELIGIBLE, *RANKED)
    rows = (
        Application.objects.filter(batch=batch, status__in=ranked_or_eligible)
        .order_by("id")
        .values_list("id", "score", "submitted_at", "regency_code")
    )
    candidates = []
    unscored = 0
    for pk, score, submitted_at, regency_code in rows.iterator(chunk_size=5000):
        if score is None:
            unscored += 1
            continue
        candidates.append(
            scoring.Candidate(id=pk, score=score, submitted_at=submitted_at, regency_code=regency_code)
        )
    if unscored:
        raise ValidationError(
            _("%(count)s pendaftar yang memenuhi syarat belum dinilai.") % {"count": unscored}
        )
    return candidates


def quotas_of(batch: Batch) -> dict[str, int]:
    return dict(batch.quotas.values_list("regency_id", "seats"))


def selection_preview(*, batch: Batch) -> scoring.Outcome:
    """What a run would decide now; nothing is saved."""
    candidates = _candidates(batch)
    return scoring.rank(
        candidates, capacity=batch.capacity, quotas=quotas_of(batch), waitlist_size=batch.capacity
    )


# The run's reason texts by (status, blocked by the regency's quota); each is formatted with the rank.
_SELECTED = (Application.Status.SELECTED, False)
_WAITLIST_QUOTA = (Application.Status.WAITLISTED, True)
_WAITLIST_FULL = (Application.Status.WAITLISTED, False)
_REJECTED = (Application.Status.REJECTED, False)


def _reason_templates(language: str) -> dict[tuple[str, bool], str]:
    """The reason texts in one language, translated once per run (not once per row)."""
    with translation.override(language):
        return {
            _SELECTED: _("Terpilih: peringkat %(rank)s."),
            _WAITLIST_QUOTA: _("Daftar tunggu: peringkat %(rank)s; kuota kabupaten/kota Anda sudah penuh."),
            _WAITLIST_FULL: _("Daftar tunggu: peringkat %(rank)s; kursi sudah penuh."),
            _REJECTED: _("Tidak terpilih: peringkat %(rank)s, di luar kursi dan daftar tunggu."),
        }


def selection_run(*, actor: User | None, batch: Batch) -> scoring.Outcome:
    """Rank and decide; may be run again freely until the results are published."""
    with transaction.atomic():
        locked = Batch.objects.select_for_update().get(pk=batch.pk)
        if locked.is_published:
            raise ValidationError(_("Hasil seleksi sudah diumumkan dan tidak dapat dihitung ulang."))
        candidates = _candidates(locked)
        outcome = scoring.rank(
            candidates, capacity=locked.capacity, quotas=quotas_of(locked), waitlist_size=locked.capacity
        )
        _write_decisions(_decisions(outcome))
        audit_record(
            actor=actor, action="update", instance=locked,
            changes={"selection_run": {"selected": len(outcome.selected), "waitlisted": len(outcome.waitlisted), "rejected": len(outcome.rejected)}},
        )  # fmt: skip
    return outcome


Decision = tuple[int, str, int, str, str]  # id, status, rank, reason (id), reason (en)


def _decisions(outcome: scoring.Outcome) -> list[Decision]:
    """Every ranked application's status, rank and reason in both languages, in id order."""
    indonesian, english = _reason_templates("id"), _reason_templates("en")
    key_of: dict[int, tuple[str, bool]] = dict.fromkeys(outcome.selected, _SELECTED)
    for pk in outcome.waitlisted:
        key_of[pk] = _WAITLIST_QUOTA if pk in outcome.quota_blocked else _WAITLIST_FULL
    key_of.update(dict.fromkeys(outcome.rejected, _REJECTED))
    decisions = []
    for pk in sorted(key_of):
        key, rank = key_of[pk], outcome.rank[pk]
        values = {"rank": rank}
        decisions.append((pk, key[0], rank, indonesian[key] % values, english[key] % values))
    return decisions


def _write_decisions(decisions: list[Decision]) -> None:
    """One UPDATE … FROM (VALUES …) statement per chunk of decisions."""
    table = Application._meta.db_table
    with connection.cursor() as cursor:
        for start in range(0, len(decisions), WRITE_CHUNK):
            chunk = decisions[start : start + WRITE_CHUNK]
            values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(chunk))
            params: list[Any] = [value for decision in chunk for value in decision]
            sql = (
                f"WITH v(id, status, rank, reason, reason_en) AS (VALUES {values}) "  # noqa: S608 - only placeholders
                f"UPDATE {table} SET status = v.status, rank = v.rank, decision_reason = v.reason, "
                f"decision_reason_en = v.reason_en FROM v WHERE {table}.id = v.id"
            )
            cursor.execute(sql, params)


def selection_publish(*, actor: User | None, batch: Batch) -> int:
    """Freeze the results and queue one message per applicant (publishing again queues nothing new)."""
    with transaction.atomic():
        locked = Batch.objects.select_for_update().get(pk=batch.pk)
        if not locked.is_published:
            if not Application.objects.filter(batch=locked, status__in=RANKED).exists():
                raise ValidationError(_("Jalankan seleksi dulu sebelum mengumumkan hasilnya."))
            locked.published_at = timezone.now()
            locked.save(update_fields=["published_at"])
            audit_record(
                actor=actor,
                action="update",
                instance=locked,
                changes={"published_at": locked.published_at.isoformat()},
            )
        queued = 0
        for application in Application.objects.filter(batch=locked).select_related("person", "enterprise"):
            if _queue_result(application, locked):
                queued += 1
    return queued


def _queue_result(application: Application, batch: Batch) -> bool:
    person = application.person
    from naikkelas.selection.services.applications import status_url_for_application

    queued = notify_person(
        person=person,
        template="selection_result",
        context={
            "name": person.name,
            "enterprise": application.enterprise.name,
            "batch": batch.title,
            "outcome": application.get_status_display(),
            "reason": application.decision_reason or _first_failed_reason(application),
            "status_url": status_url_for_application(application),
        },
        dedupe_key=f"selection-result:{batch.pk}:{application.pk}",
        regency_code=application.regency_code,
    )
    return queued is not None


def _first_failed_reason(application: Application) -> str:
    for result in application.eligibility:
        if not result["passed"]:
            return str(result["reason_id"])
    return ""


def application_withdraw(*, actor: User | None, application: Application, reason: str) -> Application | None:
    """Withdraw an application; a freed seat goes to the first waitlisted applicant within quota.
    Returns the promoted application, if any."""
    with transaction.atomic():
        batch = Batch.objects.select_for_update().get(pk=application.batch_id)
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.status == Application.Status.WITHDRAWN:
            return None
        freed = application.status == Application.Status.SELECTED
        application.status = Application.Status.WITHDRAWN
        application.decision_reason = reason
        application.decision_reason_en = reason
        application.save(update_fields=["status", "decision_reason", "decision_reason_en"])
        audit_record(
            actor=actor,
            action="update",
            instance=application,
            changes={"status": "withdrawn", "reason": reason},
        )
        if not freed:
            return None
        if timezone.localdate() >= batch.start_date:
            # Once training has started a freed seat is not silently given to someone else.
            return None
        return _promote(batch, actor)


def _promoted_reason(rank: int | None, language: str) -> str:
    with translation.override(language):
        return _("Terpilih dari daftar tunggu (peringkat %(rank)s) karena ada kursi yang kosong.") % {
            "rank": rank
        }


def _promote(batch: Batch, actor: User | None) -> Application | None:
    selected = Application.objects.filter(batch=batch, status=Application.Status.SELECTED)
    if selected.count() >= batch.capacity:
        return None
    by_regency = Counter(selected.values_list("regency_code", flat=True))
    waiting = list(Application.objects.filter(batch=batch, status=Application.Status.WAITLISTED))
    candidates = [
        scoring.Candidate(
            id=a.pk, score=a.score or Decimal(0), submitted_at=a.submitted_at, regency_code=a.regency_code
        )
        for a in waiting
    ]
    chosen = scoring.next_from_waitlist(candidates, selected_by_regency=by_regency, quotas=quotas_of(batch))
    if chosen is None:
        return None
    promoted = next(a for a in waiting if a.pk == chosen.id)
    promoted.status = Application.Status.SELECTED
    # Both languages, as the run writes them: the status page reads the one its visitor speaks.
    promoted.decision_reason = _promoted_reason(promoted.rank, "id")
    promoted.decision_reason_en = _promoted_reason(promoted.rank, "en")
    promoted.save(update_fields=["status", "decision_reason", "decision_reason_en"])
    audit_record(
        actor=actor, action="update", instance=promoted, changes={"status": "selected", "from": "waitlist"}
    )
    if batch.is_published:
        _queue_result(promoted, batch)
    return promoted


def application_override(
    *, actor: User | None, application: Application, status: str, reason: str
) -> Application:
    """A manual decision before publishing; it needs a written reason and is audited."""
    if not reason.strip():
        raise ValidationError({"reason": [_("Tuliskan alasan perubahan manual.")]})
    if status not in RANKED:
        raise ValidationError({"status": [_("Pilih terpilih, daftar tunggu, atau tidak terpilih.")]})
    with transaction.atomic():
        batch = Batch.objects.select_for_update().get(pk=application.batch_id)
        if batch.is_published:
            raise ValidationError(_("Hasil seleksi sudah diumumkan; keputusan tidak dapat diubah."))
        application = Application.objects.select_for_update().get(pk=application.pk)
        if status == Application.Status.SELECTED and application.status != status:
            seats = Application.objects.filter(batch=batch, status=Application.Status.SELECTED).count()
            if seats >= batch.capacity:
                raise ValidationError(_("Kursi sudah penuh; pindahkan dulu pendaftar lain dari kursi."))
        before = application.status
        application.status = status
        application.override_reason = reason.strip()
        application.decision_reason = reason.strip()
        application.decision_reason_en = reason.strip()
        application.save(update_fields=["status", "override_reason", "decision_reason", "decision_reason_en"])
        audit_record(
            actor=actor,
            action="update",
            instance=application,
            changes={"status": [before, status], "override_reason": reason.strip()},
        )
    return application


def selected_count(batch: Batch) -> int:
    return Application.objects.filter(batch=batch, status=Application.Status.SELECTED).count()


def summary_counts(batch: Batch) -> dict[str, Any]:
    return dict(Counter(Application.objects.filter(batch=batch).values_list("status", flat=True)))
