"""Consent per channel on the pages: the owner's page for staff, the API, her own data page, the forms."""

import pytest
from django.test import Client

from naikkelas.core.models import AuditEvent
from naikkelas.notify.models import ChannelConsent
from naikkelas.notify.services import consent
from naikkelas.testing.factories import Personas


def client(user) -> Client:  # type: ignore[no-untyped-def]
    c = Client()
    c.force_login(user)
    return c


@pytest.mark.django_db
def test_staff_see_her_state_per_channel_with_source_time_version_and_who_typed_it(
    personas: Personas,
) -> None:
    sri = personas.participant_person
    sri.phone, sri.email = "+6281234567890", ""
    sri.save(update_fields=["phone", "email"])
    consent.consents_record(
        person=sri, chosen=["whatsapp"], source=ChannelConsent.Source.PAPER, actor=personas.semarang_admin
    )
    page = client(personas.semarang_admin).get(f"/registri/pemilik/{sri.pk}/")
    states = page.text[page.text.index('id="channel-states"') :]
    states = states[: states.index("</ul>")]
    assert 'WhatsApp</strong>: <span class="badge">bersedia' in states
    assert 'SMS</strong>: <span class="badge warn">tidak bersedia' in states
    assert 'Email</strong>: <span class="badge">tidak ada alamat' in states
    assert "formulir kertas (dicatat petugas)" in states and "teks versi 2026-12" in states
    assert f"dicatat oleh {personas.semarang_admin}" in states
    assert client(personas.kudus_admin).get(f"/registri/pemilik/{sri.pk}/").status_code == 404


@pytest.mark.django_db
def test_the_api_reflects_her_state_per_channel(personas: Personas) -> None:
    from naikkelas.accounts.services.tokens import api_token_create

    sri = personas.participant_person
    sri.phone, sri.email = "+6281234567890", ""
    sri.save(update_fields=["phone", "email"])
    consent.consent_record(address=sri.phone, channel="whatsapp", opted_in=False, source="reply")
    token = api_token_create(user=personas.semarang_admin)
    api = Client(headers={"Authorization": f"Bearer {token}"})
    answer = api.get(f"/api/v1/persons/{sri.pk}/channels")
    assert answer.status_code == 200
    assert [(c["channel"], c["state"], c["source"]) for c in answer.json()] == [
        ("whatsapp", "declined", "reply"), ("sms", "unasked", ""), ("email", "no_address", ""),
    ]  # fmt: skip
    kudus = Client(headers={"Authorization": f"Bearer {api_token_create(user=personas.kudus_admin)}"})
    assert kudus.get(f"/api/v1/persons/{sri.pk}/channels").status_code == 404


@pytest.mark.django_db
def test_she_sees_and_changes_her_choices_on_her_data_page(personas: Personas) -> None:
    from naikkelas.notify.models import Message

    sri = personas.participant_person
    sri.phone, sri.email = "+6281234567890", "sri@example.id"
    sri.save(update_fields=["phone", "email"])
    consent.consents_record(person=sri, chosen=["whatsapp"], source="form")
    waiting = Message.objects.create(
        recipient="+6281234567890", channel="whatsapp", template="followup_reminder", dedupe_key="w"
    )
    me = client(personas.participant)
    mine = me.get("/data-pribadi/saya/").text
    assert (
        'WhatsApp</strong>: <span class="badge">bersedia' in mine
        and 'href="/data-pribadi/saya/pesan/"' in mine
    )
    page = me.get("/data-pribadi/saya/pesan/").text
    assert 'id="id_consent_whatsapp" checked' in page and 'id="id_consent_email">' in page
    assert "Versi teks 2026-12" in page
    done = me.post(
        "/data-pribadi/saya/pesan/", {"channels_asked": "True", "consent_email": "on"}, follow=True
    )
    assert "Pilihan Anda tersimpan." in done.text
    assert [(c.channel, c.opted_in) for c in consent.person_choices(sri)] == [
        ("whatsapp", False), ("sms", False), ("email", True),
    ]  # fmt: skip
    newest = ChannelConsent.objects.filter(channel="whatsapp").first()
    assert newest is not None and (newest.source, newest.recorded_by) == ("data_page", None)
    assert (
        AuditEvent.objects.filter(object_type="notify.channelconsent", actor=personas.participant).count()
        == 2
    )
    waiting.refresh_from_db()
    assert waiting.status == Message.Status.SKIPPED  # her no stops what already waited
    same = me.post(
        "/data-pribadi/saya/pesan/", {"channels_asked": "True", "consent_email": "on"}, follow=True
    )
    assert "Pilihan Anda tidak berubah." in same.text


@pytest.mark.django_db
def test_staff_without_a_person_are_refused_the_choices_page(personas: Personas) -> None:
    assert (
        client(personas.semarang_admin).get("/data-pribadi/saya/pesan/").status_code == 403
    )  # as on her data page


@pytest.mark.django_db
def test_staff_record_what_she_said_on_the_telephone_named_and_in_her_scope_only(personas: Personas) -> None:
    from naikkelas.notify.models import Message

    sri = personas.participant_person
    sri.phone, sri.email = "+6281234567890", "sri@example.id"
    sri.save(update_fields=["phone", "email"])
    consent.consents_record(person=sri, chosen=["whatsapp", "email"], source="form")
    waiting = Message.objects.create(
        recipient="+6281234567890", channel="whatsapp", template="followup_reminder", dedupe_key="w"
    )
    admin = client(personas.semarang_admin)
    detail = admin.get(f"/registri/pemilik/{sri.pk}/").text
    assert f'href="/registri/pemilik/{sri.pk}/saluran/"' in detail
    form = admin.get(f"/registri/pemilik/{sri.pk}/saluran/").text
    assert "Saya bersedia menerima pesan" in form and 'value="phone"' in form and "checked" in form
    # she phoned: no more WhatsApp, email still yes
    answer = admin.post(
        f"/registri/pemilik/{sri.pk}/saluran/",
        {"source": "phone", "channels_asked": "on", "consent_email": "on"},
        follow=True,
    )
    assert "Pilihan Sri Wahyuni tersimpan." in answer.text
    latest = ChannelConsent.objects.filter(channel="whatsapp").latest("recorded_at")
    assert (latest.opted_in, latest.source, latest.recorded_by) == (False, "phone", personas.semarang_admin)
    assert ChannelConsent.objects.filter(channel="email").count() == 1  # unchanged: nothing written
    waiting.refresh_from_db()
    assert waiting.status == Message.Status.SKIPPED
    assert "disampaikan lewat telepon (dicatat petugas)" in admin.get(f"/registri/pemilik/{sri.pk}/").text
    again = admin.post(
        f"/registri/pemilik/{sri.pk}/saluran/",
        {"source": "phone", "channels_asked": "on", "consent_email": "on"},
        follow=True,
    )
    assert "Pilihan Sri Wahyuni tidak berubah." in again.text
    # a source that is not offered is refused by the form, nothing written
    before = ChannelConsent.objects.count()
    bad = admin.post(f"/registri/pemilik/{sri.pk}/saluran/", {"source": "reply", "channels_asked": "on"})
    assert bad.status_code == 200 and "reply bukan salah satu dari pilihan yang tersedia" in bad.text
    assert ChannelConsent.objects.count() == before
    # Kudus cannot reach her; a viewer cannot write
    assert client(personas.kudus_admin).get(f"/registri/pemilik/{sri.pk}/saluran/").status_code == 404
    # the ministry viewer sees her record but may not change it (access.get_person_for_user: 403)
    assert client(personas.viewer).get(f"/registri/pemilik/{sri.pk}/saluran/").status_code == 403
    assert ChannelConsent.objects.count() == before


@pytest.mark.django_db
def test_the_api_records_her_choice_and_refuses_a_channel_without_an_address(personas: Personas) -> None:
    from naikkelas.accounts.services.tokens import api_token_create

    sri = personas.participant_person
    sri.phone, sri.email = "+6281234567890", ""
    sri.save(update_fields=["phone", "email"])
    api = Client(headers={"Authorization": f"Bearer {api_token_create(user=personas.semarang_admin)}"})
    url = f"/api/v1/persons/{sri.pk}/channels"
    answer = api.post(url, {"agreed": ["whatsapp"], "source": "paper"}, content_type="application/json")
    assert answer.status_code == 200
    assert [(c["channel"], c["state"], c["source"]) for c in answer.json()] == [
        ("whatsapp", "agreed", "paper"), ("sms", "declined", "paper"), ("email", "no_address", ""),
    ]  # fmt: skip
    assert ChannelConsent.objects.get(channel="whatsapp").recorded_by == personas.semarang_admin
    refused = api.post(url, {"agreed": ["email"], "source": "phone"}, content_type="application/json")
    assert refused.status_code == 422 and "Belum ada nomor atau email untuk: Email" in refused.text
    assert ChannelConsent.objects.count() == 2
    kudus = Client(headers={"Authorization": f"Bearer {api_token_create(user=personas.kudus_admin)}"})
    assert (
        kudus.post(url, {"agreed": [], "source": "phone"}, content_type="application/json").status_code == 404
    )
    assert ChannelConsent.objects.count() == 2
