from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from naikkelas.core.models import AuditEvent
from naikkelas.notify.models import Message
from naikkelas.regions.models import Region
from naikkelas.registry.models import Enterprise, Person
from naikkelas.selection.models import Application
from naikkelas.selection.services import applications
from naikkelas.testing.factories import EnterpriseFactory, PersonFactory
from naikkelas.testing.programs import batch, organisation, program_with_levels

pytestmark = pytest.mark.django_db
IN_WINDOW = datetime(2021, 3, 15, 10, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


@pytest.fixture
def level1_batch():  # type: ignore[no-untyped-def]
    province = organisation("Balatkop Jateng", "33")
    semarang = organisation("Dinkop Kota Semarang", "33.74")
    _program, level1, _level2 = program_with_levels(province)
    return batch(level1, semarang)


def form(**changes: object) -> applications.ApplicationInput:
    values: dict[str, object] = {
        "nik": "3374015203800001", "name": "Sri Wahyuni", "phone": "081234567890", "email": "sri@contoh.id",
        "district": Region.objects.get(code="33.74.02"), "enterprise_name": "Bandeng Presto Bu Sri",
        "nib": "", "sector": "fishery", "started_on": date(2015, 6, 1), "period": date(2021, 2, 1),
        "omzet": 12_000_000, "aset": 40_000_000, "workers": 3, "consent": True,
        "answers": ["Pemasaran digital"],
    }  # fmt: skip
    values.update(changes)
    return applications.ApplicationInput(**values)  # type: ignore[arg-type]


def test_a_new_applicant_is_registered_evaluated_and_sent_a_status_link(level1_batch, mailoutbox) -> None:  # type: ignore[no-untyped-def]
    application, token = applications.application_submit(batch=level1_batch, data=form(), now=IN_WINDOW)
    assert application.status == Application.Status.ELIGIBLE
    assert application.person.birth_date == date(1980, 3, 12) and application.person.sex == "F"
    assert application.baseline.source == "application" and application.baseline.omzet == 12_000_000
    assert (
        application.consent_version == f"{applications.CONSENT_VERSION}/m12"
        and application.consented_at == IN_WINDOW
    )
    assert len(application.eligibility) == 7 and all(r["passed"] for r in application.eligibility)
    assert application.eligibility_settings["min_omzet"] == 5_000_000
    assert application.recommended_rank == 1
    assert applications.application_by_token(token) == application
    assert applications.application_by_token(token + "x") is None
    message = Message.objects.get(template="application_received")
    # The test settings send WhatsApp through a gateway, so notify_person picks her WhatsApp number.
    assert (message.channel, message.recipient) == ("whatsapp", "+6281234567890")
    assert token in message.context["status_url"]
    assert AuditEvent.objects.filter(object_type="selection.application").count() == 1


def test_low_turnover_is_ineligible_with_its_reason(level1_batch) -> None:  # type: ignore[no-untyped-def]
    application, _ = applications.application_submit(
        batch=level1_batch, data=form(omzet=4_999_999), now=IN_WINDOW
    )
    assert application.status == Application.Status.INELIGIBLE
    failed = [r for r in application.eligibility if not r["passed"]]
    assert [r["rule"] for r in failed] == ["turnover"]
    assert failed[0]["reason_id"] == "Omzet Rp4.999.999 per bulan, kurang dari minimal Rp5.000.000."


def test_a_second_application_to_the_level_is_refused_naming_the_first(level1_batch) -> None:  # type: ignore[no-untyped-def]
    applications.application_submit(batch=level1_batch, data=form(), now=IN_WINDOW)
    other_batch = batch(level1_batch.level, organisation("Dinkop Kota Semarang", "33.74"), title="Dasar II")
    with pytest.raises(ValidationError, match="Pemilik usaha ini sudah punya pendaftaran aktif") as caught:
        applications.application_submit(batch=other_batch, data=form(), now=IN_WINDOW)
    message = caught.value.messages[0]
    assert "jenjang ini: Bandeng Presto Bu Sri, " in message
    assert level1_batch.title in message
    assert Application.objects.count() == 1


def test_without_consent_nothing_is_written(level1_batch) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match=r"Persetujuan\ pemrosesan\ data\ diperlukan\ untuk") as caught:
        applications.application_submit(batch=level1_batch, data=form(consent=False), now=IN_WINDOW)
    assert "consent" in caught.value.message_dict
    assert not Person.objects.exists() and not Enterprise.objects.exists()


def test_outside_the_window_is_refused(level1_batch) -> None:  # type: ignore[no-untyped-def]
    late = datetime(2021, 4, 1, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    with pytest.raises(ValidationError, match="dibuka"):
        applications.application_submit(batch=level1_batch, data=form(), now=late)


def test_a_bad_nik_writes_nothing(level1_batch) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(
        ValidationError, match=r"Tanggal\ lahir\ pada\ NIK\ \(31\-02\-80\)\ bukan\ tanggal"
    ) as caught:
        applications.application_submit(batch=level1_batch, data=form(nik="3374013102800001"), now=IN_WINDOW)
    assert "nik" in caught.value.message_dict
    assert not Person.objects.exists()


def test_existing_enterprise_is_found_by_nib(level1_batch) -> None:  # type: ignore[no-untyped-def]
    first, _ = applications.application_submit(
        batch=level1_batch, data=form(nib="9120012345678"), now=IN_WINDOW
    )
    first.status = Application.Status.WITHDRAWN
    first.save(update_fields=["status"])
    again, _ = applications.application_submit(
        batch=level1_batch, data=form(nib="9120012345678", enterprise_name="Nama Lain"), now=IN_WINDOW
    )
    assert again.enterprise == first.enterprise
    assert Enterprise.objects.count() == 1


def test_one_person_one_seat_whatever_the_business_is_called(level1_batch) -> None:  # type: ignore[no-untyped-def]
    first, _ = applications.application_submit(batch=level1_batch, data=form(), now=IN_WINDOW)
    before = (Application.objects.count(), Enterprise.objects.count())
    with pytest.raises(
        ValidationError, match="Pemilik usaha ini sudah punya pendaftaran aktif di jenjang ini"
    ):
        applications.application_submit(
            batch=level1_batch, data=form(enterprise_name="Usaha Kedua Bu Sri"), now=IN_WINDOW
        )
    assert (Application.objects.count(), Enterprise.objects.count()) == before
    # The database holds the rule too, for any path that skips the service.
    from django.db import IntegrityError, transaction

    second_business = EnterpriseFactory.create(owner=first.person, name="Usaha Ketiga")
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(
            batch=level1_batch, level=level1_batch.level, enterprise=second_business, person=first.person,
            baseline=first.baseline, consent_purpose="x", consent_version="t", consented_at=IN_WINDOW,
            status_nonce="other-nonce", province_code="33", regency_code="33.74",
        )  # fmt: skip
    # Withdrawing frees the seat.
    Application.objects.filter(pk=first.pk).update(status=Application.Status.WITHDRAWN)
    again, _ = applications.application_submit(
        batch=level1_batch, data=form(enterprise_name="Usaha Kedua Bu Sri"), now=IN_WINDOW
    )
    assert again.person_id == first.person_id and again.enterprise_id != first.enterprise_id


@pytest.mark.django_db(transaction=True)
def test_two_racing_submissions_of_one_person_leave_one_seat() -> None:
    """Two business names, one NIK, at the same moment: the database constraint keeps one."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("a real race needs PostgreSQL's concurrent transactions; CI runs this test there")
    province = organisation("Balatkop Jateng", "33")
    semarang = organisation("Dinkop Kota Semarang", "33.74")
    _program, level1, _level2 = program_with_levels(province)
    race_batch = batch(level1, semarang)
    PersonFactory.create(nik="3374015203800001", name="Sri Wahyuni")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def submit(name: str) -> None:
        try:
            barrier.wait()
            applications.application_submit(batch=race_batch, data=form(enterprise_name=name), now=IN_WINDOW)
            outcomes.append("recorded")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(name,)) for name in ("Usaha Satu", "Usaha Dua")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes)[-1] == "recorded" and outcomes.count("recorded") == 1
    refused = next(o for o in outcomes if o != "recorded")
    assert refused.startswith(
        ("Pemilik usaha ini sudah punya pendaftaran aktif", "Pendaftaran ini bersamaan")
    )
    assert Application.objects.filter(batch=race_batch).count() == 1


def test_a_new_version_of_the_level_is_the_same_seat(level1_batch) -> None:  # type: ignore[no-untyped-def]
    """The seat is the level in its program, whichever version of it: the constraint is keyed on the
    level's id (never its name or tier), and a new version (new rules, new id) is still that level."""
    from naikkelas.programs.services.levels import level_version_create

    first, _ = applications.application_submit(batch=level1_batch, data=form(), now=IN_WINDOW)
    version_2 = level_version_create(actor=None, level=level1_batch.level)
    assert version_2.pk != first.level_id and version_2.rank == first.level.rank
    second_batch = batch(version_2, level1_batch.organiser)
    with pytest.raises(ValidationError, match="sudah punya pendaftaran aktif di jenjang ini: Bandeng Presto"):
        applications.application_submit(
            batch=second_batch, data=form(enterprise_name="Usaha Dua"), now=IN_WINDOW
        )
    assert Application.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_racing_submissions_to_two_versions_of_a_level_leave_one_seat() -> None:
    """The database's constraint is on the level's id; across versions the person's row lock holds."""
    import threading

    from django.db import connection, connections

    from naikkelas.programs.services.levels import level_version_create

    if connection.vendor != "postgresql":
        pytest.skip("a real race needs PostgreSQL's concurrent transactions; CI runs this test there")
    province = organisation("Balatkop Jateng", "33")
    semarang = organisation("Dinkop Kota Semarang", "33.74")
    _program, level1, _level2 = program_with_levels(province)
    first_batch = batch(level1, semarang)
    second_batch = batch(level_version_create(actor=None, level=level1), semarang)
    PersonFactory.create(nik="3374015203800001", name="Sri Wahyuni")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def submit(target: object, name: str) -> None:
        try:
            barrier.wait()
            applications.application_submit(batch=target, data=form(enterprise_name=name), now=IN_WINDOW)  # type: ignore[arg-type]
            outcomes.append("recorded")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=submit, args=(first_batch, "Usaha Satu")),
        threading.Thread(target=submit, args=(second_batch, "Usaha Dua")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("recorded") == 1, outcomes
    assert next(o for o in outcomes if o != "recorded").startswith(
        "Pemilik usaha ini sudah punya pendaftaran aktif"
    )
    assert Application.objects.count() == 1
