"""Sign-in defences: lockout per account and per address, two-step verification for admins, session age,
password reset by email, password rules, security headers."""

import re
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from naikkelas.accounts import security
from naikkelas.accounts.models import LoginFailure, TwoFactorDevice
from naikkelas.accounts.signals import SESSION_LOGIN_AT
from naikkelas.core.http import client_address
from naikkelas.testing.factories import Personas

LOGIN = "/akun/masuk/"


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """The per-address limit of reset requests lives in the cache; each test starts without it."""
    from django.core.cache import cache

    cache.clear()


def login(client: Client, username: str, password: str, address: str = "10.0.0.1"):  # type: ignore[no-untyped-def]
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_account_locks_after_five_failures_even_with_the_right_password(personas: Personas) -> None:
    client = Client()
    username = personas.semarang_admin.username
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT):
        response = login(client, username, "salah-salah")
        assert response.status_code == 200
    response = login(client, username, "naikkelas")
    assert response.status_code == 200
    assert "Terlalu banyak percobaan masuk yang gagal" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account from another address is not affected.
    assert login(Client(), personas.kudus_admin.username, "naikkelas", "10.0.0.2").status_code == 302


def test_lock_ends_after_the_window(personas: Personas) -> None:
    username = personas.semarang_admin.username
    past = timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES + 1)
    LoginFailure.objects.bulk_create(
        [LoginFailure(username=username, address="10.0.0.1", at=past) for _ in range(10)]
    )
    assert not security.lockout_status(username, "10.0.0.1").locked
    assert login(Client(), username, "naikkelas").status_code == 302
    assert not LoginFailure.objects.filter(username=username).exists()  # success clears the account


def test_address_locks_after_many_accounts_tried(personas: Personas) -> None:
    for n in range(settings.LOGIN_FAILURES_PER_ADDRESS):
        login(Client(), f"tebakan{n}", "salah", "10.9.9.9")
    response = login(Client(), personas.kudus_admin.username, "naikkelas", "10.9.9.9")
    assert "Terlalu banyak percobaan" in response.content.decode()
    assert login(Client(), personas.kudus_admin.username, "naikkelas", "10.9.9.8").status_code == 302


def test_api_token_refused_while_locked(personas: Personas) -> None:
    client = Client()
    body = {"username": personas.viewer.username, "password": "salah"}
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT):
        assert client.post("/api/v1/auth/token", body, content_type="application/json").status_code == 401
    body["password"] = "naikkelas"
    response = client.post("/api/v1/auth/token", body, content_type="application/json")
    assert response.status_code == 429
    assert "Terlalu banyak" in response.json()["detail"]


def test_the_attempt_is_counted_before_the_password_is_checked(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race of V8 comes from checking first and counting afterwards; here the row is already there
    while the hasher runs, and a success removes it again."""
    from django.contrib.auth.backends import ModelBackend

    seen_while_checking: list[int] = []
    original = ModelBackend.authenticate

    def checking(self, request, username=None, **kwargs):  # type: ignore[no-untyped-def]
        seen_while_checking.append(LoginFailure.objects.filter(username=username).count())
        return original(self, request, username=username, **kwargs)

    monkeypatch.setattr(ModelBackend, "authenticate", checking)
    username = personas.semarang_admin.username
    login(Client(), username, "salah-salah")
    assert seen_while_checking == [1]
    assert login(Client(), username, "naikkelas").status_code == 302
    assert seen_while_checking == [1, 2]
    assert not LoginFailure.objects.filter(username=username).exists()


def test_a_refused_attempt_is_not_counted_so_the_lock_runs_out(personas: Personas) -> None:
    username = personas.semarang_admin.username
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT + 3):
        login(Client(), username, "salah-salah")
    assert LoginFailure.objects.filter(username=username).count() == settings.LOGIN_FAILURES_PER_ACCOUNT


def test_wrong_password_message_names_the_username_once(personas: Personas) -> None:
    response = login(Client(), personas.semarang_admin.username, "salah-salah")
    assert response.context["form"].non_field_errors() == [
        "Nama pengguna atau kata sandi salah. Perhatikan huruf besar dan kecil."
    ]
    assert "nama pengguna nama pengguna" not in response.content.decode().lower()


def test_admin_login_message_names_the_username_once(db: None) -> None:
    from naikkelas.testing.factories import UserFactory

    UserFactory.create(username="staf", is_staff=True)
    response = Client().post(
        "/admin/login/", {"username": "staf", "password": "salah-salah"}, REMOTE_ADDR="10.0.0.7"
    )
    assert response.context["form"].non_field_errors() == [
        "Nama pengguna atau kata sandi akun staf salah. Perhatikan huruf besar dan kecil."
    ]


def test_behind_a_proxy_the_forwarded_address_counts() -> None:
    from django.test import RequestFactory

    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 5.6.7.8")
    assert client_address(request) == "127.0.0.1"
    with override_settings(PROXY_COUNT=1):
        assert client_address(request) == "5.6.7.8"  # the hop our own proxy saw


# --- two-step verification ------------------------------------------------------------------------------


def _enrol(client: Client) -> str:
    """Walk the enrolment page and return the secret the page showed."""
    page = client.get(reverse("accounts:two_factor_setup")).content.decode()
    secret = re.search(r"<code>([A-Z2-7 ]+)</code>", page).group(1).replace(" ", "")  # type: ignore[union-attr]
    response = client.post(
        reverse("accounts:two_factor_setup"), {"code": security.totp_code(secret), "next": "/"}
    )
    assert response.status_code == 302
    return secret


@override_settings(TWO_FACTOR_REQUIRED=True)
def test_admin_must_enrol_then_verify_before_any_page(personas: Personas) -> None:
    client = Client()
    assert login(client, personas.semarang_admin.username, "naikkelas").status_code == 302
    response = client.get(reverse("registry:enterprise_list"))
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:two_factor_setup")
    )
    assert client.get("/api/v1/enterprises").status_code == 401  # the session API is closed too
    secret = _enrol(client)
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
def test_wrong_codes_lock_the_step_and_a_right_one_clears_the_count(personas: Personas) -> None:
    """Codes are counted before they are checked, like passwords; a verified code leaves nothing counted,
    so an admin who signs in often is never locked out by their own successes."""
    user = personas.semarang_admin
    device = security.device_start(user)
    secret = security.device_secret(device)
    assert security.code_verify(device, security.totp_code(secret, at=time.time() - 30))  # enrolled
    client = Client()
    login(client, user.username, "naikkelas")
    verify = reverse("accounts:two_factor_verify")
    assert client.post(verify, {"code": security.totp_code(secret)}).status_code == 302
    assert not LoginFailure.objects.filter(username=user.username).exists()
    again = Client()
    login(again, user.username, "naikkelas")
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT):
        assert "Kode salah" in again.post(verify, {"code": "000000"}).content.decode()
    refused = again.post(verify, {"code": security.totp_code(secret, at=time.time() + 30)})
    assert refused.status_code == 200
    assert "Terlalu banyak kode salah" in refused.content.decode()
    assert LoginFailure.objects.filter(username=user.username).count() == settings.LOGIN_FAILURES_PER_ACCOUNT


@override_settings(TWO_FACTOR_REQUIRED=True)
def test_signing_in_again_does_not_reset_the_count_of_wrong_codes(personas: Personas) -> None:
    """Someone who has the password but not the phone cannot sign in afresh after every four guesses."""
    user = personas.semarang_admin
    device = security.device_start(user)
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
    device = security.device_start(user)
    secret = security.device_secret(device)
    assert security.code_verify(device, security.totp_code(secret, at=time.time() - 30))
    wrong = {"username": user.username, "password": "naikkelas", "otp": "000000"}
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT - 1):
        assert Client().post("/api/v1/auth/token", wrong, content_type="application/json").status_code == 401
    assert login(Client(), user.username, "naikkelas").status_code == 302
    codes = LoginFailure.objects.filter(username=user.username, step=LoginFailure.Step.CODE)
    assert codes.count() == settings.LOGIN_FAILURES_PER_ACCOUNT - 1


@override_settings(TWO_FACTOR_REQUIRED=True)
def test_a_code_cannot_be_used_twice(personas: Personas) -> None:
    device = security.device_start(personas.kudus_admin)
    code = security.totp_code(security.device_secret(device))
    assert security.code_verify(device, code)
    assert not security.code_verify(device, code)


@override_settings(TWO_FACTOR_REQUIRED=True)
def test_non_admins_are_not_asked(personas: Personas) -> None:
    for user in (personas.mentor, personas.viewer, personas.participant):
        client = Client()
        login(client, user.username, "naikkelas", f"10.1.1.{user.pk % 200}")
        assert client.get(reverse("training:mine")).status_code == 200, user


@override_settings(TWO_FACTOR_REQUIRED=True)
def test_api_token_for_an_admin_needs_the_code(personas: Personas) -> None:
    client = Client()
    body = {"username": personas.province_admin.username, "password": "naikkelas"}
    response = client.post("/api/v1/auth/token", body, content_type="application/json")
    assert response.status_code == 401 and "verifikasi dua langkah" in response.json()["detail"]
    device = security.device_start(personas.province_admin)
    secret = security.device_secret(device)
    assert security.code_verify(device, security.totp_code(secret, at=time.time() - 30))
    response = client.post("/api/v1/auth/token", {**body, "otp": "123456"}, content_type="application/json")
    assert response.status_code == 401
    response = client.post(
        "/api/v1/auth/token", {**body, "otp": security.totp_code(secret)}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["token"]


# --- sessions, passwords, headers ----------------------------------------------------------------------


def test_session_ends_after_its_maximum_age(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.viewer)
    assert client.get(reverse("training:mine")).status_code == 200
    session = client.session
    session[SESSION_LOGIN_AT] = time.time() - settings.SESSION_MAX_HOURS * 3600 - 1
    session.save()
    response = client.get(reverse("training:mine"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session


def test_password_reset_by_email(personas: Personas) -> None:
    user = personas.viewer
    user.email = "pemantau@example.id"
    user.save()
    client = Client()
    client.post(reverse("accounts:password_reset"), {"email": "pemantau@example.id"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/akun/lupa/\S+/)", str(mail.outbox[0].body)).group(1)  # type: ignore[union-attr]
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    url = form_page.redirect_chain[-1][0]
    weak = client.post(url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert weak.status_code == 200 and weak.context["form"].errors  # password rules apply
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT):
        login(Client(), user.username, "lupa")  # the account is locked meanwhile
    assert security.lockout_status(user.username, "10.0.0.1").locked
    done = client.post(url, {"new_password1": "Kopi-Temanggung-21", "new_password2": "Kopi-Temanggung-21"})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Kopi-Temanggung-21")
    assert not security.lockout_status(user.username, "10.0.0.2").locked  # the new password lifts the lock
    assert client.get(link, follow=True).context["validlink"] is False  # used once only


def test_password_reset_requests_are_limited_per_address(personas: Personas) -> None:
    from django.core.cache import cache

    cache.clear()
    user = personas.viewer
    user.email = "pemantau@example.id"
    user.save()
    client = Client()
    for _ in range(5):
        assert client.post(reverse("accounts:password_reset"), {"email": user.email}).status_code == 302
    refused = client.post(reverse("accounts:password_reset"), {"email": user.email})
    assert refused.status_code == 200 and "Terlalu banyak permintaan" in refused.content.decode()
    assert len(mail.outbox) == 5
    cache.clear()


@override_settings(TASKS={"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}})
def test_reset_request_does_the_same_work_for_known_and_unknown_addresses(personas: Personas) -> None:
    """The attack report timed 105 ms for a known address against 73 ms for an unknown one: the page
    looked the address up and sent the mail itself. Now both run the same statements and queue the same
    task; the lookup and the mail happen in the task."""
    from django.db import connection
    from django.tasks import default_task_backend
    from django.test.utils import CaptureQueriesContext

    from naikkelas.accounts.services import password_reset_mail_task

    user = personas.viewer
    user.email = "pemantau@example.id"
    user.save()

    def ask(email: str) -> tuple[int, str, list[str]]:
        with CaptureQueriesContext(connection) as queries:
            response = Client().post(reverse("accounts:password_reset"), {"email": email})
        return response.status_code, response["Location"], [query["sql"] for query in queries]

    known = ask("pemantau@example.id")
    unknown = ask("tidak-ada@example.id")
    assert known == unknown
    assert known[:2] == (302, reverse("accounts:password_reset_done"))
    assert not any("accounts_user" in sql for sql in known[2])  # the page does not look the address up
    assert mail.outbox == []  # nothing is sent by the page itself
    queued = default_task_backend.results  # type: ignore[attr-defined]
    assert [(result.task.name, result.args) for result in queued] == [(password_reset_mail_task.name, [])] * 2
    assert [result.kwargs for result in queued] == [
        {"email": email, "domain": "testserver", "use_https": False, "language": "id"}
        for email in ("pemantau@example.id", "tidak-ada@example.id")
    ]
    for result in queued:
        result.task.call(*result.args, **result.kwargs)
    assert [message.to for message in mail.outbox] == [["pemantau@example.id"]]
    assert "/akun/lupa/" in str(mail.outbox[0].body)


def test_unknown_email_sends_nothing_and_says_the_same(db: None) -> None:
    response = Client().post(reverse("accounts:password_reset"), {"email": "tidak-ada@example.id"})
    assert response.status_code == 302 and len(mail.outbox) == 0


def test_pages_carry_a_policy_without_inline_scripts(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.semarang_admin)
    response = client.get(reverse("registry:enterprise_list"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "<script>" not in response.content.decode()
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("debug", ["false"])
def test_check_deploy_is_clean_with_production_settings(debug: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "naikkelas.settings",
        "DEBUG": debug,
        "SECRET_KEY": "x" * 60 + "-production-like-secret-with-enough-variety-9f3k2",
        "FIELD_ENCRYPTION_KEYS": "M2ZkYjY0YzE5NmY3NDY0ZGE1ZjQ0ZWI0NmE5YmI0ZGE=",
        "LOOKUP_HASH_KEY": "lookup-key-for-the-check",
        "ALLOWED_HOSTS": "naikkelas.jatengprov.go.id",
        "HSTS_SECONDS": "31536000",
        "HSTS_INCLUDE_SUBDOMAINS": "true",
        "HSTS_PRELOAD": "true",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "NAIKKELAS_VAR_DIR": str(tmp_path),
        "NAIKKELAS_ENV_FILE": "/dev/null",  # the checkout's .env is the demo's
    }
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, capture_output=True, text=True, cwd=settings.PROJECT_DIR,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    # Turning two-step verification off is reported.
    env["TWO_FACTOR_REQUIRED"] = "false"
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, capture_output=True, text=True, cwd=settings.PROJECT_DIR,
    )  # fmt: skip
    assert result.returncode == 1 and "naikkelas.W001" in result.stderr


def test_two_factor_reset_command(personas: Personas) -> None:
    from django.core.management import call_command

    security.device_start(personas.kudus_admin)
    call_command("two_factor_reset", personas.kudus_admin.username)
    assert not TwoFactorDevice.objects.filter(user=personas.kudus_admin).exists()


def test_no_template_needs_inline_script_or_style() -> None:
    """The policy forbids them, so none may creep back into a template."""
    from pathlib import Path

    root = Path(settings.BASE_DIR)
    offenders = []
    for template in root.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)", text) or re.search(
            r"\son[a-z]+=", text
        ):
            offenders.append(f"{template}: inline script")
        if re.search(r"\sstyle=", text):
            offenders.append(f"{template}: style attribute")
    assert offenders == []
