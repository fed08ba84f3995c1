import time
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from naikkelas.accounts.models import User
from naikkelas.demo.people import INSTALLATION_ADMIN, JATIM, people_demo_load
from naikkelas.demo.privacy import privacy_demo_load
from naikkelas.demo.today import today_demo_load
from naikkelas.mentoring.demo import mentoring_demo_load, mentoring_story_load
from naikkelas.outcomes.cohort import CohortFilter
from naikkelas.outcomes.demo import heroes_demo_load, prices_demo_load
from naikkelas.outcomes.estimates import estimates_demo_load
from naikkelas.registry.demo import DEMO_PASSWORD, DEMO_USERS, PARTICIPANT, demo_load
from naikkelas.selection.demo import REVIEWERS, pathway_demo_load, selection_demo_load
from naikkelas.training.demo import TRAINER, history_demo_load, training_demo_load

# The impact cards the demo computes while loading (the worker keeps them up to date afterwards): the
# report page as it opens, and the 2021 Dasar cohort the story points at, for each office's admin.
DEMO_CARD_USERS = ("provinsi", "semarang", "kudus", "kementerian")
DEMO_CARD_FILTERS = [CohortFilter(), CohortFilter(year=2021, level=1)]


class Command(BaseCommand):
    help = "Load the 2021 Central Java demo (only with DEBUG=true; safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            registry = demo_load()
            selection = selection_demo_load()
            training = training_demo_load(rank=1)
            pathway = pathway_demo_load()
            training_demo_load(rank=2)
            mentoring = mentoring_demo_load()
            story = mentoring_story_load()
            prices_demo_load()
            heroes_demo_load()
            privacy = privacy_demo_load()
            today = today_demo_load()
            people = people_demo_load(password=DEMO_PASSWORD)
            past = history_demo_load()
            estimates = estimates_demo_load(
                list(User.objects.filter(username__in=DEMO_CARD_USERS)), DEMO_CARD_FILTERS
            )
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from None
        if registry["enterprises"] or selection["applications"] or training["enrolments"]:
            self.stdout.write(
                f"demo: {registry['enterprises']} enterprises, {selection['applications']} applications, "
                f"{training['enrolments']} Dasar participants ({training['graduates']} graduated), "
                f"{pathway['nominated']} nominated to Menengah, {mentoring['matched']} matched to mentors "
                f"({mentoring['gaps']} waiting), {story['reports']} follow-up reports, {story['visits']} visits, "
                f"{story['consultations']} consultations ({story['escalated']} escalated today), "
                f"{privacy['requests']} personal-data requests, "
                f"{today['enrolments']} in this week's batch and {today['reviews']} reviews waiting, "
                f"loaded in {time.perf_counter() - started:.1f} s"
            )
        if estimates:
            self.stdout.write(f"demo: {estimates} impact cards computed (the worker keeps them up to date)")
        if past["participants"]:
            self.stdout.write(
                f"demo: {past['participants']} participants of 2020 brought in through the history import"
            )
        if people["organisations"]:
            self.stdout.write(
                f"demo: Jawa Timur onboarded beside Central Java ({people['organisations']} organisations)"
            )
        if story["link"]:
            self.stdout.write(f"the participant's follow-up link (no password): {story['link']}")
        else:
            self.stdout.write("demo: already loaded")
        self.stdout.write(f"demo logins (password '{DEMO_PASSWORD}'):")
        for username, full_name, _region, role in DEMO_USERS:
            self.stdout.write(f"  {username:<12} {role:<8} {full_name}")
        self.stdout.write(f"  {PARTICIPANT['username']:<12} {'peserta':<8} {PARTICIPANT['name']}")
        for username, full_name in REVIEWERS:
            self.stdout.write(f"  {username:<12} {'reviewer':<8} {full_name}")
        self.stdout.write(f"  {TRAINER[0]:<12} {'trainer':<8} {TRAINER[1]}")
        self.stdout.write(f"  {JATIM[0]:<12} {'admin':<8} {JATIM[1]} {JATIM[2]} (Jawa Timur, no program yet)")
        self.stdout.write(f"  {INSTALLATION_ADMIN[0]:<12} {'install':<8} brings provinces and offices in")
