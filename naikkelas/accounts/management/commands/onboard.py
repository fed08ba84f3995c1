"""Bring a province (or one regency/city office) in, with its first admin and a one-time sign-in link.

    naikkelas onboard --province 35 --admin jatim --email admin@balatkop-jatim.example
    naikkelas onboard --regency 35.78 --admin surabaya --email dinkop@surabaya.example
    naikkelas onboard --installation-admin pengelola --email it@example.org

Safe to run again: what exists is kept; the link is printed only for an admin who has no password yet."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from naikkelas.accounts.services.organisations import (
    Onboarded,
    installation_admin_create,
    province_onboard,
    regency_onboard,
)


class Command(BaseCommand):
    help = (
        "Onboard a province (--province 35) or a regency/city office (--regency 35.78), with a first admin."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--province", help="province code, e.g. 35 (Jawa Timur)")
        where.add_argument("--regency", help="regency/city code, e.g. 35.78 (Kota Surabaya)")
        where.add_argument("--installation-admin", metavar="USERNAME", help="an installation administrator")
        parser.add_argument("--admin", default="", help="username of the first admin (made if missing)")
        parser.add_argument("--email", default="", help="the admin's email (the link is also sent there)")
        parser.add_argument("--phone", default="", help="the admin's WhatsApp number")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["installation_admin"]:
                result = installation_admin_create(
                    actor=None, username=options["installation_admin"], email=options["email"]
                )
            elif options["province"]:
                result = province_onboard(
                    actor=None, province_code=options["province"], admin_username=options["admin"],
                    admin_email=options["email"], admin_phone=options["phone"],
                )  # fmt: skip
            else:
                result = regency_onboard(
                    actor=None, regency_code=options["regency"], admin_username=options["admin"],
                    admin_email=options["email"], admin_phone=options["phone"],
                )  # fmt: skip
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self._report(result)

    def _report(self, result: Onboarded) -> None:
        organisation = result.organisation
        self.stdout.write(f"{organisation.name}: {len(result.created)} organisation(s) created")
        for created in result.created:
            self.stdout.write(f"  + {created.name}")
        if result.admin is not None:
            state = (
                "created" if result.admin_created
                else "existing account, admin role given now" if result.admin_granted
                else "already admin here"
            )  # fmt: skip
            self.stdout.write(f"admin {result.admin.username}: {state}")
        if result.link:
            self.stdout.write("one-time sign-in link (sets the password; works once, for 3 days):")
            self.stdout.write(f"  {result.link}")
        elif result.admin is not None:
            self.stdout.write("no link: this admin has already set a password")
