"""Follow-up services: who is scheduled and when, the signed link, reminders, the tick command, and the
groups the cohort report counts."""

from datetime import date, datetime, timedelta

import pytest
from django.core import signing

from naikkelas.mentoring.models import FollowUp
from naikkelas.mentoring.services import followups
from naikkelas.mentoring.tests.conftest import JAKARTA, Mentee
from naikkelas.notify.gateways import FakeGateway
from naikkelas.notify.models import Message
from naikkelas.programs.models import Batch
from naikkelas.registry.models import MetricReport
from naikkelas.selection.models import Application
from naikkelas.testing.factories import EnterpriseFactory
from naikkelas.testing.programs import batch as make_batch
from naikkelas.testing.programs import organisation


def not_selected(mentee: Mentee, status: str, consent: bool, batch: Batch) -> Application:
    enterprise = EnterpriseFactory.create()
    baseline = MetricReport.objects.create(
        enterprise=enterprise, period=date(2021, 2, 1), omzet=9_000_000, aset=20_000_000, workers=2,
        source=MetricReport.Source.APPLICATION,
    )  # fmt: skip
    return Application.objects.create(
        batch=batch, level=batch.level, enterprise=enterprise, person=enterprise.owner, baseline=baseline,
        status=status, followup_consent=consent, consent_purpose="…", consent_version="t",
        consented_at=datetime(2021, 3, 2, tzinfo=JAKARTA), status_nonce=f"n{enterprise.pk}",
        province_code="33", regency_code="33.74",
    )  # fmt: skip


@pytest.mark.django_db
def test_graduates_and_consenting_eligible_applicants_not_selected_are_scheduled_once(mentee: Mentee) -> None:
    batch = make_batch(mentee.level, organisation("Dinkop Kota Semarang", "33.74"))
    rejected = not_selected(mentee, Application.Status.REJECTED, True, batch)
    waitlisted = not_selected(mentee, Application.Status.WAITLISTED, True, batch)
    not_selected(mentee, Application.Status.REJECTED, False, batch)  # did not consent
    not_selected(mentee, Application.Status.INELIGIBLE, True, batch)  # not eligible
    assert followups.followups_schedule(program=mentee.program) == 9
    assert followups.followups_schedule(program=mentee.program) == 0
    own = FollowUp.objects.filter(enterprise=mentee.enterprise)
    assert [(f.month_offset, f.due_on, f.group) for f in own] == [
        (3, date(2021, 8, 14), "participant"),
        (6, date(2021, 11, 14), "participant"),
        (12, date(2022, 5, 14), "participant"),
    ]
    comparison = FollowUp.objects.filter(group=FollowUp.Group.COMPARISON)
    assert {f.enterprise_id for f in comparison} == {rejected.enterprise_id, waitlisted.enterprise_id}
    assert {f.anchor_on for f in comparison} == {batch.end_date}


@pytest.mark.django_db
def test_the_schedule_follows_the_program_setting(mentee: Mentee) -> None:
    mentee.program.followup_months = [6, 24]
    mentee.program.save()
    followups.followups_schedule(program=mentee.program)
    assert list(FollowUp.objects.values_list("month_offset", flat=True)) == [6, 24]


@pytest.mark.django_db
def test_a_link_opens_only_its_own_follow_up_and_stops_after_expiry_or_revocation(
    mentee: Mentee, due: FollowUp
) -> None:
    token = followups.link_token(due)
    assert followups.followup_from_token(token, today=date(2021, 8, 1)) == due
    other = FollowUp.objects.get(enterprise=mentee.enterprise, month_offset=6)
    # the other follow-up's id with this one's nonce, re-signed by a forger without the key, fails
    forged = signing.dumps({"f": other.pk, "n": due.link_nonce}, salt=followups.LINK_SALT, key="wrong-key")
    assert followups.followup_from_token(forged) is None
    assert followups.followup_from_token(token[:-2] + "xx") is None
    assert followups.followup_from_token(followups.link_token(other), today=date(2021, 8, 1)) == other
    assert due.link_expires_on == date(2021, 8, 14) + timedelta(days=60)
    assert followups.followup_from_token(token, today=due.link_expires_on) == due
    assert followups.followup_from_token(token, today=due.link_expires_on + timedelta(days=1)) is None
    followups.followup_link_revoke(actor=mentee.personas.mentor, followup=due)
    assert followups.followup_from_token(token, today=date(2021, 8, 1)) is None
    assert followups.followup_from_token(followups.link_token(due), today=date(2021, 8, 1)) == due


@pytest.mark.django_db(transaction=True)
def test_reminders_go_before_and_after_the_due_date_once_each(mentee: Mentee, due: FollowUp) -> None:
    assert followups.followups_remind(today=date(2021, 8, 1)) == 0  # 13 days before: too early
    assert followups.followups_remind(today=date(2021, 8, 7)) == 1
    assert followups.followups_remind(today=date(2021, 8, 8)) == 0
    assert followups.followups_remind(today=date(2021, 8, 21)) == 1
    assert followups.followups_remind(today=date(2021, 8, 30)) == 0
    keys = sorted(Message.objects.values_list("dedupe_key", flat=True))
    assert keys == [f"followup:{due.pk}:after", f"followup:{due.pk}:before"]
    assert len(FakeGateway.delivered) == 2
    assert "/tindak-lanjut/" in FakeGateway.delivered[0].body


@pytest.mark.django_db
def test_the_tick_command_schedules_and_is_idempotent(mentee: Mentee) -> None:
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("tick", stdout=out)
    assert "follow-ups scheduled 3" in out.getvalue()
    call_command("tick", stdout=out)
    assert FollowUp.objects.count() == 3


@pytest.mark.django_db
def test_the_schedule_asks_exactly_the_groups_the_cohort_report_counts(mentee: Mentee) -> None:
    """One definition (selection.cohorts): those asked for figures are those the report counts."""
    from naikkelas.outcomes.cohort import CohortFilter, comparison, participants
    from naikkelas.registry.models import Enterprise

    batch = make_batch(mentee.level, organisation("Dinkop Kota Semarang", "33.74"))
    not_selected(mentee, Application.Status.REJECTED, True, batch)
    not_selected(mentee, Application.Status.WAITLISTED, True, batch)
    not_selected(mentee, Application.Status.REJECTED, False, batch)
    once_selected = not_selected(mentee, Application.Status.REJECTED, True, batch)
    other_level = mentee.program.levels.exclude(pk=mentee.level.pk).first()
    assert other_level is not None
    later = make_batch(other_level, organisation("Balatkop Jateng 2", "33"))
    second = not_selected(mentee, Application.Status.SELECTED, True, later)
    Application.objects.filter(pk=second.pk).update(enterprise=once_selected.enterprise)  # selected later on
    followups.followups_schedule(program=mentee.program)
    scheduled = {
        group: set(FollowUp.objects.filter(group=group).values_list("enterprise_id", flat=True))
        for group in (FollowUp.Group.PARTICIPANT, FollowUp.Group.COMPARISON)
    }
    everyone = Enterprise.objects.all()
    report = CohortFilter(program=mentee.program.pk)
    assert scheduled[FollowUp.Group.COMPARISON] == {m.enterprise_id for m in comparison(everyone, report)}
    assert once_selected.enterprise_id not in scheduled[FollowUp.Group.COMPARISON]
    # Graduates are followed whether or not an application holds their baseline; the report counts
    # those it can compare (a graduation recorded by hand has no baseline, as this mentee's).
    with_baseline = set(
        Application.objects.filter(status=Application.Status.SELECTED).values_list("enterprise_id", flat=True)
    )
    counted = {m.enterprise_id for m in participants(everyone, report)}
    assert counted == scheduled[FollowUp.Group.PARTICIPANT] & with_baseline
    assert mentee.enterprise.pk in scheduled[FollowUp.Group.PARTICIPANT]
