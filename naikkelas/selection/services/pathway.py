"""The pathway between tiers: the nomination of a regency/city's graduates to the province's next level.

`graduations_record` has no caller outside tests: graduations are confirmed in training
(`graduation_confirm`); it goes when the `Graduation` model and its one writer move to training."""

import secrets
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from naikkelas.accounts.models import Organisation, User
from naikkelas.core.audit import audit_record, snapshot
from naikkelas.programs.access import can_manage
from naikkelas.programs.models import Batch
from naikkelas.registry.models import MetricReport
from naikkelas.selection.models import Application, Graduation
from naikkelas.selection.services import applications as application_services


def graduations_record(*, actor: User | None, batch: Batch, applications: Iterable[Application]) -> int:
    """Record graduations made outside the training pages (e.g. from an earlier system). Returns how many."""
    created = 0
    with transaction.atomic():
        for application in applications:
            if application.batch_id != batch.pk or application.status != Application.Status.SELECTED:
                raise ValidationError(_("Hanya peserta terpilih angkatan ini yang dapat dicatat lulus."))
            graduation, was_created = Graduation.objects.get_or_create(
                enterprise=application.enterprise,
                level=batch.level,
                defaults={"batch": batch, "graduated_on": batch.end_date, "recorded_by": actor},
            )
            if was_created:
                created += 1
                audit_record(actor=actor, action="create", instance=graduation, changes=snapshot(graduation))
    return created


def nomination_targets(organisation: Organisation, from_batch: Batch) -> list[Batch]:
    """The province batches of the next level, in the organisation's province, not yet published."""
    region = organisation.region
    if region is None:
        return []
    return list(
        Batch.objects.filter(
            level__program_id=from_batch.level.program_id,
            level__rank=from_batch.level.rank + 1,
            province_code=region.province_code,
            regency_code="",
            published_at__isnull=True,
        ).order_by("start_date")
    )


def nomination_candidates(from_batch: Batch) -> list[Application]:
    """The graduates of a batch one could nominate now: selected, recorded as graduated at its level, and
    without a live application at the next level (the ones "nominate all" takes)."""
    graduated = Graduation.objects.filter(level=from_batch.level).values("enterprise_id")
    taken = (
        Application.objects.filter(
            level__program_id=from_batch.level.program_id, level__rank=from_batch.level.rank + 1
        )
        .exclude(status=Application.Status.WITHDRAWN)
        .values("enterprise_id")
    )
    return list(
        Application.objects.filter(
            batch=from_batch, status=Application.Status.SELECTED, enterprise_id__in=graduated
        )
        .exclude(enterprise_id__in=taken)
        .select_related("enterprise", "person")
        .order_by("rank", "id")
    )


def nominate(
    *,
    actor: User,
    organisation: Organisation,
    from_batch: Batch,
    to_batch: Batch,
    applications: Iterable[Application],
) -> list[Application]:
    """Nominate graduates of a regency's batch to the province's next level: one application each,
    evaluated like any other and marked with the nominating office. All or nothing."""
    if not can_manage(actor, organisation) or from_batch.organiser_id != organisation.pk:
        raise PermissionDenied
    if to_batch not in nomination_targets(organisation, from_batch):
        raise ValidationError({"to_batch": [_("Angkatan tujuan harus jenjang berikutnya di provinsi Anda.")]})
    created: list[Application] = []
    problems: list[str] = []
    with transaction.atomic():
        for source in applications:
            enterprise = source.enterprise
            if source.batch_id != from_batch.pk:
                problems.append(_("%(name)s bukan peserta angkatan ini.") % {"name": enterprise.name})
                continue
            if not Graduation.objects.filter(enterprise=enterprise, level=from_batch.level).exists():
                problems.append(_("%(name)s belum tercatat lulus.") % {"name": enterprise.name})
                continue
            if application_services.live_application(enterprise, to_batch.level) is not None:
                problems.append(
                    _("%(name)s sudah terdaftar di jenjang berikutnya.") % {"name": enterprise.name}
                )
                continue
            baseline = enterprise.reports.order_by("-period", "-id").first() or source.baseline
            application = Application(
                batch=to_batch, level=to_batch.level, enterprise=enterprise, person=source.person,
                baseline=baseline if isinstance(baseline, MetricReport) else source.baseline,
                answers=source.answers, consent_purpose=source.consent_purpose,
                consent_version=source.consent_version, consented_at=source.consented_at,
                status_nonce=secrets.token_hex(16), province_code=enterprise.province_code,
                regency_code=enterprise.regency_code, nominated_by=organisation,
            )  # fmt: skip
            application.save()
            application_services.application_evaluate(application=application)
            audit_record(
                actor=actor, action="create", instance=application,
                changes={"nominated_by": organisation.pk, "from_batch": from_batch.pk, "at": timezone.now().isoformat()},
            )  # fmt: skip
            created.append(application)
        if problems:
            raise ValidationError(problems)
    return created
