"""The message wording pages: province admins reword messages and name WhatsApp templates."""

import pytest
from django.test import Client

from naikkelas.notify.models import Message, MessageTemplate, WhatsAppTemplate
from naikkelas.notify.services import outbox
from naikkelas.notify.tests.services.test_message_templates import ALLOWED_TAGS, client
from naikkelas.testing.factories import Personas


@pytest.mark.django_db
def test_a_province_admin_rewords_a_message_checked_before_it_is_saved(personas: Personas) -> None:
    admin = client(personas.province_admin)
    listing = admin.get("/pesan/templat/")
    assert listing.status_code == 200 and "followup_reminder" in listing.text
    url = "/pesan/templat/followup_reminder/id/"
    page = admin.get(url)
    assert page.status_code == 200 and page.context["subject"] == "Laporan angka usaha Naik Kelas"
    broken = admin.post(url, {"body": "Judul\n{% if name %}tanpa penutup"})
    assert broken.status_code == 200 and "tidak bisa dibaca" in broken.text
    assert "tidak boleh kosong" in admin.post(url, {"body": "{# hanya komentar #}"}).text
    assert not MessageTemplate.objects.exists()
    assert admin.post(url, {"body": "Mohon laporan\nYth. {{ name }}: {{ url }}"}).status_code == 302
    message = Message(
        recipient="x@example.id", channel="email", template="followup_reminder", language="id",
        context={"name": "Sri", "url": "https://t/"}, dedupe_key="k",
    )  # fmt: skip
    assert outbox.render(message) == ("Mohon laporan", "Yth. Sri: https://t/")
    assert admin.post(url, {"action": "reset"}).status_code == 302 and MessageTemplate.objects.exists()
    admin.post(url, {"action": "reset", "sure": "1"})
    assert not MessageTemplate.objects.exists()
    assert admin.get("/pesan/templat/tidak_ada/id/").status_code == 404
    for other in (personas.semarang_admin, personas.mentor, personas.participant):
        assert client(other).get("/pesan/templat/").status_code == 403


@pytest.mark.django_db
def test_the_edit_page_says_when_the_stored_wording_no_longer_passes(personas: Personas) -> None:
    MessageTemplate.objects.create(key="selection_result", language="id", body="Judul\n{% debug %}")
    page = client(personas.province_admin).get("/pesan/templat/selection_result/id/")
    assert page.status_code == 200
    shown = [str(m) for m in page.context["messages"]]
    assert shown == [
        "Teks tersimpan tidak lolos pemeriksaan (Tag {% debug %} tidak boleh dipakai di templat pesan; yang boleh: "
        f"{ALLOWED_TAGS}.); pesan dikirim dengan teks bawaan sampai teks ini diperbaiki."
    ]


@pytest.mark.django_db
def test_the_province_admin_sets_it_on_the_template_page(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.province_admin)
    url = "/pesan/templat/followup_reminder/id/"
    bad = client.post(url, {"action": "whatsapp", "whatsapp_name": "pengingat", "provider_language": "id",
                            "parameters": "name, rahasia"})  # fmt: skip
    assert bad.status_code == 200 and "Isian tidak dikenal: rahasia" in bad.text
    assert not WhatsAppTemplate.objects.exists()
    good = client.post(url, {"action": "whatsapp", "whatsapp_name": "pengingat_tindak_lanjut",
                             "provider_language": "id", "parameters": "name, months, url"})  # fmt: skip
    assert good.status_code == 302
    assert WhatsAppTemplate.objects.get().parameters == ["name", "months", "url"]
    assert 'value="pengingat_tindak_lanjut"' in client.get(url).text
