"""Two provinces in one installation see nothing of each other (issue 14).

Central Java holds the access matrix's full Kudus story; Jawa Timur is onboarded beside it (`onboard`)
with its admin `jatim`, a Surabaya trainer, an enterprise with its figures and the admin's invitation in
the outbox, all marked with a word of their own. Each province's admin then asks every page, export and
API operation, with the ids of both provinces' records, and must never receive the other province's
word, names, NIKs or organisation names; the ids of the other's records are absent (404)."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from naikkelas.accounts.models import User
from naikkelas.accounts.services import staff
from naikkelas.accounts.services.organisations import province_onboard
from naikkelas.core.tests.test_access_matrix import (
    SECRET,
    KudusStory,
    _api_operations,
    _ask,
    _kudus_story,
    _page_urls,
    _text,
)
from naikkelas.regions.models import Region
from naikkelas.registry.models import Enterprise, MetricReport
from naikkelas.testing.factories import EnterpriseFactory, Personas, PersonFactory

JATIM_SECRET = "Rahasiajatim"


def _walk(
    client: Client, story: KudusStory, methods: tuple[str, ...], forbidden: list[str]
) -> tuple[int, list[str], list[str]]:
    """Ask every page and API operation; return (requests, server errors, bodies that leaked)."""
    errors, leaks, count, api_reached = [], [], 0, 0
    targets = [("get", url) for url in _page_urls(story.ids)]
    if "post" in methods:
        targets += [("post", url) for url in _page_urls(story.ids)]
    targets += [(method, path) for method, path in _api_operations(story.ids) if method in methods]
    for method, url in targets:
        response = _ask(client, method, url)
        count += 1
        api_reached += url.startswith("/api/") and response.status_code != 404
        if response.status_code >= 500:
            errors.append(f"{method.upper()} {url} → {response.status_code}")
            continue
        text = _text(response)
        leaked = [word for word in forbidden if word and word in text]
        if leaked:
            leaks.append(f"{method.upper()} {url} → {response.status_code} shows {leaked}")
    assert api_reached > 20, "the walk did not reach the API operations"
    return count, errors, leaks


JATENG_STAFF = "Rahasiajateng"


class Jatim:
    def __init__(self) -> None:
        onboarded = province_onboard(actor=None, province_code="35", admin_username="jatim",
                                     admin_email=f"{JATIM_SECRET.lower()}@jatim.example")  # fmt: skip
        assert onboarded.admin is not None
        self.admin: User = onboarded.admin
        self.admin.first_name = f"{JATIM_SECRET} Admin"
        self.admin.save(update_fields=["first_name"])
        surabaya = onboarded.created[-1].__class__.objects.get(region_id="35.78")
        self.trainer, _link = staff.staff_create(
            actor=self.admin, organisation=surabaya, username="pelatih.surabaya", role="trainer",
            first_name=f"{JATIM_SECRET} Pelatih", phone="081377776666",
        )  # fmt: skip
        owner = PersonFactory.create(name=f"{JATIM_SECRET} Pemilik",
                                     address_district=Region.objects.get(code="35.78.02"))  # fmt: skip
        self.enterprise: Enterprise = EnterpriseFactory.create(
            owner=owner, name=f"Rujak Cingur {JATIM_SECRET}"
        )
        self.report = MetricReport.objects.create(
            enterprise=self.enterprise, period=date(2021, 2, 1), omzet=7_000_000, aset=10_000_000, workers=1,
            source=MetricReport.Source.APPLICATION,
        )  # fmt: skip
        self.ids = [self.admin.pk, self.trainer.pk, owner.pk, self.enterprise.pk, self.report.pk]
        self.forbidden = [JATIM_SECRET, JATIM_SECRET.lower(), owner.nik, "Balatkop UKM Jawa Timur",
                          "Dinas Koperasi dan UKM Kota Surabaya"]  # fmt: skip


@pytest.fixture
def provinces(personas: Personas) -> tuple[KudusStory, Jatim]:
    story = _kudus_story(personas)
    for user in (personas.province_admin, personas.semarang_admin, personas.kudus_admin, personas.mentor):
        user.first_name = JATENG_STAFF
        user.save(update_fields=["first_name"])
    jatim = Jatim()
    story.ids = sorted({*story.ids, *jatim.ids, *(u.pk for u in User.objects.all())})
    return story, jatim


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_jatim_admin_sees_nothing_of_central_java(
    personas: Personas, provinces: tuple[KudusStory, Jatim]
) -> None:
    story, jatim = provinces
    central_java = [SECRET, JATENG_STAFF, story.owner.nik, personas.participant_person.name,
                    personas.participant_person.nik, personas.other_person.name, personas.other_person.nik,
                    personas.semarang_enterprise.name]  # fmt: skip
    count, errors, leaks = _walk(_client(jatim.admin), story, ("get",), central_java)
    assert count > 300, count
    assert errors == []
    assert leaks == []


def test_the_central_java_admin_sees_nothing_of_jatim(
    personas: Personas, provinces: tuple[KudusStory, Jatim]
) -> None:
    story, jatim = provinces
    for admin in (personas.province_admin, personas.kudus_admin):
        count, errors, leaks = _walk(_client(admin), story, ("get",), jatim.forbidden)
        assert count > 300, count
        assert errors == []
        assert leaks == []


def test_each_provinces_records_are_absent_for_the_other(
    personas: Personas, provinces: tuple[KudusStory, Jatim]
) -> None:
    story, jatim = provinces
    jatim_urls = [
        reverse("registry:enterprise_detail", args=[jatim.enterprise.pk]),
        reverse("registry:person_detail", args=[jatim.enterprise.owner_id]),
        reverse("registry:metric_edit", args=[jatim.report.pk]),
        reverse("accounts:staff_detail", args=[jatim.trainer.pk]),
        reverse("accounts:staff_detail", args=[jatim.admin.pk]),
        f"/api/v1/enterprises/{jatim.enterprise.pk}",
        f"/api/v1/persons/{jatim.enterprise.owner_id}",
        f"/api/v1/metric-reports/{jatim.report.pk}",
        f"/api/v1/staff/{jatim.trainer.pk}",
    ]
    central_urls = [
        reverse("registry:enterprise_detail", args=[personas.kudus_enterprise.pk]),
        reverse("registry:person_detail", args=[story.owner.pk]),
        reverse("accounts:staff_detail", args=[personas.kudus_admin.pk]),
        f"/api/v1/enterprises/{personas.kudus_enterprise.pk}",
        f"/api/v1/staff/{personas.semarang_admin.pk}",
        f"/api/v1/batches/{story.province.batch.pk}",
        f"/api/v1/applications/{story.province.applications['kudus'].pk}",
    ]
    province_admin, jatim_admin = _client(personas.province_admin), _client(jatim.admin)
    assert {url: province_admin.get(url).status_code for url in jatim_urls} == dict.fromkeys(jatim_urls, 404)
    assert {url: jatim_admin.get(url).status_code for url in central_urls} == dict.fromkeys(central_urls, 404)
    # Writing across the line is absent too: neither may touch the other's staff.
    response = province_admin.patch(f"/api/v1/staff/{jatim.trainer.pk}", {"is_active": False},
                                    content_type="application/json")  # fmt: skip
    assert response.status_code == 404
    jatim.trainer.refresh_from_db()
    assert jatim.trainer.is_active


def test_the_check_can_fail_each_admin_sees_its_own_province(
    personas: Personas, provinces: tuple[KudusStory, Jatim]
) -> None:
    _story, jatim = provinces
    jatim_admin = _client(jatim.admin)
    assert JATIM_SECRET in _text(jatim_admin.get(reverse("registry:enterprise_list")))
    assert JATIM_SECRET in _text(jatim_admin.get(reverse("accounts:staff_list")))
    assert JATIM_SECRET in _text(jatim_admin.get(f"/api/v1/enterprises/{jatim.enterprise.pk}"))
    central = _client(personas.province_admin)
    assert SECRET in _text(central.get(reverse("registry:enterprise_list")))
    assert JATENG_STAFF in _text(central.get(reverse("accounts:staff_list")))


def test_the_price_index_is_read_and_written_only_within_ones_own_province(
    personas: Personas, provinces: tuple[KudusStory, Jatim]
) -> None:
    """Rule: IHK rows are read and written only within the user's own province(s); the ministry reads all
    and its viewer writes none. Jawa Timur once saw Central Java's rows and wrote a row for "33"."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from naikkelas.outcomes.models import PriceIndex

    _story, jatim = provinces
    central = PriceIndex.objects.create(
        province_id="33", month=date(2022, 6, 1), value=101.25, source="Jateng"
    )
    PriceIndex.objects.create(province_id="35", month=date(2022, 6, 1), value=102.5, source="Jatim")
    jatim_admin = _client(jatim.admin)
    page = jatim_admin.get(reverse("outcomes:prices"))
    assert [row.province_id for row in page.context["page"]] == ["35"]
    assert "35,2022-06,101.25" in _text(page) and "33,2022-06" not in _text(page)
    upload = SimpleUploadedFile("ihk.csv", b"35,2022-07,103\n33,1990-01,50.00\n")
    answer = jatim_admin.post(reverse("outcomes:prices"), {"file": upload, "source": "BPS"})
    assert answer.status_code == 200
    assert any("Baris 2" in p and "33" in p and "Jawa Tengah" in p for p in answer.context["problems"])
    assert PriceIndex.objects.count() == 2  # nothing written, not even the own province's row
    api_rows = jatim_admin.get("/api/v1/price-index").json()["items"]
    assert [(row["province"], row["month"]) for row in api_rows] == [("35", "2022-06")]
    assert jatim_admin.get(reverse("outcomes:price_delete", args=[central.pk])).status_code == 404
    assert jatim_admin.post(reverse("outcomes:price_delete", args=[central.pk])).status_code == 404
    assert PriceIndex.objects.filter(pk=central.pk).exists()
    jateng = _client(personas.province_admin).get(reverse("outcomes:prices"))
    assert [row.province_id for row in jateng.context["page"]] == ["33"]
    ministry = _client(personas.viewer).get(reverse("outcomes:prices"))
    assert sorted(row.province_id for row in ministry.context["page"]) == ["33", "35"]
    assert not ministry.context["can_import"]
    upload = SimpleUploadedFile("ihk.csv", b"35,2022-08,103\n")
    assert _client(personas.viewer).post(reverse("outcomes:prices"), {"file": upload}).status_code == 403
