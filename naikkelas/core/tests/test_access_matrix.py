"""The role × endpoint matrix: every page and every API operation, asked by every role, with the ids of
objects in its own region and in another, must answer without a server error and never show what the
role may not see.

Kudus holds a full story (owner, enterprise, application, batch, graduation, mentor, consultation, visit,
follow-ups, data request), its names marked with a secret word. Roles without Kudus in scope — anonymous,
the Semarang admin, a Semarang mentor, both participants, an account without a role — must never receive
the word, nor the Kudus owner's NIK, whatever they ask for; a participant never receives the other
participant's name or NIK. The Kudus admin and the province admin do receive it (the check can fail).
"""

import io
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from naikkelas.accounts.models import Membership, User
from naikkelas.api import api
from naikkelas.mentoring import consultations, followups, services, visits
from naikkelas.mentoring.models import Mentor
from naikkelas.privacy import services as privacy
from naikkelas.programs.models import Batch
from naikkelas.regions.models import Region
from naikkelas.registry.models import MetricReport, Person
from naikkelas.selection.models import Application, Graduation
from naikkelas.testing.factories import Personas, UserFactory
from naikkelas.testing.mentoring import make_mentee
from naikkelas.testing.programs import batch as make_batch
from naikkelas.testing.programs import organisation

SECRET = "Rahasiakudus"
SKIPPED_PREFIXES = ("admin/", "static/", "media/", "i18n/")
# Signing out or in mid-walk would change who is asking.
SKIPPED_NAMES = {"accounts:logout", "accounts:login", "set_language"}


@dataclass
class KudusStory:
    ids: list[int]
    owner: Person
    snapshot: Any


def _kudus_story(personas: Personas) -> KudusStory:
    mentee = make_mentee(personas)  # the Semarang side: a graduate with a mentor
    for person, name in ((personas.participant_person, "Sri Wahyuningsih Peserta"),
                         (personas.other_person, "Budi Santoso Peserta")):  # fmt: skip
        person.name = name  # unlike the sample row of the import template
        person.save(update_fields=["name"])
    enterprise = personas.kudus_enterprise
    owner = enterprise.owner
    owner.name = f"{SECRET} Pemilik"
    owner.user = UserFactory.create(username="peserta_kudus")
    owner.phone = "+6281399990000"
    owner.save()
    enterprise.name = f"Jenang {SECRET}"
    enterprise.save()
    kudus_office = organisation("Dinkop Kudus", "33.19")
    batch: Batch = make_batch(mentee.level, kudus_office, title=f"Dasar {SECRET}")
    baseline = MetricReport.objects.create(
        enterprise=enterprise, period=date(2021, 2, 1), omzet=9_000_000, aset=20_000_000, workers=2,
        source=MetricReport.Source.APPLICATION,
    )  # fmt: skip
    application = Application.objects.create(
        batch=batch, level=mentee.level, enterprise=enterprise, person=owner, baseline=baseline,
        status=Application.Status.SELECTED, consent_purpose="…", consent_version="t",
        consented_at=timezone.now(), status_nonce="kudus-nonce", province_code="33", regency_code="33.19",
        answers=[f"{SECRET} ingin naik kelas"],
    )  # fmt: skip
    graduation = Graduation.objects.create(
        enterprise=enterprise, level=mentee.level, batch=batch, graduated_on=date(2021, 5, 21)
    )
    mentor_user = UserFactory.create(username="mentor_kudus")
    Membership.objects.create(user=mentor_user, organisation=kudus_office, role=Membership.Role.MENTOR)
    mentor: Mentor = services.mentor_create(
        actor=None, user=mentor_user, regency=Region.objects.get(code="33.19"), sectors=["food"], capacity=5
    )
    assignment = services.assign(actor=None, enterprise=enterprise, mentor=mentor)
    consultation = consultations.consultation_open(
        actor=owner.user, enterprise=enterprise, category="marketing",
        description=f"{SECRET}: pemasaran jenang lewat marketplace",
    )  # fmt: skip
    visit = visits.visit_log(
        actor=mentor_user, mentor=mentor, enterprise=enterprise, visit_date=timezone.localdate() - timedelta(days=1),
        mode="visit", topics=f"{SECRET} kemasan",
    )  # fmt: skip
    followups.followups_schedule(program=mentee.program)
    request = privacy.deletion_request(person=owner)
    ids = {
        enterprise.pk, owner.pk, batch.pk, application.pk, graduation.pk, mentor.pk, assignment.pk,
        consultation.pk, visit.pk, request.pk, baseline.pk, *enterprise.followups.values_list("pk", flat=True),
    }  # fmt: skip
    return KudusStory(sorted(ids), owner, _snapshot(owner))


def _snapshot(owner: Person) -> Any:
    owner = Person.objects.get(pk=owner.pk)
    enterprise = owner.enterprises.get()
    return (
        owner.name, owner.nik_digest, owner.phone, owner.anonymised_at, owner.consent_withdrawn_at,
        enterprise.name, enterprise.nib, enterprise.sector,
        sorted(enterprise.reports.values_list("period", "omzet", "aset", "workers")),
        sorted(enterprise.followups.values_list("pk", "status")),
        sorted(enterprise.consultations.values_list("pk", "status", "description")),
        sorted(Application.objects.filter(enterprise=enterprise).values_list("pk", "status", "followup_consent")),
    )  # fmt: skip


def _page_routes() -> list[tuple[str, dict[str, str]]]:
    """(name, converters) of every named page route outside the API and Django's admin."""
    found: list[tuple[str, dict[str, str]]] = []

    def walk(patterns: Any, namespace: str, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if route.startswith(SKIPPED_PREFIXES) or route.startswith("api/"):
                continue
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner, route)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}{pattern.name}"
                if name not in SKIPPED_NAMES:
                    kinds = {key: type(conv).__name__ for key, conv in pattern.pattern.converters.items()}
                    found.append((name, kinds))

    walk(get_resolver().url_patterns, "", "")
    return found


def _page_urls(ids: list[int]) -> list[str]:
    urls = []
    for name, converters in _page_routes():
        if not converters:
            urls.append(reverse(name))
        elif all(kind == "IntConverter" for kind in converters.values()):
            urls.extend(reverse(name, kwargs=dict.fromkeys(converters, pk)) for pk in ids)
        else:
            kwargs = {
                key: (str(ids[0]) if kind == "IntConverter" else "x") for key, kind in converters.items()
            }
            urls.append(reverse(name, kwargs=kwargs))
    return urls


def _api_operations(ids: list[int]) -> list[tuple[str, str]]:
    schema = api.get_openapi_schema()
    operations = []
    for path, methods in schema["paths"].items():
        names = re.findall(r"{(\w+)}", path)
        for method in methods:
            if not names:
                operations.append((method, path))
            else:
                operations.extend((method, re.sub(r"{\w+}", str(pk), path)) for pk in ids)
    return operations


def _text(response: Any) -> str:
    content_type = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in content_type:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(body), read_only=True)
        return " ".join(
            str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
        )
    if "zip" in content_type or "pdf" in content_type:
        return ""  # compressed: checked through the page that lists the same rows
    return body.decode("utf-8", errors="replace")


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def story(personas: Personas) -> KudusStory:
    return _kudus_story(personas)


def _walk(client: Client, story: KudusStory, methods: tuple[str, ...]) -> tuple[int, list[str], list[str]]:
    """Ask every page and API operation; return (requests, server errors, bodies that leaked)."""
    errors, leaks, count = [], [], 0
    forbidden = [SECRET, story.owner.nik]
    targets = [("get", url) for url in _page_urls(story.ids)]
    if "post" in methods:
        targets += [("post", url) for url in _page_urls(story.ids)]
    targets += [
        (method, f"/api/v1{path}") for method, path in _api_operations(story.ids) if method in methods
    ]
    for method, url in targets:
        if method == "get":
            response = client.get(url)
        else:
            response = getattr(client, method)(url, data="{}", content_type="application/json")
        count += 1
        if response.status_code >= 500:
            errors.append(f"{method.upper()} {url} → {response.status_code}")
            continue
        text = _text(response)
        leaked = [word for word in forbidden if word and word in text]
        if leaked:
            leaks.append(f"{method.upper()} {url} → {response.status_code} shows {leaked}")
    return count, errors, leaks


@pytest.mark.parametrize(
    "role", ["anonymous", "semarang_admin", "mentor", "participant", "other_participant", "outsider"]
)
def test_roles_without_kudus_in_scope_never_see_kudus(
    role: str, personas: Personas, story: KudusStory
) -> None:
    user = None if role == "anonymous" else getattr(personas, role)
    count, errors, leaks = _walk(_client(user), story, ("get", "post", "patch", "delete"))
    assert count > 300, count
    assert errors == []
    assert leaks == []
    assert _snapshot(story.owner) == story.snapshot  # nothing of Kudus changed either


@pytest.mark.parametrize("role", ["participant", "other_participant"])
def test_a_participant_never_sees_another_participant(
    role: str, personas: Personas, story: KudusStory
) -> None:
    me = getattr(personas, role)
    other = personas.other_person if role == "participant" else personas.participant_person
    client = _client(me)
    for url in _page_urls(story.ids):
        text = _text(client.get(url))
        assert other.name not in text and other.nik not in text, url
    for method, path in _api_operations(story.ids):
        if method == "get":
            text = _text(client.get(f"/api/v1{path}"))
            assert other.name not in text and other.nik not in text, path


@pytest.mark.parametrize("role", ["kudus_admin", "province_admin"])
def test_the_check_can_fail_kudus_staff_do_see_kudus(
    role: str, personas: Personas, story: KudusStory
) -> None:
    client = _client(getattr(personas, role))
    assert SECRET in _text(client.get(reverse("registry:enterprise_list")))
    assert SECRET in _text(client.get(f"/api/v1/enterprises/{personas.kudus_enterprise.pk}"))
    count, errors, leaks = _walk(client, story, ("get",))
    assert errors == []
    assert len(leaks) > 5  # many pages rightly show Kudus to them
