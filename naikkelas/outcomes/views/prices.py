"""The consumer price index table: staff read their own provinces' rows; a province admin imports BPS
figures for their province and deletes a wrong row (outcomes.access.price_*)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from naikkelas.accounts.access import require
from naikkelas.core.formats import month_year
from naikkelas.outcomes import access
from naikkelas.outcomes.forms import PriceImportForm
from naikkelas.outcomes.services import prices

MAX_UPLOAD = 2 * 1024 * 1024


@login_required
def price_index(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    rows = access.price_index_for_user(user).order_by("province_id", "-month")
    can_import = access.can_write_prices(user)
    writable = access.price_writable_codes(user)
    form = PriceImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST":
        require(can_import)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > MAX_UPLOAD:
                problems = [_("Berkas terlalu besar (paling besar 2 MB).")]
            else:
                try:
                    count = prices.price_index_import(
                        actor=user, content=upload.read(), source=form.cleaned_data["source"]
                    )
                except ValidationError as error:
                    problems = error.messages
                else:
                    messages.success(request, _("%(n)s baris IHK tersimpan.") % {"n": count})
                    return redirect("outcomes:prices")
    return render(
        request,
        "outcomes/prices.html",
        {"page": Paginator(rows, 36).get_page(request.GET.get("page")), "form": form, "can_import": can_import,
         "problems": problems, "sample_code": access.price_sample_code(user),
         "writable": writable or (), "write_all": writable is None},
    )  # fmt: skip


@login_required
def price_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    access.require_reports(user)
    row = access.get_price_row_for_user(user, pk)
    if request.method == "POST":
        prices.price_index_delete(actor=user, row=row)
        messages.success(request, _("IHK %(name)s dihapus.") % {"name": _price_name(row)})
        return redirect("outcomes:prices")
    return render(
        request,
        "registry/confirm_delete.html",
        {"object": _price_name(row), "cancel_url": reverse("outcomes:prices")},
    )


def _price_name(row: Any) -> str:
    """The row as a person names it: Jawa Timur, Juni 2022 (June 2022 in English)."""
    return f"{row.province.name}, {month_year(row.month)}"
