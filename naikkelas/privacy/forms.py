from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from naikkelas.notify.forms import ChannelConsentMixin
from naikkelas.notify.services.consent import ChannelChoice


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(label=_("Saya mengerti dan ingin melanjutkan."), required=True)


class RefuseForm(forms.Form):
    note = forms.CharField(
        label=_("Alasan penolakan"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class AccessLogFilterForm(forms.Form):
    username = forms.CharField(label=_("Nama pengguna"), max_length=150, required=False)
    since = forms.DateField(
        label=_("Dari tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Sampai tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ChannelChoicesForm(ChannelConsentMixin, forms.Form):
    """Her own choice of the channels we may message her on, her current answer ticked."""

    def __init__(self, *args: Any, channels: list[ChannelChoice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_channel_boxes(
            initial={c.channel: c.opted_in for c in channels},
            offered=[c.channel for c in channels if c.address],
        )
