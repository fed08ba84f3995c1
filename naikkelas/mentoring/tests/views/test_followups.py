"""Follow-up pages: the participant's link, the jump confirmation and its evidence photo, the admins'
list and reminders, the mentor's entry, and corrections."""

from datetime import date, timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import ImageFile

from naikkelas.mentoring.models import FollowUp
from naikkelas.mentoring.services import followups
from naikkelas.mentoring.tests.conftest import Mentee, keep_link_alive
from naikkelas.notify.models import Message
from naikkelas.registry.models import MetricReport
from naikkelas.testing import files


def _report_with_evidence(followup: FollowUp, evidence: SimpleUploadedFile):  # type: ignore[no-untyped-def]
    keep_link_alive(followup)
    return Client().post(
        f"/tindak-lanjut/{followups.link_token(followup)}/",
        {"omzet": "50000000", "aset": "30000000", "workers": "2", "confirm_jump": "on", "evidence": evidence},
    )


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
def test_the_program_owner_sets_the_schedule_and_a_participant_sees_what_is_owed(mentee: Mentee) -> None:
    from naikkelas.accounts.services.organisations import membership_grant
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
    # the fresh link (compared by what it opens: a token signed a second later reads differently)
    assert followups.followup_from_token(message.context["url"].rstrip("/").rsplit("/", 1)[1]) == due
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
def test_follow_up_evidence_is_a_photo_checked_like_the_others(mentee: Mentee, due: FollowUp) -> None:
    with mock.patch.object(ImageFile.ImageFile, "load", side_effect=AssertionError("decoded")):
        flood = _report_with_evidence(due, SimpleUploadedFile("bukti.png", files.flood_png(8900, 8900)))
    assert (
        "bukti.png terlalu besar: 8900 × 8900 piksel; foto PNG atau WebP paling besar 10 megapiksel (JPEG sampai 40 megapiksel)."
        in flood.text
    )
    pdf = _report_with_evidence(due, SimpleUploadedFile("bukti.pdf", files.plain_pdf()))
    assert "bukti.pdf adalah PDF; di sini hanya foto (JPEG, PNG atau WebP)." in pdf.text
    due.refresh_from_db()
    assert due.status == FollowUp.Status.PENDING and not due.evidence


@pytest.mark.django_db
def test_staff_who_check_the_jump_see_the_evidence_others_do_not(mentee: Mentee, due: FollowUp) -> None:
    assert _report_with_evidence(due, SimpleUploadedFile("nota.jpg", files.jpeg())).status_code == 302
    due.refresh_from_db()
    assert due.status == FollowUp.Status.REPORTED and due.jump_confirmed and due.evidence
    url = f"/pendampingan/tindak-lanjut/{due.pk}/bukti/"
    for user in (mentee.personas.mentor, mentee.personas.semarang_admin, mentee.personas.province_admin,
                 mentee.personas.participant):  # fmt: skip
        client = Client()
        client.force_login(user)
        served = client.get(url)
        assert served.status_code == 200, user
        assert served["Content-Disposition"] == f'inline; filename="bukti-tindak-lanjut-{due.pk}.jpg"'
    page = Client()
    page.force_login(mentee.personas.mentor)
    assert url in page.get(f"/pendampingan/tindak-lanjut/{due.pk}/").text
    for user in (mentee.personas.kudus_admin, mentee.personas.other_participant):
        client = Client()
        client.force_login(user)
        assert client.get(url).status_code == 404, user
    assert Client().get(url).status_code == 302  # to sign in
    other = FollowUp.objects.get(enterprise=mentee.enterprise, month_offset=6)
    mentor = Client()
    mentor.force_login(mentee.personas.mentor)
    assert mentor.get(f"/pendampingan/tindak-lanjut/{other.pk}/bukti/").status_code == 404  # none sent


@pytest.mark.django_db
def test_the_link_asks_again_which_channels_she_wants_and_keeps_her_answer(
    mentee: Mentee, due: FollowUp
) -> None:
    from naikkelas.notify.models import ChannelConsent
    from naikkelas.notify.services.consent import choice_of

    keep_link_alive(due)
    url = f"/tindak-lanjut/{followups.link_token(due)}/"
    page = Client().get(url).text
    # she said yes to WhatsApp and SMS on the application form: both ticked; no email on record, no box
    assert 'id="id_consent_whatsapp" checked' in page and 'id="id_consent_sms" checked' in page
    assert 'name="consent_email"' not in page and "Saya bersedia menerima pesan" in page
    figures = {"omzet": "12.500.000", "aset": "35.000.000", "workers": "3"}
    assert (
        Client().post(url, {**figures, "channels_asked": "True", "consent_whatsapp": "on"}).status_code == 302
    )
    phone = mentee.enterprise.owner.phone
    assert (choice_of(phone, "whatsapp"), choice_of(phone, "sms")) == (True, False)
    (changed,) = ChannelConsent.objects.filter(opted_in=False)
    assert (changed.channel, changed.source, changed.text_version) == ("sms", "form", "2026-12")


@pytest.mark.django_db
def test_a_form_kept_from_before_the_boxes_changes_no_choice(mentee: Mentee, due: FollowUp) -> None:
    from naikkelas.notify.models import ChannelConsent

    keep_link_alive(due)
    before = ChannelConsent.objects.count()
    url = f"/tindak-lanjut/{followups.link_token(due)}/"
    assert (
        Client().post(url, {"omzet": "12.500.000", "aset": "35.000.000", "workers": "3"}).status_code == 302
    )
    assert ChannelConsent.objects.count() == before
