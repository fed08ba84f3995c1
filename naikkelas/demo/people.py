"""The demo's second province: Jawa Timur onboarded beside Central Java, with every regency/city office and
one admin (`jatim`), no program yet — so two provinces' isolation can be tried by hand; and an
installation administrator (`pengelola`) for the page that brings provinces in."""

from naikkelas.accounts.models import User
from naikkelas.accounts.services.organisations import installation_admin_create, province_onboard

JATIM = ("jatim", "Admin", "Balatkop Jawa Timur")
INSTALLATION_ADMIN = ("pengelola", "Pengelola", "Instalasi")


def _with_demo_password(user: User | None, first_name: str, last_name: str, password: str) -> None:
    if user is None or user.has_usable_password():
        return
    user.first_name, user.last_name = first_name, last_name
    user.set_password(password)
    user.save(update_fields=["first_name", "last_name", "password"])


def people_demo_load(*, password: str) -> dict[str, int]:
    """Onboard Jawa Timur (35) with `jatim`, and the installation admin; safe to run again."""
    jatim = province_onboard(actor=None, province_code="35", admin_username=JATIM[0])
    _with_demo_password(jatim.admin, JATIM[1], JATIM[2], password)
    steward = installation_admin_create(actor=None, username=INSTALLATION_ADMIN[0])
    _with_demo_password(steward.admin, INSTALLATION_ADMIN[1], INSTALLATION_ADMIN[2], password)
    return {"organisations": len(jatim.created)}
