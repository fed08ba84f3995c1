from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.test import Client

from naikkelas.mentoring import followups, visits
from naikkelas.mentoring.models import FollowUp, Visit
from naikkelas.mentoring.tests.conftest import Mentee
from naikkelas.notify.gateways import FakeGateway
from naikkelas.notify.models import Message
from naikkelas.programs.models import Batch
from naikkelas.registry.models import MetricReport
from naikkelas.selection.models import Application
from naikkelas.testing.factories import EnterpriseFactory
from naikkelas.testing.programs import batch as make_batch
from naikkelas.testing.programs import organisation

JAKARTA = ZoneInfo("Asia/Jakarta")


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


@pytest.fixture
def due(mentee: Mentee) -> FollowUp:
    followups.followups_schedule(program=mentee.program)
    return FollowUp.objects.get(enterprise=mentee.enterprise, month_offset=3)


def keep_link_alive(followup: FollowUp) -> None:
    """The 2021 follow-ups' links expired long ago; the page tests need one that still works today."""
    followup.link_expires_on = date.today() + timedelta(days=30)
    followup.save(update_fields=["link_expires_on"])


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


@pytest.mark.django_db
def test_the_participant_reports_through_the_link_without_a_password(mentee: Mentee, due: FollowUp) -> None:
    keep_link_alive(due)
    url = f"/tindak-lanjut/{followups.link_token(due)}/"
    page = Client().get(url)
    assert page.status_code == 200 and mentee.enterprise.name in page.text
    bad = Client().post(url, {"omzet": "banyak", "aset": "30000000", "workers": "2"})
    assert bad.status_code == 200 and "&#x27;banyak&#x27; bukan jumlah rupiah" in bad.text
    assert not MetricReport.objects.filter(source=MetricReport.Source.FOLLOW_UP).exists()
    done = Client().post(url, {"omzet": "12.500.000", "aset": "35.000.000", "workers": "3"})
    assert done.status_code == 302
    due.refresh_from_db()
    assert due.status == FollowUp.Status.REPORTED and due.via == FollowUp.Via.LINK
    assert due.report is not None
    assert (due.report.omzet, due.report.aset, due.report.workers) == (12_500_000, 35_000_000, 3)
    assert due.report.source == MetricReport.Source.FOLLOW_UP and due.report.period == date(2021, 7, 1)
    again = Client().get(url)
    assert "sudah dilaporkan" in again.text
    assert Client().post(url, {"omzet": "1", "aset": "1", "workers": "1"}).status_code == 200
    assert MetricReport.objects.filter(source=MetricReport.Source.FOLLOW_UP).count() == 1
    assert Client().get("/tindak-lanjut/bukan-token/").status_code == 404


@pytest.mark.django_db
def test_the_owner_says_through_her_link_that_the_business_has_closed(mentee: Mentee, due: FollowUp) -> None:
    """A valid answer, not a missing one: this and the later follow-ups close, no figures are stored, no
    more reminders; it needs the confirmation box; a second answer is refused."""
    keep_link_alive(due)
    url = f"/tindak-lanjut/{followups.link_token(due)}/"
    assert 'id="closed-form"' in Client().get(url).text
    unsure = Client().post(url, {"action": "closed"}, follow=True)
    assert "Centang konfirmasi bahwa usaha sudah tidak berjalan." in unsure.text
    due.refresh_from_db()
    assert due.status == FollowUp.Status.PENDING
    assert Client().post(url, {"action": "closed", "sure": "1"}).status_code == 302
    statuses = dict(
        FollowUp.objects.filter(enterprise=mentee.enterprise).values_list("month_offset", "status")
    )
    assert statuses == {3: "closed", 6: "closed", 12: "closed"}
    assert not MetricReport.objects.filter(source=MetricReport.Source.FOLLOW_UP).exists()
    page = Client().get(url)
    assert 'id="followup-closed"' in page.text and 'id="followup-form"' not in page.text
    assert followups.followups_remind(today=date(2021, 8, 10)) == 0
    with pytest.raises(ValidationError, match="sudah dijawab"):
        followups.followup_report_closed(actor=None, followup=due, via="link")


@pytest.mark.django_db
def test_a_later_round_closing_leaves_the_earlier_answers_alone(mentee: Mentee) -> None:
    followups.followups_schedule(program=mentee.program)
    three = FollowUp.objects.get(enterprise=mentee.enterprise, month_offset=3)
    followups.followup_report(actor=None, followup=three, omzet=11_000_000, aset=30_000_000, workers=2, via="link",
                              now=datetime(2021, 8, 20, tzinfo=JAKARTA))  # fmt: skip
    six = FollowUp.objects.get(enterprise=mentee.enterprise, month_offset=6)
    followups.followup_report_closed(actor=mentee.personas.mentor, followup=six, via="mentor")
    statuses = dict(
        FollowUp.objects.filter(enterprise=mentee.enterprise).values_list("month_offset", "status")
    )
    assert statuses == {3: "reported", 6: "closed", 12: "closed"}
    six.refresh_from_db()
    assert six.reported_by == mentee.personas.mentor and six.via == "mentor"


@pytest.mark.django_db
def test_a_jump_asks_for_confirmation_before_anything_is_stored(mentee: Mentee, due: FollowUp) -> None:
    with pytest.raises(ValidationError, match=r"Angka\ omzet\ berubah\ lebih\ dari\ 3\ kali\ ") as error:
        followups.followup_report(
            actor=None, followup=due, omzet=50_000_000, aset=30_000_000, workers=2, via="link"
        )
    assert "omzet" in error.value.message_dict["confirm_jump"][0]
    assert due.report is None and not MetricReport.objects.filter(source="follow_up").exists()
    keep_link_alive(due)
    url = f"/tindak-lanjut/{followups.link_token(due)}/"
    page = Client().post(url, {"omzet": "50000000", "aset": "30000000", "workers": "2"})
    assert page.status_code == 200 and page.context["jump"] and 'name="confirm_jump"' in page.text
    followups.followup_report(
        actor=None, followup=due, omzet=50_000_000, aset=30_000_000, workers=2, via="link", confirm_jump=True
    )
    due.refresh_from_db()
    assert due.status == FollowUp.Status.REPORTED and due.jump_confirmed


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
def test_a_mentor_visit_with_figures_answers_the_follow_up_due_then(mentee: Mentee, due: FollowUp) -> None:
    visit = visits.visit_log(
        actor=mentee.personas.mentor, mentor=mentee.mentor, enterprise=mentee.enterprise,
        visit_date=date(2021, 8, 16), mode="visit", topics="Pembukuan", problems="Stok bahan baku",
        actions=[{"text": "Catat kas harian", "due": "2021-08-31"}],
        figures={"omzet": 13_000_000, "aset": 31_000_000, "workers": 3},
    )  # fmt: skip
    assert visit.report is not None and visit.report.source == MetricReport.Source.MENTOR_VISIT
    assert visit.report.period == date(2021, 7, 1)
    due.refresh_from_db()
    assert due.status == FollowUp.Status.REPORTED and due.via == FollowUp.Via.MENTOR
    assert due.report == visit.report


@pytest.mark.django_db
def test_visit_mistakes_are_refused_with_reasons(mentee: Mentee) -> None:
    def log(**changes):  # type: ignore[no-untyped-def]
        fields = {
            "actor": mentee.personas.mentor, "mentor": mentee.mentor, "enterprise": mentee.enterprise,
            "visit_date": date(2021, 8, 16), "mode": "call",
        }  # fmt: skip
        return visits.visit_log(**{**fields, **changes})

    with pytest.raises(ValidationError, match="bukan dampingan"):
        log(enterprise=mentee.personas.kudus_enterprise)
    with pytest.raises(ValidationError, match="masa depan"):
        log(visit_date=date.today() + timedelta(days=2))
    with pytest.raises(ValidationError, match="batas waktu"):
        log(actions=[{"text": "Daftar NIB", "due": None}])
    with pytest.raises(ValidationError, match="ketiga angka"):
        log(figures={"omzet": 5_000_000, "aset": None, "workers": None})
    assert not Visit.objects.exists() and not MetricReport.objects.filter(source="mentor_visit").exists()
    planned = log(visit_date=date.today() + timedelta(days=3), planned=True)
    assert planned.status == Visit.Status.PLANNED


@pytest.mark.django_db
def test_the_mentor_logs_a_visit_from_the_page_and_others_cannot(mentee: Mentee) -> None:
    url = f"/pendampingan/kunjungan/baru/{mentee.enterprise.pk}/"
    mentor = Client()
    mentor.force_login(mentee.personas.mentor)
    assert mentor.get(url).status_code == 200
    response = mentor.post(
        url,
        {"visit_date": "2021-09-01", "mode": "visit", "topics": "Harga jual", "action_1": "Hitung HPP",
         "action_1_due": "2021-09-10", "omzet": "", "aset": "", "workers": ""},
    )  # fmt: skip
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert visit.actions == [{"text": "Hitung HPP", "due": "2021-09-10"}] and visit.report is None
    assert (
        mentor.get(f"/pendampingan/kunjungan/baru/{mentee.personas.kudus_enterprise.pk}/").status_code == 404
    )
    admin = Client()
    admin.force_login(mentee.personas.semarang_admin)
    assert admin.get(url).status_code == 403
    assert len(admin.get("/pendampingan/kunjungan/").context["page"]) == 1
    kudus = Client()
    kudus.force_login(mentee.personas.kudus_admin)
    assert len(kudus.get("/pendampingan/kunjungan/").context["page"]) == 0


@pytest.mark.django_db
def test_follow_up_pages_are_scoped_and_the_mentor_can_enter_figures(mentee: Mentee, due: FollowUp) -> None:
    url = f"/pendampingan/tindak-lanjut/{due.pk}/"
    kudus = Client()
    kudus.force_login(mentee.personas.kudus_admin)
    assert kudus.get(url).status_code == 404
    viewer = Client()
    viewer.force_login(mentee.personas.viewer)
    assert viewer.get(url).status_code == 200
    assert viewer.post(url, {"omzet": "1", "aset": "1", "workers": "1"}).status_code == 403
    mentor = Client()
    mentor.force_login(mentee.personas.mentor)
    assert len(mentor.get("/pendampingan/tindak-lanjut/").context["page"]) == 3
    assert mentor.post(url, {"action": "revoke"}).status_code == 302  # without the confirmation: nothing
    nonce = due.link_nonce
    due.refresh_from_db()
    assert due.link_nonce == nonce
    mentor.post(url, {"action": "revoke", "sure": "1"})
    due.refresh_from_db()
    assert due.link_nonce != nonce
    assert mentor.post(url, {"omzet": "11000000", "aset": "30000000", "workers": "2"}).status_code == 302
    due.refresh_from_db()
    assert due.status == FollowUp.Status.REPORTED and due.via == FollowUp.Via.MENTOR
    assert due.reported_by == mentee.personas.mentor


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
def test_the_program_owner_sets_the_schedule_and_a_participant_sees_what_is_owed(mentee: Mentee) -> None:
    from naikkelas.accounts.services import membership_grant
    from naikkelas.core.models import AuditEvent

    membership_grant(user=mentee.personas.province_admin, organisation=mentee.program.owner, role="admin")
    province = Client()
    province.force_login(mentee.personas.province_admin)
    url = f"/program/{mentee.program.pk}/tindak-lanjut/"
    assert province.post(url, {"months": "3, enam", "jump_factor": "3"}).status_code == 200
    assert province.post(url, {"months": "0, 6", "jump_factor": "3"}).status_code == 200
    assert province.post(url, {"months": "6, 3, 24", "jump_factor": "2.5"}).status_code == 302
    mentee.program.refresh_from_db()
    assert (
        mentee.program.followup_schedule == [3, 6, 24] and str(mentee.program.followup_jump_factor) == "2.5"
    )
    assert AuditEvent.objects.filter(object_type="programs.program", action="update").exists()
    semarang = Client()
    semarang.force_login(mentee.personas.semarang_admin)
    assert semarang.post(url, {"months": "1", "jump_factor": "2"}).status_code == 403
    followups.followups_schedule(program=mentee.program)
    due = FollowUp.objects.get(enterprise=mentee.enterprise, month_offset=3)
    keep_link_alive(due)
    due.due_on = date.today()
    due.save(update_fields=["due_on"])
    participant = Client()
    participant.force_login(mentee.personas.participant)
    owed = participant.get("/pendampingan/konsultasi/").context["my_followups"]
    assert [f for f, _link in owed] == [due]
    assert Client().get(owed[0][1]).status_code == 200
    other = Client()
    other.force_login(mentee.personas.other_participant)
    assert other.get("/pendampingan/konsultasi/").context["my_followups"] == []


@pytest.mark.django_db
def test_the_schedule_asks_exactly_the_groups_the_cohort_report_counts(mentee: Mentee) -> None:
    """One definition (selection.cohorts): those asked for figures are those the report counts."""
    from naikkelas.outcomes.cohort import CohortFilter, applicants, comparison
    from naikkelas.registry.models import Enterprise

    batch = make_batch(mentee.level, organisation("Dinkop Kota Semarang", "33.74"))
    not_selected(mentee, Application.Status.REJECTED, True, batch)
    not_selected(mentee, Application.Status.WAITLISTED, True, batch)
    not_selected(mentee, Application.Status.REJECTED, False, batch)
    dropout = not_selected(mentee, Application.Status.SELECTED, False, batch)  # never graduates
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
    assert once_selected.enterprise_id in scheduled[FollowUp.Group.PARTICIPANT]
    assert dropout.enterprise_id in scheduled[FollowUp.Group.PARTICIPANT]
    counted = {(a.enterprise_id, a.offered) for a in applicants(everyone, report)}
    # the hand-recorded graduate (no application, no baseline) is followed but cannot be compared
    assert counted == {(e, True) for e in scheduled[FollowUp.Group.PARTICIPANT] - {mentee.enterprise.pk}} | {
        (e, False) for e in scheduled[FollowUp.Group.COMPARISON]
    }
    assert mentee.enterprise.pk in scheduled[FollowUp.Group.PARTICIPANT]


@pytest.mark.django_db
def test_everyone_offered_a_seat_is_followed_from_the_end_of_the_batch_they_entered_at(
    mentee: Mentee,
) -> None:
    """Dropouts and those who withdrew after the offer are followed like graduates; one who went on to the
    next level keeps the clock of the batch they entered at (as the comparison group does)."""
    from naikkelas.selection.models import Graduation

    batch = make_batch(mentee.level, organisation("Dinkop Kota Semarang", "33.74"))
    cutoff = not_selected(mentee, Application.Status.SELECTED, False, batch)
    withdrew = not_selected(mentee, Application.Status.WITHDRAWN, False, batch)
    early = not_selected(mentee, Application.Status.WITHDRAWN, False, batch)  # before any decision
    Application.objects.filter(pk=cutoff.pk).update(score=3.5)
    Application.objects.filter(pk=withdrew.pk).update(score=3.8)
    Application.objects.filter(pk=early.pk).update(score=3.0)
    other_level = mentee.program.levels.exclude(pk=mentee.level.pk).get()
    later = make_batch(
        other_level, organisation("Balatkop Jateng 2", "33"), opens=date(2021, 6, 1), closes=date(2021, 6, 30),
        start=date(2021, 8, 2),
    )  # fmt: skip
    went_on = not_selected(mentee, Application.Status.SELECTED, False, later)
    Application.objects.filter(pk=went_on.pk).update(enterprise=cutoff.enterprise)
    Graduation.objects.create(
        enterprise=cutoff.enterprise, level=mentee.level, batch=batch, graduated_on=batch.end_date
    )
    Graduation.objects.create(
        enterprise=cutoff.enterprise, level=other_level, batch=later, graduated_on=later.end_date
    )
    followups.followups_schedule(program=mentee.program)
    anchors = dict(FollowUp.objects.filter(month_offset=3).values_list("enterprise_id", "anchor_on"))
    assert anchors[cutoff.enterprise_id] == batch.end_date != later.end_date
    assert anchors[withdrew.enterprise_id] == batch.end_date
    assert early.enterprise_id not in anchors
    assert FollowUp.objects.get(enterprise=withdrew.enterprise, month_offset=3).group == "participant"


@pytest.mark.django_db(transaction=True)
def test_an_admin_reminds_every_overdue_follow_up_of_her_regency_once_a_day(
    mentee: Mentee, due: FollowUp
) -> None:
    from django.urls import reverse

    from naikkelas.core.models import AuditEvent

    old_token = followups.link_token(due)
    Message.objects.all().delete()
    client = Client()
    client.force_login(mentee.personas.semarang_admin)
    page = client.get(reverse("mentoring:followups")).content.decode()
    assert "Kota Semarang: 3 terlambat" in page
    unsure = client.post(reverse("mentoring:followups_remind"), {"regency": "33.74"}, follow=True)
    assert "Centang konfirmasi untuk mengirim pengingat." in unsure.content.decode()
    assert not Message.objects.exists()
    done = client.post(reverse("mentoring:followups_remind"), {"regency": "33.74", "sure": "1"}, follow=True)
    assert "1 pemilik usaha diingatkan." in done.content.decode()  # one owner, her oldest overdue report
    message = Message.objects.get()
    assert message.template == "followup_reminder" and message.recipient == "+6281234567890"
    due.refresh_from_db()
    assert message.context["url"] == followups.link_url(due)  # the fresh link
    assert followups.followup_from_token(old_token) is None and followups.followup_from_token(
        followups.link_token(due)
    )
    assert AuditEvent.objects.filter(object_type="mentoring.followup", changes__link="renewed").count() == 1
    assert followups.followups_remind_overdue(actor=mentee.personas.semarang_admin, regency_code="33.74") == 0
    for outsider in (mentee.personas.kudus_admin, mentee.personas.mentor, mentee.personas.viewer):
        other = Client()
        other.force_login(outsider)
        assert (
            other.post(reverse("mentoring:followups_remind"), {"regency": "33.74", "sure": "1"}).status_code
            == 403
        )
    assert Message.objects.count() == 1


@pytest.mark.django_db
def test_the_api_reminds_a_regency_with_the_pages_rules(mentee: Mentee, due: FollowUp) -> None:
    from naikkelas.accounts.services import api_token_create

    province = Client(
        headers={"Authorization": f"Bearer {api_token_create(user=mentee.personas.province_admin)}"}
    )
    done = province.post(
        "/api/v1/follow-ups/remind-overdue", {"regency": "33.74"}, content_type="application/json"
    )
    assert done.status_code == 200 and done.json() == {"reminded": 1}
    kudus = Client(headers={"Authorization": f"Bearer {api_token_create(user=mentee.personas.kudus_admin)}"})
    refused = kudus.post(
        "/api/v1/follow-ups/remind-overdue", {"regency": "33.74"}, content_type="application/json"
    )
    assert refused.status_code == 403


@pytest.mark.django_db
def test_the_form_names_the_month_it_stores_and_the_report_before_it(mentee: Mentee, due: FollowUp) -> None:
    keep_link_alive(due)
    MetricReport.objects.create(
        enterprise=mentee.enterprise, period=date(2022, 4, 1), omzet=20_000_000, aset=40_000_000, workers=4,
        source=MetricReport.Source.MENTOR_VISIT,
    )  # fmt: skip  # a later report (say the 12-month one, sent first) is not "previous"
    url = f"/tindak-lanjut/{followups.link_token(due)}/"
    page = Client().get(url).text
    assert "Laporan ini tentang bulan <strong>Juli 2021</strong>" in page
    assert "Omzet bulan Juli 2021 (Rp)" in page
    assert "Laporan sebelumnya (Februari 2021)" in page and "April 2022" not in page
    Client().post(url, {"omzet": "12500000", "aset": "35000000", "workers": "3"})
    due.refresh_from_db()
    assert due.report is not None and due.report.period == date(2021, 7, 1)  # the month the form named
    assert "Angka bulan Juli 2021 sudah dilaporkan." in Client().get(url).text


@pytest.mark.django_db
def test_the_owner_corrects_a_typo_within_a_day_and_not_after(mentee: Mentee, due: FollowUp) -> None:
    from naikkelas.core.models import AuditEvent

    keep_link_alive(due)
    url = f"/tindak-lanjut/{followups.link_token(due)}/"
    Client().post(url, {"omzet": "5000000", "aset": "35000000", "workers": "3"})  # meant 12.500.000
    page = Client().get(url).text
    assert 'id="correct-form"' in page and 'value="5000000"' in page
    fixed = Client().post(url, {"action": "correct", "omzet": "12500000", "aset": "35000000", "workers": "3"})
    assert fixed.status_code == 302
    due.refresh_from_db()
    assert due.report is not None and (due.report.omzet, due.report.period) == (12_500_000, date(2021, 7, 1))
    assert MetricReport.objects.filter(enterprise=mentee.enterprise, source="follow_up").count() == 1
    audit = AuditEvent.objects.get(object_type="mentoring.followup", changes__has_key="corrected")
    assert audit.changes["corrected"]["omzet"] == [5_000_000, 12_500_000]
    assert due.reported_at is not None
    later = due.reported_at + timedelta(hours=25)
    with pytest.raises(ValidationError, match="dalam 24 jam setelah dikirim"):
        followups.followup_correct(actor=None, followup=due, omzet=1, aset=1, workers=1, now=later)
    due.refresh_from_db()
    assert due.report is not None and due.report.omzet == 12_500_000


@pytest.mark.django_db
def test_the_owner_corrects_through_the_api_and_nobody_else(mentee: Mentee, due: FollowUp) -> None:
    from naikkelas.accounts.services import api_token_create

    followups.followup_report(
        actor=None, followup=due, omzet=12_000_000, aset=30_000_000, workers=2, via="link"
    )
    payload = {"omzet": 13_000_000, "aset": 30_000_000, "workers": 2}
    owner = Client(headers={"Authorization": f"Bearer {api_token_create(user=mentee.personas.participant)}"})
    fixed = owner.post(f"/api/v1/follow-ups/{due.pk}/correct", payload, content_type="application/json")
    assert fixed.status_code == 200 and fixed.json()["report"]["omzet"] == 13_000_000
    mentor = Client(headers={"Authorization": f"Bearer {api_token_create(user=mentee.personas.mentor)}"})
    assert (
        mentor.post(
            f"/api/v1/follow-ups/{due.pk}/correct", payload, content_type="application/json"
        ).status_code
        == 403
    )
    other = Client(
        headers={"Authorization": f"Bearer {api_token_create(user=mentee.personas.other_participant)}"}
    )
    assert (
        other.post(
            f"/api/v1/follow-ups/{due.pk}/correct", payload, content_type="application/json"
        ).status_code
        == 404
    )
