"""Every demo login lands on a home with something to do today, and every link of its menu opens (200);
this week's Semarang batch and open call (demo/today.py) leave the 2021 figures as they were."""

import pytest
from django.core.management import call_command
from django.test import Client

from naikkelas.accounts.home import menu_for, sections_for
from naikkelas.accounts.models import User
from naikkelas.demo.today import today_demo_load
from naikkelas.outcomes import cohort, report
from naikkelas.registry.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

# Each demo login (README) and a section of its home that must hold work for today.
TODAY = {
    "peserta": "mentoring.my_followups",
    "pelatih": "training.to_grade",
    "mentor": "mentoring.consultations",
    "penilai": "selection.reviews",
    "penilai2": "selection.reviews",
    "semarang": "selection.calls",
    "kudus": "privacy.requests",
    "provinsi": "mentoring.office",
    "kementerian": "outcomes.by_province",
}


def _figures_2021(user: User) -> list[tuple[int, int, int, int]]:
    found = []
    for level in (1, 2):
        result = cohort.cohort(user, cohort.CohortFilter(year=2021, level=level))
        summary = report.summarize(result.participants)
        omzet = summary.metrics["omzet"]
        found.append(
            (len(result.participants), len(result.comparison), omzet.baseline_total, omzet.followup_total)
        )
    return found


def test_every_demo_login_has_work_today_and_a_menu_without_dead_links(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = True
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    provinsi = User.objects.get(username="provinsi")
    assert _figures_2021(provinsi)[1][0] == 106 and _figures_2021(provinsi)[1][2:] == (
        2_400_000_000,
        5_370_000_000,
    )
    # 2020 came in through the history import: its graduates (16 of 20) are a cohort of their own
    from naikkelas.outcomes.cohort import CohortFilter, cohort

    past = cohort(provinsi, CohortFilter(year=2020), with_comparison=False)
    assert len(past.participants) == 16 and all(m.followup is not None for m in past.participants)
    assert len(cohort(User.objects.get(username="kudus"), CohortFilter(year=2020)).participants) == 6
    # the loader computed the impact cards: the 2021 Dasar page shows one without computing anything
    from unittest import mock

    reader = Client()
    reader.force_login(provinsi)
    with mock.patch(
        "naikkelas.outcomes.evidence.for_user", side_effect=AssertionError("computed in the request")
    ):
        card = reader.get("/hasil/?year=2021&level=1", headers={"Accept-Language": "id"})
    assert 'id="evidence-card"' in card.text and 'id="estimate-bar"' not in card.text
    for username, key in TODAY.items():
        user = User.objects.get(username=username)
        client = Client()
        assert client.login(username=username, password=DEMO_PASSWORD), username
        home = client.get("/")
        assert home.status_code == 200, username
        sections = {s.key: s for s in sections_for(user)}
        work = sections[key]
        assert any(f.count > 0 for f in work.figures) or work.rows, (username, key)
        assert work.title in home.content.decode(), (username, key)
        for link in menu_for(user):
            assert client.get(link.url).status_code == 200, (username, link.url)
    trainer = {s.key: s for s in sections_for(User.objects.get(username="pelatih"))}
    assert trainer["training.trained_batches"].entries[0].text.startswith("Hari ini: ")


def test_this_weeks_batch_leaves_the_2021_figures_alone(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = True
    from naikkelas.demo.privacy import privacy_demo_load
    from naikkelas.mentoring.demo import mentoring_demo_load, mentoring_story_load
    from naikkelas.registry.demo import demo_load
    from naikkelas.selection.demo import pathway_demo_load, selection_demo_load
    from naikkelas.training.demo import training_demo_load

    demo_load()
    selection_demo_load()
    training_demo_load(rank=1)
    pathway_demo_load()
    training_demo_load(rank=2)
    mentoring_demo_load()
    mentoring_story_load()
    privacy_demo_load()
    provinsi = User.objects.get(username="provinsi")
    before = _figures_2021(provinsi)
    assert today_demo_load() == {"enrolments": 8, "reviews": 10}
    assert today_demo_load() == {"enrolments": 0, "reviews": 0}  # once
    assert _figures_2021(provinsi) == before
