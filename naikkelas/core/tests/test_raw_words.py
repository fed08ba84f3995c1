"""Every role's main pages, in Indonesian and in English, say words and never raw keys or codes.

The demo story is loaded once for the module (the realistic data: every status, sector and message type
occurs in it). Each role signs in, starts from what it sees first and follows the links it is offered
(breadth first, at most a few pages of each kind), plus the key detail pages listed below; each page is
rendered in `id` and `en` and read by `naikkelas.testing.words`.
"""

from collections import Counter, deque
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings
from django.urls import Resolver404, resolve

from naikkelas.accounts.models import User
from naikkelas.testing.words import Finding, domain_keys, findings, page_words

PAGES_PER_ROLE = 40
PAGES_PER_KIND = 2  # pages of one URL name (one enterprise, one batch… stands for all)
NEVER_FOLLOW = ("/admin/", "/api/", "/i18n/", "/akun/keluar", "/static/", "/media/")
NEVER_FOLLOW_NAMES = {"logout", "download", "set_language"}
ROLES = ["peserta", "pelatih", "mentor", "penilai", "semarang", "provinsi", "kementerian", None]


class Story:
    """The loaded demo and the detail pages each role reads."""

    def __init__(self) -> None:
        self.start: dict[str | None, list[str]] = {}


@pytest.fixture(scope="module")
def story(django_db_setup: None, django_db_blocker: Any) -> Iterator[Story]:
    from naikkelas.demo.privacy import privacy_demo_load
    from naikkelas.mentoring.demo import mentoring_demo_load, mentoring_story_load
    from naikkelas.outcomes.demo import heroes_demo_load, prices_demo_load
    from naikkelas.registry.demo import demo_load
    from naikkelas.selection.demo import pathway_demo_load, selection_demo_load
    from naikkelas.training.demo import training_demo_load

    with django_db_blocker.unblock(), override_settings(DEBUG=True), transaction.atomic():
        demo_load()
        selection_demo_load()
        training_demo_load(rank=1)
        pathway_demo_load()
        training_demo_load(rank=2)
        mentoring_demo_load()
        link = mentoring_story_load()["link"]
        prices_demo_load()
        heroes_demo_load()
        privacy_demo_load()
        result = Story()
        result.start = _start_pages(link)
        yield result
        transaction.set_rollback(True)


def _start_pages(followup_link: str) -> dict[str | None, list[str]]:
    from naikkelas.mentoring.models import Consultation
    from naikkelas.programs.models import Batch
    from naikkelas.registry.models import Enterprise
    from naikkelas.selection.models import Application
    from naikkelas.selection.services.applications import status_token
    from naikkelas.training.models import Certificate

    peserta = Enterprise.objects.get(owner__user__username="peserta")
    application = Application.objects.filter(enterprise=peserta).order_by("level__rank").first()
    assert application is not None
    batch = application.batch
    open_batch = Batch.objects.filter(level__program__year=2026).order_by("pk").first()
    certificate = Certificate.objects.filter(enrolment__application__enterprise=peserta).first()
    consultation = Consultation.objects.filter(enterprise=peserta).order_by("pk").first()
    staff = [
        f"/registri/usaha/{peserta.pk}/",
        f"/seleksi/angkatan/{batch.pk}/",
        f"/seleksi/pendaftaran/{application.pk}/",
        f"/seleksi/angkatan/{batch.pk}/umumkan/",
        f"/pelatihan/angkatan/{batch.pk}/",
        "/pesan/",
        "/pesan/templat/",
        "/pendampingan/",
        "/pendampingan/pendamping/baru/",
        "/hasil/?year=2021&level=2",
        "/data-pribadi/permintaan/",
    ]
    public = ["/", "/daftar/", "/pahlawan-lokal/", "/akun/masuk/", followup_link]
    public.append(f"/status/{status_token(application)}/")
    if open_batch is not None:
        public.append(f"/daftar/{open_batch.pk}/")
    if certificate is not None:
        public.append(f"/verifikasi/{certificate.code}/")
    mine = [
        "/",
        "/pelatihan/saya/",
        "/pendampingan/konsultasi/",
        "/data-pribadi/saya/",
        "/data-pribadi/saya/salinan/",
    ]
    if consultation is not None:
        mine.append(f"/pendampingan/konsultasi/{consultation.pk}/")
    return {
        None: public,
        "peserta": mine,
        "pelatih": ["/", "/pelatihan/saya/", f"/pelatihan/angkatan/{batch.pk}/"],
        "mentor": ["/", "/pendampingan/saya/", "/pendampingan/konsultasi/"],
        "penilai": ["/", "/seleksi/penilaian/"],
        "semarang": ["/", *staff],
        "provinsi": ["/", *staff, "/program/"],
        "kementerian": ["/", *staff],
    }


def _client(username: str | None, language: str) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if username is not None:
        client.force_login(User.objects.get(username=username))
    return client


def _kind(path: str) -> str | None:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name


def _links(html: str, base: str) -> list[str]:
    import re

    found = []
    for href in re.findall(r'href="([^"#]+)', html):
        url = urljoin(base, href.replace("&amp;", "&"))
        parts = urlsplit(url)
        if parts.netloc not in {"", "testserver"} or not url.startswith(("/", "http://testserver")):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def _visit(username: str | None, start: list[str]) -> dict[str, str]:
    """The pages the role reaches, in Indonesian: path → html."""
    client = _client(username, "id")
    seen: dict[str, str] = {}
    kinds: Counter[str] = Counter()
    queue = deque(start)
    while queue and len(seen) < PAGES_PER_ROLE:
        path = queue.popleft()
        kind = _kind(path)
        if path in seen or kind is None or path.startswith(NEVER_FOLLOW):
            continue
        if kind.split(":")[-1] in NEVER_FOLLOW_NAMES or "format=" in path:
            continue
        if kinds[kind] >= PAGES_PER_KIND and path not in start:
            continue
        response = client.get(path, follow=True)
        final = response.redirect_chain[-1][0] if response.redirect_chain else path
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        kinds[kind] += 1
        html = response.content.decode()
        seen[path] = html
        queue.extend(_links(html, final))
    return seen


def _report(problems: dict[str, list[Finding]]) -> str:
    lines = []
    for where, found in problems.items():
        lines.append(where)
        lines.extend(f"    {item}" for item in dict.fromkeys(str(f) for f in found))
    return "\n".join(lines)


@pytest.mark.django_db
@pytest.mark.parametrize("username", ROLES, ids=[role or "public" for role in ROLES])
def test_every_page_of_the_role_reads_as_words_in_both_languages(story: Story, username: str | None) -> None:
    keys = domain_keys()
    pages = _visit(username, story.start[username])
    assert len(pages) >= min(len(story.start[username]), 3)  # the role did reach its pages
    english = _client(username, "en")
    problems: dict[str, list[Finding]] = {}
    for path, html in pages.items():
        found = findings(html, "id", keys=keys)
        if found:
            problems[f"id {path}"] = found
        response = english.get(path, follow=True)
        found = findings(response.content.decode(), "en", keys=keys)
        if found:
            problems[f"en {path}"] = found
    assert not problems, _report(problems)


@pytest.mark.django_db
def test_forms_with_errors_speak_indonesian(story: Story) -> None:
    """Django's own messages: a wrong sign-in, an empty application form, a username with a dot."""
    from naikkelas.programs.models import Batch

    public = _client(None, "id")
    pages = {
        "login": public.post("/akun/masuk/", {"username": "peserta", "password": "salah"}),
    }
    open_batch = Batch.objects.filter(level__program__year=2026).order_by("pk").first()
    if open_batch is not None:
        pages["apply"] = public.post(f"/daftar/{open_batch.pk}/", {})
    admin = _client("semarang", "id")
    pages["mentor"] = admin.post("/pendampingan/pendamping/baru/", {"username": "bambang.sutrisno"})
    problems = {name: findings(r.content.decode(), "id") for name, r in pages.items()}
    assert {name: [str(f) for f in found] for name, found in problems.items() if found} == {}
    assert "Nama pengguna atau kata sandi salah." in page_words(pages["login"].content.decode())
    assert "Gunakan hanya huruf, angka, garis bawah (_) atau tanda hubung (-)" in page_words(
        pages["mentor"].content.decode()
    )


@pytest.mark.django_db
def test_a_raw_key_planted_in_a_real_page_fails_the_check(
    story: Story, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The message templates page names each template; without its label the raw key shows, and the
    check fails on it."""
    from naikkelas.notify import models as notify_models

    client = _client("provinsi", "id")
    assert findings(client.get("/pesan/templat/").content.decode(), "id") == []
    monkeypatch.delitem(notify_models.TEMPLATE_LABELS, "selection_result")
    found = findings(client.get("/pesan/templat/").content.decode(), "id")
    assert {(f.kind, f.word) for f in found} == {("raw key", "selection_result")}


# --- the checker itself ---------------------------------------------------------------------------------


def test_the_checker_finds_a_planted_raw_key() -> None:
    keys = {"selection_result", "fishery", "eligible"}
    page = "<main><h1>Pesan</h1><ul><li>selection_result · terkirim</li><li>Sektor: fishery</li></ul></main>"
    assert [f.word for f in findings(page, "id", keys=keys)] == ["selection_result", "fishery"]
    assert [f.word for f in findings(page, "en", keys=keys)] == ["Pesan", "selection_result"]


def test_the_checker_finds_placeholders_defaults_and_indonesian_in_english() -> None:
    page = (
        '<form><select><option value="">- Select an option -</option></select>'
        '<input placeholder="Cari nama"><p>Usaha berjalan sejak %(started)s.</p>'
        '<button>Simpan</button></form>'
    )  # fmt: skip
    kinds = Counter(f.kind for f in findings(page, "id", keys=set()))
    assert kinds == {"django default": 1, "placeholder": 1}
    english = {f.word for f in findings(page, "en", keys=set()) if f.kind == "indonesian"}
    assert english == {"Cari", "Simpan"}


def test_the_checker_finds_dates_in_digits_and_leaves_declared_languages_alone() -> None:
    page = (
        '<html lang="en"><p>Business running since 2019-06-01.</p>'
        '<blockquote lang="id">Dulu kue kami dititipkan di warung tetangga, belum ada toko.</blockquote>'
        '<dl><dt>Username</dt><dd translate="no">peserta</dd><dt>Reason</dt><dd lang="">Demo: peserta contoh '
        "terpilih.</dd></dl><li>Status: terpilih<li>Hapus</html>"
    )  # fmt: skip
    assert [(f.kind, f.word) for f in findings(page, "en", keys=set())] == [
        ("date in digits", "2019-06-01"), ("indonesian", "terpilih"), ("indonesian", "Hapus"),
    ]  # fmt: skip


def test_the_checker_finds_numbers_without_the_languages_separators() -> None:
    page = "<p>Omzet 15424653</p><p>Rp5,370,000</p><p>+101,8 %</p><p>KBLI 10213 · kode 123456 · 0,527 log</p>"
    numbers = {language: [f.word for f in findings(page, language, keys=set()) if f.kind == "number format"]
               for language in ("id", "en")}  # fmt: skip
    assert numbers == {"id": ["15424653", "5,370,000"], "en": ["15424653", "101,8"]}


def test_the_checker_reads_what_a_person_reads_and_nothing_else() -> None:
    page = (
        '<p title="Judul">Teks <b>tebal</b></p><script>var selection_result = 1;</script>'
        '<code>fishery</code><div data-machine><div>turnover</div></div><p>sesudah</p>'
        '<input type="submit" value="Kirim"><img alt="Foto">'
    )  # fmt: skip
    assert page_words(page).split("\n") == ["Judul", "Teks", "tebal", "sesudah", "Kirim", "Foto"]
    assert findings(page, "id", keys={"selection_result", "fishery", "turnover"}) == []


def test_the_domain_keys_come_from_the_models() -> None:
    keys = domain_keys()
    assert {"fishery", "micro", "waitlisted", "follow_up", "mentor_visit", "selection_result"} <= keys
    assert {"turnover", "business_age", "laporan_angka"} <= keys
