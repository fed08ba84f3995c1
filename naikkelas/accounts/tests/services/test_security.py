"""Sign-in defences: lockout per account and per address, two-step verification for admins, session age,
password reset by email, password rules, security headers."""

import re
import subprocess
import sys
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from naikkelas.accounts.models import LoginFailure, TwoFactorDevice
from naikkelas.accounts.services import security
from naikkelas.testing.factories import Personas

LOGIN = "/akun/masuk/"


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """The per-address limit of reset requests lives in the cache; each test starts without it."""
    from django.core.cache import cache

    cache.clear()


def login(client: Client, username: str, password: str, address: str = "10.0.0.1"):  # type: ignore[no-untyped-def]
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


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
def test_a_code_cannot_be_used_twice(personas: Personas) -> None:
    device = security.device_start(personas.kudus_admin)
    code = security.totp_code(security.device_secret(device))
    assert security.code_verify(device, code)
    assert not security.code_verify(device, code)


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
