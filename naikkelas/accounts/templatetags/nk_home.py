"""The menu in base.html: the links the signed-in user may follow (accounts.home.menu_for)."""

from typing import Any

from django import template

from naikkelas.accounts.home import MenuLink, menu_for

register = template.Library()


@register.simple_tag(takes_context=True)
def menu_links(context: Any) -> list[MenuLink]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    return menu_for(user)
