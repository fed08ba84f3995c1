"""PATCH /api/v1/batches/{id}: the organiser's admin renames; the same rules as the page."""

from collections.abc import Mapping
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from naikkelas.accounts.models import Membership, User
from naikkelas.accounts.services.tokens import api_token_create
from naikkelas.core.models import AuditEvent
from naikkelas.programs.models import Batch, Level, Program
from naikkelas.programs.tests.services.test_programs import FROZEN, apply_to
from naikkelas.testing.factories import Personas, staff
from naikkelas.testing.programs import batch, program_with_levels

pytestmark = pytest.mark.django_db


def api(user: object) -> Client:
    token = api_token_create(user=user)  # type: ignore[arg-type]
    return Client(headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def semarang_batch(personas: Personas) -> Batch:
    _program, level1, _level2 = program_with_levels(personas.province_admin.memberships.get().organisation)
    return batch(level1, personas.semarang_admin.memberships.get().organisation, title="Uji <b>")


def patch(user: object, pk: int, body: Mapping[str, object]):  # type: ignore[no-untyped-def]
    return api(user).patch(f"/api/v1/batches/{pk}", body, content_type="application/json")


def test_the_organisers_admin_renames_a_batch(semarang_batch: Batch, personas: Personas) -> None:
    response = patch(personas.semarang_admin, semarang_batch.pk, {"title": "Kopi & Teh <Lanjutan>"})
    assert response.status_code == 200
    assert response.json()["title"] == "Kopi & Teh <Lanjutan>"
    assert response.json()["venue"] == "Semarang"  # not sent, not changed
    semarang_batch.refresh_from_db()
    assert semarang_batch.title == "Kopi & Teh <Lanjutan>"
    event = AuditEvent.objects.get(object_type="programs.batch", action="update")
    assert event.changes == {"title": ["Uji <b>", "Kopi & Teh <Lanjutan>"]}


def test_other_regions_get_404_and_read_only_roles_403(semarang_batch: Batch, personas: Personas) -> None:
    body = {"title": "Diambil alih"}
    assert patch(personas.kudus_admin, semarang_batch.pk, body).status_code == 404
    assert patch(personas.participant, semarang_batch.pk, body).status_code == 404
    assert patch(personas.viewer, semarang_batch.pk, body).status_code == 403
    assert patch(personas.province_admin, semarang_batch.pk, body).status_code == 403
    assert patch(personas.semarang_admin, 999_999, body).status_code == 404
    assert (
        Client()
        .patch(f"/api/v1/batches/{semarang_batch.pk}", body, content_type="application/json")
        .status_code
        == 401
    )
    semarang_batch.refresh_from_db()
    assert semarang_batch.title == "Uji <b>"


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"title": "   "}, "title", "Tulis judul angkatan."),
        ({"title": "\x00\x07"}, "title", "Tulis judul angkatan."),
        (
            {"title": None},
            "title",
            "Isian title tidak boleh null; kirim nilainya, atau tinggalkan isian itu.",
        ),
        ({"title": "x" * 201}, "title", "Teks terlalu panjang (paling banyak 200 karakter)."),
        ({"capacity": 0}, "capacity", "Paling kecil 1."),
        (
            {"capacity": None},
            "capacity",
            "Isian capacity tidak boleh null; kirim nilainya, atau tinggalkan isian itu.",
        ),
        ({"start_date": "10-05-2021"}, "start_date", "Tanggal harus berformat YYYY-MM-DD."),
        ({"start_date": "2021-03-15"}, "start_date", "Pelatihan dimulai setelah pendaftaran ditutup."),
        ({"closes_on": "2021-02-01"}, "closes_on", "Pendaftaran harus ditutup setelah dibuka."),
    ],
)
def test_bad_values_are_422_with_the_field_and_nothing_changes(
    semarang_batch: Batch, personas: Personas, body: dict[str, object], field: str, message: str
) -> None:
    response = patch(personas.semarang_admin, semarang_batch.pk, body)
    assert response.status_code == 422
    assert {"field": field, "message": message} in response.json()["detail"]
    semarang_batch.refresh_from_db()
    assert (semarang_batch.title, semarang_batch.capacity, semarang_batch.start_date) == (
        "Uji <b>",
        20,
        date(2021, 5, 10),
    )
    assert not AuditEvent.objects.filter(object_type="programs.batch", action="update").exists()


def test_after_publication_only_title_and_venue_change(semarang_batch: Batch, personas: Personas) -> None:
    Batch.objects.filter(pk=semarang_batch.pk).update(published_at=timezone.now())
    refused = patch(personas.semarang_admin, semarang_batch.pk, {"title": "Baru", "capacity": 30})
    assert refused.status_code == 422
    assert refused.json()["detail"] == [
        {
            "field": "capacity",
            "message": "Hasil seleksi angkatan ini sudah diumumkan; tanggal dan kapasitas tidak dapat diubah lagi "
            "(judul dan tempat masih bisa).",
        }
    ]
    renamed = patch(personas.semarang_admin, semarang_batch.pk, {"title": "Baru", "venue": ""})
    assert renamed.status_code == 200 and (renamed.json()["title"], renamed.json()["venue"]) == ("Baru", "")
    semarang_batch.refresh_from_db()
    assert (semarang_batch.title, semarang_batch.venue, semarang_batch.capacity) == ("Baru", "", 20)


def test_the_operation_is_in_the_openapi_schema(personas: Personas) -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/batches/{batch_id}"]["patch"]
    assert set(operation["responses"]) >= {"200", "403", "404", "422"}
    ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert set(schema["components"]["schemas"][ref]["properties"]) == {
        "title", "venue", "start_date", "capacity", "opens_on", "closes_on"
    }  # fmt: skip


def send(user: User, method: str, path: str, body: Mapping[str, object] | None = None):  # type: ignore[no-untyped-def]
    return getattr(api(user), method)(f"/api/v1{path}", body or {}, content_type="application/json")


@pytest.fixture
def program(personas: Personas) -> Program:
    made, _level1, _level2 = program_with_levels(
        personas.province_admin.memberships.get().organisation, year=2026
    )
    return made


@pytest.fixture
def jatim() -> User:
    return staff("jatim", "35", Membership.Role.ADMIN)


def test_programs_are_read_within_the_province(program: Program, personas: Personas, jatim: User) -> None:
    for reader in (personas.province_admin, personas.kudus_admin, personas.viewer):
        listed = api(reader).get("/api/v1/programs").json()
        assert [(p["id"], p["status"], p["followup_months"]) for p in listed["items"]] == [
            (program.pk, "open", [3, 6, 12])
        ]
        assert api(reader).get(f"/api/v1/programs/{program.pk}").status_code == 200
        levels = api(reader).get(f"/api/v1/levels?program={program.pk}").json()["items"]
        assert [(lv["rank"], lv["version"], lv["open_for_batches"], lv["applications"]) for lv in levels] == [
            (1, 1, True, 0), (2, 1, True, 0)
        ]  # fmt: skip
        assert [c["key"] for c in levels[0]["criteria"]] == ["growth", "commitment", "product", "readiness"]
        assert len(levels[0]["criteria"][0]["score_descriptions"]) == 5
    for outsider in (jatim, personas.participant):
        assert api(outsider).get("/api/v1/programs").json()["items"] == []
        assert api(outsider).get("/api/v1/levels").json()["items"] == []
        assert api(outsider).get(f"/api/v1/programs/{program.pk}").status_code == 404
        assert api(outsider).get(f"/api/v1/levels/{program.levels.first().pk}").status_code == 404  # type: ignore[union-attr]


def test_the_province_admin_creates_and_copies_programs(program: Program, personas: Personas) -> None:
    made = send(personas.province_admin, "post", "/programs", {"year": 2027, "name": "Naik Kelas Digital"})
    assert made.status_code == 201
    assert (made.json()["name"], made.json()["copied_from_id"]) == ("Naik Kelas Digital", None)
    copied = send(personas.province_admin, "post", "/programs", {"year": 2027, "copy_from": program.pk})
    assert copied.status_code == 201
    copy = Program.objects.get(pk=copied.json()["id"])
    assert (copy.name, copy.copied_from, copy.levels.count()) == ("Pelatihan Berjenjang", program, 2)
    twice = send(
        personas.province_admin, "post", "/programs", {"year": 2027, "copy_from": program.pk, "name": "B"}
    )
    assert twice.status_code == 422
    assert twice.json()["detail"] == [
        {
            "field": "year",
            "message": "Program Pelatihan Berjenjang 2026 sudah disalin ke tahun 2027 (Pelatihan Berjenjang 2027). "
            "Ubah salinan itu, atau pilih tahun lain.",
        }
    ]
    assert Program.objects.filter(year=2027).count() == 2


def test_only_province_admins_write_programs(program: Program, personas: Personas, jatim: User) -> None:
    for user in (personas.kudus_admin, personas.semarang_admin, personas.viewer, personas.mentor):
        assert send(user, "post", "/programs", {"year": 2027, "name": "X"}).status_code == 403
        assert send(user, "patch", f"/programs/{program.pk}", {"status": "closed"}).status_code == 403
        assert send(user, "post", "/programs", {"year": 2027, "copy_from": program.pk}).status_code == 403
    assert send(jatim, "patch", f"/programs/{program.pk}", {"status": "closed"}).status_code == 404
    stolen = send(jatim, "post", "/programs", {"year": 2027, "copy_from": program.pk})
    assert stolen.status_code == 422
    assert stolen.json()["detail"] == [
        {"field": "copy_from", "message": "Program yang disalin tidak ditemukan."}
    ]
    assert send(personas.participant, "post", "/programs", {"year": 2027, "name": "X"}).status_code == 403
    assert Client().get("/api/v1/programs").status_code == 401
    program.refresh_from_db()
    assert (program.status, Program.objects.count()) == ("open", 1)


def test_a_program_is_closed_renamed_and_scheduled_by_patch(program: Program, personas: Personas) -> None:
    response = send(
        personas.province_admin, "patch", f"/programs/{program.pk}",
        {"status": "closed", "followup_months": [6, 12], "followup_jump_factor": 2.5},
    )  # fmt: skip
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["followup_months"]) == ("closed", [6, 12])
    program.refresh_from_db()
    assert (program.status, program.followup_months, str(program.followup_jump_factor)) == (
        "closed", [6, 12], "2.5",
    )  # fmt: skip
    bad = send(personas.province_admin, "patch", f"/programs/{program.pk}", {"status": "archived"})
    assert bad.status_code == 422 and bad.json()["detail"] == [
        {"field": "status", "message": "Pilihan tidak dikenal; pilih salah satu: 'open', 'closed'."}
    ]
    blank = send(personas.province_admin, "patch", f"/programs/{program.pk}", {"name": " "})
    assert blank.json()["detail"] == [{"field": "name", "message": "Tulis nama program."}]
    program.refresh_from_db()
    assert program.name == "Pelatihan Berjenjang"


def test_levels_are_added_and_edited_by_the_owners_admins(
    program: Program, personas: Personas, jatim: User
) -> None:
    body = {"program_id": program.pk, "name": "Lanjut", "tier": "province", "min_omzet": 20_000_000,
            "requires_nib": True, "motivation_questions": ["Apa rencana ekspor Anda?"]}  # fmt: skip
    assert send(personas.kudus_admin, "post", "/levels", body).status_code == 403
    assert send(personas.viewer, "post", "/levels", body).status_code == 403
    assert send(jatim, "post", "/levels", body).status_code == 404
    made = send(personas.province_admin, "post", "/levels", body)
    assert made.status_code == 201
    assert (made.json()["rank"], made.json()["min_omzet"], made.json()["min_business_months"]) == (
        3,
        20_000_000,
        12,
    )
    level = Level.objects.get(pk=made.json()["id"])
    for user, status in ((personas.kudus_admin, 403), (personas.viewer, 403), (jatim, 404)):
        assert send(user, "patch", f"/levels/{level.pk}", {"min_omzet": 1}).status_code == status
    changed = send(personas.province_admin, "patch", f"/levels/{level.pk}", {"min_omzet": 25_000_000})
    assert changed.status_code == 200 and changed.json()["min_omzet"] == 25_000_000
    event = AuditEvent.objects.get(object_type="programs.level", object_id=str(level.pk), action="update")
    assert event.changes == {"min_omzet": [20_000_000, 25_000_000]}


def test_a_used_levels_rules_are_refused_and_a_new_version_takes_them(
    program: Program, personas: Personas
) -> None:
    level = program.levels.get(rank=1)
    apply_to(level, personas.semarang_admin.memberships.get().organisation)
    assert api(personas.province_admin).get(f"/api/v1/levels/{level.pk}").json()["applications"] == 1
    refused = send(
        personas.province_admin, "patch", f"/levels/{level.pk}", {"min_omzet": 1_000_000, "name": "Dasar I"}
    )
    assert refused.status_code == 422
    assert refused.json()["detail"] == [{"field": "min_omzet", "message": FROZEN}]
    level.refresh_from_db()
    assert (level.min_omzet, level.name) == (5_000_000, "Dasar")
    criterion = level.criteria.get(key="growth")
    weight = send(
        personas.province_admin, "patch", f"/levels/{level.pk}/criteria/{criterion.pk}", {"weight": 50}
    )
    assert weight.json()["detail"] == [{"field": "weight", "message": FROZEN}]
    version = send(personas.province_admin, "post", f"/levels/{level.pk}/versions")
    assert version.status_code == 201
    assert (
        version.json()["version"],
        version.json()["open_for_batches"],
        version.json()["applications"],
    ) == (2, True, 0)
    new_id = version.json()["id"]
    assert (
        send(personas.province_admin, "patch", f"/levels/{new_id}", {"min_omzet": 1_000_000}).status_code
        == 200
    )
    listed = api(personas.kudus_admin).get(f"/api/v1/levels?program={program.pk}").json()["items"]
    assert [(lv["rank"], lv["version"], lv["open_for_batches"]) for lv in listed] == [
        (1, 1, False), (1, 2, True), (2, 1, True)
    ]  # fmt: skip


def test_rubric_criteria_through_the_api(program: Program, personas: Personas, jatim: User) -> None:
    level = program.levels.get(rank=1)
    body = {"label": "Pemasaran daring", "weight": 10, "description": "Toko daring.",
            "score_descriptions": ["Belum ada", "Coba-coba", "Rutin", "Laris", "Andalan"]}  # fmt: skip
    assert send(personas.kudus_admin, "post", f"/levels/{level.pk}/criteria", body).status_code == 403
    assert send(jatim, "post", f"/levels/{level.pk}/criteria", body).status_code == 404
    short = send(
        personas.province_admin, "post", f"/levels/{level.pk}/criteria", {**body, "score_descriptions": ["a"]}
    )
    assert short.status_code == 422 and short.json()["detail"][0]["field"] == "score_descriptions"
    made = send(personas.province_admin, "post", f"/levels/{level.pk}/criteria", body)
    assert made.status_code == 201 and made.json()["key"] == "pemasaran_daring"
    path = f"/levels/{level.pk}/criteria/{made.json()['id']}"
    assert send(personas.province_admin, "patch", path, {"label": "Pemasaran"}).json()["label"] == "Pemasaran"
    assert send(personas.viewer, "delete", path).status_code == 403
    assert send(personas.province_admin, "delete", path).status_code == 204
    assert not level.criteria.filter(key="pemasaran_daring").exists()


def test_the_batches_endpoint_opens_only_this_years_levels_of_the_callers_tier(
    program: Program, personas: Personas
) -> None:
    old, old1, _old2 = program_with_levels(program.owner, year=2021)
    Program.objects.filter(pk=old.pk).update(status="closed")
    office = personas.kudus_admin.memberships.get().organisation
    body = {"organiser_id": office.pk, "title": "Dasar Kudus", "start_date": "2031-05-05", "capacity": 20,
            "opens_on": "2031-03-01", "closes_on": "2031-03-31"}  # fmt: skip
    closed = send(personas.kudus_admin, "post", "/batches", {**body, "level_id": old1.pk})
    assert closed.status_code == 422
    assert closed.json()["detail"] == [
        {
            "field": "level",
            "message": "Program Pelatihan Berjenjang 2021 sudah ditutup; buka angkatan di program yang sedang berjalan.",
        }
    ]
    menengah = send(
        personas.kudus_admin, "post", "/batches", {**body, "level_id": program.levels.get(rank=2).pk}
    )
    assert menengah.status_code == 422 and menengah.json()["detail"][0]["field"] == "organiser"
    made = send(personas.kudus_admin, "post", "/batches", {**body, "level_id": program.levels.get(rank=1).pk})
    assert made.status_code == 201


def test_the_new_operations_are_in_the_schema_with_their_own_components() -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/programs"]) and "patch" in paths[
        "/api/v1/programs/{program_id}"
    ]
    assert {"get", "post"} <= set(paths["/api/v1/levels"]) and "patch" in paths["/api/v1/levels/{level_id}"]
    components = schema["components"]["schemas"]

    def body_of(path: str, method: str) -> dict[str, Any]:
        ref = paths[path][method]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        return components[ref.rsplit("/", 1)[-1]]

    assert set(body_of("/api/v1/programs", "post")["properties"]) == {"year", "name", "copy_from", "owner_id"}
    assert set(body_of("/api/v1/programs/{program_id}", "patch")["properties"]) == {
        "name", "status", "followup_months", "followup_jump_factor"
    }  # fmt: skip
    assert "tier" in body_of("/api/v1/levels", "post")["properties"]
    assert "tier" not in body_of("/api/v1/levels/{level_id}", "patch")["properties"]
    for name in (
        "ProgramIn",
        "ProgramPatch",
        "LevelIn",
        "LevelPatch",
        "RubricCriterionIn",
        "RubricCriterionOut",
    ):
        assert name in components
