import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from naikkelas.notify.models import Message, MessageTemplate, WhatsAppTemplate
from naikkelas.notify.services import message_templates, outbox
from naikkelas.testing.factories import Personas
from naikkelas.testing.notify import opt_in


def client(user) -> Client:  # type: ignore[no-untyped-def]
    c = Client()
    c.force_login(user)
    return c


ALLOWED_TAGS = "blocktrans, blocktranslate, comment, if, trans, translate"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "error"),
    [
        # What the security test found: these gave a 500 at render time ({% debug %} was saved).
        ("Judul\n{% include 'tidak-ada.txt' %}",
         f"Tag {{% include %}} tidak boleh dipakai di templat pesan; yang boleh: {ALLOWED_TAGS}."),
        ("Judul\n{% include 'registration/password_reset_email.html' %}",
         f"Tag {{% include %}} tidak boleh dipakai di templat pesan; yang boleh: {ALLOWED_TAGS}."),
        ("Judul\n{{ name|add:1|divisibleby:0 }}",
         "Filter |add tidak boleh dipakai di templat pesan; yang boleh: default, upper, lower, capfirst, title."),
        ("Judul\n{% debug %}", f"Tag {{% debug %}} tidak boleh dipakai di templat pesan; yang boleh: {ALLOWED_TAGS}."),
        # The rest of the class: no files, URLs, settings, other libraries or other templates.
        ("Judul\n{% extends 'base.html' %}",
         f"Tag {{% extends %}} tidak boleh dipakai di templat pesan; yang boleh: {ALLOWED_TAGS}."),
        ("Judul\n{% ssi '/etc/passwd' %}", f"Tag {{% ssi %}} tidak boleh dipakai di templat pesan; yang boleh: {ALLOWED_TAGS}."),
        ("Judul\n{% url 'home' %}", f"Tag {{% url %}} tidak boleh dipakai di templat pesan; yang boleh: {ALLOWED_TAGS}."),
        ("Judul\n{% now 'Y' %}", f"Tag {{% now %}} tidak boleh dipakai di templat pesan; yang boleh: {ALLOWED_TAGS}."),
        ("{% load static %}Judul", "Hanya {% load i18n %} yang boleh dipakai di templat pesan."),
        ("{% load i18n humanize %}Judul", "Hanya {% load i18n %} yang boleh dipakai di templat pesan."),
        ("Judul\n{{ name.__class__ }}",
         "Isian {{ name.__class__ }} tidak dikenal di templat pesan; yang ada: batch, category, code, confirm_url, "
         "description, due, enterprise, months, name, opt_out_url, outcome, reason, status_url, url."),
        ("Judul\n{% blocktranslate %}{{ nama }}{% endblocktranslate %}",
         "Isian {{ nama }} tidak dikenal di templat pesan; yang ada: batch, category, code, confirm_url, "
         "description, due, enterprise, months, name, opt_out_url, outcome, reason, status_url, url."),
        ("Judul\n{% blocktranslate count n=name %}satu{% plural %}banyak{% endblocktranslate %}",
         "Templat tidak bisa diisi dengan contoh nilai; periksa isian dan filternya."),
        ("Judul\n{% if name %}tanpa penutup",
         "Templat tidak bisa dibaca: ada {% … %} yang tidak ditutup atau tidak lengkap."),
    ],
)  # fmt: skip
def test_a_template_outside_the_safe_subset_is_a_field_error_and_nothing_is_saved(
    personas: Personas, body: str, error: str
) -> None:
    response = client(personas.province_admin).post("/pesan/templat/selection_result/id/", {"body": body})
    assert response.status_code == 200
    assert response.context["form"].errors == {"body": [error]}
    assert not MessageTemplate.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["id", "en"])
def test_every_file_template_passes_the_check_and_can_be_saved_as_it_is(
    personas: Personas, language: str
) -> None:
    from naikkelas.notify.services import message_templates

    admin = client(personas.province_admin)
    for key in message_templates.template_keys():
        body = message_templates.default_body(key)
        response = admin.post(f"/pesan/templat/{key}/{language}/", {"body": body})
        assert response.status_code == 302, (key, response.context["form"].errors)
    assert MessageTemplate.objects.filter(language=language).count() == len(message_templates.template_keys())


@pytest.mark.django_db
def test_the_allowed_subset_renders(personas: Personas) -> None:
    body = (
        "{% load i18n %}{% translate 'Hasil seleksi Naik Kelas' %}\n"
        "{% if reason %}{{ name|upper }}: {{ reason|default:'-' }}{% else %}{{ name }}{% endif %}"
        "{% comment %}catatan admin{% endcomment %}"
        "{% blocktranslate with who=name|title %} ({{ who }}){% endblocktranslate %}"
    )
    admin = client(personas.province_admin)
    assert admin.post("/pesan/templat/selection_result/id/", {"body": body}).status_code == 302
    message = Message(
        recipient="x@example.id", channel="email", template="selection_result", language="id",
        context={"name": "sri", "reason": "Nilai 82"}, dedupe_key="k",
    )  # fmt: skip
    assert outbox.render(message) == ("Hasil seleksi Naik Kelas", "SRI: Nilai 82 (Sri)")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "stored",
    [
        "Judul\n{% include 'tidak-ada.txt' %}",
        "Judul\n{% debug %}",
        "Judul\n{{ name|add:1|divisibleby:0 }}",
        "Judul\n{% blocktranslate count n=name %}satu{% plural %}banyak{% endblocktranslate %}",
        "Judul\n{% if %}",
    ],
)
def test_the_sender_never_crashes_on_a_stored_bad_template_it_uses_the_file_template(
    personas: Personas, stored: str, caplog: pytest.LogCaptureFixture, settings: object
) -> None:
    """Saved before these rules (or changed in the database): the message goes out in the default words."""
    MessageTemplate.objects.create(key="selection_result", language="id", body=stored)
    opt_in("x@example.id")
    message = Message.objects.create(
        recipient="x@example.id", channel="email", template="selection_result", language="id",
        context={"name": "Sri", "enterprise": "Bandeng Bu Sri", "batch": "Dasar 2021", "outcome": "terpilih",
                 "reason": "Nilai 82", "status_url": "https://t/s/"},
        dedupe_key="stored-bad",
    )  # fmt: skip
    subject, body = outbox.render(message)
    assert subject == "Hasil seleksi Naik Kelas"
    assert body.startswith("Halo Sri, hasil seleksi Bandeng Bu Sri untuk Dasar 2021: terpilih.")
    assert "cannot be used" in caplog.text and "selection_result/id" in caplog.text
    assert outbox.message_deliver(message_id=message.pk).status == Message.Status.SENT


@pytest.mark.django_db
def test_a_template_name_and_its_parameters_are_checked_before_saving() -> None:
    with pytest.raises(ValidationError, match="huruf kecil, angka dan garis bawah"):
        message_templates.whatsapp_template_save(key="followup_reminder", language="id", name="Pengingat Bulanan",
                                               provider_language="id", parameters=["name"])  # fmt: skip
    with pytest.raises(ValidationError, match="Isian tidak dikenal: nik"):
        message_templates.whatsapp_template_save(key="followup_reminder", language="id", name="pengingat",
                                               provider_language="id", parameters=["name", "nik"])  # fmt: skip
    assert not WhatsAppTemplate.objects.exists()
    saved = message_templates.whatsapp_template_save(key="followup_reminder", language="id", name="pengingat",
                                                   provider_language="id", parameters=["name", "url"])  # fmt: skip
    assert saved is not None and saved.parameters == ["name", "url"]
    assert message_templates.whatsapp_template_save(key="followup_reminder", language="id", name=" ",
                                                  provider_language="id", parameters=[]) is None  # fmt: skip
    assert not WhatsAppTemplate.objects.exists()  # an empty name removes it
