"""Sign-in defences through the API: lockout and two-step verification for token sign-in."""

import time

from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from naikkelas.accounts.models import LoginFailure, TwoFactorDevice
from naikkelas.accounts.services import security
from naikkelas.accounts.tests.conftest import enrol_two_factor, login
from naikkelas.testing.factories import Personas


def test_api_token_refused_while_locked(personas: Personas) -> None:
    client = Client()
    body = {"username": personas.viewer.username, "password": "salah"}
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT):
        assert client.post("/api/v1/auth/token", body, content_type="application/json").status_code == 401
    body["password"] = "naikkelas"
    response = client.post("/api/v1/auth/token", body, content_type="application/json")
    assert response.status_code == 429
    assert "Terlalu banyak" in response.json()["detail"]


@override_settings(TWO_FACTOR_REQUIRED=True)
def test_admin_must_enrol_then_verify_before_any_page(personas: Personas) -> None:
    client = Client()
    assert login(client, personas.semarang_admin.username, "naikkelas").status_code == 302
    response = client.get(reverse("registry:enterprise_list"))
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:two_factor_setup")
    )
    assert client.get("/api/v1/enterprises").status_code == 401  # the session API is closed too
    secret = enrol_two_factor(client)
    assert client.get(reverse("registry:enterprise_list")).status_code == 200
    assert TwoFactorDevice.objects.get(user=personas.semarang_admin).confirmed_at is not None
    again_setup = client.get(reverse("accounts:two_factor_setup"))  # the enrolled secret is not shown again
    assert (
        again_setup.status_code == 302 and secret not in client.get(again_setup["Location"]).content.decode()
    )
    stored = TwoFactorDevice.objects.get(user=personas.semarang_admin).secret_encrypted
    assert secret not in stored

    # Next sign-in: the code is asked again, a wrong one refused.
    again = Client()
    login(again, personas.semarang_admin.username, "naikkelas")
    response = again.get(reverse("registry:enterprise_list"))
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))
    wrong = again.post(reverse("accounts:two_factor_verify"), {"code": "000000"})
    assert "Kode salah" in wrong.content.decode()
    later = time.time() + 30  # the enrolment used the current step; a code is accepted once only
    good = again.post(reverse("accounts:two_factor_verify"), {"code": security.totp_code(secret, at=later)})
    assert good.status_code == 302
    assert again.get(reverse("registry:enterprise_list")).status_code == 200


@override_settings(TWO_FACTOR_REQUIRED=True)
def test_signing_in_again_does_not_reset_the_count_of_wrong_codes(personas: Personas) -> None:
    """Someone who has the password but not the phone cannot sign in afresh after every four guesses."""
    user = personas.semarang_admin
    device = security.device_start(user=user)
    secret = security.device_secret(device)
    assert security.code_verify(device, security.totp_code(secret, at=time.time() - 30))
    verify = reverse("accounts:two_factor_verify")
    guesser = Client()
    login(guesser, user.username, "naikkelas")
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT - 1):
        guesser.post(verify, {"code": "000000"})
    again = Client()
    assert login(again, user.username, "naikkelas").status_code == 302  # the password is right
    assert "Kode salah" in again.post(verify, {"code": "000000"}).content.decode()
    refused = again.post(verify, {"code": security.totp_code(secret)})
    assert "Terlalu banyak kode salah" in refused.content.decode()
    # Nor through the API, where the code rides along with the password.
    body = {"username": user.username, "password": "naikkelas", "otp": security.totp_code(secret)}
    assert Client().post("/api/v1/auth/token", body, content_type="application/json").status_code == 429


@override_settings(TWO_FACTOR_REQUIRED=True)
def test_wrong_codes_through_the_api_survive_a_right_password(personas: Personas) -> None:
    user = personas.province_admin
    device = security.device_start(user=user)
    secret = security.device_secret(device)
    assert security.code_verify(device, security.totp_code(secret, at=time.time() - 30))
    wrong = {"username": user.username, "password": "naikkelas", "otp": "000000"}
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT - 1):
        assert Client().post("/api/v1/auth/token", wrong, content_type="application/json").status_code == 401
    assert login(Client(), user.username, "naikkelas").status_code == 302
    codes = LoginFailure.objects.filter(username=user.username, step=LoginFailure.Step.CODE)
    assert codes.count() == settings.LOGIN_FAILURES_PER_ACCOUNT - 1


@override_settings(TWO_FACTOR_REQUIRED=True)
def test_api_token_for_an_admin_needs_the_code(personas: Personas) -> None:
    client = Client()
    body = {"username": personas.province_admin.username, "password": "naikkelas"}
    response = client.post("/api/v1/auth/token", body, content_type="application/json")
    assert response.status_code == 401 and "verifikasi dua langkah" in response.json()["detail"]
    device = security.device_start(user=personas.province_admin)
    secret = security.device_secret(device)
    assert security.code_verify(device, security.totp_code(secret, at=time.time() - 30))
    response = client.post("/api/v1/auth/token", {**body, "otp": "123456"}, content_type="application/json")
    assert response.status_code == 401
    response = client.post(
        "/api/v1/auth/token", {**body, "otp": security.totp_code(secret)}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["token"]


def test_a_nul_character_in_the_credentials_is_a_wrong_sign_in_not_a_database_error(
    personas: Personas,
) -> None:
    """What the fuzzing found on PostgreSQL: a username with NUL reached the database, which cannot hold
    it in a query, and was answered "Angka terlalu besar." (422). No account has such a name."""
    client = Client()
    for body in (
        {"username": "sri\u0000", "password": "naikkelas"},
        {"username": personas.viewer.username, "password": "naik\u0000kelas"},
    ):
        response = client.post("/api/v1/auth/token", body, content_type="application/json")
        assert response.status_code == 401
        assert response.json()["detail"] == "Nama pengguna atau kata sandi salah."
    assert not LoginFailure.objects.filter(username__contains="sri").exists()
