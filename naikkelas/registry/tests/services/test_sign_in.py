"""Owners sign in with a code to the WhatsApp number on record (issue 18.5), limited like passwords."""

import pytest
from django.test import Client

from naikkelas.accounts.models import User
from naikkelas.notify.models import Message
from naikkelas.registry.services import sign_in
from naikkelas.testing.factories import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(personas: Personas) -> User:
    person = personas.participant_person
    person.phone = "+6281234567890"
    person.save(update_fields=["phone"])
    personas.participant.set_unusable_password()  # like most owners, she never set one
    personas.participant.save(update_fields=["password"])
    return personas.participant


def last_code() -> str:
    return str(Message.objects.filter(template="sign_in_code").latest("id").context["code"])


def test_the_code_goes_to_the_number_on_record_and_signs_her_in(owner: User) -> None:
    client = Client()
    asked = client.post("/akun/masuk/kode/", {"identifier": "0812-3456-7890"})
    assert asked.status_code == 302
    message = Message.objects.get(template="sign_in_code")
    assert message.recipient == "+6281234567890" and message.channel == "whatsapp"
    wrong = client.post(asked["Location"], {"code": "000000" if last_code() != "000000" else "111111"})
    assert "Kode salah" in wrong.text and "_auth_user_id" not in client.session
    done = client.post(asked["Location"], {"code": last_code()})
    assert done.status_code == 302 and done["Location"] == "/akun/masuk/kode/kata-sandi/"
    assert client.session["_auth_user_id"] == str(owner.pk)
    again = client.post(asked["Location"], {"code": last_code()})  # a code works once
    assert "tidak berlaku lagi" in again.text


def test_after_a_code_she_may_set_a_password_and_then_sign_in_with_it(owner: User) -> None:
    client = Client()
    asked = client.post("/akun/masuk/kode/", {"identifier": owner.username.upper()})  # any case
    client.post(asked["Location"], {"code": last_code()})
    saved = client.post("/akun/masuk/kode/kata-sandi/", {"new_password1": "Bandeng-Presto-2021",
                                                          "new_password2": "Bandeng-Presto-2021"})  # fmt: skip
    assert saved.status_code == 302
    owner.refresh_from_db()
    assert owner.check_password("Bandeng-Presto-2021")
    assert Client().get("/akun/masuk/kode/kata-sandi/").status_code == 302  # not without a code sign-in


def test_the_page_answers_the_same_for_nobody_staff_and_an_owner(owner: User, personas: Personas) -> None:
    answers = [Client().post("/akun/masuk/kode/", {"identifier": who})
               for who in ("0812-3456-7890", "0899-0000-1111", personas.semarang_admin.username)]  # fmt: skip
    assert {a.status_code for a in answers} == {302}
    assert Message.objects.filter(template="sign_in_code").count() == 1  # only the owner got one
    assert sign_in.owner_account(personas.semarang_admin.username) is None  # staff keep password + TOTP


def test_at_most_three_codes_an_hour_and_guesses_are_locked_out_like_passwords(owner: User, settings) -> None:  # type: ignore[no-untyped-def]
    for _ in range(5):
        assert Client().post("/akun/masuk/kode/", {"identifier": "0812 3456 7890"}).status_code == 302
    assert Message.objects.filter(template="sign_in_code").count() == sign_in.CODES_PER_HOUR
    settings.LOGIN_FAILURES_PER_ACCOUNT = 3
    client = Client()
    asked = client.post("/akun/masuk/kode/", {"identifier": owner.username})
    good = last_code()
    bad = "000000" if good != "000000" else "111111"
    for _ in range(3):
        client.post(asked["Location"], {"code": bad})
    locked = client.post(asked["Location"], {"code": good})
    assert "Terlalu banyak percobaan" in locked.text and "_auth_user_id" not in client.session


def test_an_expired_or_forged_code_page_asks_for_a_new_code(owner: User) -> None:
    answer = Client().get("/akun/masuk/kode/bukan-token-yang-sah/")
    assert answer.status_code == 302 and answer["Location"] == "/akun/masuk/kode/"
