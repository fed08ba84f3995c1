"""The role × endpoint matrix: every page and every API operation, asked by every role, with the ids of
objects in its own region and in another, must answer without a server error and never show what the
role may not see.

Kudus holds a full story (owner, enterprise, application, batch, graduation, mentor, consultation, visit,
follow-ups, data request), its names marked with a secret word. Roles without Kudus in scope — anonymous,
the Semarang admin, a Semarang mentor, both participants, an account without a role — must never receive
the word, nor the Kudus owner's NIK, whatever they ask for; a participant never receives the other
participant's name or NIK. The Kudus admin and the province admin do receive it (the check can fail).

A province batch ("Menengah 2021", testing/training.py) then holds the Kudus owner beside two Semarang
participants (Sri, the mentor's mentee, and Budi), with attendance, submissions and certificates; a
Semarang bystander never applied. Each role has its own list of what it must never receive (attacks.md
V2/V3): the Kudus admin no Semarang name or NIK, the mentor nothing but her mentee (and no full NIK), the
batch's trainer nobody outside his batch, the reviewer nobody but her assigned applicant.

Where the design says which, the answer is asserted too: outside the scope an object is absent (404),
in scope but not one's to change (read-only, another office's batch) a write is refused (403).

Speed without losing a case: the menu is worked out once per role (`one_menu_per_role`), the story is built once per module (inside a transaction rolled back at
the end; each test runs in a savepoint of its own, so a writing walk changes nothing the next test sees),
the route and operation lists are computed once, and each role asks every GET once: the walk keeps, per
request, its status and which of the words any test watches for that role appeared, and each test reads
its own question from that record. Only the writing walks (POST/PATCH/DELETE) ask again.
"""

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.translation import get_language

from naikkelas.accounts.home import MenuLink, menu_for
from naikkelas.accounts.models import Membership, User
from naikkelas.accounts.templatetags import nk_home
from naikkelas.api import api
from naikkelas.mentoring.models import Mentor
from naikkelas.mentoring.services import consultations, followups, matching, mentors, visits
from naikkelas.privacy import services as privacy
from naikkelas.programs.models import Batch
from naikkelas.regions.models import Region
from naikkelas.registry.models import ImportJob, MetricReport, Person
from naikkelas.selection.models import Application
from naikkelas.testing.factories import Personas, UserFactory, make_personas
from naikkelas.testing.mentoring import make_mentee
from naikkelas.testing.programs import batch as make_batch
from naikkelas.testing.programs import organisation
from naikkelas.testing.training import ProvinceBatch, make_province_batch
from naikkelas.training.models import Graduation

pytestmark = pytest.mark.django_db

SECRET = "Rahasiakudus"
SRI_ENTERPRISE, BUDI_ENTERPRISE = "Bandeng Presto Sri Peserta", "Kerupuk Budi"
SKIPPED_PREFIXES = ("admin/", "static/", "media/", "i18n/")
# Signing out or in mid-walk would change who is asking.
SKIPPED_NAMES = {"accounts:logout", "accounts:login", "set_language"}


@dataclass
class KudusStory:
    ids: list[int]
    owner: Person
    snapshot: Any
    province: ProvinceBatch
    personas: Personas
    kudus_batch: Batch
    # role -> [(method, url, status, words seen)] of its GET walk on the story as built (see _get_walk)
    walks: dict[str, list["Answer"]] = field(default_factory=dict)


@dataclass(frozen=True)
class Answer:
    method: str
    url: str
    status: int
    seen: frozenset[str]


def _kudus_story(personas: Personas) -> KudusStory:
    mentee = make_mentee(personas)  # the Semarang side: a graduate with a mentor
    for person, name in ((personas.participant_person, "Sri Wahyuningsih Peserta"),
                         (personas.other_person, "Budi Santoso Peserta")):  # fmt: skip
        person.name = name  # unlike the sample row of the import template
        person.save(update_fields=["name"])
    sri = personas.semarang_enterprise
    sri.name = SRI_ENTERPRISE  # unlike the sample row of the import template, too
    sri.save(update_fields=["name"])
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
    mentor: Mentor = mentors.mentor_create(
        actor=None, user=mentor_user, regency=Region.objects.get(code="33.19"), sectors=["food"], capacity=5
    )
    assignment = matching.assign(actor=None, enterprise=enterprise, mentor=mentor)
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
    province = make_province_batch(personas, mentee)
    upload = ImportJob.objects.create(
        created_by=personas.kudus_admin, original_name=f"angka-{SECRET}.xlsx", file="imports/angka.xlsx",
        kind=ImportJob.Kind.FIGURES, status=ImportJob.Status.CHECKED, total_rows=1,
        problems=[{"row": 2, "column": "NIB", "message": f"{SECRET}: periksa NIB", "blocking": False}],
        changes=[{"row": 2, "enterprise": enterprise.pk, "name": enterprise.name, "period": "2021-08-01",
                  "old": None, "new": [9_500_000, 20_000_000, 2]}],
    )  # fmt: skip  # Kudus's own import: only its uploader sees it (the page and the API)
    ids = {
        upload.pk,
        enterprise.pk, owner.pk, batch.pk, application.pk, graduation.pk, mentor.pk, assignment.pk,
        consultation.pk, visit.pk, request.pk, baseline.pk, *enterprise.followups.values_list("pk", flat=True),
        province.batch.pk, province.other_batch.pk, province.budi_enterprise.pk, province.bystander.pk,
        province.bystander.owner_id, personas.other_person.pk, personas.participant_person.pk,
        *(a.pk for a in province.applications.values()), *(a.baseline_id for a in province.applications.values()),
        *(e.pk for e in province.enrolments.values()), *(s.pk for s in province.submissions.values()),
        *(c.pk for c in province.certificates.values()),
    }  # fmt: skip
    return KudusStory(sorted(ids), owner, _snapshot(owner), province, personas, batch)


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


@cache
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
    return list(_page_urls_of(tuple(ids)))


@cache
def _page_urls_of(ids: tuple[int, ...]) -> tuple[str, ...]:
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
    return tuple(urls)


def _api_operations(ids: list[int]) -> list[tuple[str, str]]:
    return list(_api_operations_of(tuple(ids)))


@cache
def _api_operations_of(ids: tuple[int, ...]) -> tuple[tuple[str, str], ...]:
    """(method, path) of every API operation; the schema's paths already start with /api/v1/."""
    schema = api.get_openapi_schema()
    operations = []
    for path, methods in schema["paths"].items():
        names = re.findall(r"{(\w+)}", path)
        for method in methods:
            if not names:
                operations.append((method, path))
            else:
                operations.extend((method, re.sub(r"{\w+}", str(pk), path)) for pk in ids)
    return tuple(operations)


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


@pytest.fixture(scope="module")
def story(django_db_setup: None, django_db_blocker: Any) -> Iterator[KudusStory]:
    """The story, built once for the module inside a transaction that is rolled back at its end; each
    test's own savepoint (pytest-django) undoes whatever a test's requests wrote."""
    from django.utils import translation

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        with translation.override("id"):
            built = _kudus_story(make_personas())
    try:
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module", autouse=True)
def one_menu_per_role() -> Iterator[None]:
    """The menu is worked out once per role and language instead of on each of a role's thousand
    requests (a third of a page's time): it holds only fixed link labels, never a name or an NIK, so
    what the walks look for is on the pages all the same."""
    menus: dict[tuple[int, str], list[MenuLink]] = {}

    def menu_once(user: User) -> list[MenuLink]:
        key = (user.pk, get_language() or "")
        if key not in menus:
            menus[key] = menu_for(user)
        return menus[key]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(nk_home, "menu_for", menu_once)
        yield


@pytest.fixture
def personas(story: KudusStory) -> Personas:
    """The module's personas (the story's cast), instead of a fresh set per test."""
    return story.personas


def _ask(client: Client, method: str, url: str) -> Any:
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, data="{}", content_type="application/json")


def _answer(client: Client, method: str, url: str, watched: frozenset[str]) -> Answer:
    response = _ask(client, method, url)
    text = _text(response)
    return Answer(method, url, response.status_code, frozenset(word for word in watched if word in text))


def _watched(role: str, story: KudusStory) -> frozenset[str]:
    """Every word some test checks for this role: Kudus, the role's own list, the other participant."""
    personas = story.personas
    words = {SECRET, story.owner.nik}
    if role in ROLES:
        words |= set(_forbidden_for(role, personas, story))
    if role in ("participant", "other_participant"):
        other = personas.other_person if role == "participant" else personas.participant_person
        words |= {other.name, other.nik}
    return frozenset(word for word in words if word)


def _user_of(role: str, story: KudusStory) -> User | None:
    return None if role == "anonymous" else _role_user(role, story.personas, story)


def _get_walk(role: str, story: KudusStory) -> list[Answer]:
    """Every page and every GET operation, asked once per role (one sign-in) on the story as built."""
    if role not in story.walks:
        client, watched = _client(_user_of(role, story)), _watched(role, story)
        targets = [("get", url) for url in _page_urls(story.ids)]
        targets += [(method, path) for method, path in _api_operations(story.ids) if method == "get"]
        story.walks[role] = [_answer(client, method, url, watched) for method, url in targets]
    return story.walks[role]


def _write_walk(role: str, story: KudusStory) -> list[Answer]:
    """Every page posted to and every POST/PATCH/DELETE operation, asked now (this test's savepoint)."""
    client, watched = _client(_user_of(role, story)), _watched(role, story)
    targets = [("post", url) for url in _page_urls(story.ids)]
    targets += [(method, path) for method, path in _api_operations(story.ids) if method != "get"]
    return [_answer(client, method, url, watched) for method, url in targets]


def _check(answers: list[Answer], forbidden: list[str]) -> tuple[int, list[str], list[str]]:
    """(requests, server errors, answers that leaked a forbidden word)."""
    words = {word for word in forbidden if word}
    errors = [f"{a.method.upper()} {a.url} → {a.status}" for a in answers if a.status >= 500]
    leaks = [
        f"{a.method.upper()} {a.url} → {a.status} shows {sorted(a.seen & words)}"
        for a in answers
        if a.status < 500 and a.seen & words
    ]
    api_reached = sum(a.url.startswith("/api/") and a.status != 404 for a in answers)
    assert api_reached > 20, "the walk did not reach the API operations"
    return len(answers), errors, leaks


@pytest.mark.parametrize(
    "role", ["anonymous", "semarang_admin", "mentor", "participant", "other_participant", "outsider"]
)
def test_roles_without_kudus_in_scope_never_see_kudus(role: str, story: KudusStory) -> None:
    answers = _get_walk(role, story) + _write_walk(role, story)
    count, errors, leaks = _check(answers, [SECRET, story.owner.nik])
    assert count > 300, count
    assert errors == []
    assert leaks == []
    assert _snapshot(story.owner) == story.snapshot  # nothing of Kudus changed either


@pytest.mark.parametrize("role", ["participant", "other_participant"])
def test_a_participant_never_sees_another_participant(
    role: str, personas: Personas, story: KudusStory
) -> None:
    other = personas.other_person if role == "participant" else personas.participant_person
    answers = _get_walk(role, story)
    assert len(answers) > 300
    assert [a.url for a in answers if a.seen & {other.name, other.nik}] == []


@pytest.mark.parametrize("role", ["kudus_admin", "province_admin"])
def test_the_check_can_fail_kudus_staff_do_see_kudus(
    role: str, personas: Personas, story: KudusStory
) -> None:
    client = _client(getattr(personas, role))
    assert SECRET in _text(client.get(reverse("registry:enterprise_list")))
    assert SECRET in _text(client.get(f"/api/v1/enterprises/{personas.kudus_enterprise.pk}"))
    count, errors, leaks = _check(_get_walk(role, story), [SECRET, story.owner.nik])
    assert errors == []
    assert len(leaks) > 5  # many pages rightly show Kudus to them


BYSTANDER = ("Warga Tetangga", "Usaha Tetangga")
# The Kudus story's texts outside any training: its level-1 application, consultation and visit.
KUDUS_OUTSIDE_TRAINING = (f"{SECRET} ingin naik kelas", f"{SECRET}: pemasaran jenang", f"{SECRET} kemasan")


def _role_user(role: str, personas: Personas, story: KudusStory) -> User:
    if role in ("trainer", "reviewer", "other_trainer"):
        return getattr(story.province, role)  # type: ignore[no-any-return]
    return getattr(personas, role)  # type: ignore[no-any-return]


def _forbidden_for(role: str, personas: Personas, story: KudusStory) -> list[str]:
    """What each role must never receive, whatever it asks for."""
    sri, budi = personas.participant_person, personas.other_person
    bystander = [*BYSTANDER, story.province.bystander.owner.nik]
    kudus = [SECRET, story.owner.nik]
    return {
        "semarang_admin": kudus,
        "kudus_admin": [sri.name, sri.nik, budi.name, budi.nik, SRI_ENTERPRISE, BUDI_ENTERPRISE, *bystander],
        # Her mentee, with the NIK masked; nobody else of her city, nothing of Kudus.
        "mentor": [*kudus, sri.nik, budi.name, budi.nik, BUDI_ENTERPRISE, *bystander],
        # Everyone of his batch (the Kudus owner too), with NIKs masked; nobody and nothing else.
        "trainer": [*KUDUS_OUTSIDE_TRAINING, story.owner.nik, sri.nik, budi.nik, *bystander],
        "other_trainer": [*kudus, sri.name, sri.nik, budi.name, budi.nik, BUDI_ENTERPRISE, *bystander],
        "reviewer": [*kudus, sri.name, sri.nik, budi.nik, SRI_ENTERPRISE, *bystander],
        "participant": [*kudus, budi.name, budi.nik, BUDI_ENTERPRISE, *bystander],
        "other_participant": [*kudus, sri.name, sri.nik, SRI_ENTERPRISE, *bystander],
    }[role]


ROLES = [
    "semarang_admin", "kudus_admin", "mentor", "trainer", "other_trainer", "reviewer", "participant",
    "other_participant",
]  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_only_its_own_people_on_every_page_and_endpoint(
    role: str, personas: Personas, story: KudusStory
) -> None:
    count, errors, leaks = _check(_get_walk(role, story), _forbidden_for(role, personas, story))
    assert count > 300, count
    assert errors == []
    assert leaks == []


def _foreign_urls(role: str, personas: Personas, story: KudusStory) -> list[str]:
    """Ids of records outside the role's scope: each must be absent (404), page and API alike."""
    province = story.province

    def person_and_enterprise(enterprise: Any) -> list[str]:
        return [
            reverse("registry:enterprise_detail", args=[enterprise.pk]),
            reverse("registry:person_detail", args=[enterprise.owner_id]),
            f"/api/v1/enterprises/{enterprise.pk}",
            f"/api/v1/persons/{enterprise.owner_id}",
        ]

    def training(who: str) -> list[str]:
        application = province.applications[who]
        return [
            reverse("training:submission", args=[province.submissions[who].pk]),
            reverse("training:certificate_pdf", args=[province.certificates[who].pk]),
            reverse("selection:application_detail", args=[application.pk]),
            f"/api/v1/applications/{application.pk}",
            f"/api/v1/metric-reports/{application.baseline_id}",
            reverse("registry:metric_edit", args=[application.baseline_id]),
        ]

    sri, budi, kudus = province.mentee.enterprise, province.budi_enterprise, personas.kudus_enterprise
    batch_pages = [
        reverse(f"training:{name}", args=[province.batch.pk]) for name in ("batch", "grid", "certificates")
    ]
    return {
        "kudus_admin": [*person_and_enterprise(sri), *person_and_enterprise(budi), *training("sri"),
                        *training("budi"), *person_and_enterprise(province.bystander)],
        "mentor": [*person_and_enterprise(budi), *person_and_enterprise(kudus), *training("budi"),
                   *training("kudus"), *person_and_enterprise(province.bystander), *batch_pages],
        "trainer": [*person_and_enterprise(province.bystander),
                    reverse("selection:application_detail", args=[province.applications["kudus"].pk])],
        "other_trainer": [*person_and_enterprise(sri), *training("kudus"), *batch_pages],
        "reviewer": [*person_and_enterprise(sri), *person_and_enterprise(kudus), *training("sri"), *batch_pages],
        # A province batch seen from below: only Semarang's own people in it.
        "semarang_admin": [*person_and_enterprise(kudus), *training("kudus")],
        "participant": [*person_and_enterprise(budi), *person_and_enterprise(kudus), *training("budi"),
                        *training("kudus"), *person_and_enterprise(province.bystander)],
        "other_participant": [*person_and_enterprise(sri), *training("sri"), *training("kudus")],
    }[role]  # fmt: skip


@pytest.mark.parametrize(
    "role",
    ["kudus_admin", "mentor", "trainer", "other_trainer", "reviewer", "semarang_admin", "participant",
     "other_participant"],
)  # fmt: skip
def test_records_outside_a_roles_scope_are_absent(role: str, personas: Personas, story: KudusStory) -> None:
    client = _client(_role_user(role, personas, story))
    answers = {url: client.get(url).status_code for url in _foreign_urls(role, personas, story)}
    assert answers == dict.fromkeys(answers, 404)


def test_the_check_can_fail_each_role_does_see_its_own_people(personas: Personas, story: KudusStory) -> None:
    province = story.province
    roster = reverse("training:batch", args=[province.batch.pk])
    assert SECRET in _text(_client(personas.kudus_admin).get(roster))  # its own person in a province batch
    trainer_roster = _text(_client(province.trainer).get(roster))
    assert SECRET in trainer_roster and personas.other_person.name in trainer_roster
    mentee = reverse("registry:enterprise_detail", args=[province.mentee.enterprise.pk])
    assert SRI_ENTERPRISE in _text(_client(personas.mentor).get(mentee))
    reviewed = reverse("selection:application_detail", args=[province.applications["budi"].pk])
    assert BUDI_ENTERPRISE in _text(_client(province.reviewer).get(reviewed))
    assert BYSTANDER[0] in _text(_client(personas.semarang_admin).get(reverse("registry:person_list")))


def _write_requests(story: KudusStory) -> dict[str, list[tuple[str, str, int]]]:
    """(method, url, answer) of writes per role: an object outside the role's scope is absent (404); one it
    sees but may not change — read-only, another office's batch, a batch it trains but does not run, an
    application it reviews — is refused (403). Page forms are posted empty: the door answers first."""
    province, personas = story.province, story.personas
    kudus, kudus_batch = personas.kudus_enterprise, story.kudus_batch
    sri, budi = province.mentee.enterprise, province.budi_enterprise
    kudus_application = Application.objects.get(batch=kudus_batch)

    def run(batch: Batch) -> str:
        return f"/api/v1/batches/{batch.pk}/selection/run"

    def graduation(batch: Batch) -> str:
        return f"/api/v1/batches/{batch.pk}/graduation"

    def page(name: str, pk: int | None = None) -> str:
        return reverse(name, args=[] if pk is None else [pk])

    return {
        "viewer": [  # the ministry sees everything and changes nothing
            ("patch", f"/api/v1/enterprises/{kudus.pk}", 403),
            ("patch", f"/api/v1/persons/{kudus.owner_id}", 403),
            ("post", page("registry:enterprise_edit", kudus.pk), 403),
            ("get", page("registry:enterprise_create"), 403),
            ("get", page("registry:person_create"), 403),
            ("get", page("registry:import_start"), 403),
            ("get", page("programs:program_create"), 403),
            ("get", page("programs:batch_create"), 403),
            ("post", run(kudus_batch), 403),
            ("get", page("selection:application_enter", kudus_batch.pk), 403),
            ("post", page("selection:application_decide", kudus_application.pk), 403),
            ("post", page("training:certificates", province.batch.pk), 403),
            ("post", graduation(province.batch), 403),
            ("post", "/api/v1/mentor-assignments/match", 403),
        ],
        "semarang_admin": [
            ("post", page("training:batch", province.batch.pk), 403),  # a province batch, seen from below
            ("post", graduation(province.batch), 403),
            ("get", page("selection:application_enter", province.batch.pk), 403),
            ("patch", f"/api/v1/enterprises/{kudus.pk}", 404),  # Kudus: absent
            ("post", page("registry:enterprise_edit", kudus.pk), 404),
            ("post", page("registry:metric_create", kudus.pk), 404),
            ("post", run(kudus_batch), 404),
            ("get", page("selection:application_enter", kudus_batch.pk), 404),
            ("post", page("selection:application_decide", kudus_application.pk), 404),
        ],
        "kudus_admin": [
            ("post", run(kudus_batch), 403),  # in its region, organised by another office
            ("post", page("selection:application_decide", kudus_application.pk), 403),
            ("patch", f"/api/v1/enterprises/{sri.pk}", 404),
            ("post", page("registry:metric_create", budi.pk), 404),
        ],
        "mentor": [
            ("patch", f"/api/v1/enterprises/{sri.pk}", 403),  # her mentee: she reads, the office writes
            ("post", page("registry:enterprise_edit", sri.pk), 403),
            ("get", page("registry:enterprise_create"), 403),
            ("post", "/api/v1/mentor-assignments/match", 403),
            ("patch", f"/api/v1/enterprises/{kudus.pk}", 404),
            ("patch", f"/api/v1/enterprises/{budi.pk}", 404),
            ("post", page("registry:enterprise_edit", budi.pk), 404),
        ],
        "trainer": [
            ("post", graduation(province.batch), 403),  # he marks and grades; the organiser graduates
            ("post", page("training:certificates", province.batch.pk), 403),
            ("post", graduation(province.other_batch), 404),
        ],
        "other_trainer": [
            ("post", graduation(province.batch), 404),
            ("post", page("training:batch", province.batch.pk), 404),
        ],
        "reviewer": [
            ("post", page("selection:application_decide", province.applications["budi"].pk), 403),
            ("post", page("selection:application_decide", province.applications["sri"].pk), 404),
            ("post", page("selection:application_decide", kudus_application.pk), 404),
        ],
        "participant": [
            ("patch", f"/api/v1/enterprises/{sri.pk}", 403),  # her own business: the office changes it
            ("get", page("registry:enterprise_create"), 403),
            ("patch", f"/api/v1/enterprises/{kudus.pk}", 404),
            ("post", page("selection:application_enter", province.batch.pk), 404),
        ],
    }


@pytest.mark.parametrize(
    "role", ["viewer", "semarang_admin", "kudus_admin", "mentor", "trainer", "other_trainer", "reviewer",
             "participant"],
)  # fmt: skip
def test_writes_answer_404_outside_the_scope_and_403_inside_it_when_not_ones_to_change(
    role: str, story: KudusStory
) -> None:
    client = _client(_role_user(role, story.personas, story))
    expected = _write_requests(story)[role]
    answers = [(method, url, _ask(client, method, url).status_code) for method, url, _status in expected]
    assert answers == expected
    assert _snapshot(story.owner) == story.snapshot
