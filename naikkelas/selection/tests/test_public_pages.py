"""Public pages that fit the hand: send my status link again, share a link, type a certificate code."""

from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from naikkelas.notify.models import Message
from naikkelas.selection import services
from naikkelas.selection.tests.test_views import form_data, open_batch  # noqa: F401 - the shared fixture
from naikkelas.testing.selection import apply

pytestmark = pytest.mark.django_db


def test_the_status_link_goes_again_only_to_the_contact_on_record_once_a_day(open_batch) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    token = apply(Client(), open_batch, form_data()).context["token"]
    client = Client()
    known = client.post(reverse("selection:status_resend"), {"nik": "3374 0152 0380 0001"})
    resent = Message.objects.get(template="status_link")
    assert resent.recipient == "+6281234567890"  # the phone given when applying, on record
    resent_token = resent.context["status_url"].rsplit("/status/", 1)[1].rstrip("/")
    assert services.application_by_token(resent_token) == services.application_by_token(token)
    client.post(reverse("selection:status_resend"), {"nik": "3374015203800001"})  # again, the same day
    assert Message.objects.filter(template="status_link").count() == 1
    unknown = client.post(reverse("selection:status_resend"), {"nik": "3374 0152 0380 0002"})
    assert Message.objects.filter(template="status_link").count() == 1
    # The same answer for a NIK that applied and one that did not: the page tells nothing.
    assert known.status_code == unknown.status_code == 302 and known["Location"] == unknown["Location"]
    page = client.get(known["Location"])
    assert "Bila NIK ini pernah mendaftar" in page.text


def test_a_nik_nobody_can_hold_is_refused_with_the_reason(open_batch) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    bad = Client().post(reverse("selection:status_resend"), {"nik": "12345"})
    assert bad.status_code == 200 and "NIK harus terdiri dari 16 angka." in bad.text
    assert "Ada 1 hal yang perlu diperbaiki" in bad.text  # the summary counts what the form found
    assert not Message.objects.filter(template="status_link").exists()


def test_the_status_page_offers_copy_and_whatsapp_for_its_own_link(open_batch) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    client = Client()
    token = apply(client, open_batch, form_data()).context["token"]
    page = client.get(reverse("selection:status", args=[token])).text
    url = services.status_url(token)
    assert f'data-copy="{url}"' in page and "https://wa.me/?text=" in page and quote(url, safe="/") in page


def test_a_certificate_code_can_be_typed_in(client: Client) -> None:
    answer = client.get("/verifikasi/", {"kode": " ab-c2 3def "})
    assert answer.status_code == 302 and answer["Location"] == "/verifikasi/ABC23DEF/"
    empty = client.get("/verifikasi/", {"kode": ""})
    assert empty.status_code == 200 and "Tulis kodenya dulu." in empty.text
    assert client.get("/verifikasi/").status_code == 200


def test_the_form_asks_every_applicant_for_follow_up_consent_and_says_why(open_batch) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    open_batch.level.program.followup_months = [3, 6, 12]
    open_batch.level.program.save()
    page = Client().get(reverse("selection:apply_form", args=[open_batch.pk]))
    reason = page.text.split('id="followup-reason">')[1].split("</p>")[0]
    assert "membandingkan angka usaha peserta dengan angka usaha pendaftar yang tidak terpilih" in reason
    assert (
        "3, 6, dan 12 bulan setelah angkatan ini selesai" in reason and "boleh berhenti kapan saja" in reason
    )
    assert 'name="followup_consent"' in page.text


def test_the_two_earlier_months_of_turnover_are_asked_and_kept_but_may_be_left_empty(open_batch) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from naikkelas.selection.models import Application
    from naikkelas.selection.tests.test_views import form_data

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
