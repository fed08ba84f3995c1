"""The hand-send queue: an admin marks many WhatsApp messages sent at once, on the page and in the API."""

import pytest
from django.test import Client
from django.urls import reverse

from naikkelas.notify.gateways import FakeGateway
from naikkelas.notify.models import Message
from naikkelas.notify.services import outbox
from naikkelas.notify.services.consent import choice_of
from naikkelas.notify.tests.conftest import queue, waiting
from naikkelas.testing.factories import Personas

pytestmark = pytest.mark.django_db


def test_an_admin_marks_the_ticked_or_the_whole_page_at_once(personas: Personas) -> None:
    mine = waiting(4)
    kudus = waiting(1, regency="33.19")
    client = Client()
    client.force_login(personas.semarang_admin)
    page = client.get(reverse("notify:hand_queue")).content.decode()
    assert page.count('name="ids"') == 4 and "Tandai 4 pesan di halaman ini terkirim" in page
    url = reverse("notify:mark_sent_many")
    ticked = client.post(
        url, {"action": "checked", "ids": [mine[0].pk, mine[1].pk, kudus[0].pk]}, follow=True
    )
    assert "2 pesan ditandai terkirim." in ticked.content.decode()
    kudus[0].refresh_from_db()
    assert kudus[0].status == Message.Status.MANUAL  # another regency's message is not hers to mark
    client.post(url, {"action": "page", "page_ids": [m.pk for m in mine]})
    assert not Message.objects.filter(regency_code="33.74", status=Message.Status.MANUAL).exists()
    nothing = client.post(url, {"action": "checked"}, follow=True)
    assert "Pilih pesan yang menunggu dikirim petugas." in nothing.content.decode()


@pytest.mark.django_db(transaction=True)
def test_opted_out_recipients_are_skipped() -> None:
    token = outbox.opt_out_token("+6281234567890", "whatsapp")
    client = Client()
    page = client.get(f"/pesan/berhenti/{token}/")
    assert page.status_code == 200 and "+62 812" not in page.text  # the number is not shown in full
    assert client.post(f"/pesan/berhenti/{token}/").status_code == 200
    assert choice_of("+6281234567890", "whatsapp") is False
    message = queue()
    message.refresh_from_db()
    assert message.status == Message.Status.SKIPPED and FakeGateway.delivered == []
    assert Client().get("/pesan/berhenti/forged-token/").status_code == 404
