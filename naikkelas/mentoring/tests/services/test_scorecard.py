"""The scorecard's tally: done against planned, on time against due."""

from datetime import date, datetime

import pytest

from naikkelas.mentoring.services import scorecard
from naikkelas.mentoring.tests.conftest import JAKARTA

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
