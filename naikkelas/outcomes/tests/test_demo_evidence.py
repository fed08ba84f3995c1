"""The demo is generated with a planted +8 % effect of the Dasar offer on turnover at 12 months
(mentoring/demo.py): the regression discontinuity's 95 % interval must cover it, the naive comparison's
must not. The test checks the intervals, not a hard-coded estimate."""

import math

import pytest

from naikkelas.mentoring.demo import PLANTED_OFFER_EFFECT, mentoring_demo_load, mentoring_story_load
from naikkelas.registry.demo import demo_load
from naikkelas.selection.demo import pathway_demo_load, selection_demo_load
from naikkelas.training.demo import training_demo_load


@pytest.mark.django_db
def test_the_demo_rd_recovers_the_planted_offer_effect(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = True
    demo_load()
    selection_demo_load()
    training_demo_load(rank=1)
    pathway_demo_load()
    training_demo_load(rank=2)
    mentoring_demo_load()
    mentoring_story_load()
    from naikkelas.accounts.models import User
    from naikkelas.outcomes import cohort, evidence

    assert math.expm1(PLANTED_OFFER_EFFECT) == pytest.approx(0.08)
    province = User.objects.get(username="provinsi")
    found = evidence.for_user(province, cohort.CohortFilter(year=2021, level=1))
    rd, itt, naive = (found.results[d].estimate for d in ("rd", "itt", "naive"))
    assert found.primary is not None and found.primary.design == "rd"
    assert rd is not None and rd.ci_low <= PLANTED_OFFER_EFFECT <= rd.ci_high
    assert itt is not None and itt.ci_low <= PLANTED_OFFER_EFFECT <= itt.ci_high
    assert naive is not None and naive.ci_low > PLANTED_OFFER_EFFECT  # selection on the score
    assert found.results["rd"].details["density"].p_value > 0.05
    # the seed's level-2 figures still add up (the generator keeps them, through the score)
    level2 = report_totals(province)
    assert level2 == (106, 2_400_000_000, 5_370_000_000)
    same_people_scheduled_and_counted()


def same_people_scheduled_and_counted() -> None:
    """One definition (selection.cohorts): on the demo, the follow-up schedule asks exactly the people the
    cohort report and the impact designs count, in the same group and from the same month."""
    from naikkelas.mentoring.models import FollowUp
    from naikkelas.outcomes import cohort
    from naikkelas.programs.models import Program
    from naikkelas.registry.models import Enterprise
    from naikkelas.selection.models import Application

    program = Program.objects.get(year=2021)
    scheduled = set(
        FollowUp.objects.filter(program=program).values_list("enterprise_id", "group", "anchor_on")
    )
    with_application = set(
        Application.objects.filter(level__program=program).values_list("enterprise_id", flat=True)
    )
    counted = {
        (a.enterprise_id, "participant" if a.offered else "comparison", a.anchor)
        for a in cohort.applicants(Enterprise.objects.all(), cohort.CohortFilter(program=program.pk))
    }
    assert {row for row in scheduled if row[0] in with_application} == counted
    groups = {group for _e, group, _a in counted}
    assert groups == {"participant", "comparison"} and len(counted) > 300
    comparison = {
        m.enterprise_id
        for m in cohort.comparison(Enterprise.objects.all(), cohort.CohortFilter(program=program.pk))
    }
    assert comparison == {e for e, group, _a in counted if group == "comparison"}


def report_totals(user) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    from naikkelas.outcomes import cohort, report

    summary = report.summarize(cohort.cohort(user, cohort.CohortFilter(year=2021, level=2)).participants)
    omzet = summary.metrics["omzet"]
    return summary.with_followup, omzet.baseline_total, omzet.followup_total
