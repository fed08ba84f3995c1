"""The cohort report's downloads: the workbook (one sheet per table of the page, and what the report
covers), one table as a .csv, and the DAK participant list. Each is written from the tables' one spec
(`outcomes.tables`) by `core.tabular`; the PDF is `outcomes.pdf`."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import slugify

from naikkelas.accounts.models import User
from naikkelas.core import access_log
from naikkelas.core.tabular import Table, write_csv, write_tables
from naikkelas.outcomes import cohort, tables
from naikkelas.outcomes.estimates import computing_text
from naikkelas.regions.models import Region
from naikkelas.registry.access import can_see_full_nik
from naikkelas.registry.models import Enterprise, Sector
from naikkelas.registry.nik import mask_nik
from naikkelas.training.models import Graduation

# The workbook's sheets after "Tentang laporan", in this order; "groups" is the .csv's (all in one).
WORKBOOK = ("summary", "sectors", "regencies", "designs", "subgroups", "comparison", "balance", "real")


def about(user: User, context: dict[str, Any]) -> Table:
    estimate = context.get("estimate")
    waiting = [computing_text(estimate)] if estimate is not None and not estimate.fresh else []
    return tables.about_table(
        words=tables.filter_words(user, context["filter"]), summary=context["summary"],
        made_on=timezone.localdate(), author=str(user), method=[*context["method"], *waiting],
    )  # fmt: skip


def workbook(user: User, context: dict[str, Any]) -> bytes:
    """Every table of the page, a sheet each, after a sheet saying what the report covers."""
    shown: dict[str, Table] = context["tables"]
    batches = tables.batches_table(tables.batches_in(user, context["filter"]))
    return write_tables([about(user, context), *(shown[k] for k in WORKBOOK if k in shown), batches])


def table_csv(context: dict[str, Any], key: str) -> tuple[bytes, str] | None:
    """One table of the page as a .csv and its file name (None for a key the page has not)."""
    table = context["tables"].get(key)
    if table is None:
        return None
    return write_csv(table), f"laporan-kohort-{slugify(table.title)}.csv"


def participant_list(request: HttpRequest, members: list[cohort.Member]) -> bytes:
    """The participant list DAK PK2UMK reports ask for; the NIK in full only where the role may see it.
    Every person listed is noted in the access log."""
    user: Any = request.user
    enterprises = {
        e.pk: e
        for e in Enterprise.objects.filter(pk__in=[m.enterprise_id for m in members]).select_related(
            "owner__address_district", "district__parent__parent"
        )
    }
    levels = dict(
        Graduation.objects.filter(enterprise_id__in=list(enterprises)).values_list(
            "enterprise_id", "level__name"
        )
    )
    names = dict(Region.objects.filter(kind=Region.Kind.REGENCY).values_list("code", "name"))
    sectors = {k: str(v) for k, v in Sector.choices}
    rows = []
    for member in sorted(members, key=lambda m: (m.regency_code, m.enterprise_id)):
        enterprise = enterprises[member.enterprise_id]
        owner = enterprise.owner
        after = member.followup or (None, None, None)
        rows.append({
            "owner": owner.name, "nik": owner.nik if can_see_full_nik(user, owner) else mask_nik(owner.nik),
            "enterprise": enterprise.name, "nib": enterprise.nib,
            "regency": names.get(member.regency_code, member.regency_code),
            "sector": sectors.get(member.sector, member.sector), "level": levels.get(member.enterprise_id, ""),
            "omzet_before": member.baseline[0], "aset_before": member.baseline[1],
            "workers_before": member.baseline[2], "omzet_after": after[0], "aset_after": after[1],
            "workers_after": after[2], "followup_month": member.followup_period,
        })  # fmt: skip
    access_log.note(
        request, [e.owner_id for e in enterprises.values()], purpose="export", what="dak_participants"
    )
    return write_tables([tables.participants_table(rows)])
