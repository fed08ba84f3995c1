"""The scorecard page and its export, scoped to the reader."""

import io
from datetime import date, datetime

import pytest
from django.test import Client
from openpyxl import load_workbook

from naikkelas.mentoring.models import Consultation, FollowUp, Visit
from naikkelas.mentoring.tests.conftest import JAKARTA, Mentee
from naikkelas.registry.models import MetricReport


@pytest.mark.django_db
def test_the_scorecard_page_and_export_are_scoped(mentee: Mentee) -> None:
    Visit.objects.create(
        mentor=mentee.mentor, enterprise=mentee.enterprise, status="done", date=date(2021, 7, 2),
        planned_on=date(2021, 7, 1), province_code="33", regency_code="33.74",
    )  # fmt: skip
    report = MetricReport.objects.create(
        enterprise=mentee.enterprise, period=date(2021, 7, 1), omzet=15_000_000, aset=30_000_000, workers=3,
        source=MetricReport.Source.FOLLOW_UP,
    )  # fmt: skip
    FollowUp.objects.create(
        enterprise=mentee.enterprise, program=mentee.program, group="participant", month_offset=3,
        anchor_on=date(2021, 5, 14), due_on=date(2021, 8, 14), status="reported", report=report,
        reported_at=datetime(2021, 8, 10, tzinfo=JAKARTA), link_nonce="a" * 32,
        link_expires_on=date(2021, 10, 13), province_code="33", regency_code="33.74",
    )  # fmt: skip
    Consultation.objects.create(
        enterprise=mentee.enterprise, mentor=mentee.mentor, opened_by=mentee.personas.participant,
        category="finance", description="…", opened_at=datetime(2021, 6, 4, 10, tzinfo=JAKARTA),
        response_due_on=date(2021, 6, 8), province_code="33", regency_code="33.74",
    )  # fmt: skip
    admin = Client()
    admin.force_login(mentee.personas.semarang_admin)
    page = admin.get("/pendampingan/rapor/?dari=2021-06-01&sampai=2021-12-31")
    (row,) = page.context["rows"]
    assert (row.visits_done, row.planned_done, row.followups_on_time, row.consultations) == (1, 1, 1, 1)
    assert row.answered_in_time == 0 and row.median_omzet_change == 0.5
    # The median says what it is and carries its sign: a change since the baseline, not a level.
    assert "Median perubahan omzet sejak angka awal" in page.text
    assert page.text.count('class="omzet-change">+50,0 %</td>') == 2  # the mentor's row and the regency's
    admin.cookies["django_language"] = "en"
    english = admin.get("/pendampingan/rapor/?dari=2021-06-01&sampai=2021-12-31").text
    assert "Median change in turnover since the baseline" in english
    assert english.count('class="omzet-change">+50.0 %</td>') == 2
    del admin.cookies["django_language"]
    export = admin.get("/pendampingan/rapor/?dari=2021-06-01&sampai=2021-12-31&format=xlsx")
    book = load_workbook(io.BytesIO(export.content))
    assert book.sheetnames == ["Pendamping", "Kabupaten-kota", "Cara hitung"]
    values = [cell.value for cell in book["Pendamping"][2]]
    assert values[:5] == [str(mentee.personas.mentor), "Kota Semarang", 1, 1, 1]
    assert values[-1] == 50.0
    bad = admin.get("/pendampingan/rapor/?dari=kemarin")
    assert bad.status_code == 200 and "tidak dikenal" in bad.text
    kudus = Client()
    kudus.force_login(mentee.personas.kudus_admin)
    assert kudus.get("/pendampingan/rapor/").context["rows"] == []
    mentor = Client()
    mentor.force_login(mentee.personas.mentor)
    assert mentor.get("/pendampingan/rapor/").status_code == 403
