"""Writes of the consumer price index (IHK) table: BPS figures imported by a province admin."""

import csv
import io
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from naikkelas.accounts.models import User
from naikkelas.core.audit import audit_record
from naikkelas.outcomes import access
from naikkelas.outcomes.models import PriceIndex
from naikkelas.regions.models import Region

# The program era's data start well after 2000; an index (2022 = 100) of 1000 or more is a typing error.
FIRST_MONTH = date(2000, 1, 1)
MAX_VALUE = Decimal(1000)


def price_index_import(*, actor: User, content: bytes, source: str) -> int:
    """Rows `province,month,value` (e.g. `33,2021-06,98.73`) — all written, or none with every problem
    listed by line (one `ValidationError`, a message per problem). An existing month is replaced. A row
    for a province the actor does not write (outcomes.access.price_writable_codes) is refused by name."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError([_("Berkas bukan teks UTF-8 (simpan sebagai CSV UTF-8).")]) from None
    provinces = dict(Region.objects.filter(kind=Region.Kind.PROVINCE).values_list("code", "name"))
    writable = access.price_writable_codes(actor)
    if writable is not None and not writable:
        raise PermissionDenied
    rows: list[tuple[str, date, Decimal]] = []
    problems: list[str] = []
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not row or not "".join(row).strip():
            continue
        if number == 1 and row[0].strip().lower() in ("province", "provinsi", "kode_provinsi"):
            continue
        if len(row) < 3:
            problems.append(_("Baris %(n)s: perlu tiga kolom (provinsi, bulan, nilai).") % {"n": number})
            continue
        code, month_text, value_text = (cell.strip() for cell in row[:3])
        if code not in provinces:
            problems.append(
                _("Baris %(n)s: kode provinsi %(code)s tidak dikenal.") % {"n": number, "code": code}
            )
        elif writable is not None and code not in writable:
            problems.append(
                _("Baris %(n)s: provinsi %(code)s (%(name)s) bukan wilayah Anda; IHK hanya boleh diisi untuk "
                  "provinsi Anda sendiri.") % {"n": number, "code": code, "name": provinces[code]}
            )  # fmt: skip
        try:
            year, month = (int(part) for part in month_text.split("-")[:2])
            month_date = date(year, month, 1)
        except ValueError:
            problems.append(
                _("Baris %(n)s: bulan %(value)s bukan YYYY-MM.") % {"n": number, "value": month_text}
            )
            continue
        if month_date < FIRST_MONTH or month_date > timezone.localdate().replace(day=1):
            problems.append(
                _("Baris %(n)s: bulan %(value)s di luar rentang (2000-01 sampai bulan ini).")
                % {"n": number, "value": month_text}
            )
            continue
        try:
            value = Decimal(value_text.replace(",", "."))
            if not value.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            problems.append(
                _("Baris %(n)s: nilai %(value)s bukan angka.") % {"n": number, "value": value_text}
            )
            continue
        if value <= 0 or value >= MAX_VALUE:
            problems.append(
                _(
                    "Baris %(n)s: nilai IHK %(value)s di luar rentang wajar (lebih dari 0 dan kurang dari 1000)."
                )
                % {"n": number, "value": value_text}
            )
            continue
        rows.append((code, month_date, value.quantize(Decimal("0.01"))))
    if problems:
        raise ValidationError(problems)
    if not rows:
        raise ValidationError([_("Berkas tidak berisi baris IHK.")])
    with transaction.atomic():
        for code, month_date, value in rows:
            index, _created = PriceIndex.objects.update_or_create(
                province_id=code, month=month_date, defaults={"value": value, "source": source[:200]}
            )
        audit_record(
            actor=actor,
            action="update",
            instance=index,
            changes={"imported_rows": len(rows), "source": source},
        )
    return len(rows)


def price_index_delete(*, actor: User, row: PriceIndex) -> None:
    """Removes one IHK row entered wrongly; only in a province the actor writes (403 otherwise)."""
    writable = access.price_writable_codes(actor)
    if writable is not None and row.province_id not in writable:
        raise PermissionDenied
    with transaction.atomic():
        audit_record(actor=actor, action="delete", instance=row,
                     changes={"month": f"{row.month:%Y-%m}", "value": str(row.value)})  # fmt: skip
        row.delete()
