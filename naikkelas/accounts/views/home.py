"""`/`: the public home for visitors; for a signed-in user, the home of each role they hold."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from naikkelas.accounts.home import sections_for


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "home.html")
    return render(request, "home.html", {"sections": sections_for(request.user)})  # type: ignore[arg-type]
