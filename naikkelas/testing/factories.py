"""factory_boy factories and the persona base for tests (no JSON fixtures)."""

import random
from dataclasses import dataclass
from datetime import date

import factory

from naikkelas.accounts.models import Membership, Organisation, User
from naikkelas.regions.models import Region
from naikkelas.registry.models import Enterprise, MetricReport, Person, Sector
from naikkelas.testing.synthetic import make_nik

SEMARANG = "33.74"
KUDUS = "33.19"
JATENG = "33"
_TAKEN: set[str] = set()


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "naikkelas")

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):  # type: ignore[no-untyped-def]
        if create:
            instance.save()


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Dinas {n}")
    kind = Organisation.Kind.REGENCY_OFFICE
    region = factory.LazyFunction(lambda: Region.objects.get(code=SEMARANG))


def nik_for(district: str, sex: str, birth: date) -> str:
    return make_nik(random.Random(len(_TAKEN)), district, sex, birth, _TAKEN)


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Pemilik {n}")
    sex = "F"
    birth_date = date(1985, 7, 14)
    address_district = factory.LazyFunction(lambda: Region.objects.get(code=f"{SEMARANG}.01"))
    nik = factory.LazyAttribute(lambda o: nik_for(o.address_district.code, o.sex, o.birth_date))
    province_code = factory.LazyAttribute(lambda o: o.address_district.province_code)
    regency_code = factory.LazyAttribute(lambda o: o.address_district.regency_code)


class EnterpriseFactory(factory.django.DjangoModelFactory[Enterprise]):
    class Meta:
        model = Enterprise

    owner = factory.SubFactory(PersonFactory)
    name = factory.Sequence(lambda n: f"Usaha {n}")
    sector = Sector.FOOD
    district = factory.LazyAttribute(lambda o: o.owner.address_district)
    province_code = factory.LazyAttribute(lambda o: o.district.province_code)
    regency_code = factory.LazyAttribute(lambda o: o.district.regency_code)
    started_on = date(2018, 1, 1)


class MetricReportFactory(factory.django.DjangoModelFactory[MetricReport]):
    class Meta:
        model = MetricReport

    enterprise = factory.SubFactory(EnterpriseFactory)
    period = date(2021, 2, 1)
    omzet = 8_000_000
    aset = 30_000_000
    workers = 3
    source = MetricReport.Source.APPLICATION


def staff(username: str, region_code: str | None, role: str, kind: str | None = None) -> User:
    """A user with one membership in an organisation of the region (None: the ministry)."""
    user = UserFactory.create(username=username)
    if region_code is None:
        organisation = OrganisationFactory.create(
            name=f"Kementerian {username}", kind=Organisation.Kind.MINISTRY, region=None
        )
    else:
        region = Region.objects.get(code=region_code)
        default_kind = (
            Organisation.Kind.PROVINCE_CENTRE
            if region.kind == Region.Kind.PROVINCE
            else Organisation.Kind.REGENCY_OFFICE
        )
        organisation = OrganisationFactory.create(
            name=f"Organisasi {username}", kind=kind or default_kind, region=region
        )
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


@dataclass
class Personas:
    """Province admin, regency admins of Semarang and Kudus, a mentor, a participant, a viewer."""

    province_admin: User
    semarang_admin: User
    kudus_admin: User
    mentor: User
    participant: User
    other_participant: User
    viewer: User
    outsider: User
    semarang_enterprise: Enterprise
    kudus_enterprise: Enterprise
    participant_person: Person
    other_person: Person


def make_personas() -> Personas:
    participant = UserFactory.create(username="peserta")
    other = UserFactory.create(username="peserta2")
    participant_person = PersonFactory.create(user=participant, name="Sri Wahyuni")
    other_person = PersonFactory.create(user=other, name="Budi Santoso", sex="M")
    kudus_owner = PersonFactory.create(address_district=Region.objects.get(code=f"{KUDUS}.02"))
    return Personas(
        province_admin=staff("provinsi", JATENG, Membership.Role.ADMIN),
        semarang_admin=staff("semarang", SEMARANG, Membership.Role.ADMIN),
        kudus_admin=staff("kudus", KUDUS, Membership.Role.ADMIN),
        mentor=staff("mentor", SEMARANG, Membership.Role.MENTOR),
        participant=participant,
        other_participant=other,
        viewer=staff("kementerian", None, Membership.Role.VIEWER),
        outsider=UserFactory.create(username="orang_luar"),
        semarang_enterprise=EnterpriseFactory.create(owner=participant_person, name="Bandeng Presto Bu Sri"),
        kudus_enterprise=EnterpriseFactory.create(owner=kudus_owner, name="Jenang Kudus Makmur"),
        participant_person=participant_person,
        other_person=other_person,
    )
