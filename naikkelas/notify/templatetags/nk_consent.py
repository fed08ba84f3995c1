"""A person's choices of channel on the pages that show a person (the registry's owner page, her own data
page): `{% load nk_consent %}{% channel_choices person as choices %}`."""

from django import template

from naikkelas.notify.services.consent import ChannelChoice, Reachable, person_choices

register = template.Library()


@register.simple_tag
def channel_choices(person: Reachable) -> list[ChannelChoice]:
    return person_choices(person)
