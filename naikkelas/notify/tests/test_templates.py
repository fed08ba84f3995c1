import pytest
from django.test import Client

from naikkelas.notify import services
from naikkelas.notify.models import Message, MessageTemplate
from naikkelas.testing.factories import Personas


def client(user) -> Client:  # type: ignore[no-untyped-def]
    c = Client()
    c.force_login(user)
    return c


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
    assert services.render(message) == ("Mohon laporan", "Yth. Sri: https://t/")
    assert admin.post(url, {"action": "reset"}).status_code == 302 and MessageTemplate.objects.exists()
    admin.post(url, {"action": "reset", "sure": "1"})
    assert not MessageTemplate.objects.exists()
    assert admin.get("/pesan/templat/tidak_ada/id/").status_code == 404
    for other in (personas.semarang_admin, personas.mentor, personas.participant):
        assert client(other).get("/pesan/templat/").status_code == 403
