"""The consumer price index table: every staff member reads it; a province admin imports BPS figures."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from naikkelas.accounts.access import is_province_admin, require
from naikkelas.outcomes import access
from naikkelas.outcomes.forms import PriceImportForm
from naikkelas.outcomes.models import PriceIndex
from naikkelas.outcomes.services import prices

MAX_UPLOAD = 2 * 1024 * 1024


@login_required
def price_index(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    access.require_reports(user)
    can_import = is_province_admin(user)
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
    rows = PriceIndex.objects.select_related("province").order_by("province_id", "-month")
    return render(
        request,
        "outcomes/prices.html",
        {"page": Paginator(rows, 36).get_page(request.GET.get("page")), "form": form, "can_import": can_import,
         "problems": problems},
    )  # fmt: skip
