from collections import Counter

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Sum
from django.test import Client
from django.utils import timezone

from naikkelas.mentoring.demo import mentoring_demo_load, mentoring_story_load
from naikkelas.mentoring.models import Consultation, FollowUp, Visit
from naikkelas.notify.models import Message
from naikkelas.registry.demo import APPLICANTS_2021, DEMO_PASSWORD, demo_load
from naikkelas.registry.models import Enterprise, MetricReport
from naikkelas.selection.demo import LEVEL2_SEATS, SEATS_2021, pathway_demo_load, selection_demo_load
from naikkelas.selection.models import Application
from naikkelas.training.demo import training_demo_load
from naikkelas.training.models import Attendance, Certificate, Enrolment, Graduation

pytestmark = pytest.mark.django_db


def test_demo_refuses_without_debug(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = False
    with pytest.raises(ImproperlyConfigured):
        demo_load()
    assert Enterprise.objects.count() == 0


def test_demo_tells_the_2021_story_once_and_every_login_works(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = True
    assert demo_load()["enterprises"] == APPLICANTS_2021
    assert selection_demo_load()["applications"] == APPLICANTS_2021
    assert demo_load()["enterprises"] == 0 and selection_demo_load()["applications"] == 0
    assert Enterprise.objects.filter(province_code="33").count() == APPLICANTS_2021
    baselines = MetricReport.objects.filter(source="application")
    assert baselines.count() == APPLICANTS_2021
    below = baselines.filter(omzet__lt=5_000_000).count()
    assert 0.1 * APPLICANTS_2021 < below < 0.5 * APPLICANTS_2021  # both sides of the threshold
    statuses = Counter(Application.objects.values_list("status", flat=True))
    assert statuses["selected"] == SEATS_2021
    assert statuses["waitlisted"] > 0 and statuses["ineligible"] > 0 and statuses["rejected"] > 0
    assert Message.objects.filter(template="selection_result").count() == APPLICANTS_2021
    assert (
        Application.objects.get(enterprise__owner__user__username="peserta", level__rank=1).status
        == "selected"
    )
    dasar = training_demo_load(rank=1)
    assert dasar["enrolments"] == SEATS_2021 and 0 < dasar["graduates"] < SEATS_2021
    assert pathway_demo_load()["nominated"] == LEVEL2_SEATS == 106
    assert training_demo_load(rank=2) == {"enrolments": 106, "graduates": 106}
    assert training_demo_load(rank=1)["enrolments"] == 0 and pathway_demo_load()["nominated"] == 0
    nominated = Application.objects.filter(level__rank=2, nominated_by__isnull=False)
    assert nominated.filter(status="selected").count() == 106
    assert Attendance.objects.filter(enrolment__batch__level__rank=1).count() == SEATS_2021 * 5
    not_graduated = Enrolment.objects.filter(graduated=False)
    assert not_graduated.exists() and all(e.graduation_results[0]["reason_id"] for e in not_graduated)
    assert Certificate.objects.filter(enrolment__batch__level__rank=2).count() == 106
    mentoring = mentoring_demo_load()
    assert mentoring["mentors"] == 35 and mentoring["matched"] > 100
    graduates = Graduation.objects.values("enterprise_id").distinct().count()
    assert mentoring["matched"] + mentoring["gaps"] == graduates
    story = mentoring_story_load()
    assert mentoring_story_load()["reports"] == 0  # once
    level2 = Application.objects.filter(level__rank=2, status="selected")
    assert level2.aggregate(o=Sum("baseline__omzet"), a=Sum("baseline__aset"), w=Sum("baseline__workers")) == {
        "o": 2_400_000_000, "a": 7_360_000_000, "w": 279,
    }  # fmt: skip
    twelve = FollowUp.objects.filter(enterprise_id__in=level2.values("enterprise_id"), month_offset=12)
    assert twelve.filter(status="reported").count() == 106
    assert twelve.aggregate(o=Sum("report__omzet"), a=Sum("report__aset"), w=Sum("report__workers")) == {
        "o": 5_370_000_000, "a": 12_340_000_000, "w": 583,
    }  # fmt: skip
    assert twelve.filter(via="mentor", report__visits__isnull=False).exists()
    comparison = FollowUp.objects.filter(group="comparison")
    assert comparison.filter(status="reported").exists() and comparison.filter(status="pending").exists()
    assert story["visits"] > 500 and Visit.objects.filter(status="planned").exists()
    assert Consultation.objects.filter(escalation=2).exists() and story["escalated"] > 0
    # The outcomes report computes the seed's figures from these data.
    from naikkelas.accounts.models import User
    from naikkelas.outcomes import cohort, report

    provinsi = User.objects.get(username="provinsi")
    cohort2 = report.summarize(cohort.cohort(provinsi, cohort.CohortFilter(year=2021, level=2)).participants)
    assert (cohort2.participants, cohort2.with_followup) == (106, 106)
    figures = {m: (s.baseline_total, s.followup_total) for m, s in cohort2.metrics.items()}
    assert figures == {
        "omzet": (2_400_000_000, 5_370_000_000), "aset": (7_360_000_000, 12_340_000_000), "workers": (279, 583),
    }  # fmt: skip
    from naikkelas.core.formats import percent_change, ratio, rupiah_compact

    shown = [
        (
            rupiah_compact(cohort2.metrics["omzet"].baseline_total),
            rupiah_compact(cohort2.metrics["omzet"].followup_total),
        )
    ]
    assert shown == [("Rp2,4 miliar", "Rp5,37 miliar")]
    assert [ratio(s.ratio) for s in cohort2.metrics.values()] == ["2,24×", "1,68×", "2,09×"]
    assert [percent_change(s.percent_change) for s in cohort2.metrics.values()] == [
        "+123,8 %",
        "+67,7 %",
        "+109,0 %",
    ]
    from naikkelas.outcomes.demo import prices_demo_load

    assert prices_demo_load() == 36 and prices_demo_load() == 0
    from naikkelas.outcomes.demo import heroes_demo_load

    assert heroes_demo_load() > 5 and heroes_demo_load() == 0
    showcase = Client().get("/pahlawan-lokal/")
    assert showcase.status_code == 200 and len(showcase.context["rows"]) > 3
    from naikkelas.outcomes.models import HeroStory

    stories = list(HeroStory.objects.select_related("enterprise"))
    assert len({s.story for s in stories}) == len(stories)  # no story told of two businesses
    assert all(s.story.startswith(s.enterprise.name) for s in stories)
    heroes_shown = [hero for _regency, items in showcase.context["rows"] for hero, *_rest in items]
    # only businesses that grew by the stated rule
    assert heroes_shown and min(hero.percent for hero in heroes_shown) >= 10
    client = Client()
    client.force_login(provinsi)
    page = client.get("/hasil/?year=2021&level=2")
    assert page.context["real"] is not None and page.context["real"].members == 106
    link = Client().get(story["link"].replace("http://127.0.0.1:8000", ""))
    assert link.status_code == 200 and "Laporan angka usaha" in link.text
    for username in [
        "provinsi",
        "semarang",
        "kudus",
        "mentor",
        "peserta",
        "kementerian",
        "penilai",
        "pelatih",
    ]:
        assert Client().login(username=username, password=DEMO_PASSWORD), username
    from naikkelas.core.models import AccessLog
    from naikkelas.demo.privacy import privacy_demo_load
    from naikkelas.privacy.models import DataRequest

    assert privacy_demo_load() == {"requests": 3} and privacy_demo_load() == {"requests": 0}
    open_requests = DataRequest.objects.filter(status="open")
    assert open_requests.count() == 2 and open_requests.filter(due_at__lt=timezone.now()).count() == 1
    assert DataRequest.objects.filter(kind="withdrawal", status="done").count() == 1
    assert AccessLog.objects.filter(username="semarang").count() == 13
