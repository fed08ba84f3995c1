"""What applicants and staff read on the application pages is true for the batch's own program and level
(walk 14): the consent names the program's last follow-up, the list and call page give the level's own
requirements, and a paper form is typed in as the applicant filled it."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from naikkelas.programs.models import Batch
from naikkelas.selection import selectors
from naikkelas.selection.models import Application
from naikkelas.selection.services import applications as application_services
from naikkelas.selection.tests.services.test_paper_applications import _client, _written, form_data, paper
from naikkelas.testing.factories import Personas

pytestmark = pytest.mark.django_db


def _follow_ups(batch: Batch, months: list[int]) -> None:
    program = batch.level.program
    program.followup_months = months
    program.save(update_fields=["followup_months"])


def _page(client: Client, url: str, language: str = "id") -> str:
    client.cookies["django_language"] = language
    return client.get(url, headers={"accept-language": language}).content.decode()


# --- 1. the consent follows the program's follow-up months ---------------------------------------------


def test_the_consent_names_the_programs_last_follow_up_on_both_forms_and_in_the_record(
    personas: Personas, batches: dict[str, Batch], start: tuple[int, ...]
) -> None:
    semarang = batches["semarang"]
    _follow_ups(semarang, [3, 6, 24])
    consent = application_services.consent_text_for(semarang)
    assert "sampai 24 bulan setelah pelatihan" in consent.text and "12 bulan" not in consent.text
    public = _page(Client(), reverse("selection:apply_form", args=[semarang.pk]))
    assert "sampai 24 bulan setelah pelatihan" in public and "sampai 12 bulan" not in public
    staff = _client(personas.semarang_admin)
    url = reverse("selection:application_enter", args=[semarang.pk])
    assert "sampai 24 bulan setelah pelatihan" in _page(staff, url)
    english = _page(Client(), reverse("selection:apply_form", args=[semarang.pk]), "en")
    assert "up to 24 months after the training" in english  # the translation says the same
    staff.post(url, form_data())
    application = Application.objects.get()
    # the text of record and a version that tells it from another program's text
    assert application.consent_purpose == consent.text
    assert application.consent_version == f"{application_services.CONSENT_VERSION}/m24"


def test_two_programs_with_different_follow_ups_never_share_a_consent_version(
    personas: Personas, batches: dict[str, Batch], start: tuple[int, ...]
) -> None:
    twelve = application_services.consent_text_for(batches["semarang"])  # the default 3, 6, 12
    _follow_ups(batches["semarang"], [3, 6, 24])
    batches["semarang"].level.program.refresh_from_db()
    twenty_four = application_services.consent_text_for(batches["semarang"])
    assert "sampai 12 bulan" in twelve.text
    assert twelve.version != twenty_four.version and twelve.text != twenty_four.text


def test_the_api_returns_the_consent_agreed_to(
    personas: Personas, batches: dict[str, Batch], start: tuple[int, ...]
) -> None:
    from naikkelas.selection.tests.services.test_paper_applications import api, payload

    _follow_ups(batches["semarang"], [3, 6, 24])
    response = api(personas.semarang_admin).post(
        "/api/v1/applications", payload(batches["semarang"].pk), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert "sampai 24 bulan setelah pelatihan" in body["consent_purpose"]
    assert body["consent_version"].endswith("/m24")


# --- 2. the level's own requirements on the list and the call page -------------------------------------


def test_the_public_list_and_call_page_give_each_levels_own_requirements_grouped_by_province(
    personas: Personas, batches: dict[str, Batch], start: tuple[int, ...]
) -> None:
    level = batches["semarang"].level
    level.min_omzet, level.requires_nib, level.min_business_months = 3_000_000, True, 6
    level.save(update_fields=["min_omzet", "requires_nib", "min_business_months"])
    batches["semarang"].venue = "Balai Kota Semarang"
    batches["semarang"].save(update_fields=["venue"])
    listing = _page(Client(), reverse("selection:apply_index"))
    assert "Syarat umum" not in listing  # no requirement said for every province
    assert "omzet minimal Rp3.000.000 per bulan" in listing and "sudah punya NIB" in listing
    assert "usaha sudah berjalan minimal 6 bulan" in listing
    assert '<h2 class="province">Jawa Tengah</h2>' in listing or 'class="province"' in listing
    call = _page(Client(), reverse("selection:apply_form", args=[batches["semarang"].pk]))
    assert "omzet minimal Rp3.000.000 per bulan" in call and "Balai Kota Semarang" in call
    with translation.override("en"):
        assert selectors.level_requirements(level)[0] == "in business for at least 6 months"


def test_a_whole_number_of_years_reads_as_years() -> None:
    level: Any = type("L", (), {"min_business_months": 12, "min_omzet": 5_000_000, "requires_nib": False})()
    assert selectors.level_requirements(level) == [
        "usaha sudah berjalan minimal 1 tahun", "omzet minimal Rp5.000.000 per bulan",
    ]  # fmt: skip


# --- 3.–5. the paper form as people fill it ------------------------------------------------------------


def test_a_paper_form_with_blank_motivation_answers_is_recorded_with_them_blank(
    personas: Personas, batches: dict[str, Batch], start: tuple[int, ...]
) -> None:
    url = reverse("selection:application_enter", args=[batches["semarang"].pk])
    response = _client(personas.semarang_admin).post(url, form_data(answer_0=""))
    assert response.status_code == 302, response.context["form"].errors
    assert Application.objects.get().answers == [""]


def test_the_service_keeps_blank_answers_for_staff_and_refuses_them_online(
    personas: Personas, batches: dict[str, Batch], start: tuple[int, ...]
) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Jawab semua pertanyaan motivasi"):
        application_services.application_submit(batch=batches["semarang"], data=paper(answers=[]))
    assert _written() == start
    application, _token = application_services.application_enter(
        actor=personas.semarang_admin, batch=batches["semarang"], data=paper(answers=[])
    )
    assert application.answers == [""]


def test_the_public_form_still_requires_answers_and_says_so_in_indonesian(
    personas: Personas, batches: dict[str, Batch], start: tuple[int, ...]
) -> None:
    client = Client()
    client.cookies["django_language"] = "id"
    response = client.post(
        reverse("selection:apply_form", args=[batches["semarang"].pk]), form_data(answer_0="")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["answer_0"] == ["Jawab pertanyaan ini."]
    assert "This field is required" not in response.content.decode()


def test_a_duplicate_nik_on_the_paper_form_speaks_to_staff_and_links_to_the_first_application(
    personas: Personas, batches: dict[str, Batch], start: tuple[int, ...]
) -> None:
    staff = _client(personas.semarang_admin)
    url = reverse("selection:application_enter", args=[batches["semarang"].pk])
    staff.post(url, form_data())
    first = Application.objects.get()
    page = _page_post(staff, url, form_data(enterprise_name="Usaha Lain"))
    assert "Jawaban Anda yang lain" not in page
    assert "Isian pendaftar yang lain tetap tersimpan" in page
    assert reverse("selection:application_detail", args=[first.pk]) in page


def test_the_paper_form_headings_are_singular_and_not_a_fields_name(
    personas: Personas, batches: dict[str, Batch], start: tuple[int, ...]
) -> None:
    staff = _client(personas.semarang_admin)
    url = reverse("selection:application_enter", args=[batches["semarang"].pk])
    english = _page(staff, url, "en")
    assert "<h2>Business owner</h2>" in english and "<h2>Enterprise</h2>" in english
    assert "<h2>Business owners</h2>" not in english and "<h2>Enterprises</h2>" not in english
    indonesian = _page(staff, url)
    assert "<h2>Pemilik usaha</h2>" in indonesian and "<h2>Omzet dua bulan sebelumnya</h2>" not in indonesian


def _page_post(client: Client, url: str, data: dict[str, str]) -> str:
    client.cookies["django_language"] = "id"
    return client.post(url, data).content.decode()
