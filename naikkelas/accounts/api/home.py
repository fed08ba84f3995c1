"""`GET /api/v1/me/home`: the sections of the signed-in user's home page and their menu, as the page
shows them (accounts.home), for the token's user."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from naikkelas.accounts.home import menu_for, sections_for
from naikkelas.core.schemas import Count

router = Router(tags=["home"])


class HomeFigureOut(Schema):
    label: str
    count: Count
    url: str
    urgent: bool


class HomeEntryOut(Schema):
    text: str
    url: str
    note: str
    urgent: bool
    external: bool


class HomeRowOut(Schema):
    cells: list[str]
    url: str


class HomeSectionOut(Schema):
    key: str
    title: str
    figures: list[HomeFigureOut]
    entries: list[HomeEntryOut]
    see_all: str
    empty: str
    note: str
    columns: list[str]
    rows: list[HomeRowOut]


class HomeMenuLinkOut(Schema):
    text: str
    url: str


class HomeOut(Schema):
    sections: list[HomeSectionOut]
    menu: list[HomeMenuLinkOut]


@router.get("/me/home", response=HomeOut)
def me_home(request: HttpRequest) -> Any:
    """The home of each role the user holds: counts, the next few items and the links of the menu.
    URLs are paths on this site (a WhatsApp link is absolute)."""
    user: Any = request.user
    return {"sections": sections_for(user), "menu": menu_for(user)}
