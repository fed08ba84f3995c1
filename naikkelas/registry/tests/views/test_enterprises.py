import pytest
from django.test import Client
from django.urls import reverse

from naikkelas.core.models import AuditEvent
from naikkelas.registry.models import Enterprise, MetricReport
from naikkelas.testing.factories import Personas

pytestmark = pytest.mark.django_db


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_list_needs_login() -> None:
    response = Client().get(reverse("registry:enterprise_list"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_semarang_admin_lists_only_semarang(personas: Personas) -> None:
    response = client_for(personas.semarang_admin).get(reverse("registry:enterprise_list"))
    assert response.status_code == 200
    names = [e.name for e in response.context["page"]]
    assert "Bandeng Presto Bu Sri" in names
    assert "Jenang Kudus Makmur" not in names


def test_province_admin_filters_by_regency_and_search(personas: Personas) -> None:
    client = client_for(personas.province_admin)
    response = client.get(reverse("registry:enterprise_list"), {"region": "33.19"})
    assert [e.name for e in response.context["page"]] == ["Jenang Kudus Makmur"]
    response = client.get(reverse("registry:enterprise_list"), {"q": "bandeng"})
    assert [e.name for e in response.context["page"]] == ["Bandeng Presto Bu Sri"]


def test_list_paginates(personas: Personas, settings: object) -> None:
    from naikkelas.testing.factories import EnterpriseFactory

    EnterpriseFactory.create_batch(30, owner=personas.participant_person)
    client = client_for(personas.semarang_admin)
    first = client.get(reverse("registry:enterprise_list"))
    assert len(first.context["page"]) == 25
    second = client.get(reverse("registry:enterprise_list"), {"page": 2})
    assert len(second.context["page"]) == 31 - 25


def test_list_query_count_does_not_grow_with_rows(personas: Personas) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from naikkelas.testing.factories import EnterpriseFactory

    client = client_for(personas.semarang_admin)
    client.get(reverse("registry:enterprise_list"))
    with CaptureQueriesContext(connection) as one_row:
        client.get(reverse("registry:enterprise_list"))
    EnterpriseFactory.create_batch(40, owner=personas.participant_person)
    with CaptureQueriesContext(connection) as many_rows:
        client.get(reverse("registry:enterprise_list"))
    # On PostgreSQL one of them asks the planner for its estimate; none writes the session.
    assert len(many_rows.captured_queries) == len(one_row.captured_queries) <= 10
    assert not [
        q for q in many_rows.captured_queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]
    ]


def test_a_long_list_shows_an_estimate_and_never_counts(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from naikkelas.core import pagination
    from naikkelas.testing.factories import EnterpriseFactory

    EnterpriseFactory.create_batch(30, owner=personas.participant_person)
    monkeypatch.setattr(pagination, "planner_rows", lambda queryset: 137_000)
    client = client_for(personas.semarang_admin)
    with CaptureQueriesContext(connection) as queries:
        first = client.get(reverse("registry:enterprise_list"))
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    page = first.content.decode()
    assert "sekitar 137.000 usaha" in page
    assert "Halaman 1 dari sekitar 5.480" in page
    assert len(first.context["page"]) == 25 and first.context["page"].has_next()
    second = client.get(reverse("registry:enterprise_list"), {"page": 2})
    assert len(second.context["page"]) == 31 - 25 and not second.context["page"].has_next()
    assert "Berikutnya" not in second.content.decode()
    assert client.get(reverse("registry:enterprise_list"), {"page": "x"}).context["page"].number == 1


def test_a_short_list_is_counted_exactly(personas: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    from naikkelas.core import pagination

    monkeypatch.setattr(pagination, "planner_rows", lambda queryset: 9_999)
    page = client_for(personas.semarang_admin).get(reverse("registry:enterprise_list"))
    assert page.context["page"].paginator.count == Enterprise.objects.filter(regency_code="33.74").count()
    assert "sekitar" not in page.content.decode()


def test_the_session_is_written_at_most_once_a_minute(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(personas.semarang_admin)
    url = reverse("registry:enterprise_list")

    def session_writes() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(
            [q for q in queries.captured_queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
        )

    assert session_writes() == 0  # signing in wrote it just now
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 61)
    assert session_writes() == 1  # the idle timeout slides forward
    assert session_writes() == 0


def test_detail_of_other_region_is_404(personas: Personas) -> None:
    url = reverse("registry:enterprise_detail", args=[personas.kudus_enterprise.pk])
    assert client_for(personas.semarang_admin).get(url).status_code == 404
    assert client_for(personas.kudus_admin).get(url).status_code == 200


def test_detail_masks_nik_for_viewer_and_shows_it_to_admin(personas: Personas) -> None:
    url = reverse("registry:enterprise_detail", args=[personas.semarang_enterprise.pk])
    nik = personas.participant_person.nik
    viewer_page = client_for(personas.viewer).get(url).content.decode()
    assert nik not in viewer_page and nik[:4] + "********" + nik[-4:] in viewer_page
    assert nik in client_for(personas.semarang_admin).get(url).content.decode()


def test_viewer_gets_403_on_edit(personas: Personas) -> None:
    url = reverse("registry:enterprise_edit", args=[personas.kudus_enterprise.pk])
    assert client_for(personas.viewer).get(url).status_code == 403
    assert client_for(personas.semarang_admin).get(url).status_code == 404


def test_admin_creates_person_then_enterprise_then_report(personas: Personas) -> None:
    client = client_for(personas.semarang_admin)
    response = client.post(
        reverse("registry:person_create"),
        {
            "nik": "3374 0512 0685 0007", "name": "Agus Prasetyo", "sex": "M",
            "birth_date": "1985-06-12", "phone": "081398765432", "email": "",
            "address_district": "33.74.05",
        },
    )  # fmt: skip
    assert response.status_code == 302, response.context["form"].errors
    response = client.post(
        reverse("registry:enterprise_create"),
        {
            "owner_nik": "3374051206850007", "name": "Sablon Kaos Agus", "nib": "",
            "kbli_code": "", "kbli_version": "", "sector": "fashion", "district": "33.74.05",
            "started_on": "2017-04-01",
        },
    )  # fmt: skip
    assert response.status_code == 302, response.context["form"].errors
    enterprise = Enterprise.objects.get(name="Sablon Kaos Agus")
    assert enterprise.owner.name == "Agus Prasetyo"
    response = client.post(
        reverse("registry:metric_create", args=[enterprise.pk]),
        {"period": "2021-02", "omzet": "7.500.000", "aset": "Rp 25.000.000", "workers": "2",
         "source": "import", "note": ""},
    )  # fmt: skip
    assert response.status_code == 302, response.context["form"].errors
    report = MetricReport.objects.get(enterprise=enterprise)
    assert (report.omzet, report.aset) == (7_500_000, 25_000_000)
    assert AuditEvent.objects.filter(actor=personas.semarang_admin).count() == 3
    detail = client.get(reverse("registry:enterprise_detail", args=[enterprise.pk]))
    assert "Rp7.500.000" in detail.content.decode()


def test_admin_cannot_create_enterprise_in_another_regency(personas: Personas) -> None:
    client = client_for(personas.semarang_admin)
    response = client.post(
        reverse("registry:enterprise_create"),
        {"owner_nik": personas.participant_person.nik, "name": "Di Kudus", "sector": "food",
         "district": "33.19.01", "started_on": "2017-04-01"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "district" in response.context["form"].errors
    assert not Enterprise.objects.filter(name="Di Kudus").exists()


def test_pages_switch_to_english(personas: Personas) -> None:
    client = client_for(personas.semarang_admin)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("registry:enterprise_list"))
    assert 'lang="en"' in response.content.decode()
    assert "UMKM registry" in response.content.decode()


def test_delete_asks_first_then_deletes_with_audit(personas: Personas) -> None:
    enterprise = personas.kudus_enterprise
    url = reverse("registry:enterprise_delete", args=[enterprise.pk])
    client = client_for(personas.kudus_admin)
    page = client.get(url)
    assert page.status_code == 200 and "confirm-delete" in page.content.decode()
    assert Enterprise.objects.filter(pk=enterprise.pk).exists()
    assert client.post(url).status_code == 302
    assert not Enterprise.objects.filter(pk=enterprise.pk).exists()
    event = AuditEvent.objects.get(object_type="registry.enterprise", object_id=str(enterprise.pk))
    assert event.action == "delete" and event.changes["name"] == "Jenang Kudus Makmur"


def test_delete_is_404_outside_scope_and_403_for_viewer(personas: Personas) -> None:
    url = reverse("registry:enterprise_delete", args=[personas.kudus_enterprise.pk])
    assert client_for(personas.semarang_admin).post(url).status_code == 404
    assert client_for(personas.viewer).post(url).status_code == 403
    assert Enterprise.objects.filter(pk=personas.kudus_enterprise.pk).exists()
