import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from openpyxl import load_workbook

from naikkelas.mentoring.models import Consultation, FollowUp, Visit
from naikkelas.mentoring.services import scorecard
from naikkelas.mentoring.tests.conftest import Mentee
from naikkelas.registry.models import MetricReport

JAKARTA = ZoneInfo("Asia/Jakarta")
START, END = date(2021, 6, 1), date(2021, 12, 31)


def test_tally_counts_done_against_planned_and_on_time_against_due() -> None:
    facts = scorecard.Facts(
        visits=[
            (1, "done", date(2021, 7, 1), date(2021, 7, 2)),  # planned and done
            (1, "planned", date(2021, 8, 1), date(2021, 8, 1)),  # planned, never done
            (1, "done", None, date(2021, 9, 1)),  # done without a plan
            (1, "done", None, date(2020, 9, 1)),  # outside the period
        ],
        followups=[
            (1, date(2021, 8, 14), datetime(2021, 8, 20, 9, tzinfo=JAKARTA)),  # 6 days late: on time
            (1, date(2021, 11, 14), datetime(2021, 11, 22, 9, tzinfo=JAKARTA)),  # 8 days late
            (1, date(2021, 12, 14), None),
        ],
        consultations=[
            (1, date(2021, 6, 8), datetime(2021, 6, 8, 16, tzinfo=JAKARTA)),
            (1, date(2021, 6, 8), datetime(2021, 6, 9, 8, tzinfo=JAKARTA)),
            (1, date(2021, 6, 8), None),
        ],
        mentee_changes=[(1, 0.5), (1, 1.0), (1, -0.2)],
        mentees={1: 3},
    )
    (score,) = scorecard.tally([(1, "Pendamping A", "Kota Semarang")], facts, START, END, grace_days=7)
    assert (score.visits_done, score.visits_planned, score.planned_done) == (2, 2, 1)
    assert (score.followups_due, score.followups_on_time) == (3, 1)
    assert (score.consultations, score.answered_in_time) == (3, 1)
    assert score.median_omzet_change == 0.5 and score.mentees == 3
    assert score.planned_rate == 0.5 and score.answer_rate == pytest.approx(1 / 3)
    (regency,) = scorecard.by_regency([score, scorecard.Score("2", "B", "Kota Semarang", visits_done=4)])
    assert regency.visits_done == 6 and regency.name == "Kota Semarang"


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
