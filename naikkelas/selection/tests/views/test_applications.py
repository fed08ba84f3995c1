from datetime import date, timedelta
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from naikkelas.notify.models import Message
from naikkelas.selection.models import Application
from naikkelas.selection.services import applications
from naikkelas.testing.factories import Personas
from naikkelas.testing.selection import apply

pytestmark = pytest.mark.django_db


def form_data(**changes: str) -> dict[str, str]:
    data = {
        "nik": "3374 0152 0380 0001", "name": "Sri Wahyuni", "phone": "0812-3456-7890", "email": "",
        "enterprise_name": "Bandeng Presto Bu Sri Baru", "nib": "", "sector": "fishery", "district": "33.74.02",
        "started_on": "2015-06-01", "period": (date.today().replace(day=1) - timedelta(days=1)).strftime("%Y-%m"),
        "omzet": "12.000.000", "aset": "40.000.000", "workers": "3", "consent": "on",
        "answer_0": "Pemasaran digital",
    }  # fmt: skip
    data.update(changes)
    return data


def test_public_form_lists_and_accepts_an_application(open_batch) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    assert open_batch.title in client.get(reverse("selection:apply_index")).content.decode()
    response = apply(client, open_batch, form_data())
    assert response.status_code == 200
    assert "status-link" in response.content.decode()
    application = Application.objects.get()
    assert application.status == "eligible"
    link = response.context["status_url"].split("/status/")[1]
    status_page = client.get(reverse("selection:status", args=[link.rstrip("/")]))
    assert status_page.status_code == 200
    body = status_page.content.decode()
    assert "Sedang diseleksi" in body and application.person.nik not in body


def test_form_errors_are_shown_in_indonesian_and_nothing_is_saved(open_batch) -> None:  # type: ignore[no-untyped-def]
    response = Client().post(
        reverse("selection:apply_form", args=[open_batch.pk]), form_data(nik="3374013102800001", consent="")
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "consent" in errors or "nik" in errors
    assert not Application.objects.exists()


def test_the_consent_agreed_to_stays_indonesian_and_english_readers_get_its_translation(open_batch) -> None:  # type: ignore[no-untyped-def]
    from django.conf import settings

    from naikkelas.selection.services.applications import consent_text_for

    CONSENT_PURPOSE = consent_text_for(open_batch).text
    url = reverse("selection:apply_form", args=[open_batch.pk])
    indonesian = Client().get(url).content.decode()
    assert f'<p class="consent" lang="id">{CONSENT_PURPOSE}</p>' in indonesian
    assert "consent-translation" not in indonesian
    reader = Client()
    reader.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = reader.get(url).content.decode()
    assert f'<p class="consent" lang="id">{CONSENT_PURPOSE}</p>' in english  # the text of record
    assert (
        "Translation (what you agree to is the Indonesian text above): Your personal and business data"
        in english
    )


def test_unknown_status_link_is_404() -> None:
    assert Client().get(reverse("selection:status", args=["bukan-tautan"])).status_code == 404


def test_applicant_sets_a_password_through_the_status_link_and_logs_in(open_batch) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    response = apply(client, open_batch, form_data())
    token = response.context["token"]
    application = Application.objects.get()
    assert application.person.user is not None
    assert application.person.user.username == "6281234567890"
    assert not application.person.user.has_usable_password()
    page = client.get(reverse("selection:status", args=[token]))
    assert "set-password" in page.content.decode()
    done = client.post(
        reverse("selection:status", args=[token]),
        {"new_password1": "bandeng-presto-2021", "new_password2": "bandeng-presto-2021"},
    )
    assert done.status_code == 302
    own = Client()
    assert own.login(username="6281234567890", password="bandeng-presto-2021")
    assert own.get(reverse("selection:application_detail", args=[application.pk])).status_code == 200


def test_status_page_title_is_plain_text(open_batch) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    token = apply(client, open_batch, form_data()).context["token"]
    body = client.get(reverse("selection:status", args=[token])).content.decode()
    title = body.split("<title>")[1].split("</title>")[0]
    assert "<" not in title and "Status pendaftaran" in title
    assert body.count('id="withdraw"') == 1


# --- An NIK is not a credential (attacks.md V1): the anonymous form changes and reveals nothing. ---


def _counts() -> tuple[int, int, int, int]:
    from naikkelas.registry.models import Enterprise, MetricReport, Person

    return (
        Person.objects.count(),
        Enterprise.objects.count(),
        MetricReport.objects.count(),
        Application.objects.count(),
    )


def _victim() -> "Person":  # type: ignore[name-defined]  # noqa: F821
    """A registry person with no login (as every imported owner), her WhatsApp on record, one business."""
    from naikkelas.testing.factories import EnterpriseFactory, PersonFactory

    victim = PersonFactory.create(name="Yuni Hidayat", phone="+6281297206885", email="")
    EnterpriseFactory.create(owner=victim, name="Wingko Lestari")
    return victim


def test_takeover_with_only_an_nik_is_refused_end_to_end(open_batch) -> None:  # type: ignore[no-untyped-def]
    from naikkelas.notify.models import Message

    victim = _victim()
    before = _counts()
    attacker = Client()
    asked = attacker.post(
        reverse("selection:apply_form", args=[open_batch.pk]),
        form_data(
            nik=victim.nik, name="Penyerang Palsu", phone="081299990000", enterprise_name="Usaha Palsu"
        ),
    )
    # The same answer as for any NIK: a page asking for the code; nothing recorded, nothing revealed.
    assert asked.status_code == 302
    page = attacker.get(asked["Location"])
    body = page.content.decode()
    assert page.status_code == 200 and 'id="confirm"' in body
    for secret in ("Yuni Hidayat", "6281297206885", "Wingko Lestari", "status-link"):
        assert secret not in body
    assert _counts() == before
    victim.refresh_from_db()
    assert (victim.name, victim.phone, victim.user_id) == ("Yuni Hidayat", "+6281297206885", None)
    # The code goes to the contact on record, never to the number the caller typed.
    code_message = Message.objects.get(template="application_code")
    assert code_message.recipient == "+6281297206885" and code_message.channel == "whatsapp"
    assert not Message.objects.filter(recipient="+6281299990000").exists()
    # Guessing: five wrong codes, then the submission is dead even for the right one.
    for left in (4, 3, 2, 1):
        wrong = attacker.post(
            asked["Location"], {"code": "000000" if code_message.context["code"] != "000000" else "111111"}
        )
        assert f"Sisa percobaan: {left}." in wrong.content.decode()
    attacker.post(
        asked["Location"], {"code": "000000" if code_message.context["code"] != "000000" else "111111"}
    )
    dead = attacker.post(asked["Location"], {"code": code_message.context["code"]})
    assert "Kode tidak berlaku lagi" in dead.content.decode()
    assert _counts() == before
    victim.refresh_from_db()
    assert victim.user_id is None


def test_answer_for_a_known_nik_is_the_same_as_for_a_new_one(open_batch) -> None:  # type: ignore[no-untyped-def]
    victim = _victim()
    known = Client().post(reverse("selection:apply_form", args=[open_batch.pk]), form_data(nik=victim.nik))
    new = Client().post(reverse("selection:apply_form", args=[open_batch.pk]), form_data())
    assert known.status_code == new.status_code == 302
    known_page = Client().get(known["Location"]).content.decode()
    new_page = Client().get(new["Location"]).content.decode()
    strip = lambda text: text.split('name="csrfmiddlewaretoken"')[0]  # noqa: E731
    assert strip(known_page) == strip(new_page)


def test_a_person_with_a_password_gets_nothing_attached_by_an_anonymous_form(
    open_batch, personas: Personas
) -> None:  # type: ignore[no-untyped-def]
    person = personas.participant_person
    person.phone = "+6281234500001"
    person.save(update_fields=["phone"])
    before = _counts()
    enterprise_reports = personas.semarang_enterprise.reports.count()
    response = Client().post(
        reverse("selection:apply_form", args=[open_batch.pk]),
        form_data(nik=person.nik, enterprise_name="Bandeng Presto Bu Sri", omzet="999"),
    )
    assert response.status_code == 302
    assert _counts() == before
    assert personas.semarang_enterprise.reports.count() == enterprise_reports


def test_the_owner_confirms_with_the_code_from_her_own_phone(open_batch) -> None:  # type: ignore[no-untyped-def]
    from naikkelas.notify.models import Message

    victim = _victim()
    client = Client()
    done = apply(client, open_batch, form_data(nik=victim.nik, name="Nama Lain", phone="081299990000"))
    assert done.status_code == 200 and "status-link" in done.content.decode()
    application = Application.objects.get()
    assert application.person == victim
    victim.refresh_from_db()
    # Proving the code does not rewrite the record: staff change a name or number, with the KTP.
    assert (victim.name, victim.phone) == ("Yuni Hidayat", "+6281297206885")
    receipt = Message.objects.get(template="application_received")
    assert receipt.recipient == "+6281297206885"


def test_a_second_application_is_refused_only_after_the_code(open_batch) -> None:  # type: ignore[no-untyped-def]
    victim = _victim()
    apply(Client(), open_batch, form_data(nik=victim.nik, enterprise_name="Wingko Lestari"))
    stranger = Client()
    asked = stranger.post(
        reverse("selection:apply_form", args=[open_batch.pk]),
        form_data(nik=victim.nik, enterprise_name="Wingko Lestari"),
    )
    assert "sudah mendaftar" not in stranger.get(asked["Location"]).content.decode()
    from naikkelas.testing.selection import last_code

    refused = stranger.post(asked["Location"], {"code": last_code()})
    assert "sudah punya pendaftaran aktif di jenjang ini: Wingko Lestari" in refused.content.decode()
    assert Application.objects.count() == 1


def test_codes_for_one_nik_are_limited_to_three_a_day(open_batch) -> None:  # type: ignore[no-untyped-def]
    from naikkelas.selection.models import PendingApplication

    url = reverse("selection:apply_form", args=[open_batch.pk])
    for _ in range(3):
        assert Client().post(url, form_data()).status_code == 302
    fourth = Client().post(url, form_data())
    assert fourth.status_code == 200
    assert "sudah dikirim 3 kali dalam 24 jam terakhir" in fourth.content.decode()
    assert PendingApplication.objects.count() == 3


def test_status_link_alone_does_not_set_a_password(open_batch) -> None:  # type: ignore[no-untyped-def]
    """Someone holding the status link (forwarded, or from before this rule) must prove the contact."""
    from naikkelas.testing.selection import last_code

    done = apply(Client(), open_batch, form_data())
    token = done.context["token"]
    other = Client()
    page = other.get(reverse("selection:status", args=[token])).content.decode()
    assert 'id="set-password"' not in page and "6281234567890" not in page and 'id="send-code"' in page
    refused = other.post(
        reverse("selection:status", args=[token]),
        {"new_password1": "bandeng-presto-2021", "new_password2": "bandeng-presto-2021"},
    )
    assert refused.status_code == 200
    application = Application.objects.get()
    assert application.person.user is not None and not application.person.user.has_usable_password()
    other.post(reverse("selection:status", args=[token]), {"send_code": "1"})
    wrong = other.post(reverse("selection:status", args=[token]), {"check_code": "1", "code": "12345x"})
    assert "Kode terdiri dari 6 angka." in wrong.content.decode()
    ok = other.post(
        reverse("selection:status", args=[token]), {"check_code": "1", "code": last_code("password_code")}
    )
    assert ok.status_code == 302
    form = other.get(reverse("selection:status", args=[token])).content.decode()
    assert 'id="set-password"' in form and "6281234567890" in form


def test_codes_reach_an_address_that_stopped_reminders(open_batch) -> None:  # type: ignore[no-untyped-def]
    from naikkelas.notify.models import Message
    from naikkelas.notify.services.outbox import message_deliver, opt_out_create

    opt_out_create(recipient="+6281234567890", channel="whatsapp")
    Client().post(reverse("selection:apply_form", args=[open_batch.pk]), form_data())
    message = message_deliver(message_id=Message.objects.get(template="application_code").pk)
    assert message.status != Message.Status.SKIPPED


def test_the_status_link_goes_again_only_to_the_contact_on_record_once_a_day(open_batch) -> None:  # type: ignore[no-untyped-def]
    token = apply(Client(), open_batch, form_data()).context["token"]
    client = Client()
    known = client.post(reverse("selection:status_resend"), {"nik": "3374 0152 0380 0001"})
    resent = Message.objects.get(template="status_link")
    assert resent.recipient == "+6281234567890"  # the phone given when applying, on record
    resent_token = resent.context["status_url"].rsplit("/status/", 1)[1].rstrip("/")
    assert applications.application_by_token(resent_token) == applications.application_by_token(token)
    client.post(reverse("selection:status_resend"), {"nik": "3374015203800001"})  # again, the same day
    assert Message.objects.filter(template="status_link").count() == 1
    unknown = client.post(reverse("selection:status_resend"), {"nik": "3374 0152 0380 0002"})
    assert Message.objects.filter(template="status_link").count() == 1
    # The same answer for a NIK that applied and one that did not: the page tells nothing.
    assert known.status_code == unknown.status_code == 302 and known["Location"] == unknown["Location"]
    page = client.get(known["Location"])
    assert "Bila NIK ini pernah mendaftar" in page.text


def test_a_nik_nobody_can_hold_is_refused_with_the_reason(open_batch) -> None:  # type: ignore[no-untyped-def]
    bad = Client().post(reverse("selection:status_resend"), {"nik": "12345"})
    assert bad.status_code == 200 and "NIK harus terdiri dari 16 angka." in bad.text
    assert "Ada 1 hal yang perlu diperbaiki" in bad.text  # the summary counts what the form found
    assert not Message.objects.filter(template="status_link").exists()


def test_the_status_page_offers_copy_and_whatsapp_for_its_own_link(open_batch) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    token = apply(client, open_batch, form_data()).context["token"]
    page = client.get(reverse("selection:status", args=[token])).text
    url = applications.status_url(token)
    assert f'data-copy="{url}"' in page and "https://wa.me/?text=" in page and quote(url, safe="/") in page


def test_a_certificate_code_can_be_typed_in(client: Client) -> None:
    answer = client.get("/verifikasi/", {"kode": " ab-c2 3def "})
    assert answer.status_code == 302 and answer["Location"] == "/verifikasi/ABC23DEF/"
    empty = client.get("/verifikasi/", {"kode": ""})
    assert empty.status_code == 200 and "Tulis kodenya dulu." in empty.text
    assert client.get("/verifikasi/").status_code == 200


def test_the_form_asks_every_applicant_for_follow_up_consent_and_says_why(open_batch) -> None:  # type: ignore[no-untyped-def]
    open_batch.level.program.followup_months = [3, 6, 12]
    open_batch.level.program.save()
    page = Client().get(reverse("selection:apply_form", args=[open_batch.pk]))
    reason = page.text.split('id="followup-reason">')[1].split("</p>")[0]
    assert "membandingkan angka usaha peserta dengan angka usaha pendaftar yang tidak terpilih" in reason
    assert (
        "3, 6, dan 12 bulan setelah angkatan ini selesai" in reason and "boleh berhenti kapan saja" in reason
    )
    assert 'name="followup_consent"' in page.text


def test_the_two_earlier_months_of_turnover_are_asked_and_kept_but_may_be_left_empty(open_batch) -> None:  # type: ignore[no-untyped-def]
    page = Client().get(reverse("selection:apply_form", args=[open_batch.pk]))
    assert 'name="omzet_month_before"' in page.text and 'name="omzet_two_months_before"' in page.text
    negative = Client().post(
        reverse("selection:apply_form", args=[open_batch.pk]), form_data(omzet_month_before="-5")
    )
    assert negative.status_code == 200 and "omzet_month_before" in negative.context["form"].errors
    apply(
        Client(), open_batch, form_data(omzet_month_before="9.500.000", omzet_two_months_before="9.000.000")
    )
    kept = Application.objects.get()
    assert (kept.omzet_month_before, kept.omzet_two_months_before) == (9_500_000, 9_000_000)


def test_the_form_asks_for_each_channel_unticked_and_keeps_her_answer_with_the_text_version(
    open_batch,  # type: ignore[no-untyped-def]
) -> None:
    from naikkelas.notify.models import ChannelConsent

    page = Client().get(reverse("selection:apply_form", args=[open_batch.pk])).content.decode()
    assert "Saya bersedia menerima pesan" in page and 'name="channels_asked"' in page
    assert 'id="id_consent_whatsapp">' in page and 'id="id_consent_email">' in page  # not ticked
    no_email = Client().post(
        reverse("selection:apply_form", args=[open_batch.pk]),
        form_data(consent_email="on", channels_asked="True"),
    )
    assert "Isi alamat email di atas untuk menerima pesan lewat email." in no_email.content.decode()
    apply(
        Client(), open_batch, form_data(email="sri@contoh.id", consent_whatsapp="on", channels_asked="True")
    )
    rows = {
        (r.channel, r.address, r.opted_in, r.source, r.text_version) for r in ChannelConsent.objects.all()
    }
    assert rows == {
        ("whatsapp", "+6281234567890", True, "form", "2026-12"),
        ("sms", "+6281234567890", False, "form", "2026-12"),
        ("email", "sri@contoh.id", False, "form", "2026-12"),
    }
    assert ChannelConsent.objects.filter(recorded_by__isnull=False).count() == 0


def test_staff_typing_a_paper_form_record_its_ticks_under_their_name(open_batch, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    from naikkelas.notify.models import ChannelConsent

    admin = Client()
    admin.force_login(personas.semarang_admin)
    url = reverse("selection:application_enter", args=[open_batch.pk])
    assert "centang hanya saluran yang dicentang pendaftar" in admin.get(url).content.decode()
    assert admin.post(url, form_data(consent_sms="on", channels_asked="True")).status_code == 302
    sms = ChannelConsent.objects.get(channel="sms")
    assert (sms.opted_in, sms.source, sms.recorded_by) == (True, "paper", personas.semarang_admin)
    assert ChannelConsent.objects.get(channel="whatsapp").opted_in is False
