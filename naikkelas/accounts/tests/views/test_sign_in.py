"""Sign-in pages: lockout, two-step verification, session age, password reset."""

import re
import time

from django.conf import settings
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from naikkelas.accounts.models import LoginFailure
from naikkelas.accounts.services import security
from naikkelas.accounts.signals import SESSION_LOGIN_AT
from naikkelas.accounts.tests.services.test_security import LOGIN, _fresh_cache, login  # noqa: F401 - shared helpers and fixtures
from naikkelas.core.http import client_address
from naikkelas.testing.factories import Personas


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


def test_behind_a_proxy_the_forwarded_address_counts() -> None:
    from django.test import RequestFactory

    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 5.6.7.8")
    assert client_address(request) == "127.0.0.1"
    with override_settings(PROXY_COUNT=1):
        assert client_address(request) == "5.6.7.8"  # the hop our own proxy saw


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
def test_non_admins_are_not_asked(personas: Personas) -> None:
    for user in (personas.mentor, personas.viewer, personas.participant):
        client = Client()
        login(client, user.username, "naikkelas", f"10.1.1.{user.pk % 200}")
        assert client.get(reverse("training:mine")).status_code == 200, user


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

    from naikkelas.accounts.services.security import password_reset_mail_task

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
