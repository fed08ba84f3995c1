"""Admins name the approved WhatsApp template of a message type where they already edit its text."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from naikkelas.notify import templates_admin
from naikkelas.notify.models import WhatsAppTemplate
from naikkelas.testing.factories import Personas


@pytest.mark.django_db
def test_a_template_name_and_its_parameters_are_checked_before_saving() -> None:
    with pytest.raises(ValidationError, match="huruf kecil, angka dan garis bawah"):
        templates_admin.whatsapp_template_save(key="followup_reminder", language="id", name="Pengingat Bulanan",
                                               provider_language="id", parameters=["name"])  # fmt: skip
    with pytest.raises(ValidationError, match="Isian tidak dikenal: nik"):
        templates_admin.whatsapp_template_save(key="followup_reminder", language="id", name="pengingat",
                                               provider_language="id", parameters=["name", "nik"])  # fmt: skip
    assert not WhatsAppTemplate.objects.exists()
    saved = templates_admin.whatsapp_template_save(key="followup_reminder", language="id", name="pengingat",
                                                   provider_language="id", parameters=["name", "url"])  # fmt: skip
    assert saved is not None and saved.parameters == ["name", "url"]
    assert templates_admin.whatsapp_template_save(key="followup_reminder", language="id", name=" ",
                                                  provider_language="id", parameters=[]) is None  # fmt: skip
    assert not WhatsAppTemplate.objects.exists()  # an empty name removes it


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
