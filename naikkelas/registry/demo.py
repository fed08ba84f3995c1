"""The demo: Central Java's 2021 tiered training program, as a newcomer first sees it.

Balatkop UKM Jawa Tengah, an office in each of the 35 regencies/cities, the ministry, one login per
role (password `naikkelas`) and the 2,264 enterprises that applied in 2021 with their baseline figures.
"""

from datetime import date
from typing import TypedDict

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from naikkelas.accounts.models import Membership, Organisation, User
from naikkelas.accounts.services.organisations import membership_grant, organisation_create
from naikkelas.regions.models import Region
from naikkelas.registry.models import MetricReport, Sector
from naikkelas.registry.services import enterprises, metric_reports, persons
from naikkelas.testing import synthetic

DEMO_PASSWORD = "naikkelas"
PROVINCE_CODE = "33"
APPLICANTS_2021 = 2264
BASELINE_PERIOD = date(2021, 2, 1)
PROVINCE_CENTRE = "Balatkop UKM Jawa Tengah"
MINISTRY = "Kementerian Koperasi dan UKM"

# (username, full name, organisation region code or None for the ministry, role)
DEMO_USERS = [
    ("provinsi", "Admin Balatkop Jawa Tengah", PROVINCE_CODE, Membership.Role.ADMIN),
    ("semarang", "Admin Dinkop UKM Kota Semarang", "33.74", Membership.Role.ADMIN),
    ("kudus", "Admin Dinkop UKM Kabupaten Kudus", "33.19", Membership.Role.ADMIN),
    ("mentor", "Pendamping Kota Semarang", "33.74", Membership.Role.MENTOR),
    ("kementerian", "Pemantau Kementerian", None, Membership.Role.VIEWER),
]


class DemoParticipant(TypedDict):
    """The demo's one participant, signed in as `username`."""

    username: str
    nik: str
    name: str
    sex: str
    birth_date: date
    phone: str
    district: str
    enterprise: str


PARTICIPANT: DemoParticipant = {
    "username": "peserta",
    "nik": "3374015203800001",
    "name": "Sri Wahyuni",
    "sex": "F",
    "birth_date": date(1980, 3, 12),
    "phone": "081234567890",
    "district": "33.74.02",
    "enterprise": "Bandeng Presto Bu Sri",
}


def office_name(regency: Region) -> str:
    return f"Dinas Koperasi dan UKM {regency.name}"


def demo_loaded() -> bool:
    return Organisation.objects.filter(name=PROVINCE_CENTRE).exists()


def demo_load(*, seed: int = 2021) -> dict[str, int]:
    """Load the demo once; refuses when DEBUG is off, does nothing when already loaded."""
    if not settings.DEBUG:
        raise ImproperlyConfigured("The demo data loads only with DEBUG=true.")
    if demo_loaded():
        return {"enterprises": 0}
    if not Region.objects.filter(code=PROVINCE_CODE).exists():
        raise ImproperlyConfigured("Load the regions first: naikkelas load_regions")
    with transaction.atomic():
        province = Region.objects.get(code=PROVINCE_CODE)
        offices = {
            PROVINCE_CODE: organisation_create(
                name=PROVINCE_CENTRE, kind=Organisation.Kind.PROVINCE_CENTRE, region=province
            )
        }
        regencies = Region.objects.filter(kind=Region.Kind.REGENCY, province_code=PROVINCE_CODE)
        for regency in regencies.order_by("code"):
            offices[regency.code] = organisation_create(
                name=office_name(regency), kind=Organisation.Kind.REGENCY_OFFICE, region=regency
            )
        ministry = organisation_create(name=MINISTRY, kind=Organisation.Kind.MINISTRY, region=None)
        for username, full_name, region_code, role in DEMO_USERS:
            user = _demo_user(username, full_name)
            organisation = ministry if region_code is None else offices[region_code]
            membership_grant(user=user, organisation=organisation, role=role)
        _demo_participant()
        rows = synthetic.synthetic_rows(
            count=APPLICANTS_2021 - 1,
            districts=synthetic.districts_of({"province_code": PROVINCE_CODE}),
            weights=None,
            seed=seed,
            baseline_period=BASELINE_PERIOD,
            taken_niks={PARTICIPANT["nik"]},  # type: ignore[arg-type]
        )
        written = synthetic.synthetic_insert(rows)
    return {"enterprises": written + 1}


def _demo_user(username: str, full_name: str) -> User:
    first, _, last = full_name.partition(" ")
    user = User(username=username, first_name=first, last_name=last)
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def _demo_participant() -> None:
    user = _demo_user(PARTICIPANT["username"], PARTICIPANT["name"])
    district = Region.objects.get(code=PARTICIPANT["district"])
    person = persons.person_create(
        actor=None,
        nik=PARTICIPANT["nik"],
        name=PARTICIPANT["name"],
        sex=PARTICIPANT["sex"],
        birth_date=PARTICIPANT["birth_date"],
        phone=PARTICIPANT["phone"],
        address_district=district,
        user=user,
    )
    enterprise = enterprises.enterprise_create(
        actor=None,
        owner=person,
        name=PARTICIPANT["enterprise"],
        nib="9120012345678",
        kbli_code="10213",
        kbli_version="2020",
        sector=Sector.FISHERY,
        district=district,
        started_on=date(2015, 6, 1),
    )
    for period, omzet, aset, workers in [
        (date(2020, 11, 1), 11_500_000, 38_000_000, 3),
        (date(2020, 12, 1), 12_800_000, 39_000_000, 3),
        (date(2021, 1, 1), 10_900_000, 39_500_000, 3),
        (BASELINE_PERIOD, 12_000_000, 40_000_000, 3),
    ]:
        metric_reports.metric_report_create(
            actor=None,
            enterprise=enterprise,
            period=period,
            omzet=omzet,
            aset=aset,
            workers=workers,
            source=MetricReport.Source.APPLICATION
            if period == BASELINE_PERIOD
            else MetricReport.Source.IMPORT,
        )
