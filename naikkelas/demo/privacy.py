"""The demo's personal-data side: requests waiting for the admins (one overdue), a graduate who withdrew
consent in 2022, and the access log of the admins' recent full views — so /data-pribadi/permintaan/ and
`naikkelas breach_report` have something to show."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from naikkelas.accounts.models import User
from naikkelas.core.models import AccessLog
from naikkelas.privacy import services
from naikkelas.privacy.models import DataRequest
from naikkelas.registry.models import Person
from naikkelas.selection.models import Application

JAKARTA = ZoneInfo("Asia/Jakarta")


def _rejected(regency_code: str, skip: int = 0) -> Person | None:
    application = (
        Application.objects.filter(regency_code=regency_code, status=Application.Status.REJECTED)
        .select_related("person")
        .order_by("pk")[skip : skip + 1]
        .first()
    )
    return application.person if application else None


def privacy_demo_load() -> dict[str, int]:
    if DataRequest.objects.exists():
        return {"requests": 0}
    now = timezone.now()
    created = 0
    semarang = _rejected("33.74")
    if semarang is not None:  # asked yesterday: due in two days
        services.request_open(person=semarang, kind=DataRequest.Kind.DELETION, now=now - timedelta(days=1))
        created += 1
    kudus = _rejected("33.19")
    if kudus is not None:  # asked four days ago: overdue
        services.request_open(person=kudus, kind=DataRequest.Kind.DELETION, now=now - timedelta(days=4))
        created += 1
    graduate = (
        Person.objects.filter(enterprises__graduations__isnull=False, regency_code="33.22")
        .order_by("pk")
        .first()
    )
    if graduate is not None:
        services.consent_withdraw(
            person=graduate, actor=None, now=datetime(2022, 9, 5, 10, 0, tzinfo=JAKARTA)
        )
        created += 1
    admin = User.objects.filter(username="semarang").first()
    viewed = list(
        Person.objects.filter(regency_code="33.74").order_by("pk").values_list("pk", flat=True)[:12]
    )
    if admin is not None and viewed:
        AccessLog.objects.bulk_create(
            AccessLog(
                at=now - timedelta(hours=20 - index), user=admin, username=admin.username, address="10.33.74.20",
                method="GET", path=f"/registri/pemilik/{pk}/", purpose=AccessLog.Purpose.VIEW,
                what="person_detail", person_ids=[pk], person_count=1,
            )
            for index, pk in enumerate(viewed)
        )  # fmt: skip
        AccessLog.objects.create(
            at=now - timedelta(hours=2), user=admin, username=admin.username, address="10.33.74.20", method="GET",
            path="/registri/ekspor.xlsx", purpose=AccessLog.Purpose.EXPORT, what="registry_xlsx",
            person_ids=viewed, person_count=len(viewed),
        )  # fmt: skip
    return {"requests": created}
